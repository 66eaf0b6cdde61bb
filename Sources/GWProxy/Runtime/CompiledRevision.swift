import GWPlan
import NIOCore

/// A revision ready to serve: routes in a dictionary keyed by `METHOD path`, key sets as
/// authenticators, mock providers as responders. Built once when a revision is loaded.
final class CompiledRevision: Sendable {
    let id: String
    let revision: GatewayRevision
    let routes: [String: CompiledRoute]
    /// Methods each path accepts, to tell 405 from 404.
    let methodsByPath: [String: [String]]
    let authenticators: [String: KeyAuthenticator]
    /// Every provider, by name.
    let providers: [String: CompiledProvider]
    /// When this revision went live, for scripted mock timelines (`errors = 30% after 20s`).
    let liveSince: NIODeadline

    init(id: String, revision: GatewayRevision, environment: [String: String] = [:], liveSince: NIODeadline = .now()) {
        self.id = id
        self.revision = revision
        self.liveSince = liveSince
        var routes: [String: CompiledRoute] = [:]
        var methods: [String: [String]] = [:]
        for (key, name) in revision.routeTable {
            guard let plan = revision.routes[name] else { continue }
            routes[key] = CompiledRoute(name: name, plan: plan, revisionID: id, revisionHasFlags: !revision.flags.isEmpty)
            methods[plan.path, default: []].append(plan.method)
        }
        self.routes = routes
        self.methodsByPath = methods.mapValues { $0.sorted() }
        self.authenticators = revision.keySets.mapValues(KeyAuthenticator.init(keys:))
        self.providers = revision.providers.reduce(into: [:]) { providers, entry in
            providers[entry.key] = CompiledProvider(name: entry.key, plan: entry.value, environment: environment)
        }
    }

    /// `errors = X after T` counts from when the revision went live.
    func elapsedMilliseconds(now: NIODeadline = .now()) -> Double {
        Double((now - liveSince).nanoseconds) / 1_000_000
    }
}
