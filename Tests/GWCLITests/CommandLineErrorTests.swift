import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A command line gwpipe cannot use exits 2, like every other input error, with a message that
/// says what to change: never ArgumentParser's 64 or a wrapped-around port; a port in use is said
/// in words (exit 3), not as NIO's errno text.
@Suite struct CommandLineErrorTests {
    @Test func refusedOptionsExitTwo() throws {
        try #require(BuiltExecutable.gwpipe != nil, "run `swift build --build-tests` first")
        let unknown = try BuiltExecutable.run(["check", "--no-such-option", "examples/quickstart/gateway.gwpipe"])
        #expect(unknown.status == 2)
        #expect(unknown.error.contains("--no-such-option"))
        let port = try BuiltExecutable.run(["mock", "--port", "99999"])
        #expect(port.status == 2)
        #expect(port.error.contains("--port must be between 0 and 65535, not 99999"))
        let status = try BuiltExecutable.run(["mock", "--port", "0", "--error-status", "42"])
        #expect(status.status == 2)
        #expect(status.error.contains("--error-status must be an HTTP status between 100 and 599"))
        let rate = try BuiltExecutable.run(["load", "http://127.0.0.1:9/", "--rate", "0"])
        #expect(rate.status == 2)
        #expect(rate.error.contains("rate"))
    }

    @Test func aPortInUseIsSaidSo() throws {
        try #require(BuiltExecutable.gwpipe != nil, "run `swift build --build-tests` first")
        // Hold a listening socket so the port is taken for the length of the test.
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(socket >= 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && listen(socket, 1) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        try #require(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let result = try BuiltExecutable.run(["mock", "--port", String(port)])
        #expect(result.status == 3, "infrastructure, as `gwpipe run` reports a port in use")
        #expect(result.error.contains("the mock provider cannot listen on 127.0.0.1:\(port): the port is already in use"), "\(result.error)")
        #expect(!result.error.contains("errno"))
    }
}
