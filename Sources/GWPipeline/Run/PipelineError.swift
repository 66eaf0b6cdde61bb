/// Why a step could not do its job, and so which exit status the run ends with.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// A gate, test or command failed (exit 1).
        case failed
        /// The file or the command line asks for something impossible, found before anything moved (exit 2).
        case configuration
        /// An admin API could not be reached, a listener could not bind, the store broke (exit 3).
        case infrastructure
        /// Ctrl-C / SIGTERM.
        case cancelled
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    public var exitCode: Int32 {
        switch kind {
        case .failed: 1
        case .configuration: 2
        case .infrastructure: 3
        case .cancelled: 130
        }
    }
}
