import Foundation

/// A JSON value as written, so `true` and `1` stay apart (JSONSerialization turns both into
/// NSNumber on Linux, and a flag given as `1` should be refused rather than read as on).
enum ReplJSON: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ReplJSON])
    case object([String: ReplJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ReplJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ReplJSON].self))
        }
    }

    /// Parses `text`, or says in one line why it is not JSON.
    static func parse(_ text: String) -> Result<ReplJSON, SimulatedRequest.Invalid> {
        do {
            return .success(try JSONDecoder().decode(ReplJSON.self, from: Data(text.utf8)))
        } catch {
            // JSONDecoder says only "not valid JSON"; JSONSerialization says where.
            var reason = "it is not valid JSON"
            do {
                _ = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            } catch {
                if let detail = (error as NSError).userInfo["NSDebugDescription"] as? String {
                    reason += " (\(detail.hasSuffix(".") ? String(detail.dropLast()) : detail))"
                }
            }
            return .failure(.init(message: "cannot read the request: \(reason)"))
        }
    }

    /// How the value's kind is named in messages.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
