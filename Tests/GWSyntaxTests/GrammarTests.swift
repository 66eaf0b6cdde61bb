import Foundation
import Testing

@testable import GWSyntax

/// Keeps `grammar/gwpipe.ebnf` and `grammar/gwpipe.tmLanguage.json` in step with the lexer and
/// parser: every keyword and unit word is in both, the EBNF's statement rules accept exactly the
/// keywords `BlockContext` allows, the TextMate grammar is valid, and every example parses.
@Suite struct GrammarTests {
    // MARK: Files

    /// The package root: three levels up from `Tests/GWSyntaxTests/GrammarTests.swift`.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let ebnfPath = "grammar/gwpipe.ebnf"
    static let textMatePath = "grammar/gwpipe.tmLanguage.json"

    static func read(_ relativePath: String) throws -> String {
        let url = root.appendingPathComponent(relativePath)
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw GrammarFileError(message: "cannot read \(relativePath) at \(url.path): \(error)")
        }
    }

    struct GrammarFileError: Error, CustomStringConvertible, Sendable {
        var message: String
        var description: String { message }
    }

    // MARK: EBNF reading

    /// The EBNF with its `(* ... *)` comments removed, so a keyword mentioned only in a comment
    /// does not count. Comments nest, as in ISO 14977; quotes inside a comment mean nothing.
    static func ebnfWithoutComments(_ text: String) -> String {
        var result = ""
        var scalars = Array(text.unicodeScalars)[...]
        var depth = 0
        while let first = scalars.first {
            let second = scalars.dropFirst().first
            if first == "(", second == "*" {
                depth += 1
                scalars = scalars.dropFirst(2)
            } else if depth > 0 {
                if first == "*", second == ")" {
                    depth -= 1
                    scalars = scalars.dropFirst(2)
                    if depth == 0 { result.unicodeScalars.append(" ") }
                } else {
                    scalars = scalars.dropFirst()
                }
            } else if first == "\"" || first == "'" || first == "?" {
                // A terminal or special sequence: copy it whole, so "(*" inside it is not a comment.
                result.unicodeScalars.append(first)
                scalars = scalars.dropFirst()
                while let next = scalars.first {
                    result.unicodeScalars.append(next)
                    scalars = scalars.dropFirst()
                    if next == first { break }
                }
            } else {
                result.unicodeScalars.append(first)
                scalars = scalars.dropFirst()
            }
        }
        return result
    }

    /// One token of the EBNF notation.
    enum EBNFToken: Equatable {
        case name(String)
        case terminal(String)
        case special(String)
        case symbol(Character)
    }

    static func ebnfTokens(_ text: String) throws -> [EBNFToken] {
        var tokens: [EBNFToken] = []
        let characters = Array(ebnfWithoutComments(text))
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character.isLetter || character == "_" {
                var end = index
                while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" {
                    end += 1
                }
                tokens.append(.name(String(characters[index..<end])))
                index = end
            } else if character == "\"" || character == "'" || character == "?" {
                guard let close = characters[(index + 1)...].firstIndex(of: character) else {
                    throw GrammarFileError(message: "\(ebnfPath): unclosed \(character) in the grammar")
                }
                let content = String(characters[(index + 1)..<close])
                tokens.append(character == "?" ? .special(content) : .terminal(content))
                index = close + 1
            } else if "=;|[]{}()-<>".contains(character) {
                tokens.append(.symbol(character))
                index += 1
            } else {
                throw GrammarFileError(message: "\(ebnfPath): unexpected '\(character)' outside a comment or terminal")
            }
        }
        return tokens
    }

    /// An EBNF right-hand side.
    indirect enum Rule: Sendable {
        case name(String)
        case terminal(String)
        case special
        /// `block< S >`: braces around statements `S` (the shorthand the grammar's header defines).
        case block(String)
        case sequence([Rule])
        case choice([Rule])
        case optional(Rule)
        case repetition(Rule)
        case except(Rule, Rule)
    }

    /// Rules by name, in a recursive-descent reading of the ISO notation the file uses.
    struct Grammar: Sendable {
        var rules: [String: Rule] = [:]
        var order: [String] = []

        init(_ text: String) throws {
            var reader = Reader(tokens: try GrammarTests.ebnfTokens(text))
            while !reader.atEnd {
                guard case .name(let name) = reader.next(), reader.next() == .symbol("=") else {
                    throw GrammarFileError(message: "\(GrammarTests.ebnfPath): expected `name =` near rule \(order.last ?? "(start)")")
                }
                let body = try reader.choice(in: name)
                guard reader.next() == .symbol(";") else {
                    throw GrammarFileError(message: "\(GrammarTests.ebnfPath): rule `\(name)` does not end with ';'")
                }
                if rules[name] != nil {
                    throw GrammarFileError(message: "\(GrammarTests.ebnfPath): rule `\(name)` is defined twice")
                }
                rules[name] = body
                order.append(name)
            }
        }

        struct Reader {
            var tokens: [EBNFToken]
            var position = 0
            var atEnd: Bool { position >= tokens.count }
            var peek: EBNFToken? { atEnd ? nil : tokens[position] }

            mutating func next() -> EBNFToken? {
                defer { position += 1 }
                return peek
            }

            mutating func choice(in rule: String) throws -> Rule {
                var alternatives = [try sequence(in: rule)]
                while peek == .symbol("|") {
                    position += 1
                    alternatives.append(try sequence(in: rule))
                }
                return alternatives.count == 1 ? alternatives[0] : .choice(alternatives)
            }

            mutating func sequence(in rule: String) throws -> Rule {
                var items: [Rule] = []
                while let token = peek, token != .symbol("|"), token != .symbol(";"), token != .symbol("]"),
                    token != .symbol("}"), token != .symbol(")")
                {
                    var item = try factor(in: rule)
                    if peek == .symbol("-") {
                        position += 1
                        item = .except(item, try factor(in: rule))
                    }
                    items.append(item)
                }
                guard !items.isEmpty else {
                    throw GrammarFileError(message: "\(GrammarTests.ebnfPath): empty alternative in rule `\(rule)`")
                }
                return items.count == 1 ? items[0] : .sequence(items)
            }

            mutating func factor(in rule: String) throws -> Rule {
                switch next() {
                case .name("block") where peek == .symbol("<"):
                    position += 1
                    guard case .name(let statement) = next(), next() == .symbol(">") else {
                        throw GrammarFileError(message: "\(GrammarTests.ebnfPath): malformed block< S > in rule `\(rule)`")
                    }
                    return .block(statement)
                case .name(let name): return .name(name)
                case .terminal(let text): return .terminal(text)
                case .special: return .special
                case .symbol("["): return .optional(try closed(by: "]", in: rule))
                case .symbol("{"): return .repetition(try closed(by: "}", in: rule))
                case .symbol("("): return try closed(by: ")", in: rule)
                case let token:
                    throw GrammarFileError(
                        message: "\(GrammarTests.ebnfPath): unexpected \(token.map { "\($0)" } ?? "end of file") in rule `\(rule)`")
                }
            }

            mutating func closed(by closer: Character, in rule: String) throws -> Rule {
                let inner = try choice(in: rule)
                guard next() == .symbol(closer) else {
                    throw GrammarFileError(message: "\(GrammarTests.ebnfPath): expected '\(closer)' in rule `\(rule)`")
                }
                return inner
            }
        }

        /// Every name a rule refers to (the statement rules of `block< S >` included).
        func references(_ rule: Rule) -> [String] {
            switch rule {
            case .name(let name): [name]
            case .block(let statement): [statement]
            case .terminal, .special: []
            case .sequence(let items), .choice(let items): items.flatMap(references)
            case .optional(let inner), .repetition(let inner): references(inner)
            case .except(let lhs, let rhs): references(lhs) + references(rhs)
            }
        }

        /// Whether `rule` can match nothing.
        func isNullable(_ rule: Rule, visiting: Set<String> = []) -> Bool {
            switch rule {
            case .optional, .repetition:
                return true
            case .terminal, .special, .block:
                return false
            case .name(let name):
                guard !visiting.contains(name), let body = rules[name] else { return false }
                return isNullable(body, visiting: visiting.union([name]))
            case .sequence(let items):
                return items.allSatisfy { isNullable($0, visiting: visiting) }
            case .choice(let items):
                return items.contains { isNullable($0, visiting: visiting) }
            case .except(let lhs, _):
                return isNullable(lhs, visiting: visiting)
            }
        }

        /// What can stand first in `rule`: terminals as `"text"`, and the names of the rules reached
        /// on the way (so a statement rule that starts with `attribute` reports `attribute`).
        func first(_ rule: Rule, visiting: Set<String> = []) -> Set<String> {
            switch rule {
            case .terminal(let text):
                return ["\"\(text)\""]
            case .special:
                return []
            case .block:
                return ["\"{\""]
            case .name(let name):
                guard !visiting.contains(name), let body = rules[name] else { return [name] }
                return first(body, visiting: visiting.union([name])).union([name])
            case .sequence(let items):
                var result: Set<String> = []
                for item in items {
                    result.formUnion(first(item, visiting: visiting))
                    if !isNullable(item, visiting: visiting) { break }
                }
                return result
            case .choice(let items):
                return items.reduce(into: []) { $0.formUnion(first($1, visiting: visiting)) }
            case .optional(let inner), .repetition(let inner):
                return first(inner, visiting: visiting)
            case .except(let lhs, _):
                return first(lhs, visiting: visiting)
            }
        }

        /// Every quoted terminal of the grammar.
        var terminals: Set<String> {
            func collect(_ rule: Rule) -> [String] {
                switch rule {
                case .terminal(let text): [text]
                case .name, .special, .block: []
                case .sequence(let items), .choice(let items): items.flatMap(collect)
                case .optional(let inner), .repetition(let inner): collect(inner)
                case .except(let lhs, let rhs): collect(lhs) + collect(rhs)
                }
            }
            return Set(rules.values.flatMap(collect))
        }
    }

    /// Read once for all tests; a failure is reported by every test that needs the grammar.
    static let parsedGrammar = Result { try Grammar(try read(ebnfPath)) }

    static func grammar() throws -> Grammar {
        try parsedGrammar.get()
    }

    /// The EBNF rule that lists the statements of each kind of block.
    static func statementRule(for context: BlockContext) -> String {
        switch context {
        case .provider, .keys, .environment, .mock: "attribute"
        case .flag: "flag_statement"
        case .route: "route_statement"
        case .pipeline: "pipeline_statement"
        case .stage, .parallel, .onFailure: "pipeline_step"
        case .canary, .flagRollout: "canary_statement"
        case .blueGreen: "blue_green_statement"
        case .rolling: "rolling_statement"
        case .analyze: "analysis_gate"
        }
    }

    // MARK: TextMate reading

    static func textMateGrammar() throws -> [String: Any] {
        let text = try read(textMatePath)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw GrammarFileError(message: "\(textMatePath) is not valid JSON: \(error)")
        }
        guard let dictionary = object as? [String: Any] else {
            throw GrammarFileError(message: "\(textMatePath) is not a JSON object")
        }
        return dictionary
    }

    /// The regexes of the TextMate grammar, read once for all tests.
    static let textMateRegexes = Result { regexes(in: try textMateGrammar()) }

    /// Every regular expression of the grammar: the `match`, `begin`, `end` and `while` strings at any depth.
    static func regexes(in value: Any) -> [String] {
        if let dictionary = value as? [String: Any] {
            return dictionary.sorted { $0.key < $1.key }.flatMap { key, value -> [String] in
                if ["match", "begin", "end", "while"].contains(key), let regex = value as? String { return [regex] }
                return regexes(in: value)
            }
        }
        if let array = value as? [Any] { return array.flatMap { regexes(in: $0) } }
        return []
    }

    /// Whether `word` stands in `regex` as a whole word: an alternative of a group such as
    /// `\b(stage|parallel)\b`, or a word delimited by `\b`, `\s`, `|`, `(`, `)`, or the regex's ends.
    static func regex(_ regex: String, containsWholeWord word: String) -> Bool {
        let characters = Array(regex)
        let target = Array(word)
        guard !target.isEmpty, characters.count >= target.count else { return false }
        for start in 0...(characters.count - target.count) where Array(characters[start..<(start + target.count)]) == target {
            let end = start + target.count
            let before: Bool
            if start == 0 {
                before = true
            } else if "(|:^ *+?".contains(characters[start - 1]) {
                before = true
            } else if start >= 2, characters[start - 2] == "\\", "bs".contains(characters[start - 1]) {
                before = true
            } else {
                before = false
            }
            let after: Bool
            if end == characters.count {
                after = true
            } else if "|)$ ".contains(characters[end]) {
                after = true
            } else if end + 1 < characters.count, characters[end] == "\\", "bs".contains(characters[end + 1]) {
                after = true
            } else {
                after = false
            }
            if before && after { return true }
        }
        return false
    }

    // MARK: (a) Keywords in the EBNF

    @Test(arguments: Keyword.allCases)
    func keywordIsATerminalOfTheEBNF(_ keyword: Keyword) throws {
        let isTerminal = try Self.grammar().terminals.contains(keyword.rawValue)
        #expect(
            isTerminal,
            "keyword '\(keyword.rawValue)' is missing from \(Self.ebnfPath): write it as the terminal \"\(keyword.rawValue)\" in a rule (comments do not count)"
        )
    }

    // MARK: (b) Keywords in the TextMate grammar

    @Test(arguments: Keyword.allCases)
    func keywordIsHighlighted(_ keyword: Keyword) throws {
        let isHighlighted = try Self.textMateRegexes.get().contains { Self.regex($0, containsWholeWord: keyword.rawValue) }
        #expect(
            isHighlighted,
            "keyword '\(keyword.rawValue)' is missing from \(Self.textMatePath): add it as a whole word to a `match` regex, e.g. inside \\b(...)\\b"
        )
    }

    // MARK: (c) The TextMate grammar is valid

    @Test func textMateGrammarIsValid() throws {
        let grammar = try Self.textMateGrammar()
        #expect(grammar["scopeName"] as? String == "source.gwpipe", "\(Self.textMatePath): scopeName must be source.gwpipe")
        #expect((grammar["fileTypes"] as? [String])?.contains("gwpipe") == true, "\(Self.textMatePath): fileTypes must list gwpipe")
        #expect(grammar["patterns"] is [Any], "\(Self.textMatePath): no top-level patterns")

        let regexes = Self.regexes(in: grammar)
        #expect(regexes.count > 20, "\(Self.textMatePath): only \(regexes.count) regexes")
        for regex in regexes {
            // ICU and Oniguruma share the syntax the grammar uses (groups, classes, lookaround, \b \s).
            do {
                _ = try NSRegularExpression(pattern: regex)
            } catch {
                Issue.record("\(Self.textMatePath): regex does not compile: \(regex) (\(error))")
            }
        }

        // Every `#name` include points at a repository entry.
        let repository = grammar["repository"] as? [String: Any] ?? [:]
        func includes(in value: Any) -> [String] {
            if let dictionary = value as? [String: Any] {
                return dictionary.flatMap { key, value in
                    key == "include" ? [value as? String ?? ""] : includes(in: value)
                }
            }
            if let array = value as? [Any] { return array.flatMap(includes) }
            return []
        }
        for include in includes(in: grammar) where include.hasPrefix("#") {
            #expect(repository[String(include.dropFirst())] != nil, "\(Self.textMatePath): include \(include) names no repository entry")
        }
    }

    /// A few regexes checked against text, so the literal and keyword rules match what they should.
    @Test func textMateGrammarMatchesLiterals() throws {
        let grammar = try Self.textMateGrammar()
        let repository = try #require(grammar["repository"] as? [String: Any])
        func patterns(_ key: String) -> [(name: String, regex: NSRegularExpression)] {
            let entry = repository[key] as? [String: Any]
            let list = entry?["patterns"] as? [[String: Any]] ?? []
            return list.compactMap { pattern in
                guard let match = pattern["match"] as? String, let regex = try? NSRegularExpression(pattern: match) else {
                    return nil
                }
                return (pattern["name"] as? String ?? "", regex)
            }
        }
        /// The scope of the first pattern of `key` that matches all of `text`.
        func scope(of text: String, in key: String) -> String? {
            let range = NSRange(text.startIndex..., in: text)
            return patterns(key).first { pattern in
                pattern.regex.firstMatch(in: text, range: range).map { $0.range == range } ?? false
            }?.name
        }
        let literals: [(String, String)] = [
            ("250ms", "duration"), ("1m30s", "duration"), ("1h30m15s", "duration"), ("7ns", "duration"), ("10us", "duration"),
            ("5%", "percent"), ("0.5%", "percent"), ("200k", "count"), ("1.5M", "count"), ("600 requests", "count"),
            ("200k tokens", "count"), ("5 failures", "count"), ("50 rps", "rate"), ("3000 rpm", "rate"),
            ("512KB", "bytes"), ("4MiB", "bytes"), ("1GB", "bytes"), ("$0.002", "money"), ("$50", "money"),
            ("5xx", "status-class"), ("1_000", "constant.numeric.gwpipe"), ("0.25", "constant.numeric.gwpipe"),
        ]
        for (text, expected) in literals {
            let found = scope(of: text, in: "literal")
            #expect(found?.contains(expected) == true, "\(Self.textMatePath): '\(text)' should be a \(expected) literal, got \(found ?? "no match")")
        }
        for text in ["true", "false", "off"] {
            #expect(scope(of: text, in: "boolean") == "constant.language.boolean.gwpipe", "\(Self.textMatePath): '\(text)' should be a boolean")
        }
    }

    // MARK: (d) Unit words in both

    @Test(arguments: UnitWord.allCases)
    func unitWordIsInBothGrammars(_ unit: UnitWord) throws {
        let isTerminal = try Self.grammar().terminals.contains(unit.rawValue)
        #expect(
            isTerminal,
            "unit word '\(unit.rawValue)' is missing from \(Self.ebnfPath): write it as the terminal \"\(unit.rawValue)\"")
        let isHighlighted = try Self.textMateRegexes.get().contains { Self.regex($0, containsWholeWord: unit.rawValue) }
        #expect(
            isHighlighted,
            "unit word '\(unit.rawValue)' is missing from \(Self.textMatePath): add it as a whole word to a literal's regex")
    }

    // MARK: The EBNF follows the parser's structure

    @Test func ebnfRulesAreAllDefined() throws {
        let grammar = try Self.grammar()
        #expect(grammar.rules["source_file"] != nil, "\(Self.ebnfPath): no source_file rule")
        for name in grammar.order {
            for reference in grammar.references(grammar.rules[name]!) {
                #expect(grammar.rules[reference] != nil, "\(Self.ebnfPath): rule `\(name)` uses `\(reference)`, which is not defined")
            }
        }
    }

    @Test func ebnfDeclarationsMatchTheParser() throws {
        let grammar = try Self.grammar()
        let rule = try #require(grammar.rules["declaration"], "\(Self.ebnfPath): no declaration rule")
        let keywords = Set(Keyword.allCases.map { "\"\($0.rawValue)\"" })
        let found = grammar.first(rule).intersection(keywords)
        let expected = Set(Parser.declarationKeywords.map { "\"\($0.rawValue)\"" })
        #expect(found == expected, "\(Self.ebnfPath): `declaration` starts with \(found.sorted()), the parser accepts \(expected.sorted())")
    }

    @Test(arguments: BlockContext.allCases)
    func ebnfStatementsMatchBlockContext(_ context: BlockContext) throws {
        let grammar = try Self.grammar()
        let name = Self.statementRule(for: context)
        let rule = try #require(grammar.rules[name], "\(Self.ebnfPath): no rule `\(name)` for \(context.description)")
        let first = grammar.first(rule).union([name])
        let keywords = Set(Keyword.allCases.map { "\"\($0.rawValue)\"" })
        let found = first.intersection(keywords)
        let expected = Set(context.statementKeywords.map { "\"\($0.rawValue)\"" })
        #expect(
            found == expected,
            "\(Self.ebnfPath): `\(name)` (\(context.description)) starts with \(found.sorted()), BlockContext allows \(expected.sorted())")
        #expect(
            first.contains("attribute") == context.allowsAttributes,
            "\(Self.ebnfPath): `\(name)` should \(context.allowsAttributes ? "" : "not ")accept attributes in \(context.description)")
    }

    // MARK: (e) Every example and valid fixture parses

    /// `examples/*.gwpipe` and `Tests/Fixtures/valid/*.gwpipe`, relative to the package root.
    static func validFiles() -> [String] {
        ["examples", "Tests/Fixtures/valid"].flatMap { folder -> [String] in
            let url = root.appendingPathComponent(folder)
            let names = (try? FileManager.default.subpathsOfDirectory(atPath: url.path)) ?? []
            return names.filter { $0.hasSuffix(".gwpipe") }.sorted().map { "\(folder)/\($0)" }
        }
    }

    @Test func examplesExist() {
        #expect(Self.validFiles().contains { $0.hasPrefix("examples/") }, "no examples/*.gwpipe found under \(Self.root.path)")
    }

    @Test(arguments: validFiles())
    func validFileParsesWithoutErrors(_ path: String) throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent(path))
        let syntax = Parser.parse(SourceFile(name: path, bytes: Array(data)))
        let errors = syntax.diagnostics.filter { $0.severity == .error }
        let listing = errors.map { "\($0.locationDescription): error[\($0.code)]: \($0.message)" }.joined(separator: "\n")
        let parsesCleanly = errors.isEmpty
        #expect(parsesCleanly, "\(path) should parse without errors:\n\(listing)")
        #expect(!syntax.declarations.isEmpty, "\(path) declares nothing")
    }
}
