/// An environment's `limits_store`: `redis://HOST[:PORT][/DB]`, the Redis that instances of one
/// environment keep their shared token buckets in. `check` rejects anything else, and `serve`
/// connects to what this parses.
public struct RedisURL: Sendable, Hashable, CustomStringConvertible {
    /// Why a text is not a usable `limits_store`, with the fix to suggest.
    public enum Problem: Error, Sendable, Hashable {
        /// Another scheme (`rediss://`, `http://`) or none.
        case scheme
        /// `user:password@`: a password would be written in the plan and sent in clear.
        case credentials
        case host
        case port
        case database

        /// What to write instead, for the diagnostic's hint.
        public var hint: String {
            switch self {
            case .scheme: "write \"redis://HOST:PORT\" (TLS and other stores are not supported)"
            case .credentials: "remove the user and password; keep the Redis on loopback or a private network"
            case .host: "name the host: \"redis://127.0.0.1:6379\""
            case .port: "the port is a number from 1 to 65535: \"redis://127.0.0.1:6379\""
            case .database: "the database is a number after the port: \"redis://127.0.0.1:6379/0\""
            }
        }
    }

    /// The port Redis listens on unless the URL names another.
    public static let defaultPort = 6379

    public var host: String
    public var port: Int
    /// The database `SELECT`ed on each connection (0 unless the URL's path names one).
    public var database: Int

    public init(host: String, port: Int = RedisURL.defaultPort, database: Int = 0) {
        self.host = host
        self.port = port
        self.database = database
    }

    /// `redis://HOST:PORT/DB`, brackets around an IPv6 host; never holds a secret.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "redis://\(shownHost):\(port)/\(database)"
    }

    /// Parses `redis://HOST[:PORT][/DB]` (IPv6 hosts in brackets).
    public static func parse(_ text: String) -> Result<RedisURL, Problem> {
        let scheme = "redis://"
        guard text.prefix(scheme.count).lowercased() == scheme else { return .failure(.scheme) }
        let rest = text.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        if authority.contains("@") { return .failure(.credentials) }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return .failure(.host) }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return .failure(.port) }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" }) else { return .failure(.host) }
        var port = defaultPort
        if let portText {
            guard portText.allSatisfy({ $0.isASCII && $0.isNumber }), let parsed = Int(portText), (1...65535).contains(parsed) else {
                return .failure(.port)
            }
            port = parsed
        }
        var database = 0
        let databaseText = path.dropFirst()  // the `/`
        if !databaseText.isEmpty {
            guard databaseText.allSatisfy({ $0.isASCII && $0.isNumber }), let parsed = Int(databaseText), parsed <= Int(Int32.max) else {
                return .failure(.database)
            }
            database = parsed
        }
        return .success(RedisURL(host: String(host), port: port, database: database))
    }
}
