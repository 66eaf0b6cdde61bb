/// Finds text that looks like a provider API key or access token, and masks it.
///
/// Keys are recognised by their published prefixes and lengths (OpenAI `sk-`/`sk-proj-`,
/// Anthropic `sk-ant-`, AWS `AKIA`, Google `AIza`, GitHub `ghp_`, Slack `xoxb-`, Hugging Face
/// `hf_`, Groq `gsk_`, Stripe `sk_live_`), taken over a whole run of key characters so a key is
/// never matched in the middle of a longer word. SHA-256 hashes (64 hex digits) are not keys.
public enum KeyLikeText {
    /// A prefix, the fewest characters after it, and what a match is called.
    private struct Pattern {
        var prefix: String
        var minimumBody: Int
        /// The exact body length, where the provider fixes it.
        var exactBody: Int?
        var kind: String
        var uppercaseBody = false
        var needsDigitAndLetter = false
    }

    // Longer prefixes first: `sk-ant-` must win over `sk-`.
    private static let patterns: [Pattern] = [
        Pattern(prefix: "sk-ant-", minimumBody: 20, kind: "an Anthropic API key"),
        Pattern(prefix: "sk-proj-", minimumBody: 20, kind: "an OpenAI API key"),
        Pattern(prefix: "sk-svcacct-", minimumBody: 20, kind: "an OpenAI API key"),
        Pattern(prefix: "sk-admin-", minimumBody: 20, kind: "an OpenAI admin key"),
        Pattern(prefix: "sk_live_", minimumBody: 16, kind: "a Stripe secret key"),
        Pattern(prefix: "rk_live_", minimumBody: 16, kind: "a Stripe restricted key"),
        Pattern(prefix: "sk-", minimumBody: 20, kind: "an OpenAI-style API key", needsDigitAndLetter: true),
        Pattern(prefix: "AKIA", minimumBody: 16, exactBody: 16, kind: "an AWS access key id", uppercaseBody: true),
        Pattern(prefix: "ASIA", minimumBody: 16, exactBody: 16, kind: "an AWS access key id", uppercaseBody: true),
        Pattern(prefix: "AIza", minimumBody: 35, exactBody: 35, kind: "a Google API key"),
        Pattern(prefix: "github_pat_", minimumBody: 22, kind: "a GitHub token"),
        Pattern(prefix: "ghp_", minimumBody: 36, kind: "a GitHub token"),
        Pattern(prefix: "gho_", minimumBody: 36, kind: "a GitHub token"),
        Pattern(prefix: "ghu_", minimumBody: 36, kind: "a GitHub token"),
        Pattern(prefix: "ghs_", minimumBody: 36, kind: "a GitHub token"),
        Pattern(prefix: "xoxb-", minimumBody: 10, kind: "a Slack token"),
        Pattern(prefix: "xoxp-", minimumBody: 10, kind: "a Slack token"),
        Pattern(prefix: "xoxa-", minimumBody: 10, kind: "a Slack token"),
        Pattern(prefix: "gsk_", minimumBody: 40, kind: "a Groq API key"),
        Pattern(prefix: "hf_", minimumBody: 30, kind: "a Hugging Face token"),
    ]

    /// Letters, digits, `-` and `_`: the characters keys are made of.
    private static func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    /// Every key-like run in `bytes`, in order.
    public static func matches(in bytes: [UInt8]) -> [KeyLikeMatch] {
        var found: [KeyLikeMatch] = []
        var index = 0
        let count = bytes.count
        while index < count {
            guard isKeyByte(bytes[index]) else {
                index += 1
                continue
            }
            // `--sk-...` or `_AKIA...`: separators before a key are not part of it.
            if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "_") {
                index += 1
                continue
            }
            var end = index
            while end < count, isKeyByte(bytes[end]) { end += 1 }
            if let kind = classify(bytes[index..<end]) {
                let prefix = String(decoding: bytes[index..<min(index + 3, end)], as: UTF8.self)
                found.append(KeyLikeMatch(offset: index, length: end - index, kind: kind, visiblePrefix: prefix))
            }
            index = end
        }
        return found
    }

    /// Every key-like run in `text`; offsets count UTF-8 bytes.
    public static func matches(in text: String) -> [KeyLikeMatch] {
        matches(in: Array(text.utf8))
    }

    /// `text` with every key-like run replaced by its first three characters and its length
    /// (`sk-…(51 characters)`), for messages that quote what a user wrote.
    public static func masked(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let found = matches(in: bytes)
        guard !found.isEmpty else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var cursor = 0
        for match in found {
            out += bytes[cursor..<match.offset]
            out += Array("\(match.visiblePrefix)…(\(match.length) characters)".utf8)
            cursor = match.offset + match.length
        }
        out += bytes[cursor...]
        return String(decoding: out, as: UTF8.self)
    }

    private static func classify(_ run: ArraySlice<UInt8>) -> String? {
        // A SHA-256 in hex is what keys files are meant to hold, not a key.
        if run.count == 64, run.allSatisfy(isHexDigit) { return nil }
        for pattern in patterns {
            let prefix = Array(pattern.prefix.utf8)
            guard run.count > prefix.count, run.starts(with: prefix) else { continue }
            let body = run.dropFirst(prefix.count)
            if let exact = pattern.exactBody, body.count != exact { continue }
            guard body.count >= pattern.minimumBody else { continue }
            if pattern.uppercaseBody, !body.allSatisfy(isUppercaseOrDigit) { continue }
            if pattern.needsDigitAndLetter, !(body.contains(where: isDigit) && body.contains(where: isLetter)) {
                continue
            }
            return pattern.kind
        }
        return nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    private static func isUppercaseOrDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }
}
