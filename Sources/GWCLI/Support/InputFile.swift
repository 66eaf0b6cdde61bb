import Foundation
import GWSyntax

/// Reads a file named on the command line into a `SourceFile`, or explains why it cannot.
enum InputFile {
    /// Why an input could not be read, phrased for the user.
    struct ReadError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "\(path): error: \(reason)" }
    }

    /// `-` reads standard input.
    static func read(_ path: String, standardInput: () -> Data = { FileHandle.standardInput.readDataToEndOfFile() }) throws(ReadError) -> SourceFile {
        if path == "-" {
            return SourceFile(name: "<stdin>", bytes: Array(standardInput()))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReadError(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw ReadError(path: path, reason: "is a directory; name a .gwpipe file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ReadError(path: path, reason: "cannot be opened (permission denied?)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw ReadError(path: path, reason: "cannot be read: \(error.localizedDescription)")
        }
        return SourceFile(name: path, bytes: Array(data))
    }
}
