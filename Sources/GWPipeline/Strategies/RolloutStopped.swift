/// A rollout its gates (or a person) stopped: traffic was already taken back and the deployment
/// recorded, so the failure only has to be passed on — a typed outcome, where the strategies used to
/// recognise their own message by its first words.
struct RolloutStopped: Error {
    let failure: PipelineError
}
