import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import GWProxy

/// A real `redis-server` for one test, on a free loopback port, persisting nothing, stopped by the
/// test. Tests that need one are skipped (with a message saying so) where it is not installed.
final class RedisTestServer: Sendable {
    /// Where `redis-server` is on PATH; nil when it is not installed.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") + ["/usr/bin", "/usr/sbin"] {
            let candidate = "\(directory)/redis-server"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    static let isInstalled = executable != nil
    static let notInstalled: Comment = "redis-server is not installed (apt-get install -y redis-server): shared-limit tests skipped"

    let port: Int
    private let process: Process

    private init(port: Int, process: Process) {
        self.port = port
        self.process = process
    }

    /// What a gateway is told to share its limits in: this server, with warnings going to `warn`.
    /// The timeout is far above the 50 ms `serve` uses: a check that must be counted should not go
    /// unchecked because a loaded CI machine was slow for a moment.
    func configuration(
        timeout: TimeAmount = .seconds(5), reconnectDelay: TimeAmount = .seconds(1), warn: @escaping @Sendable (String) -> Void = { _ in }
    ) -> SharedLimitsConfiguration {
        SharedLimitsConfiguration(host: "127.0.0.1", port: port, timeout: timeout, reconnectDelay: reconnectDelay, warn: warn)
    }

    /// Starts a server once it says it accepts connections, on `port` or a free one. A port picked
    /// free can be taken before Redis binds it, so a server that exits at once is tried again on another.
    static func start(port fixedPort: Int? = nil) async throws -> RedisTestServer {
        guard let executable else { throw StartError(description: "redis-server is not installed") }
        var lastError: (any Error)?
        for _ in 0..<(fixedPort == nil ? 3 : 1) {
            let port: Int
            if let fixedPort { port = fixedPort } else { port = try await freePort() }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = [
                "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--protected-mode", "yes",
            ]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            do {
                try process.run()
                try await waitUntilReady(output.fileHandleForReading, process: process)
                return RedisTestServer(port: port, process: process)
            } catch {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                lastError = error
            }
        }
        throw lastError ?? StartError(description: "redis-server did not start")
    }

    /// Kills the server and waits for it to exit, so its port refuses connections. SIGKILL, not
    /// SIGTERM: a child spawned from a test's thread inherits that thread's blocked signals, and a
    /// Redis with SIGTERM blocked would never stop. It persists nothing, so nothing is lost.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Sends one command on a connection of its own, for tests that look inside Redis.
    func command(_ arguments: [String]) async throws -> RESPValue {
        let configuration = configuration()
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        return try await loop.flatSubmit {
            RedisConnection.connect(to: configuration, on: loop).assumeIsolated().flatMap { connection in
                connection.send(arguments).assumeIsolated().always { _ in connection.close() }.nonisolated()
            }
            .nonisolated()
        }.get()
    }

    /// A port nothing listens on right now (bound, read, released).
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    /// Reads the server's log until it is ready, then keeps draining it (a full pipe would block
    /// Redis) until it exits. A server not ready within 10 s is stopped.
    private static func waitUntilReady(_ log: FileHandle, process: Process) async throws {
        let ready = NIOLockedValueBox(false)
        DispatchQueue.global().asyncAfter(deadline: .now() + 10) {
            if !ready.withLockedValue({ $0 }), process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                var text = ""
                var waiting = true
                while true {
                    let data = log.availableData
                    if data.isEmpty { break }
                    guard waiting else { continue }
                    text += String(decoding: data, as: UTF8.self)
                    if text.contains("Ready to accept connections") {
                        waiting = false
                        ready.withLockedValue { $0 = true }
                        continuation.resume()
                    }
                }
                if waiting {
                    continuation.resume(throwing: StartError(description: "redis-server exited before it was ready:\n\(text.suffix(2000))"))
                }
            }
        }
    }

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }
}
