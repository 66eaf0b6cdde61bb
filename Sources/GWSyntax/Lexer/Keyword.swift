/// Every word the language gives a meaning to. Keywords are contextual: the lexer marks a word
/// as a keyword, and the parser decides from its position whether it is one (`timeout 60s` in a
/// route) or a plain name (`timeout = 30s` in a provider).
///
/// `grammar/gwpipe.ebnf` and `grammar/gwpipe.tmLanguage.json` must mention every case; a test
/// keeps them in step.
public enum Keyword: String, Sendable, CaseIterable {
    // Declarations
    case gateway, `import`, `let`, param, secret, provider, keys, flag, route, environment, pipeline, mock
    // Route statements
    case match, auth, limit, by, timeout, when, `else`, retry, on, backoff, fallback, breaker, open, after, `for`, `as`
    // Flag statements
    case enable, sticky
    // Pipeline structure and steps
    case stage, parallel, failure, check, scan, test, with, mocks, against, run, deploy, wait, gate, over
    case approve, notify, rollback
    // Strategies and their statements
    case canary, blue_green, rolling, rollout, step, analyze, every, abort, verify, keep_previous, batch, pause
    case health, synthetic
    // Literals and operators
    case `true`, `false`, off, and, or, not, `in`, matches

    /// Looks a word up without allocating a `String`; `nil` for ordinary identifiers.
    static func lookup(_ bytes: ArraySlice<UInt8>) -> Keyword? {
        // Every keyword is 2 to 13 ASCII bytes long; skip the table for anything else.
        guard bytes.count >= 2, bytes.count <= 13, let word = PackedWord(bytes) else { return nil }
        for entry in buckets[bucket(count: word.count, first: word.first)] where entry.word == word {
            return entry.keyword
        }
        return nil
    }

    /// Buckets by length and first letter hold one or two keywords each, so a lookup is a couple of
    /// integer comparisons (a `[String: Keyword]` needed a decoded, hashed string per word).
    @inline(__always)
    private static func bucket(count: Int, first: UInt8) -> Int {
        count << 5 | Int(first & 31)
    }

    private static let buckets: [[(word: PackedWord, keyword: Keyword)]] = {
        var buckets = Array(repeating: [(word: PackedWord, keyword: Keyword)](), count: 14 << 5)
        for keyword in Keyword.allCases {
            let word = PackedWord(keyword.rawValue)
            buckets[bucket(count: word.count, first: word.first)].append((word, keyword))
        }
        return buckets
    }()
}

/// The words that may follow a number to make a `Count` or a `Rate` (`600 requests`, `50 rps`).
public enum UnitWord: String, Sendable, CaseIterable {
    case requests, tokens, failures
    /// Requests per second: `50 rps` is a `Rate`.
    case rps
    /// Requests per minute: `3000 rpm` is a `Rate`.
    case rpm

    /// The unit word spelled by `bytes`, compared without building a `String`.
    static func lookup(_ bytes: ArraySlice<UInt8>) -> UnitWord? {
        guard let word = PackedWord(bytes) else { return nil }
        return packed.first { $0.word == word }?.unit
    }

    private static let packed: [(word: PackedWord, unit: UnitWord)] = allCases.map { (PackedWord($0.rawValue), $0) }
}
