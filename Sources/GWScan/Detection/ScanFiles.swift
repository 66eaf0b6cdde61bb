import Foundation

/// How the scan reaches the files a program names (values and keys files): their bytes and
/// their permission bits. Injectable so the pipeline can scan what it already read.
public struct ScanFiles: Sendable {
    /// The file's bytes; throws when it cannot be read (the checker has reported that already).
    public var read: @Sendable (String) throws -> [UInt8]
    /// The POSIX permission bits (`0o644`), or `nil` when unknown (not a file on disk).
    public var permissions: @Sendable (String) -> Int?

    public init(read: @escaping @Sendable (String) throws -> [UInt8], permissions: @escaping @Sendable (String) -> Int?)
    {
        self.read = read
        self.permissions = permissions
    }

    /// Files on disk, paths relative to the working directory.
    public static let disk = ScanFiles(
        read: { path in
            guard let data = FileManager.default.contents(atPath: path) else { throw UnreadableFile(path: path) }
            return Array(data)
        },
        permissions: { path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            return (attributes?[.posixPermissions] as? NSNumber)?.intValue
        })

    /// A file that could not be read.
    public struct UnreadableFile: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "cannot read \(path)" }
    }
}
