/// What a run was started on, so `gwpipe run --resume` can refuse to go on with something else: the
/// file, a hash of the pipeline's steps and the revision id of every environment. An approval is
/// given for these; a changed file must start a new run (and be approved again).
public struct PlanFingerprint: Codable, Sendable, Hashable {
    /// The `.gwpipe` file as an absolute path, so a resume from another folder compares the same file.
    public var file: String
    /// `sha256:` and the hex SHA-256 of the pipeline's canonical JSON (source locations left out,
    /// so a comment moving lines does not count as a change).
    public var pipeline: String
    /// Every environment of the file and the revision id the file compiles it to.
    public var environments: [String: String]
    /// What else the steps depend on, by name: `suite PATH` → `sha256:` of the suite file's bytes
    /// (a resumed run must not count a test as passed against cases that changed since). Nil in
    /// fingerprints recorded before these were kept: nothing to compare then.
    public var inputs: [String: String]?

    public init(file: String, pipeline: String, environments: [String: String], inputs: [String: String]? = nil) {
        self.file = file
        self.pipeline = pipeline
        self.environments = environments
        self.inputs = inputs
    }

    /// What differs in `current` from this fingerprint, one phrase each; empty when nothing does.
    public func changes(in current: PlanFingerprint, pipelineName: String) -> [String] {
        var changes: [String] = []
        if current.file != file { changes.append("the file is \(current.file), the run was started on \(file)") }
        if current.pipeline != pipeline { changes.append("the steps of pipeline \(pipelineName) changed") }
        for name in Set(environments.keys).union(current.environments.keys).sorted() {
            switch (environments[name], current.environments[name]) {
            case (let old?, let new?) where old != new:
                changes.append("environment \(name) now compiles to revision \(Self.short(new)), the run was approved for \(Self.short(old))")
            case (nil, _?):
                changes.append("environment \(name) was added")
            case (_?, nil):
                changes.append("environment \(name) was removed")
            default:
                break
            }
        }
        if let old = inputs, let new = current.inputs {
            for name in Set(old.keys).union(new.keys).sorted() where old[name] != new[name] {
                switch (old[name], new[name]) {
                case (_?, _?): changes.append("\(name) changed")
                case (nil, _?): changes.append("\(name) was added")
                default: changes.append("\(name) is no longer given")
                }
            }
        }
        return changes
    }

    /// `sha256:` and the first 12 hex digits: enough to tell revisions apart in a message.
    static func short(_ id: String) -> String {
        let hex = id.hasPrefix("sha256:") ? id.dropFirst(7) : Substring(id)
        return "sha256:" + hex.prefix(12)
    }
}
