import GWPlan
import NIOCore
import NIOHTTP1

/// A revision ready to serve: routes by path and method, key sets as authenticators, mock
/// providers as responders. Built once when a revision is loaded.
final class CompiledRevision: Sendable {
    let id: String
    let revision: GatewayRevision
    /// Every routed path's routes by method; a path found with another method is a 405, not a 404.
    let routesByPath: [String: PathRoutes]
    let authenticators: [String: KeyAuthenticator]
    /// Every provider, by name.
    let providers: [String: CompiledProvider]
    /// When this revision went live, for scripted mock timelines (`errors = 30% after 20s`).
    let liveSince: NIODeadline

    init(id: String, revision: GatewayRevision, environment: [String: String] = [:], liveSince: NIODeadline = .now()) {
        self.id = id
        self.revision = revision
        self.liveSince = liveSince
        self.authenticators = revision.keySets.mapValues(KeyAuthenticator.init(keys:))
        let providers: [String: CompiledProvider] = revision.providers.reduce(into: [:]) { providers, entry in
            providers[entry.key] = CompiledProvider(name: entry.key, plan: entry.value, environment: environment)
        }
        self.providers = providers
        var routesByPath: [String: PathRoutes] = [:]
        // The table's routes: where two routes share a method and path, the plan already chose one.
        for name in Set(revision.routeTable.values).sorted() {
            guard let plan = revision.routes[name] else { continue }
            let route = CompiledRoute(
                name: name, plan: plan, revisionID: id, revisionHasFlags: !revision.flags.isEmpty, providers: providers)
            routesByPath[plan.path, default: PathRoutes()].add(route, method: HTTPMethod(rawValue: plan.method))
        }
        self.routesByPath = routesByPath
    }

    /// `errors = X after T` counts from when the revision went live.
    func elapsedMilliseconds(now: NIODeadline = .now()) -> Double {
        Double((now - liveSince).nanoseconds) / 1_000_000
    }
}
