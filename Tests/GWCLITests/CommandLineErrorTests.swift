import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A command line gwpipe cannot use exits 2, like every other input error, with a message that
/// says what to change: never ArgumentParser's 64 or a wrapped-around port; a port in use is said
/// in words (exit 3), not as NIO's errno text.
@Suite struct CommandLineErrorTests {
    @Test func refusedOptionsExitTwo() async throws {
        try #require(BuiltExecutable.gwpipe != nil, "run `swift build --build-tests` first")
        let unknown = try await BuiltExecutable.run(["check", "--no-such-option", "examples/quickstart/gateway.gwpipe"])
        #expect(unknown.status == 2)
        #expect(unknown.error.contains("--no-such-option"))
        let port = try await BuiltExecutable.run(["mock", "--port", "99999"])
        #expect(port.status == 2)
        #expect(port.error.contains("--port must be between 0 and 65535, not 99999"))
        let status = try await BuiltExecutable.run(["mock", "--port", "0", "--error-status", "42"])
        #expect(status.status == 2)
        #expect(status.error.contains("--error-status must be an HTTP status between 100 and 599"))
        let rate = try await BuiltExecutable.run(["load", "http://127.0.0.1:9/", "--rate", "0"])
        #expect(rate.status == 2)
        #expect(rate.error.contains("rate"))
    }

    @Test func aPortInUseIsSaidSo() async throws {
        try #require(BuiltExecutable.gwpipe != nil, "run `swift build --build-tests` first")
        let held = try Self.listeningSocket()
        defer { close(held.socket) }
        let result = try await BuiltExecutable.run(["mock", "--port", String(held.port)])
        #expect(result.status == 3, "infrastructure, as `gwpipe run` reports a port in use")
        #expect(result.error.contains("the mock provider cannot listen on 127.0.0.1:\(held.port): the port is already in use"), "\(result.error)")
        #expect(!result.error.contains("errno"))
    }

    /// Two gateways on neighbouring ports: the second's data port is the first's default admin port.
    @Test func anAdminPortInUseSaysWhereTheDefaultComesFrom() async throws {
        try #require(BuiltExecutable.gwpipe != nil, "run `swift build --build-tests` first")
        // A held port whose neighbour below is free, so serve's data listener gets the neighbour
        // and its default admin listener finds the held one taken.
        var attempts: [(socket: Int32, port: Int)] = []
        defer { for attempt in attempts { close(attempt.socket) } }
        var pair: (held: Int, free: Int)?
        for _ in 0..<10 where pair == nil {
            let held = try Self.listeningSocket()
            attempts.append(held)
            if let free = try? Self.listeningSocket(port: held.port - 1) {
                close(free.socket)
                pair = (held.port, free.port)
            }
        }
        let (heldPort, freePort) = try #require(pair, "no two neighbouring free ports")
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("gwpipe-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let result = try await BuiltExecutable.run([
            "serve", "examples/quickstart/gateway.gwpipe", "--env", "production", "--listen", "127.0.0.1:\(freePort)",
            "--state-dir", state.path,
        ])
        #expect(result.status == 3, "\(result.error)")
        #expect(result.error.contains("the admin API cannot listen on 127.0.0.1:\(heldPort): the port is already in use"), "\(result.error)")
        #expect(result.error.contains("hint: the admin API listens on the data port + 1 unless --admin HOST:PORT says where"))
    }

    /// A loopback socket listening on `port` (0: one the kernel picks), and the port it got.
    private static func listeningSocket(port: Int = 0) throws -> (socket: Int32, port: Int) {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(socket >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && listen(socket, 1) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else {
            close(socket)
            throw CocoaError(.fileWriteFileExists, userInfo: [NSLocalizedDescriptionKey: "127.0.0.1:\(port) is taken"])
        }
        return (socket, Int(UInt16(bigEndian: address.sin_port)))
    }
}
