import Foundation
import GRDB

/// The record of everything gwpipe did: runs, their steps and test cases, gate evaluations,
/// revisions, deployments, flag rollouts, metric samples and the append-only audit log, in one
/// SQLite file (WAL mode, so `gwpipe serve` and `gwpipe run` can share it).
///
/// Every write is its own transaction, so a process killed at any moment leaves a consistent
/// database: a run or deployment that was in flight stays `running` / `in_progress` until
/// `markInterruptedRuns(now:)` notices its process is gone. Calls are synchronous and throw
/// `StateStoreError`.
public final class StateStore: Sendable {
    /// Where the store lives when neither `--state` nor `GWPIPE_STATE` names a file.
    public static let defaultPath = ".gwpipe/state.db"
    /// The environment variable that names the store's file.
    public static let environmentVariable = "GWPIPE_STATE"

    /// The database file, as given to `open(path:)`.
    public let path: String
    let pool: DatabasePool

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
    }

    /// The store's path for a command: the `--state` option beats `GWPIPE_STATE`, which beats
    /// `defaultPath`. Empty values count as unset.
    public static func resolvedPath(option: String?, environment: [String: String]) -> String {
        if let option, !option.isEmpty { return option }
        if let variable = environment[environmentVariable], !variable.isEmpty { return variable }
        return defaultPath
    }

    /// Opens (creating it and its parent folders if missing) the store at `path` and brings its
    /// tables up to date. It does not touch in-flight runs: call `markInterruptedRuns(now:)` for that.
    public static func open(path: String) throws -> StateStore {
        guard !path.isEmpty else { throw StateStoreError.cannotOpen(path: path, reason: "the path is empty") }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue { throw StateStoreError.isDirectory(path: path) }
        if exists && !FileManager.default.isReadableFile(atPath: path) {
            throw StateStoreError.cannotOpen(path: path, reason: "permission denied")
        }
        if !exists { try createParentDirectory(of: path) }

        var configuration = Configuration()
        configuration.label = "gwpipe.state"
        configuration.foreignKeysEnabled = true
        // `serve` and `run` may write at the same moment; wait for the other's short transaction.
        configuration.busyMode = .timeout(10)
        var pool: DatabasePool?
        // Switching a new file to WAL takes a lock that a second process opening it at the same
        // moment cannot wait for; it tries again shortly.
        for attempt in 0..<6 {
            do {
                pool = try DatabasePool(path: path, configuration: configuration)
                break
            } catch let error as DatabaseError
                where attempt < 5 && (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED)
            {
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt + 1))
            } catch {
                throw translate(error, path: path)
            }
        }
        guard let pool else { throw StateStoreError.cannotOpen(path: path, reason: "the database stayed locked") }
        let store = StateStore(path: path, pool: pool)
        try store.migrate()
        return store
    }

    /// Closes the database; later calls fail with a clear error instead of reopening it.
    public func close() throws {
        do { try pool.close() } catch { throw Self.translate(error, path: path) }
    }

    private func migrate() throws {
        let migrator = StateSchema.migrator
        do {
            let unknown = try pool.read { db in
                try migrator.appliedIdentifiers(db).subtracting(StateSchema.migrationNames).sorted()
            }
            if !unknown.isEmpty { throw StateStoreError.newerSchema(path: path, unknownMigrations: unknown) }
            // Two processes opening a new store at once (a run and a serve) may both find it empty;
            // the one that loses sees the other's tables, and its second look finds nothing to do.
            var attempt = 0
            while true {
                do {
                    try migrator.migrate(pool)
                    break
                } catch is DatabaseError where attempt < 3 {
                    attempt += 1
                    Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
                }
            }
        } catch {
            throw Self.translate(error, path: path)
        }
    }

    private static func createParentDirectory(of path: String) throws {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw StateStoreError.cannotCreateDirectory(path: parent.path, reason: Self.reason(of: error))
        }
    }

    // MARK: - Transactions

    /// One write transaction; errors come out as `StateStoreError`.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch { throw Self.translate(error, path: path) }
    }

    /// One read (a snapshot: writes of other connections do not show half-way through).
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch { throw Self.translate(error, path: path) }
    }

    /// Maps SQLite and GRDB errors to messages that name the file and never quote SQL arguments.
    static func translate(_ error: any Error, path: String) -> StateStoreError {
        if let error = error as? StateStoreError { return error }
        if let error = error as? DatabaseError {
            let reason = error.message ?? "SQLite error \(error.resultCode.rawValue)"
            switch error.resultCode {
            case .SQLITE_NOTADB: return .notADatabase(path: path)
            case .SQLITE_CORRUPT: return .corrupt(path: path, reason: reason)
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH: return .cannotOpen(path: path, reason: reason)
            default: return .database(path: path, reason: reason)
            }
        }
        if let error = error as? UnreadableRow {
            return .unreadableRow(path: path, table: error.table, reason: error.reason)
        }
        return .database(path: path, reason: reason(of: error))
    }

    private static func reason(of error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
            let posix = POSIXErrorCode(rawValue: Int32(underlying.code)), underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(posix.rawValue))
        }
        return nsError.localizedDescription
    }
}
