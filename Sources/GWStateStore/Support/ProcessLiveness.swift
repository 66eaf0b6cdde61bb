import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether the process that wrote a record still runs, so in-flight work can be told from work
/// whose process died (SIGKILL, a crash, power loss).
enum ProcessLiveness {
    /// This machine's host name, as runs record it in `RunRecord.host`.
    static var localHost: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        buffer[buffer.count - 1] = 0
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// False only when the kernel says there is no such process (ESRCH). A process of another user
    /// (EPERM) is alive; pid 0 and negative pids name process groups, never a run, so they are gone.
    static func isGone(pid: Int32) -> Bool {
        guard pid > 0 else { return true }
        if kill(pid, 0) == 0 { return false }
        return errno == ESRCH
    }
}
