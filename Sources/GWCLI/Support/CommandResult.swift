/// What a command produced: its standard output, its standard error, and its exit status.
///
/// Commands compute a `CommandResult` instead of printing directly so tests can run them in
/// process and assert on every byte.
public struct CommandResult: Sendable, Equatable {
    public var standardOutput = ""
    public var standardError = ""
    public var exitCode: Int32 = 0

    public init(standardOutput: String = "", standardError: String = "", exitCode: Int32 = 0) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.exitCode = exitCode
    }
}

/// The exit statuses shared by all commands.
public enum ExitStatus {
    /// Everything is fine.
    public static let success: Int32 = 0
    /// The input has errors (or `fmt --check` found an unformatted file).
    public static let failure: Int32 = 1
    /// The input could not be read at all: missing file, directory, permission denied.
    public static let unreadableInput: Int32 = 2
    /// The command line cannot be used: an unknown option, a value out of range. The same code as
    /// unreadable input: both are the caller's to fix.
    public static let usageError: Int32 = 2
    /// The machine or the fleet failed the command: a port already in use, an unreachable admin API
    /// (as `gwpipe run` reports them).
    public static let infrastructure: Int32 = 3
}
