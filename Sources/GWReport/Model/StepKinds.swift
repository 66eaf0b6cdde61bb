/// The `StepRecord.kind` values reports treat specially.
enum StepKinds {
    /// A stage's own row.
    static let stage = "stage"
    /// A contract test step, whose cases the reports list under it.
    static let test = "test"
    /// Steps that move traffic while the gateway samples both slots: the ones with charts.
    static let strategies: Set<String> = ["canary", "blue_green", "rolling", "flag"]
}
