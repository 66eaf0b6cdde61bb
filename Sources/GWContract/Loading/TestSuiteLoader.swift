import Foundation
import GWYAML

/// Reads contract test suites (YAML) into ``TestSuite`` values. Every problem, from unreadable
/// files and YAML syntax to unknown keys and wrong types, is a ``TestSuiteError`` whose messages
/// carry the `file:line:column` of the offending node.
public struct TestSuiteLoader: Sendable {
    /// Reads a file's bytes; throws a description of why it cannot (shown after the path).
    public typealias ReadFile = @Sendable (String) throws -> [UInt8]

    public var readFile: ReadFile

    /// `readFile` defaults to the disk, paths relative to the current directory.
    public init(readFile: @escaping ReadFile = TestSuiteLoader.readFromDisk) {
        self.readFile = readFile
    }

    /// Reads and parses the suite at `path`; messages name the file as `path`.
    public func load(_ path: String) throws(TestSuiteError) -> TestSuite {
        let bytes: [UInt8]
        do {
            bytes = try readFile(path)
        } catch {
            let reason = (error as? UnreadableSuite)?.reason ?? "\(error)"
            throw TestSuiteError(problems: [
                LocatedMessage(
                    location: SuiteLocation(file: path, line: 0, column: 0), message: "cannot read the suite: \(reason)"
                )
            ])
        }
        return try parse(bytes: bytes, fileName: path)
    }

    /// Parses suite text held in memory.
    public func parse(_ text: String, fileName: String) throws(TestSuiteError) -> TestSuite {
        try parse(bytes: Array(text.utf8), fileName: fileName)
    }

    /// Parses suite bytes (which may be invalid UTF-8: that is reported with its position).
    public func parse(bytes: [UInt8], fileName: String) throws(TestSuiteError) -> TestSuite {
        let document: YAMLDocument
        do {
            document = try YAMLParser().parse(bytes: bytes, fileName: fileName)
        } catch {
            throw TestSuiteError(problems: [
                LocatedMessage(
                    location: SuiteLocation(file: fileName, line: max(error.line, 1), column: max(error.column, 1)),
                    message: "invalid YAML: \(error.message)")
            ])
        }
        var reader = SuiteReader(fileName: fileName)
        guard let suite = reader.read(document), reader.problems.isEmpty else {
            throw TestSuiteError(
                problems: reader.problems.sorted {
                    ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
                })
        }
        return suite
    }

    /// Reads a file from disk, explaining a missing file, a directory or a permission problem.
    public static let readFromDisk: ReadFile = { path in
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw UnreadableSuite(reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw UnreadableSuite(reason: "it is a directory, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UnreadableSuite(reason: "permission denied or unreadable")
        }
        return Array(data)
    }
}

/// Why a suite file could not be read, in words for the message after its path.
struct UnreadableSuite: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
