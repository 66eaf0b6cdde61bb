/// Every rule of the scan, in id order. Ids are stable: a retired rule keeps its id unused.
extension ScanRule {
    public static let providerKeyInSource = ScanRule(
        id: "GW-S001", name: "provider-key-in-source",
        shortDescription: "A provider API key is written in the source",
        fullDescription: """
            Text in a .gwpipe file looks like a provider API key (sk-..., sk-ant-..., sk-proj-..., AKIA..., AIza..., \
            ghp_..., xoxb-..., hf_..., gsk_...). A key in the file is in every clone and in the history for good.
            """,
        defaultSeverity: .error,
        help:
            "declare `secret NAME = env(\"VAR\")`, use NAME where the key goes, "
            + "and rotate the key: it was written in clear"
    )

    public static let routeWithoutAuth = ScanRule(
        id: "GW-S002", name: "route-without-auth",
        shortDescription: "A route has no auth",
        fullDescription: """
            The route names no keys block with `auth`, so anyone who can reach the gateway can call it and spend \
            the providers' quota on the gateway's keys.
            """,
        defaultSeverity: .warning,
        help: "add `auth KEYS` naming a keys block, such as `keys teams { file = \"keys/teams.yaml\" }`")

    public static let publicRouteWithoutLimit = ScanRule(
        id: "GW-S003", name: "public-route-without-limit",
        shortDescription: "A public route has no rate limit",
        fullDescription: """
            The route has neither `auth` nor `limit`: anyone who reaches the gateway can call it as often as they \
            like, and every call is paid for with the providers' keys.
            """,
        defaultSeverity: .error,
        help: "add `auth KEYS`, or at least a limit such as `limit 60 requests / 1m by ip`")

    public static let plaintextUpstream = ScanRule(
        id: "GW-S004", name: "plaintext-upstream",
        shortDescription: "A provider is called over plain http:// beyond loopback",
        fullDescription: """
            The provider's url uses http:// to a host that is not loopback (127.0.0.0/8, ::1, localhost): prompts, \
            answers and the provider key cross the network unencrypted.
            """,
        defaultSeverity: .error,
        help: "use an https:// URL; plain http:// is only for upstreams on this machine (127.0.0.1, ::1, localhost)")

    public static let unboundedTimeout = ScanRule(
        id: "GW-S005", name: "route-without-timeout",
        shortDescription: "A route and its providers set no timeout",
        fullDescription: """
            The route has no `timeout` and some of its providers set no `timeout` either, so each attempt waits the \
            60s default: a hanging upstream holds callers and connections for a minute per attempt.
            """,
        defaultSeverity: .warning,
        help: "add `timeout 30s` to the route (the whole request's deadline), or `timeout = 30s` to each provider")

    public static let unboundedRetry = ScanRule(
        id: "GW-S006", name: "unbounded-retry",
        shortDescription: "A route retries too often or without backoff",
        fullDescription: """
            The route retries more than 10 times, or with a backoff of 0ms: each failure is multiplied into a burst \
            of requests on an upstream that is already failing.
            """,
        defaultSeverity: .error,
        help: "retry a few times with backoff, then fall back: `retry 2 on 429, 5xx backoff 100ms..2s`")

    public static let adminWithoutToken = ScanRule(
        id: "GW-S007", name: "admin-without-token",
        shortDescription: "An admin API is reachable beyond loopback without a token",
        fullDescription: """
            The environment drives admin APIs beyond loopback, or serves beyond loopback with remote admin \
            instances, and sets no admin_token: whoever reaches them can upload revisions, move traffic and roll back.
            """,
        defaultSeverity: .error,
        help: "add `admin_token = secret_env(\"GWPIPE_ADMIN_TOKEN\")` to the environment")

    public static let worldReadableSecretFile = ScanRule(
        id: "GW-S008", name: "world-readable-secret-file",
        shortDescription: "A values or keys file holding a key is readable by every user",
        fullDescription: """
            A values file (an environment's `values`) or a keys file (a keys block's `file`) is readable by every \
            user of the machine (mode o+r) and holds text that looks like an API key.
            """,
        defaultSeverity: .warning,
        help: "`chmod 600` the file, move the key into the environment with `secret NAME = env(\"VAR\")`, and rotate it"
    )

    /// All rules, in id order: SARIF's rule indexes are positions in this list.
    public static let catalogue: [ScanRule] = [
        providerKeyInSource, routeWithoutAuth, publicRouteWithoutLimit, plaintextUpstream, unboundedTimeout,
        unboundedRetry, adminWithoutToken, worldReadableSecretFile,
    ]
}
