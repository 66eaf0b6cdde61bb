/// Writes canonical JSON directly into bytes: the fast path for revisions, which `check` hashes
/// for every environment of files with 100k routes.
///
/// Callers write object members in sorted key order themselves (the order is fixed per type, so
/// no sorting happens at run time); dictionaries are sorted by their keys' UTF-8 bytes. A test
/// keeps the output byte-identical to `JSONEncoder` with `.sortedKeys`, which reads it back.
struct CanonicalWriter {
    private(set) var bytes: [UInt8] = []
    private var first = true

    init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }

    private mutating func separate() {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
    }

    mutating func object(_ body: (inout CanonicalWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        first = true
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        first = false
    }

    mutating func array(_ body: (inout CanonicalWriter) -> Void) {
        bytes.append(UInt8(ascii: "["))
        first = true
        body(&self)
        bytes.append(UInt8(ascii: "]"))
        first = false
    }

    /// Starts a member: `,"key":` (the value follows).
    mutating func key(_ key: String) {
        separate()
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
        first = true
    }

    /// Starts a member whose name is a literal of the plan's schema: plain ASCII that needs no
    /// escaping, copied as is (checking and escaping every literal key was a third of the writer).
    mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        first = true
    }

    /// Starts an array element.
    mutating func element() {
        separate()
        first = true
    }

    mutating func string(_ value: String) { writeString(value); first = false }
    mutating func bool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8); first = false }
    mutating func int(_ value: Int) { int64(Int64(value)) }

    /// Decimal digits written straight into the buffer: `String(value)` went through the generic
    /// integer printer for every number of every route.
    mutating func int64(_ value: Int64) {
        first = false
        if value >= 0, value < 10 {
            bytes.append(UInt8(ascii: "0") &+ UInt8(value))
            return
        }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Integers without a fraction; other numbers in the shortest text that reads back exactly.
    mutating func number(_ value: Double) {
        if value == value.rounded(.towardZero), abs(value) < 9.007_199_254_740_992e15 {
            int64(Int64(value))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
        first = false
    }

    mutating func field(_ name: StaticString, _ value: String) { key(name); string(value) }
    mutating func field(_ name: StaticString, _ value: Double) { key(name); number(value) }
    mutating func field(_ name: StaticString, _ value: Int) { key(name); int(value) }
    mutating func field(_ name: StaticString, _ value: Bool) { key(name); bool(value) }
    /// Absent optionals are left out, as `JSONEncoder` does.
    mutating func field(_ name: StaticString, _ value: String?) { if let value { field(name, value) } }
    mutating func field(_ name: StaticString, _ value: Double?) { if let value { field(name, value) } }
    mutating func field(_ name: StaticString, _ value: Int64?) { if let value { key(name); int64(value) } }

    mutating func field(_ name: StaticString, _ values: [String]) {
        key(name)
        array { writer in for value in values { writer.element(); writer.string(value) } }
    }

    mutating func field(_ name: StaticString, _ values: [Double]) {
        key(name)
        array { writer in for value in values { writer.element(); writer.number(value) } }
    }

    mutating func field<T: CanonicalJSONWritable>(_ name: StaticString, _ value: T?) {
        guard let value else { return }
        key(name)
        value.write(to: &self)
    }

    mutating func field<T: CanonicalJSONWritable>(_ name: StaticString, _ values: [T]) {
        key(name)
        array { writer in for value in values { writer.element(); value.write(to: &writer) } }
    }

    /// A dictionary as an object with keys in UTF-8 byte order.
    mutating func field<T>(_ name: StaticString, _ dictionary: [String: T], _ write: (T, inout CanonicalWriter) -> Void) {
        key(name)
        // For NFC text (all keys here: names, methods and paths) String's `<` is UTF-8 byte order, and fast.
        let keys = dictionary.keys.sorted(by: <)
        object { writer in
            for member in keys {
                writer.key(member)
                write(dictionary[member]!, &writer)
            }
        }
    }

    private mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        // Fast path: most strings need no escaping and are copied in one go.
        let plain = value.utf8.withContiguousStorageIfAvailable { buffer -> Bool in
            guard !buffer.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            bytes.append(contentsOf: buffer)
            return true
        }
        if plain == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        var utf8 = value.utf8.makeIterator()
        while let byte = utf8.next() {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0x08: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "f"))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 15)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// A plan type that writes its own canonical JSON (members in sorted key order).
protocol CanonicalJSONWritable {
    func write(to writer: inout CanonicalWriter)
}
