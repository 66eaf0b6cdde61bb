/// A JSON value as a suite writes it (request bodies, expected subsets) or as a gateway answered.
///
/// Objects keep their keys in order, so a request goes out with the keys as the suite wrote them.
/// Integers and other numbers are kept apart so `max_tokens: 5` is sent as `5`, not `5.0`; they
/// compare equal across the two cases (`1` matches `1.0`), as JSON means.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([Member])

    /// One key and its value in an object.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue

        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value of `key` when this is an object that has it.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The numeric value of an integer or a number.
    var numericValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// What kind of value this is, for messages ("expected an object, got an array").
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
