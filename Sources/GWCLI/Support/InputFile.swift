import Foundation
import GWSyntax

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ReadError(path: path, reason: "cannot be opened (permission denied?)")
        }
        defer { close(descriptor) }
        var status = stat()
        let size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
        var failure: Int32 = 0
        let bytes = readAll(descriptor, sizeHint: size, failure: &failure)
        guard failure == 0 else {
            throw ReadError(path: path, reason: "cannot be read: \(String(cString: strerror(failure)))")
        }
        return SourceFile(name: path, bytes: bytes)
    }

    /// The bytes up to end of file, read straight into the array: `FileHandle.readToEnd` made ~800
    /// 4 KB reads of a 3 MB file and then `[UInt8](data)` copied it all once more. A file that grows
    /// while it is read (or reports no size, like a pipe) is read on in larger steps. On an error,
    /// `failure` is set to its `errno`.
    private static func readAll(_ descriptor: Int32, sizeHint: Int, failure: inout Int32) -> [UInt8] {
        // One byte more than the size, so a single `read` also sees the end of the file.
        var capacity = max(sizeHint, 0) + 1
        var bytes: [UInt8] = []
        var reachedEnd = false
        while !reachedEnd, failure == 0 {
            let previous = bytes
            bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                guard let base = buffer.baseAddress else { return }
                previous.withUnsafeBufferPointer { old in
                    if let oldBase = old.baseAddress { base.initialize(from: oldBase, count: old.count) }
                }
                initialized = previous.count
                while initialized < capacity {
                    #if canImport(Glibc)
                    let count = Glibc.read(descriptor, base + initialized, capacity - initialized)
                    #else
                    let count = Darwin.read(descriptor, base + initialized, capacity - initialized)
                    #endif
                    if count > 0 {
                        initialized += count
                    } else if count == 0 {
                        reachedEnd = true
                        return
                    } else if errno != EINTR {
                        failure = errno
                        return
                    }
                }
            }
            capacity = max(capacity * 2, 64 << 10)
        }
        return bytes
    }
}
