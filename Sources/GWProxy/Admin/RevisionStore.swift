import Foundation
import GWPlan
import NIOConcurrencyHelpers

/// The revisions a gateway knows, by id, optionally persisted under a state directory so a
/// restarted `gwpipe serve` comes back on its last promoted revision rather than the file on disk.
///
/// Layout: `revisions/<hex>.json` (canonical JSON) and `stable` (the id of the stable revision).
/// Files are written to a temporary name and renamed, so a kill at any moment leaves either the
/// old or the new state, never a torn one.
public final class RevisionStore: Sendable {
    private let directory: URL?
    private let revisions = NIOLockedValueBox<[String: GatewayRevision]>([:])

    public init(directory: URL?) throws {
        self.directory = directory
        if let directory {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("revisions"), withIntermediateDirectories: true)
        }
    }

    /// Stores a revision after checking that `id` is the SHA-256 of its canonical JSON.
    public func add(_ revision: GatewayRevision, id: String) throws {
        let actual = CanonicalJSON.revisionId(of: revision)
        guard actual == id else {
            throw GatewayControlError(status: 400, message: "revision id \(id) does not match its content (\(actual))")
        }
        revisions.withLockedValue { $0[id] = revision }
        if let directory {
            try write(CanonicalJSON.encode(revision), to: directory.appendingPathComponent("revisions/\(Self.fileName(id))"))
        }
    }

    public func revision(_ id: String) -> GatewayRevision? {
        if let revision = revisions.withLockedValue({ $0[id] }) { return revision }
        guard let directory,
            let data = FileManager.default.contents(atPath: directory.appendingPathComponent("revisions/\(Self.fileName(id))").path),
            let revision = try? CanonicalJSON.decode(GatewayRevision.self, from: data),
            CanonicalJSON.revisionId(of: revision) == id
        else { return nil }
        revisions.withLockedValue { $0[id] = revision }
        return revision
    }

    public var ids: [String] { revisions.withLockedValue { $0.keys.sorted() } }

    /// Records which revision is stable (after a deploy or a promote).
    public func markStable(_ id: String) throws {
        guard let directory else { return }
        try write(Data(id.utf8), to: directory.appendingPathComponent("stable"))
    }

    /// The stable revision recorded by an earlier run, if its file is intact.
    public func recordedStable() -> (GatewayRevision, String)? {
        guard let directory, let data = FileManager.default.contents(atPath: directory.appendingPathComponent("stable").path) else {
            return nil
        }
        let id = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return revision(id).map { ($0, id) }
    }

    private static func fileName(_ id: String) -> String {
        id.replacingOccurrences(of: "sha256:", with: "") + ".json"
    }

    private func write(_ data: Data, to url: URL) throws {
        let temporary = url.appendingPathExtension("tmp-\(UInt32.random(in: 0...UInt32.max))")
        try data.write(to: temporary)
        // rename(2) replaces the destination atomically, whether or not it exists yet.
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw GatewayControlError(status: 500, message: "cannot write \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}
