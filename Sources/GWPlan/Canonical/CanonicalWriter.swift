/// Writes canonical JSON directly into bytes: the fast path for revisions, which `check` hashes
/// for every environment of files with 100k routes.
///
/// Callers write object members in sorted key order themselves (the order is fixed per type, so
/// no sorting happens at run time); dictionaries are sorted by their keys' UTF-8 bytes. A test
/// keeps the output byte-identical to `JSONEncoder` with `.sortedKeys`, which reads it back.
struct CanonicalWriter: ~Copyable {
    // A buffer of its own rather than `[UInt8]`: every `append` on an array checks uniqueness and
    // capacity through the runtime, and the generic `append(contentsOf:)` costs more than the few
    // bytes of a key it copies; together they were a third of writing a 10k-route revision.
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    private var first = true

    init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// The bytes written so far, valid during `body` only.
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// A copy of the bytes written so far.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    @inline(never)
    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// Appends bytes the caller has reserved room for.
    @inline(__always)
    private mutating func appendReserved(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let source = buffer.baseAddress else { return }
        (base + count).update(from: source, count: buffer.count)
        count += buffer.count
    }

    private mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        reserve(buffer.count)
        appendReserved(buffer)
    }

    private mutating func separate() {
        if !first { append(UInt8(ascii: ",")) }
        first = false
    }

    mutating func object(_ body: (inout CanonicalWriter) -> Void) {
        append(UInt8(ascii: "{"))
        first = true
        body(&self)
        append(UInt8(ascii: "}"))
        first = false
    }

    mutating func array(_ body: (inout CanonicalWriter) -> Void) {
        append(UInt8(ascii: "["))
        first = true
        body(&self)
        append(UInt8(ascii: "]"))
        first = false
    }

    /// Starts a member: `,"key":` (the value follows).
    mutating func key(_ key: String) {
        separate()
        writeString(key)
        append(UInt8(ascii: ":"))
        first = true
    }

    /// Starts a member whose name is a literal of the plan's schema: plain ASCII that needs no
    /// escaping, copied as is (checking and escaping every literal key was a third of the writer).
    mutating func key(_ key: StaticString) {
        let length = key.utf8CodeUnitCount
        reserve(length + 4)
        if !first {
            base[count] = UInt8(ascii: ",")
            count += 1
        }
        base[count] = UInt8(ascii: "\"")
        count += 1
        appendReserved(UnsafeBufferPointer(start: key.utf8Start, count: length))
        base[count] = UInt8(ascii: "\"")
        base[count + 1] = UInt8(ascii: ":")
        count += 2
        first = true
    }

    /// Starts an array element.
    mutating func element() {
        separate()
        first = true
    }

    mutating func string(_ value: String) { writeString(value); first = false }
    mutating func bool(_ value: Bool) {
        let text: StaticString = value ? "true" : "false"
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        first = false
    }
    mutating func int(_ value: Int) { int64(Int64(value)) }

    /// Decimal digits written straight into the buffer: `String(value)` went through the generic
    /// integer printer for every number of every route.
    mutating func int64(_ value: Int64) {
        first = false
        reserve(20)
        if value < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        var magnitude = value.magnitude
        var digits = 1
        var scale: UInt64 = 10
        while digits < 20, magnitude >= scale {
            digits += 1
            scale = scale &* 10
        }
        var position = count + digits
        count = position
        repeat {
            position -= 1
            base[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
    }

    /// Integers without a fraction; other numbers in the shortest text that reads back exactly.
    mutating func number(_ value: Double) {
        if value == value.rounded(.towardZero), abs(value) < 9.007_199_254_740_992e15 {
            int64(Int64(value))
        } else {
            var text = value.description
            text.withUTF8 { append($0) }
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
        // Sorting positions with their keys finds each value without hashing its key again.
        var members: [(key: String, index: Dictionary<String, T>.Index)] = []
        members.reserveCapacity(dictionary.count)
        var index = dictionary.startIndex
        while index != dictionary.endIndex {
            members.append((dictionary[index].key, index))
            dictionary.formIndex(after: &index)
        }
        members.sort { $0.key < $1.key }
        object { writer in
            for member in members {
                writer.key(member.key)
                write(dictionary[member.index].value, &writer)
            }
        }
    }

    private mutating func writeString(_ value: String) {
        var value = value
        value.withUTF8 { buffer in
            reserve(buffer.count + 2)
            base[count] = UInt8(ascii: "\"")
            count += 1
            // Fast path: most strings need no escaping and are copied in one go.
            if !buffer.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                appendReserved(buffer)
            } else {
                writeEscaped(buffer)
            }
            append(UInt8(ascii: "\""))
        }
    }

    private mutating func writeEscaped(_ buffer: UnsafeBufferPointer<UInt8>) {
        for byte in buffer {
            switch byte {
            case UInt8(ascii: "\""): append(UInt8(ascii: "\\")); append(byte)
            case UInt8(ascii: "\\"): append(UInt8(ascii: "\\")); append(byte)
            case UInt8(ascii: "\n"): append(UInt8(ascii: "\\")); append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): append(UInt8(ascii: "\\")); append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): append(UInt8(ascii: "\\")); append(UInt8(ascii: "t"))
            case 0x08: append(UInt8(ascii: "\\")); append(UInt8(ascii: "b"))
            case 0x0C: append(UInt8(ascii: "\\")); append(UInt8(ascii: "f"))
            case 0..<0x20:
                let hex: StaticString = "0123456789abcdef"
                for escapeByte in [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")] {
                    append(escapeByte)
                }
                append(hex.utf8Start[Int(byte >> 4)])
                append(hex.utf8Start[Int(byte & 15)])
            default: append(byte)
            }
        }
    }
}

/// A plan type that writes its own canonical JSON (members in sorted key order).
protocol CanonicalJSONWritable {
    func write(to writer: inout CanonicalWriter)
}
