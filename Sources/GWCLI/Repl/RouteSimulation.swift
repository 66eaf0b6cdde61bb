import GWPlan
import GWProxy

/// What the gateway would do with one simulated request against a revision: the route table
/// lookup (404 / 405), authentication by team, the body check, and the first arm whose `when`
/// holds. Mirrors `GWProxy`'s request handling up to the choice of upstream, without sending anything.
struct RouteSimulation: Sendable {
    /// How the request ended.
    enum Outcome: Sendable, Equatable {
        /// No route has this path (404 `no_route`).
        case noRoute
        /// The path exists with other methods (405 `method_not_allowed`).
        case methodNotAllowed(allowed: [String])
        /// The route authenticates callers and the request names no team of its keys (401).
        case unauthorized(keySet: String, teams: [String])
        /// The route chooses on `model` and the request has none (400).
        case missingModel
        /// A route matched but none of its arms did and it has no `else` (404).
        case noArm
        /// The arm at `armIndex` chose the targets.
        case routed(armIndex: Int)
    }

    /// A flag some arm asked about, and why it is on or off for this caller.
    struct FlagDecision: Sendable, Equatable {
        var name: String
        var on: Bool
        var reason: String
    }

    var request: SimulatedRequest
    var outcome: Outcome
    /// The matched route's name and plan; `nil` for 404 / 405.
    var routeName: String?
    var route: RoutePlan?
    /// Each arm evaluated, in order, until one held (`true`) or all failed.
    var armResults: [Bool]
    /// Flags consulted while evaluating arms, in the order first asked.
    var flags: [FlagDecision]

    /// Simulates `request` against `revision`.
    static func run(_ request: SimulatedRequest, in revision: GatewayRevision) -> RouteSimulation {
        var simulation = RouteSimulation(
            request: request, outcome: .noRoute, routeName: nil, route: nil, armResults: [], flags: [])
        let key = GatewayRevision.tableKey(method: request.method, path: request.path)
        guard let name = revision.routeTable[key], let route = revision.routes[name] else {
            let allowed = revision.routeTable.values.compactMap { revision.routes[$0] }.filter {
                $0.path == request.path
            }.map(\.method)
            simulation.outcome = allowed.isEmpty ? .noRoute : .methodNotAllowed(allowed: Array(Set(allowed)).sorted())
            return simulation
        }
        simulation.routeName = name
        simulation.route = route
        if let keySet = route.auth {
            let teams = Set((revision.keySets[keySet] ?? []).map(\.team)).sorted()
            guard let team = request.team, teams.contains(team) else {
                simulation.outcome = .unauthorized(keySet: keySet, teams: teams)
                return simulation
            }
        }
        if route.readsBody, request.model == nil, route.arms.contains(where: { $0.when?.readsModel ?? false }) {
            simulation.outcome = .missingModel
            return simulation
        }
        var decisions: [FlagDecision] = []
        let facts = request.facts { flagName in
            let decision = flagDecision(flagName, request: request, revision: revision)
            if !decisions.contains(where: { $0.name == flagName }) { decisions.append(decision) }
            return decision.on
        }
        simulation.outcome = .noArm
        for (index, arm) in route.arms.enumerated() {
            let holds = arm.when.map { PredicateEvaluator.evaluate($0, facts) } ?? true
            simulation.armResults.append(holds)
            if holds {
                simulation.outcome = .routed(armIndex: index)
                break
            }
        }
        simulation.flags = decisions
        return simulation
    }

    /// Whether a flag is on for the caller, as the gateway's `FlagEvaluator` decides it: forced by
    /// the request, always for `enable for` callers, otherwise by the rollout share.
    static func flagDecision(_ name: String, request: SimulatedRequest, revision: GatewayRevision) -> FlagDecision {
        if let forced = request.flags[name] {
            return FlagDecision(name: name, on: forced, reason: "given in the request")
        }
        guard let flag = revision.flags[name] else {
            return FlagDecision(name: name, on: false, reason: "not declared in this revision")
        }
        if let enableFor = flag.enableFor {
            // `enable for` itself cannot ask about flags: the gateway evaluates it with every flag off.
            if PredicateEvaluator.evaluate(enableFor, request.facts { _ in false }) {
                return FlagDecision(name: name, on: true, reason: "enabled for \(PlanText.predicate(enableFor))")
            }
        }
        let share = flag.rolloutPercent
        if share >= 100 { return FlagDecision(name: name, on: true, reason: "rolled out to 100% of callers") }
        if share <= 0 { return FlagDecision(name: name, on: false, reason: "rolled out to 0% of callers") }
        return FlagDecision(
            name: name, on: false,
            reason: "on for \(PlanText.percent(share)) of callers, sticky by \(flag.stickyBy); assumed off here "
                + "(add \"flags\": {\"\(name)\": true} to see the other side)")
    }
}
