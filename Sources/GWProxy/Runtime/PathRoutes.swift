import NIOHTTP1

/// The routes of one path, by method: what a request's path finds in `CompiledRevision.routesByPath`.
/// Looked up by the path alone, so a request hashes the path it already has instead of building a
/// `METHOD path` string first; a path has a handful of methods at most, compared as enum values.
struct PathRoutes: Sendable {
    private(set) var entries: [(method: HTTPMethod, route: CompiledRoute)] = []

    /// The route for `method`, nil when the path takes other methods only (405).
    func route(for method: HTTPMethod) -> CompiledRoute? {
        for entry in entries where entry.method == method { return entry.route }
        return nil
    }

    /// The methods the path takes, sorted, for the 405 answer's `allow`.
    var methods: [String] { entries.map(\.method.rawValue).sorted() }

    mutating func add(_ route: CompiledRoute, method: HTTPMethod) {
        entries.append((method, route))
    }
}
