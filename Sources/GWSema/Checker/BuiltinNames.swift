/// The names the language defines in each context.
public enum BuiltinNames {
    /// Request properties usable in `when` rules, with their types.
    public static let requestProperties: [String: GWType] = [
        "model": .string, "path": .string, "method": .string, "body_tokens": .count,
    ]
    /// `requestProperties` as a list: every name in a `when` rule is first looked up here, and
    /// comparing four short strings costs a fraction of hashing the name.
    static let requestPropertyList: [(name: String, type: GWType)] = requestProperties.map { ($0.key, $0.value) }

    /// The type of the request property `name`, or nil.
    static func requestProperty(_ name: String) -> GWType? {
        requestPropertyList.first { $0.name == name }?.type
    }

    /// Request functions: `header("x-tier")`, `flag(new_router)`.
    public static let requestFunctions = ["header", "flag"]
    /// Properties of `key.`: the caller's API key as the keys file describes it.
    public static let keyProperties: [String: GWType] = ["team": .string, "id": .string]

    /// Metrics usable in gates and abort conditions, with their types.
    public static let metrics: [String: GWType] = [
        "error_rate": .percent,
        "p50_latency": .duration, "p95_latency": .duration, "p99_latency": .duration,
        "ttft_p50": .duration, "ttft_p95": .duration, "ttft_p99": .duration,
        "rps": .rate, "requests": .count, "tokens": .count, "cost": .money,
    ]
    /// Metric functions: `upstream_errors(openai)`.
    public static let metricFunctions = ["upstream_errors"]
    /// Qualifiers of a metric: which side of a canary it is read from.
    public static let metricQualifiers = ["canary", "stable"]

    /// Functions usable in constants: they name where a secret comes from.
    public static let secretFunctions = ["env", "secret_env"]

    /// Conditions for `retry ... on` and `fallback ... on` besides status codes and classes.
    public static let conditionWords = ["timeout", "connect_error", "reset", "rate_limited", "overloaded"]

    /// Pipeline variables usable in `approve when`.
    public static let pipelineVariables: [String: GWType] = ["branch": .string, "commit": .string, "author": .string]
}
