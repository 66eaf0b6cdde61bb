import GWPlan

/// `wait D`: lets time pass (traffic, caches, a human watching a dashboard).
struct WaitStep {
    let context: RunContext
    let plan: StepPlan

    func run() async throws -> String {
        let milliseconds = plan.durationMs ?? 0
        try await context.clock.sleep(milliseconds: milliseconds)
        return "waited \(Short.duration(milliseconds))"
    }
}
