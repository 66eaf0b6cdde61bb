import Foundation

/// The gateway a suite runs against: an `http://` or `https://` base URL that case paths are
/// appended to (`http://127.0.0.1:8080` + `/v1/chat/completions`). Checked up front, so a typo
/// is one clear error instead of every case failing.
public struct ContractTarget: Sendable, Hashable, CustomStringConvertible {
    /// The URL without a trailing `/`.
    public let baseURL: String

    public init(baseURL: String) throws(ContractTargetError) {
        var base = baseURL.trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased() else {
            throw ContractTargetError(
                baseURL: baseURL, reason: "it is not a URL; write one such as http://127.0.0.1:8080")
        }
        guard scheme == "http" || scheme == "https" else {
            throw ContractTargetError(baseURL: baseURL, reason: "the scheme must be http or https, not \(scheme)")
        }
        guard let host = url.host, !host.isEmpty else {
            throw ContractTargetError(
                baseURL: baseURL, reason: "it names no host; write one such as http://127.0.0.1:8080")
        }
        guard url.user == nil, url.password == nil else {
            // The URL is printed in every report; credentials belong in a header read from ${NAME}.
            throw ContractTargetError(
                baseURL: "\(scheme)://…@\(host)",
                reason: "it holds credentials; send them as a request header with ${NAME} instead")
        }
        guard url.query == nil, url.fragment == nil else {
            throw ContractTargetError(
                baseURL: baseURL, reason: "a base URL has no ?query or #fragment; case paths are added to it")
        }
        if let port = url.port, !(1...65535).contains(port) {
            throw ContractTargetError(baseURL: baseURL, reason: "port \(port) is out of range")
        }
        self.baseURL = base
    }

    public var description: String { baseURL }
}

/// A base URL that cannot be a gateway's, with the reason.
public struct ContractTargetError: Error, Sendable, Hashable, CustomStringConvertible {
    public var baseURL: String
    public var reason: String

    public var description: String { "'\(baseURL)' is not a usable gateway URL: \(reason)" }
}
