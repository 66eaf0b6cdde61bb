import GWPlan

/// Provider rules: plain `http://` beyond loopback (GW-S004).
extension SecurityScanner {
    static func providers(_ revision: GatewayRevision, _ locator: SourceLocator) -> [Finding] {
        var findings: [Finding] = []
        for (name, provider) in revision.providers.sorted(by: { $0.key < $1.key }) {
            guard let url = provider.url, let (scheme, host) = LoopbackHost.schemeAndHost(url), scheme == "http",
                !LoopbackHost.isLoopback(host)
            else { continue }
            // Only scheme and host: a URL's user, password or query may hold a secret.
            let what = provider.key == nil ? "its requests" : "its requests and its key"
            findings.append(
                Finding(
                    .plaintextUpstream, "provider \(name) sends \(what) to http://\(host) in plain text",
                    at: locator.location(ofAttribute: "url", in: locator.symbol(name, .provider)),
                    help:
                        "write \"https://\(host)...\"; plain http:// is only for upstreams on this machine "
                        + "(127.0.0.1, ::1, localhost)"
                ))
        }
        return findings
    }
}
