import ArgumentParser

/// How `gwpipe run` shows progress on the console.
public enum RunOutputStyle: String, Sendable, CaseIterable, ExpressibleByArgument {
    /// A live tree of stages and steps with spinners (a terminal).
    case live
    /// One line per event (CI, pipes).
    case plain
    /// Lines with `::group::` per stage and `::error` annotations (GitHub Actions).
    case github
    /// Nothing but the final line.
    case quiet

    /// live on a terminal, github in GitHub Actions, plain elsewhere (and whenever `CI` is set).
    static func automatic(_ environment: [String: String], isTerminal: Bool) -> RunOutputStyle {
        if environment["GITHUB_ACTIONS"] == "true" { return .github }
        if let ci = environment["CI"], !ci.isEmpty, ci != "false", ci != "0" { return .plain }
        return isTerminal ? .live : .plain
    }
}
