/// Replaces the values of secrets in any text the run shows or stores: step output, messages,
/// events, reports. The interpreter never prints a secret on purpose; this catches a script or an
/// upstream that echoes one.
public struct Redactor: Sendable {
    public static let mask = "[redacted]"
    /// Longest first, so a secret that contains another is replaced whole.
    private let values: [String]

    /// Values shorter than 4 characters are ignored: masking them would garble ordinary text and
    /// they are too short to be a credential.
    public init(secrets: some Sequence<String>) {
        values = Set(secrets.filter { $0.count >= 4 }).sorted { $0.count > $1.count }
    }

    public var isEmpty: Bool { values.isEmpty }

    public func redact(_ text: String) -> String {
        guard !values.isEmpty else { return text }
        var result = text
        for value in values where result.contains(value) {
            result = result.replacingOccurrences(of: value, with: Redactor.mask)
        }
        return result
    }

    public func redact(optional text: String?) -> String? {
        text.map(redact)
    }
}
