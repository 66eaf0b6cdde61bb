/// Reads token counts from a response's `usage` object as the bytes go by, without parsing the
/// JSON: OpenAI `total_tokens` (or `prompt_tokens + completion_tokens`), Anthropic
/// `input_tokens + output_tokens`. It keeps a few integers of state, so it works across chunk
/// boundaries, on pretty-printed bodies and on SSE streams, where each `usage` seen updates the
/// counts (Anthropic sends `input_tokens` first and the final `output_tokens` last). Nested objects
/// such as `prompt_tokens_details` are skipped. A byte budget bounds the work on huge bodies.
struct UsageScanner {
    private enum Phase {
        /// Looking for `"usage"`.
        case seeking
        /// After `"usage"`: expecting `:` then `{`.
        case afterKey(sawColon: Bool)
        /// Inside the usage object.
        case inObject
    }

    /// `"usage"`, byte by byte (a switch rather than an array: this runs for every body byte).
    private static func pattern(_ index: Int) -> UInt8 {
        switch index {
        case 1: UInt8(ascii: "u")
        case 2: UInt8(ascii: "s")
        case 3: UInt8(ascii: "a")
        case 4: UInt8(ascii: "g")
        case 5: UInt8(ascii: "e")
        default: UInt8(ascii: "\"")
        }
    }

    private static let patternLength = 7
    /// A usage object is a few hundred bytes; anything longer is not one.
    private static let objectLimit = 4096

    /// Where the scan is inside a usage object.
    private struct ObjectCursor {
        var depth = 1
        var objectBytes = 0
        var inString = false
        var escaped = false
        var stringHash: UInt64 = 0
        var key: UInt64 = 0
        var expectingValue = false
        var number: Int?
    }

    private var phase = Phase.seeking
    private var matched = 0
    private var cursor = ObjectCursor()
    private var remaining: Int

    private var total: Int?
    private var prompt: Int?
    private var completion: Int?
    private var input: Int?
    private var output: Int?

    /// Scans at most `budget` bytes; 0 turns it off.
    init(budget: Int) {
        remaining = budget
    }

    /// The tokens found so far, 0 when no usage was seen.
    var tokens: Int {
        if let total { return total }
        if prompt != nil || completion != nil { return (prompt ?? 0) + (completion ?? 0) }
        return (input ?? 0) + (output ?? 0)
    }

    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard remaining > 0, let base = bytes.baseAddress else { return }
        let count = min(bytes.count, remaining)
        remaining -= count
        var index = 0
        while index < count {
            if case .seeking = phase, matched == 0 {
                // Nothing pending: skip ahead to the next `"u`, 16 bytes at a time. Most of a body
                // is skipped this way; the state machine only sees the bytes near a candidate.
                index = UsageScanner.nextCandidate(base, from: index, count: count)
                if index >= count { return }
            }
            if case .inObject = phase {
                index = scanObject(base.assumingMemoryBound(to: UInt8.self), from: index, count: count)
                continue
            }
            step(bytes[index])
            index += 1
        }
    }

    /// Reads the usage object from `start` until it ends or the bytes do, with the cursor in a
    /// local copy written back once, not for every byte; returns where it stopped.
    private mutating func scanObject(_ bytes: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
        var cursor = self.cursor
        defer { self.cursor = cursor }
        var index = start
        while index < count {
            if cursor.inString, !cursor.escaped {
                // Most of a usage object is its keys: their bytes go into the hash in a tight loop
                // that stops at the closing quote or an escape, which the byte-wise path handles.
                var hash = cursor.stringHash
                let first = index
                let end = min(count, index + (UsageScanner.objectLimit - cursor.objectBytes))
                while index < end {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { break }
                    hash = (hash ^ UInt64(byte)) &* UsageScanner.fnvPrime
                    index += 1
                }
                cursor.stringHash = hash
                cursor.objectBytes += index - first
                if index == count { return index }
            }
            let byte = bytes[index]
            index += 1
            cursor.objectBytes += 1
            if cursor.objectBytes > UsageScanner.objectLimit {
                phase = .seeking
                return index
            }
            if inObject(byte, &cursor) {
                phase = .seeking
                return index
            }
        }
        return index
    }

    /// The offset of the next `"` followed by `u` at or after `start`, or a few bytes before the end
    /// (where a match could straddle into the next chunk), so the byte-wise path takes over there.
    private static func nextCandidate(_ base: UnsafeRawPointer, from start: Int, count: Int) -> Int {
        var index = start
        let quote = SIMD16<UInt8>(repeating: UInt8(ascii: "\""))
        let u = SIMD16<UInt8>(repeating: UInt8(ascii: "u"))
        while index + 17 <= count {
            let here = base.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
            let next = base.loadUnaligned(fromByteOffset: index + 1, as: SIMD16<UInt8>.self)
            let hits = (here .== quote) .& (next .== u)
            if any(hits) {
                for lane in 0..<16 where hits[lane] { return index + lane }
            }
            index += 16
        }
        return index
    }

    mutating func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
    }

    private mutating func step(_ byte: UInt8) {
        switch phase {
        case .seeking:
            if byte == UsageScanner.pattern(matched) {
                matched += 1
                if matched == UsageScanner.patternLength {
                    matched = 0
                    phase = .afterKey(sawColon: false)
                }
            } else {
                matched = byte == UInt8(ascii: "\"") ? 1 : 0
            }
        case .afterKey(let sawColon):
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): break
            case UInt8(ascii: ":") where !sawColon: phase = .afterKey(sawColon: true)
            case UInt8(ascii: "{") where sawColon:
                phase = .inObject
                cursor = ObjectCursor()
            default:
                // `"usage": null` (OpenAI streams before the last chunk), or the word in some text.
                phase = .seeking
                matched = byte == UInt8(ascii: "\"") ? 1 : 0
            }
        case .inObject:
            break  // read by `scanObject`
        }
    }

    private static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let fnvPrime: UInt64 = 0x100_0000_01b3

    private static func hash(_ text: String) -> UInt64 {
        text.utf8.reduce(fnvOffset) { ($0 ^ UInt64($1)) &* fnvPrime }
    }

    private static let totalKey = hash("total_tokens")
    private static let promptKey = hash("prompt_tokens")
    private static let completionKey = hash("completion_tokens")
    private static let inputKey = hash("input_tokens")
    private static let outputKey = hash("output_tokens")

    /// One byte of the usage object; true when the object ended with it.
    @inline(__always)
    private mutating func inObject(_ byte: UInt8, _ cursor: inout ObjectCursor) -> Bool {
        if cursor.inString {
            if cursor.escaped {
                cursor.escaped = false
            } else if byte == UInt8(ascii: "\\") {
                cursor.escaped = true
            } else if byte == UInt8(ascii: "\"") {
                cursor.inString = false
                if cursor.depth == 1, !cursor.expectingValue { cursor.key = cursor.stringHash }
            } else {
                cursor.stringHash = (cursor.stringHash ^ UInt64(byte)) &* UsageScanner.fnvPrime
            }
            return false
        }
        if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            if cursor.depth == 1, cursor.expectingValue {
                let digit = Int(byte - UInt8(ascii: "0"))
                let value = (cursor.number ?? 0)
                cursor.number = value < 1_000_000_000_000 ? value * 10 + digit : value
            }
            return false
        }
        if let value = cursor.number {
            assign(value, key: cursor.key)
            cursor.number = nil
            cursor.expectingValue = false
        }
        switch byte {
        case UInt8(ascii: "\""):
            cursor.inString = true
            cursor.stringHash = UsageScanner.fnvOffset
        case UInt8(ascii: ":"):
            if cursor.depth == 1 { cursor.expectingValue = true }
        case UInt8(ascii: ","):
            if cursor.depth == 1 { cursor.expectingValue = false }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            cursor.depth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            cursor.depth -= 1
            if cursor.depth == 0 { return true }
        default:
            break
        }
        return false
    }

    private mutating func assign(_ value: Int, key: UInt64) {
        switch key {
        case UsageScanner.totalKey: total = value
        case UsageScanner.promptKey: prompt = value
        case UsageScanner.completionKey: completion = value
        case UsageScanner.inputKey: input = value
        case UsageScanner.outputKey: output = value
        default: break
        }
    }
}
