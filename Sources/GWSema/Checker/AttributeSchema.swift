/// The attributes each block accepts, with their types and which are required. A misspelled
/// attribute is an error with a suggestion, never silently ignored.
struct AttributeSchema: Sendable {
    var attributes: [String: AttributeType]
    var required: [String]

    static let providerKinds = ["openai", "anthropic", "openai_compatible", "mock"]

    private static let latency: AttributeType = .oneOf([.type(.duration), .type(.range(.duration))])
    private static let errorShare: AttributeType = .oneOf([.type(.percent), .type(.timeline(.percent))])

    static let provider = AttributeSchema(
        attributes: [
            "kind": .words(providerKinds),
            "url": .type(.string),
            "key": .type(.secret),
            "timeout": .type(.duration),
            "connect_timeout": .type(.duration),
            "max_connections": .type(.int),
            "ca_file": .type(.string),
            "latency": latency,
            "ttft": latency,
            "errors": errorShare,
            "error_status": .type(.int),
            "hang": errorShare,
            "stream": .type(.bool),
            "tokens": .oneOf([.type(.count), .type(.range(.count))]),
            "cost_per_1k_tokens": .type(.money),
        ],
        required: ["kind"])

    static let keys = AttributeSchema(attributes: ["file": .type(.string)], required: ["file"])

    static let flag = AttributeSchema(
        attributes: ["default": .type(.bool), "rollout": .type(.percent), "description": .type(.string)], required: [])

    static let route = AttributeSchema(
        attributes: ["description": .type(.string), "max_body": .type(.bytes)], required: [])

    static let environment = AttributeSchema(
        attributes: [
            "listen": .type(.string),
            "admin": .oneOf([.words(["embedded"]), .type(.string), .type(.list(.string))]),
            "admin_token": .type(.secret),
            "values": .type(.string),
            "limits_store": .type(.string),
            "max_body": .type(.bytes),
            "state_dir": .type(.string),
        ],
        required: [])

    static let mock = AttributeSchema(
        attributes: [
            "for": .type(.entity(.provider)),
            "errors": errorShare,
            "error_status": .type(.int),
            "latency": latency,
            "hang": errorShare,
        ],
        required: ["for"])

    static let strategy = AttributeSchema(
        attributes: [
            "traffic": .type(.synthetic),
            "min_requests": .type(.count),
            "failure_limit": .type(.int),
        ],
        required: [])
}
