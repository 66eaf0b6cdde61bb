import GWStateStore

/// One stage of a run with the steps recorded under it, in the order they started: what both
/// reports walk. Steps whose stage has no row of its own (an `on failure` block, a row lost to a
/// crash) still get a group, so nothing recorded goes unreported.
struct StageGroup: Sendable {
    var name: String
    /// The stage's own row (`kind == "stage"`), when one was recorded.
    var row: StepRecord?
    var steps: [StepRecord]

    /// The stage's status: its row's, or else the worst of its steps'.
    var status: StepRecord.Status {
        if let row { return row.status }
        let statuses = steps.map(\.status)
        for status in [StepRecord.Status.failed, .cancelled, .running, .waiting, .passed]
        where statuses.contains(status) {
            return status
        }
        return .skipped
    }

    static func groups(of detail: RunDetail) -> [StageGroup] {
        var order: [String] = []
        var groups: [String: StageGroup] = [:]
        for step in detail.steps {
            if groups[step.stage] == nil {
                order.append(step.stage)
                groups[step.stage] = StageGroup(name: step.stage, row: nil, steps: [])
            }
            if step.kind == StepKinds.stage, groups[step.stage]?.row == nil {
                groups[step.stage]?.row = step
            } else {
                groups[step.stage]?.steps.append(step)
            }
        }
        return order.compactMap { groups[$0] }
    }
}
