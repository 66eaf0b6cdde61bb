import GWPlan

/// Whether a flag is on for a caller: always for targeted callers (`enable for`), otherwise for a
/// stable share of callers given by the rollout percent (sticky by the flag's subject).
enum FlagEvaluator {
    static func isOn(_ flag: FlagPlan, share: Double, subject: String, facts: RequestFacts, name: String) -> Bool {
        if let enableFor = flag.enableFor, PredicateEvaluator.evaluate(enableFor, facts) { return true }
        if share >= 100 { return true }
        if share <= 0 { return false }
        return StableHash.percentile(subject, salt: "flag:" + name) < share
    }
}
