import Foundation
import GWStateStore

/// Opens the state store for the commands that read it (`history`, `stats`): a store that does not
/// exist yet is not an error (nothing has run), one that cannot be read is (exit 2).
enum HistoryStore {
    enum Opening {
        case opened(StateStore)
        /// No file at the path: the message to show instead of results.
        case missing(String)
        /// The store could not be opened: the result to return as it is.
        case failed(CommandResult)
    }

    static func open(path: String) -> Opening {
        guard FileManager.default.fileExists(atPath: path) else {
            return .missing("no runs recorded yet (\(path) does not exist)")
        }
        do {
            return .opened(try StateStore.open(path: path))
        } catch {
            return .failed(CommandResult(standardError: "\(describe(error))\n", exitCode: ExitStatus.unreadableInput))
        }
    }

    /// Records runs whose process died as interrupted before showing them; a store this user
    /// cannot write to is still shown, with a warning.
    static func markInterruptedRuns(in store: StateStore, now: Date, result: inout CommandResult) {
        do {
            try store.markInterruptedRuns(now: now)
        } catch {
            result.standardError += "warning: cannot record interrupted runs: \(describe(error))\n"
        }
    }

    static func describe(_ error: any Error) -> String {
        (error as? StateStoreError)?.description ?? "error: \(error.localizedDescription)"
    }
}
