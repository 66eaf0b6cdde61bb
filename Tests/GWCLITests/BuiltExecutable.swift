import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where the `gwpipe` executable of this build is, for tests that run it as a user would.
enum BuiltExecutable {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `gwpipe` this build produced: next to the test bundle (`.build/<triple>/<config>/`), else `.build/debug`.
    static let gwpipe: URL? = {
        var candidates: [URL] = []
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("gwpipe"))
            directory = directory.deletingLastPathComponent()
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("gwpipe"))
        candidates.append(repositoryRoot.appendingPathComponent(".build/debug/gwpipe"))
        return candidates.first { candidate in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && FileManager.default.isExecutableFile(atPath: candidate.path)
        }
    }()

    /// Runs `gwpipe arguments` to its end (killed after `timeout`) and returns its exit status and
    /// both outputs. It awaits the exit instead of polling for it, so a test running it holds no
    /// thread of the shared pool that concurrently running tests need.
    static func run(_ arguments: [String], timeout: Duration = .seconds(20)) async throws -> (status: Int32, output: String, error: String) {
        guard let gwpipe else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = gwpipe
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("gwpipe-out-\(UUID().uuidString)")
        let error = FileManager.default.temporaryDirectory.appendingPathComponent("gwpipe-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: error.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: error)
        }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: error)
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(timeout.components.seconds) * 1000)) {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            }
        }
        return (status, try String(contentsOf: output, encoding: .utf8), try String(contentsOf: error, encoding: .utf8))
    }
}
