import GWPlan
import GWProxy
import GWSyntax

/// A request described as JSON for `:route`: what the gateway would read from a real one.
///
/// `{"method": "POST", "path": "/v1/chat/completions", "model": "gpt-4o", "headers": {"x-tier": "free"},
/// "team": "beta", "key_id": "ci", "tokens": 1200, "flags": {"new_router": true}}`. Only `path` is
/// required; `method` defaults to POST (every AI API call is one).
struct SimulatedRequest: Sendable, Equatable {
    var method: String
    var path: String
    /// `model` of the JSON body; `nil` when the request has no body or no `model`.
    var model: String?
    /// Lowercased names, as the gateway stores them (header lookups are case-insensitive).
    var headers: [String: String]
    /// The team of the caller's API key (`key.team`); `nil` for an anonymous caller.
    var team: String?
    /// The id of the caller's API key (`key.id`).
    var keyId: String?
    /// Estimated prompt tokens (`body_tokens`); the gateway estimates body bytes / 4.
    var bodyTokens: Double
    /// Flags forced on or off for this request, overriding `enable for` and the rollout share.
    var flags: [String: Bool]

    static let fields = ["method", "path", "model", "headers", "team", "key_id", "tokens", "flags"]

    /// The request as the gateway's predicate evaluator reads it, with `flagIsOn` deciding flags.
    func facts(flagIsOn: @escaping (String) -> Bool) -> RequestFacts {
        RequestFacts(
            method: method, path: path, headers: headers, model: model, keyTeam: team, keyId: keyId,
            bodyTokens: bodyTokens, flagIsOn: flagIsOn)
    }

    /// Why a JSON text does not describe a request, in one line.
    struct Invalid: Error, Equatable {
        var message: String
    }

    /// Parses the JSON object; every mistake is one line naming the field.
    static func parse(_ text: String) -> Result<SimulatedRequest, Invalid> {
        guard !text.allSatisfy(\.isWhitespace) else {
            return .failure(
                Invalid(
                    message:
                        "describe the request as JSON, e.g. "
                            + #":route {"path": "/v1/chat/completions", "model": "gpt-4o"}"#
                ))
        }
        let json: ReplJSON
        switch ReplJSON.parse(text) {
        case .success(let parsed): json = parsed
        case .failure(let invalid): return .failure(invalid)
        }
        guard case .object(let object) = json else {
            return .failure(
                Invalid(
                    message:
                        "the request must be a JSON object such as {\"path\": \"/v1/embeddings\"}, "
                            + "found \(json.kindName)"
                ))
        }
        do {
            return .success(try SimulatedRequest(object))
        } catch {
            return .failure(error)
        }
    }

    private init(_ object: [String: ReplJSON]) throws(Invalid) {
        for name in object.keys.sorted() where !Self.fields.contains(name) {
            let guess =
                Suggestion.nearest(to: name, among: Self.fields).map { "; did you mean '\($0)'?" }
                ?? " (fields: \(Self.fields.joined(separator: ", ")))"
            throw Invalid(message: "unknown field '\(name)' in the request\(guess)")
        }
        guard let path = try Self.string(object, "path") else {
            throw Invalid(message: "the request needs a \"path\", such as \"/v1/chat/completions\"")
        }
        guard path.hasPrefix("/") else { throw Invalid(message: "\"path\" must start with '/', found \"\(path)\"") }
        self.path = path
        method = try Self.string(object, "method")?.uppercased() ?? "POST"
        model = try Self.string(object, "model")
        team = try Self.string(object, "team")
        keyId = try Self.string(object, "key_id")
        headers = [:]
        for (name, value) in try Self.object(object, "headers") {
            guard case .string(let text) = value else {
                throw Invalid(message: "header '\(name)' must be a string, found \(value.kindName)")
            }
            headers[name.lowercased()] = text
        }
        flags = [:]
        for (name, value) in try Self.object(object, "flags") {
            guard case .bool(let on) = value else {
                throw Invalid(message: "flag '\(name)' must be true or false, found \(value.kindName)")
            }
            flags[name] = on
        }
        switch object["tokens"] ?? .null {
        case .null: bodyTokens = 0
        case .number(let count) where count >= 0 && count.isFinite: bodyTokens = count
        case .number(let count):
            throw Invalid(message: "\"tokens\" must be a number of at least 0, found \(PlanText.trim(count))")
        case let other: throw Invalid(message: "\"tokens\" must be a number of at least 0, found \(other.kindName)")
        }
    }

    private static func string(_ object: [String: ReplJSON], _ name: String) throws(Invalid) -> String? {
        switch object[name] ?? .null {
        case .null: return nil
        case .string(let text): return text
        case let other: throw Invalid(message: "\"\(name)\" must be a string, found \(other.kindName)")
        }
    }

    private static func object(_ object: [String: ReplJSON], _ name: String) throws(Invalid) -> [String: ReplJSON] {
        switch object[name] ?? .null {
        case .null: return [:]
        case .object(let inner): return inner
        case let other:
            throw Invalid(
                message: "\"\(name)\" must be an object such as {\"x-tier\": \"free\"}, found \(other.kindName)")
        }
    }
}
