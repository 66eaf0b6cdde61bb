/// A compiled gate or abort condition over windowed metrics, evaluated by the interpreter.
public indirect enum GateExpression: Codable, Sendable, Hashable {
    /// A metric read from one side: `canary` (default) or `stable`. `provider` for `upstream_errors(p)`.
    case metric(name: String, side: String, provider: String?)
    /// A constant in the metric's base unit: percent, milliseconds, per second, count, dollars.
    case constant(Double)
    case boolean(Bool)
    /// `+ - * /`
    case arithmetic(String, GateExpression, GateExpression)
    /// `< <= > >= == !=`
    case compare(String, GateExpression, GateExpression)
    case and(GateExpression, GateExpression)
    case or(GateExpression, GateExpression)
    case not(GateExpression)

    private enum CodingKeys: String, CodingKey {
        case op, metric, side, provider, value, lhs, rhs, args
    }

    /// Encoded as `{"op": "metric", "metric": "error_rate", "side": "canary"}`,
    /// `{"op": "<", "lhs": ..., "rhs": ...}`, `{"op": "constant", "value": 1}`, ...
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .metric(let name, let side, let provider):
            try container.encode("metric", forKey: .op)
            try container.encode(name, forKey: .metric)
            try container.encode(side, forKey: .side)
            try container.encodeIfPresent(provider, forKey: .provider)
        case .constant(let value):
            try container.encode("constant", forKey: .op)
            try container.encode(value, forKey: .value)
        case .boolean(let value):
            try container.encode("boolean", forKey: .op)
            try container.encode(value, forKey: .value)
        case .arithmetic(let op, let lhs, let rhs), .compare(let op, let lhs, let rhs):
            try container.encode(op, forKey: .op)
            try container.encode(lhs, forKey: .lhs)
            try container.encode(rhs, forKey: .rhs)
        case .and(let a, let b):
            try container.encode("and", forKey: .op)
            try container.encode([a, b], forKey: .args)
        case .or(let a, let b):
            try container.encode("or", forKey: .op)
            try container.encode([a, b], forKey: .args)
        case .not(let inner):
            try container.encode("not", forKey: .op)
            try container.encode([inner], forKey: .args)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let op = try container.decode(String.self, forKey: .op)
        switch op {
        case "metric":
            self = .metric(
                name: try container.decode(String.self, forKey: .metric), side: try container.decode(String.self, forKey: .side),
                provider: try container.decodeIfPresent(String.self, forKey: .provider))
        case "constant": self = .constant(try container.decode(Double.self, forKey: .value))
        case "boolean": self = .boolean(try container.decode(Bool.self, forKey: .value))
        case "+", "-", "*", "/":
            self = .arithmetic(op, try container.decode(GateExpression.self, forKey: .lhs), try container.decode(GateExpression.self, forKey: .rhs))
        case "<", "<=", ">", ">=", "==", "!=":
            self = .compare(op, try container.decode(GateExpression.self, forKey: .lhs), try container.decode(GateExpression.self, forKey: .rhs))
        case "and", "or", "not":
            let args = try container.decode([GateExpression].self, forKey: .args)
            guard args.count == (op == "not" ? 1 : 2) else {
                throw DecodingError.dataCorruptedError(forKey: .args, in: container, debugDescription: "wrong number of arguments to '\(op)'")
            }
            self = op == "and" ? .and(args[0], args[1]) : op == "or" ? .or(args[0], args[1]) : .not(args[0])
        default:
            throw DecodingError.dataCorruptedError(forKey: .op, in: container, debugDescription: "unknown gate operator '\(op)'")
        }
    }
}
