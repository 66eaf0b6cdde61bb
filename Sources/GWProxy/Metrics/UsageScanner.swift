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

    private var phase = Phase.seeking
    private var matched = 0
    private var depth = 0
    private var objectBytes = 0
    private var inString = false
    private var escaped = false
    private var stringHash: UInt64 = 0
    private var key: UInt64 = 0
    private var expectingValue = false
    private var number: Int?
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
            step(bytes[index])
            index += 1
        }
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
                depth = 1
                objectBytes = 0
                inString = false
                expectingValue = false
                number = nil
            default:
                // `"usage": null` (OpenAI streams before the last chunk), or the word in some text.
                phase = .seeking
                matched = byte == UInt8(ascii: "\"") ? 1 : 0
            }
        case .inObject:
            objectBytes += 1
            if objectBytes > UsageScanner.objectLimit {
                phase = .seeking
                return
            }
            inObject(byte)
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

    private mutating func inObject(_ byte: UInt8) {
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
                if depth == 1, !expectingValue { key = stringHash }
            } else {
                stringHash = (stringHash ^ UInt64(byte)) &* UsageScanner.fnvPrime
            }
            return
        }
        if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            if depth == 1, expectingValue {
                let digit = Int(byte - UInt8(ascii: "0"))
                let value = (number ?? 0)
                number = value < 1_000_000_000_000 ? value * 10 + digit : value
            }
            return
        }
        if let value = number {
            assign(value)
            number = nil
            expectingValue = false
        }
        switch byte {
        case UInt8(ascii: "\""):
            inString = true
            stringHash = UsageScanner.fnvOffset
        case UInt8(ascii: ":"):
            if depth == 1 { expectingValue = true }
        case UInt8(ascii: ","):
            if depth == 1 { expectingValue = false }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            depth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            depth -= 1
            if depth == 0 { phase = .seeking }
        default:
            break
        }
    }

    private mutating func assign(_ value: Int) {
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
