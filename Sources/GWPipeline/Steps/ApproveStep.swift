import GWPlan
import GWStateStore

/// `approve [when EXPR]`: a person says yes before the pipeline goes on — `--approve` up front, y/N
/// in a terminal, or the run stops "waiting for approval" and `gwpipe run --resume RUN` continues.
struct ApproveStep {
    let context: RunContext
    let step: StepRecord
    let plan: StepPlan

    enum Outcome {
        case approved(String)
        case waiting(String)
    }

    func run(resumedHere: Bool) async throws -> Outcome {
        if let condition = plan.approveWhen {
            let facts = ["branch": context.git.branch ?? "", "commit": context.git.commit ?? "", "author": context.git.author ?? ""]
            guard let needed = ApprovalCondition(source: condition).evaluate(facts) else {
                throw PipelineError(.configuration, "\(plan.location): cannot evaluate `approve when \(condition)`")
            }
            // A fact git could not tell (no repository, detached HEAD) never waives an approval.
            let unknown = [("branch", context.git.branch), ("commit", context.git.commit), ("author", context.git.author)]
                .filter { name, value in value == nil && condition.contains(name) }.map(\.0)
            if !needed, unknown.isEmpty {
                return .approved("not needed: \(condition) is false (branch \(context.git.branch ?? "unknown"))")
            }
        }
        if resumedHere {
            try context.recorder.audit("approve", environment: nil, detail: "approved by resuming run \(context.runId)")
            return .approved("approved by --resume")
        }
        if context.options.approve {
            try context.recorder.audit("approve", environment: nil, detail: "approved with --approve at \(plan.id)")
            return .approved("approved with --approve")
        }
        switch try await context.ask("Approve stage \(plan.stage) of run \(context.runId)?") {
        case true?:
            try context.recorder.audit("approve", environment: nil, detail: "approved at the terminal at \(plan.id)")
            return .approved("approved at the terminal")
        case false?:
            throw PipelineError(.failed, "not approved")
        case nil:
            return .waiting("waiting for approval: continue with `gwpipe run --resume \(context.runId)` (or run with --approve)")
        }
    }
}
