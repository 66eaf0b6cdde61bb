import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The unmodified `openai` and `anthropic` Python SDKs call a real `gwpipe serve` through `base_url`,
/// non-streaming and streaming, and get correct answers (Tests/SDK/*.py say what is checked).
///
/// Needs the venv `.ci/run` sets up:
///     python3 -m venv .venv-sdk && .venv-sdk/bin/pip install -q openai anthropic
/// Without it the test fails (it never skips silently).
@Suite struct PythonSDKTests {
    static let venvSetup = "python3 -m venv .venv-sdk && .venv-sdk/bin/pip install -q openai anthropic"

    /// How long `gwpipe serve` may take to print its `serving` line.
    static let startDeadline: Duration = .seconds(15)
    /// How long both SDK scripts (run side by side) may take; each SDK call times out after 10 s by itself.
    static let clientDeadline: Duration = .seconds(30)

    @Test(.timeLimit(.minutes(1)))
    func openAIAndAnthropicSDKsThroughTheGateway() async throws {
        let root = BuiltExecutable.repositoryRoot
        let python = root.appendingPathComponent(".venv-sdk/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            Issue.record("""
                \(python.path) is missing: the Python SDK tests need the venv .ci/run sets up. From \(root.path) run:
                    \(Self.venvSetup)
                """)
            return
        }
        let executable = try #require(
            BuiltExecutable.gwpipe, "the gwpipe executable was not found next to \(CommandLine.arguments[0]); run `swift build --build-tests` first")

        // A fresh state directory: serve resumes a recorded stable revision, which would hide fixture edits.
        let stateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("gwpipe-sdk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: stateDirectory) }
        let server = try Child.start(
            executable,
            ["serve", "Tests/SDK/gateway.gwpipe", "--env", "test", "--listen", "127.0.0.1:0", "--state-dir", stateDirectory.path],
            in: root, separateStandardError: true)
        defer { server.stop() }
        let port = try await Self.waitForPort(server)

        let clients = try ["openai_client.py", "anthropic_client.py"].map { script in
            (script, try Child.start(python, [root.appendingPathComponent("Tests/SDK/\(script)").path, String(port)], in: root))
        }
        defer { for (_, client) in clients { client.stop() } }
        let deadline = ContinuousClock.now + Self.clientDeadline
        while clients.contains(where: { $0.1.isRunning }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        for (script, client) in clients {
            if client.isRunning {
                client.stop()
                Issue.record("Tests/SDK/\(script) did not finish within \(Self.clientDeadline); its output:\n\(client.output)\ngwpipe serve stderr:\n\(server.errorOutput)")
            } else if client.status != 0 {
                let hint = client.output.contains("ModuleNotFoundError") ? "\nthe venv lacks an SDK; run: \(Self.venvSetup)" : ""
                Issue.record("Tests/SDK/\(script) exited \(client.status); its output:\n\(client.output)\ngwpipe serve stderr:\n\(server.errorOutput)\(hint)")
            }
        }
    }

    /// The port from `serving NAME (ENV) revision ID on http://127.0.0.1:PORT[, admin on http://...]`.
    private static func waitForPort(_ server: Child) async throws -> Int {
        let deadline = ContinuousClock.now + startDeadline
        while ContinuousClock.now < deadline {
            for line in server.output.split(separator: "\n") where line.hasPrefix("serving ") {
                // The first address is the data listener's (an `, admin on http://...` may follow).
                if let range = line.range(of: " on http://") {
                    let address = line[range.upperBound...].prefix { $0 != "," && $0 != " " && $0 != "/" }
                    if let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]), port > 0 {
                        return port
                    }
                }
                throw SDKTestFailure("cannot read a port from gwpipe serve's line: \(line)")
            }
            if !server.isRunning {
                throw SDKTestFailure("gwpipe serve exited \(server.status) before serving:\n\(server.output)\(server.errorOutput)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw SDKTestFailure("gwpipe serve printed no `serving` line within \(startDeadline):\n\(server.output)\(server.errorOutput)")
    }
}

private struct SDKTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A child process whose output is collected as it arrives (so it never blocks on a full pipe).
private final class Child: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var outputData = Data()
    private var errorData = Data()

    var output: String { lock.withLock { String(decoding: outputData, as: UTF8.self) } }
    var errorOutput: String { lock.withLock { String(decoding: errorData, as: UTF8.self) } }
    var isRunning: Bool { process.isRunning }
    var status: Int32 { process.terminationStatus }

    /// Starts `executable`; standard error goes to `output` too unless `separateStandardError`.
    static func start(_ executable: URL, _ arguments: [String], in directory: URL, separateStandardError: Bool = false) throws -> Child {
        let child = Child()
        let process = child.process
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["PYTHONUNBUFFERED"] = "1"
        environment["PYTHONDONTWRITEBYTECODE"] = "1"  // no __pycache__ in Tests/SDK
        // The SDKs (httpx) honour proxy variables; the gateway is on loopback and must be reached directly.
        for name in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"] {
            environment[name] = nil
        }
        environment["NO_PROXY"] = "127.0.0.1,localhost"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        child.collect(output) { child.outputData.append($0) }
        if separateStandardError {
            let error = Pipe()
            process.standardError = error
            child.collect(error) { child.errorData.append($0) }
        } else {
            process.standardError = output
        }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return child
    }

    private func collect(_ pipe: Pipe, into append: @escaping @Sendable (Data) -> Void) {
        pipe.fileHandleForReading.readabilityHandler = { [lock] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                lock.withLock { append(data) }
            }
        }
    }

    /// SIGTERM (gwpipe serve stops gracefully on it), then SIGKILL if it is still running after 3 s.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(3)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
