import ArgumentParser
import Foundation
import NIOCore

/// A listener that could not open, said in words a user can act on ("127.0.0.1:8080 is already
/// in use") instead of NIO's `bind(descriptor:ptr:bytes:): Address already in use) (errno: 98)`.
struct ListenFailure: Error, CustomStringConvertible {
    /// What was to listen there: "the gateway", "the admin API", "the mock provider".
    let listener: String
    let host: String
    let port: Int
    let underlying: any Error

    var description: String {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        guard let io = underlying as? IOError else {
            return "\(listener) cannot listen on \(address): \(underlying)"
        }
        let reason: String = switch io.errnoCode {
        case EADDRINUSE: "the port is already in use (another gwpipe serve or mock? pick another port)"
        case EADDRNOTAVAIL: "this machine has no such address"
        case EACCES: "permission denied (ports below 1024 need privileges)"
        default: String(cString: strerror(io.errnoCode))
        }
        return "\(listener) cannot listen on \(address): \(reason)"
    }

    /// Runs `start`, turning a failure to listen into a `ListenFailure` printed to standard error
    /// (with `hint` under it, as diagnostics print theirs) and exit status 3 (infrastructure, as
    /// `gwpipe run` reports a port in use).
    static func reporting<T>(
        _ listener: String, host: String, port: Int, hint: String? = nil, _ start: () async throws -> T
    ) async throws -> T {
        do {
            return try await start()
        } catch {
            let failure = ListenFailure(listener: listener, host: host, port: port, underlying: error)
            FileHandle.standardError.write(Data("error: \(failure)\n\(hint.map { "  hint: \($0)\n" } ?? "")".utf8))
            throw ExitCode(ExitStatus.infrastructure)
        }
    }
}
