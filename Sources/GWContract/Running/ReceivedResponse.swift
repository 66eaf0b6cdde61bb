import Foundation

/// What a gateway answered to one case, read whole: status, headers and body, and how long it took
/// from sending the request to its last body byte.
struct ReceivedResponse: Sendable {
    var status: Int
    /// Header names lowercased, values as received, in order.
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var elapsedMs: Double

    /// The first value of a header, by case-insensitive name.
    func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name == lowered }?.value
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body cut to about `limit` characters on one line, for messages.
    func clippedBody(limit: Int = 200) -> String {
        let text = bodyText.replacingOccurrences(of: "\n", with: "\\n")
        if text.isEmpty { return "an empty body" }
        return text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }

    /// The message of an error answer in the OpenAI or Anthropic shape (`{"error": {"message": ...}}`).
    var errorMessage: String? {
        guard let json = JSONValue.parse(body), case .string(let message)? = json["error"]?["message"] else {
            return nil
        }
        return message.count <= 200 ? message : String(message.prefix(200)) + "…"
    }
}
