/// Why the state store could not be opened, read or written, always naming the database file.
public enum StateStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path names a directory, not a database file.
    case isDirectory(path: String)
    /// The folder that should hold the database could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// SQLite could not open the file (permissions, a missing parent, a read-only file system).
    case cannotOpen(path: String, reason: String)
    /// The file exists but is not a SQLite database.
    case notADatabase(path: String)
    /// The file is a SQLite database whose pages are damaged.
    case corrupt(path: String, reason: String)
    /// The database was migrated by a newer gwpipe; this one does not know its tables.
    case newerSchema(path: String, unknownMigrations: [String])
    /// A read or write failed for another reason (a full disk, a lock held too long, a constraint).
    case database(path: String, reason: String)
    /// A row holds a value this version cannot read (a status it does not know, a bad date).
    case unreadableRow(path: String, table: String, reason: String)
    /// A call named a record that does not exist (finishing an unknown run or deployment).
    case notFound(path: String, what: String)

    public var description: String {
        switch self {
        case .isDirectory(let path):
            return "\(path): error: the state store path is a directory; give a file such as \(path)/state.db"
        case .cannotCreateDirectory(let path, let reason):
            return "\(path): error: cannot create the state store's folder: \(reason)"
        case .cannotOpen(let path, let reason):
            return "\(path): error: cannot open the state store: \(reason)"
        case .notADatabase(let path):
            return "\(path): error: not a gwpipe state store (the file is not a SQLite database); "
                + "move it away or point --state / GWPIPE_STATE elsewhere"
        case .corrupt(let path, let reason):
            return "\(path): error: the state store is damaged (\(reason)); restore it from a backup or move it away"
        case .newerSchema(let path, let unknown):
            return "\(path): error: the state store was written by a newer gwpipe "
                + "(unknown migrations: \(unknown.joined(separator: ", "))); upgrade gwpipe to read it"
        case .database(let path, let reason):
            return "\(path): error: state store: \(reason)"
        case .unreadableRow(let path, let table, let reason):
            return "\(path): error: a row of table \(table) cannot be read: \(reason)"
        case .notFound(let path, let what):
            return "\(path): error: \(what) is not in the state store"
        }
    }
}
