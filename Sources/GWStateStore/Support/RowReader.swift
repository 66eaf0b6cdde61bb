import Foundation
import GRDB

/// Reads the columns of one row of one table, turning a value of the wrong type (a damaged or
/// hand-edited database) into `UnreadableRow` instead of a trap.
struct RowReader {
    let row: Row
    let table: String

    init(_ row: Row, table: String) {
        self.row = row
        self.table = table
    }

    func value<Value: DatabaseValueConvertible>(_ column: String) throws -> Value {
        do {
            return try row.decode(forColumn: column)
        } catch {
            throw UnreadableRow(table: table, reason: "column \(column) does not hold a \(Value.self)")
        }
    }

    /// Dates are stored as seconds since 1970 (REAL), so they sort and subtract in SQL.
    func date(_ column: String) throws -> Date {
        Date(timeIntervalSince1970: try value(column) as Double)
    }

    func optionalDate(_ column: String) throws -> Date? {
        (try value(column) as Double?).map { Date(timeIntervalSince1970: $0) }
    }

    /// A value stored as JSON text (sorted keys); NULL reads as nil.
    func json<Value: Decodable>(_ column: String) throws -> Value? {
        guard let text = try value(column) as String? else { return nil }
        do {
            return try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        } catch {
            throw UnreadableRow(table: table, reason: "column \(column) does not hold a \(Value.self) as JSON")
        }
    }

    /// The JSON text `json(_:)` reads back; nil for nil.
    static func jsonText<Value: Encodable>(_ value: Value?) -> String? {
        guard let value else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A status or kind stored by its raw value; one this version does not know is reported, not guessed.
    func enumeration<Value: RawRepresentable>(_ column: String) throws -> Value where Value.RawValue == String {
        let raw: String = try value(column)
        guard let known = Value(rawValue: raw) else {
            throw UnreadableRow(
                table: table, reason: "column \(column) holds '\(raw)', which this gwpipe does not know")
        }
        return known
    }
}

/// A row that `RowReader` could not read; `StateStore` adds the file's path.
struct UnreadableRow: Error {
    var table: String
    var reason: String
}
