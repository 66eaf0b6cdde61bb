/// A compiled `when` condition: a small tree the gateway evaluates per request, with no name
/// lookups left (every let and param is already folded into constants).
public indirect enum Predicate: Codable, Sendable, Hashable {
    case constant(Bool)
    case and(Predicate, Predicate)
    case or(Predicate, Predicate)
    case not(Predicate)
    /// `==`, `!=`, `<`, `<=`, `>`, `>=`
    case compare(String, Operand, Operand)
    case contains(Operand, [String])
    case matches(Operand, String)
    case flag(String)

    private enum CodingKeys: String, CodingKey {
        case op, value, args, compare, lhs, rhs, operand, values, pattern, flag
    }

    /// Encoded as `{"op": "and", "args": [...]}`, `{"op": "compare", "compare": "==", "lhs": ..., "rhs": ...}`, ...
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .constant(let value):
            try container.encode("constant", forKey: .op)
            try container.encode(value, forKey: .value)
        case .and(let a, let b):
            try container.encode("and", forKey: .op)
            try container.encode([a, b], forKey: .args)
        case .or(let a, let b):
            try container.encode("or", forKey: .op)
            try container.encode([a, b], forKey: .args)
        case .not(let inner):
            try container.encode("not", forKey: .op)
            try container.encode([inner], forKey: .args)
        case .compare(let op, let lhs, let rhs):
            try container.encode("compare", forKey: .op)
            try container.encode(op, forKey: .compare)
            try container.encode(lhs, forKey: .lhs)
            try container.encode(rhs, forKey: .rhs)
        case .contains(let operand, let values):
            try container.encode("in", forKey: .op)
            try container.encode(operand, forKey: .operand)
            try container.encode(values, forKey: .values)
        case .matches(let operand, let pattern):
            try container.encode("matches", forKey: .op)
            try container.encode(operand, forKey: .operand)
            try container.encode(pattern, forKey: .pattern)
        case .flag(let name):
            try container.encode("flag", forKey: .op)
            try container.encode(name, forKey: .flag)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let op = try container.decode(String.self, forKey: .op)
        func arguments(_ count: Int) throws -> [Predicate] {
            let args = try container.decode([Predicate].self, forKey: .args)
            guard args.count == count else {
                throw DecodingError.dataCorruptedError(forKey: .args, in: container, debugDescription: "'\(op)' takes \(count) arguments")
            }
            return args
        }
        switch op {
        case "constant": self = .constant(try container.decode(Bool.self, forKey: .value))
        case "and":
            let args = try arguments(2)
            self = .and(args[0], args[1])
        case "or":
            let args = try arguments(2)
            self = .or(args[0], args[1])
        case "not": self = .not(try arguments(1)[0])
        case "compare":
            self = .compare(
                try container.decode(String.self, forKey: .compare), try container.decode(Operand.self, forKey: .lhs),
                try container.decode(Operand.self, forKey: .rhs))
        case "in": self = .contains(try container.decode(Operand.self, forKey: .operand), try container.decode([String].self, forKey: .values))
        case "matches":
            self = .matches(try container.decode(Operand.self, forKey: .operand), try container.decode(String.self, forKey: .pattern))
        case "flag": self = .flag(try container.decode(String.self, forKey: .flag))
        default:
            throw DecodingError.dataCorruptedError(forKey: .op, in: container, debugDescription: "unknown predicate '\(op)'")
        }
    }

    /// Whether the predicate needs `model` from the JSON body.
    public var readsModel: Bool {
        switch self {
        case .constant, .flag: false
        case .and(let a, let b), .or(let a, let b): a.readsModel || b.readsModel
        case .not(let inner): inner.readsModel
        case .compare(_, let a, let b): a.readsModel || b.readsModel
        case .contains(let operand, _), .matches(let operand, _): operand.readsModel
        }
    }

    /// Whether the predicate needs the body at all (`model` or `body_tokens`).
    public var readsBody: Bool {
        switch self {
        case .constant, .flag: false
        case .and(let a, let b), .or(let a, let b): a.readsBody || b.readsBody
        case .not(let inner): inner.readsBody
        case .compare(_, let a, let b): a.readsBody || b.readsBody
        case .contains(let operand, _), .matches(let operand, _): operand.readsBody
        }
    }
}
