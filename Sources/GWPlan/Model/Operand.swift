/// A value a route predicate reads: a request property or a constant.
public enum Operand: Codable, Sendable, Hashable {
    case model
    case path
    case method
    case header(String)
    case keyTeam
    case keyId
    case bodyTokens
    case string(String)
    case number(Double)
    case strings([String])

    private enum CodingKeys: String, CodingKey {
        case kind, name, value, values
    }

    /// Encoded as `{"kind": "header", "name": "x-tier"}`, `{"kind": "string", "value": "free"}`, ...
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .model: try container.encode("model", forKey: .kind)
        case .path: try container.encode("path", forKey: .kind)
        case .method: try container.encode("method", forKey: .kind)
        case .keyTeam: try container.encode("key.team", forKey: .kind)
        case .keyId: try container.encode("key.id", forKey: .kind)
        case .bodyTokens: try container.encode("body_tokens", forKey: .kind)
        case .header(let name):
            try container.encode("header", forKey: .kind)
            try container.encode(name, forKey: .name)
        case .string(let value):
            try container.encode("string", forKey: .kind)
            try container.encode(value, forKey: .value)
        case .number(let value):
            try container.encode("number", forKey: .kind)
            try container.encode(value, forKey: .value)
        case .strings(let values):
            try container.encode("strings", forKey: .kind)
            try container.encode(values, forKey: .values)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "model": self = .model
        case "path": self = .path
        case "method": self = .method
        case "key.team": self = .keyTeam
        case "key.id": self = .keyId
        case "body_tokens": self = .bodyTokens
        case "header": self = .header(try container.decode(String.self, forKey: .name))
        case "string": self = .string(try container.decode(String.self, forKey: .value))
        case "number": self = .number(try container.decode(Double.self, forKey: .value))
        case "strings": self = .strings(try container.decode([String].self, forKey: .values))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown operand kind '\(kind)'")
        }
    }

    /// Whether evaluating the operand needs the request body's `model`.
    public var readsModel: Bool { self == .model }
    public var readsBody: Bool { self == .model || self == .bodyTokens }
}
