import GWPlan

/// What a person reads for a step, and the kind the record keeps.
enum StepTitle {
    static func title(_ step: StepPlan) -> String {
        switch step.kind {
        case "test":
            let target = step.target.map { $0 == "mocks" ? " with mocks" : " against \($0)" } ?? ""
            return "test \(step.suite ?? "")\(target)"
        case "run":
            let command = step.command ?? ""
            return "run " + (command.count > 60 ? command.prefix(57) + "..." : command)
        case "deploy", "rollback":
            return "\(step.kind) \(step.environment ?? "")"
        case "wait":
            return "wait \(Short.duration(step.durationMs ?? 0))"
        case "gate":
            return "gate \(step.gate?.source ?? "") over \(Short.duration(step.overMs ?? 60_000)) on \(step.environment ?? "")"
        case "approve":
            return step.approveWhen.map { "approve when \($0)" } ?? "approve"
        case "notify":
            // The URL may carry the webhook's token: only its scheme and host are shown.
            return "notify \(NotifyURL.display(of: step))"
        case "strategy":
            guard let strategy = step.strategy else { return "strategy" }
            if strategy.kind == "flag" { return "flag \(strategy.flag ?? "") rollout on \(strategy.environment)" }
            return "\(strategy.kind) \(strategy.environment)"
        default:
            return step.kind
        }
    }

    static func kind(_ step: StepPlan) -> String {
        step.kind == "strategy" ? (step.strategy?.kind ?? "strategy") : step.kind
    }
}
