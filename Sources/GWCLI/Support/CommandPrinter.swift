import ArgumentParser
import Foundation

/// Writes a `CommandResult` to the real standard streams and ends with its exit status.
enum CommandPrinter {
    static func emit(_ result: CommandResult) throws {
        if !result.standardOutput.isEmpty {
            FileHandle.standardOutput.write(Data(result.standardOutput.utf8))
        }
        if !result.standardError.isEmpty {
            FileHandle.standardError.write(Data(result.standardError.utf8))
        }
        if result.exitCode != 0 {
            throw ExitCode(result.exitCode)
        }
    }
}
