import Foundation

/// Scrubs a case's secrets from what is reported about it: the values substituted for `${NAME}` and
/// the request's header values. Messages are built from what came back, but an upstream may echo
/// a request, so every message goes through this before it leaves the runner.
struct Redaction {
    /// Values this short are too common to scrub without mangling messages (`1`, `no`); they are
    /// not the kind of value that is a secret either.
    static let minimumLength = 4
    static let mask = "•••"

    private let secrets: [String]

    init(_ values: some Sequence<String>) {
        // Longest first, so a secret that contains another is masked whole.
        secrets = Set(values.filter { $0.count >= Self.minimumLength }).sorted { $0.count > $1.count }
    }

    func apply(_ message: String) -> String {
        var message = message
        for secret in secrets where message.contains(secret) {
            message = message.replacingOccurrences(of: secret, with: Self.mask)
        }
        return message
    }
}
