import Foundation
import Testing

@testable import GWSyntax

/// Hostile and unusual input: each case ends in a known diagnostic (code and line:column) or a
/// clean parse, never a crash, a hang or a stack overflow.
@Suite("Robustness")
struct RobustnessTests {
    /// Parses `bytes` as `input.gwpipe` and checks the properties every parse has.
    private func parse(_ bytes: [UInt8]) -> SourceFileSyntax {
        let syntax = Parser.parse(SourceFile(name: "input.gwpipe", bytes: bytes))
        DiagnosticChecks.expectWellFormed(syntax)
        return syntax
    }

    private func parse(_ text: String) -> SourceFileSyntax { parse(Array(text.utf8)) }

    /// `CODE@LINE:COLUMN` for each diagnostic, the shape the expectations below are written in.
    private func summary(_ syntax: SourceFileSyntax) -> [String] {
        syntax.diagnostics.map { "\($0.code)@\($0.primary.start)" }
    }

    // MARK: Empty and near-empty files

    @Test("an empty file is a warning at 1:1")
    func emptyFile() {
        let syntax = parse("")
        #expect(summary(syntax) == ["W0102@1:1"])
        #expect(syntax.diagnostics.first?.severity == .warning)
    }

    @Test("a file of blank lines is an empty file")
    func blankLines() {
        #expect(summary(parse("\n\n   \n\t\n")) == ["W0102@1:1"])
    }

    @Test("a file of only comments parses cleanly and keeps them")
    func onlyComments() {
        let syntax = parse("# one\n\n# two")
        #expect(syntax.diagnostics.isEmpty)
        #expect(syntax.trailingComments.count == 2)
    }

    @Test("a file that is only closing braces reports each brace once")
    func onlyClosingBraces() {
        #expect(summary(parse("}}}}")) == ["E0206@1:1", "E0206@1:2", "E0206@1:3", "E0206@1:4"])
    }

    // MARK: Not text

    @Test("a NUL byte makes the file binary")
    func nulByte() {
        #expect(summary(parse([UInt8]("gateway \"g\"\n".utf8) + [0, 1, 2, 0xFF])) == ["E0002@2:1"])
    }

    struct InvalidUTF8: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var position: String
        var testDescription: String { name }
    }

    static let invalidUTF8Cases: [InvalidUTF8] = [
        InvalidUTF8(name: "lone 0xFF", bytes: Array("let a = ".utf8) + [0xFF], position: "1:9"),
        InvalidUTF8(name: "Latin-1 é in a string", bytes: Array("gateway \"caf".utf8) + [0xE9, 0x22], position: "1:13"),
        InvalidUTF8(
            name: "truncated 3-byte sequence at the end", bytes: Array("# €\n# ".utf8) + [0xE2, 0x82], position: "2:3"),
        InvalidUTF8(
            name: "continuation byte without a lead", bytes: Array("let a = 1\nlet b = ".utf8) + [0x80],
            position: "2:9"),
        InvalidUTF8(name: "overlong slash", bytes: [0xC0, 0xAF], position: "1:1"),
        InvalidUTF8(name: "overlong 3-byte NUL", bytes: Array("x".utf8) + [0xE0, 0x80, 0x80], position: "1:2"),
        InvalidUTF8(name: "UTF-16 surrogate", bytes: Array("# ".utf8) + [0xED, 0xA0, 0x80], position: "1:3"),
        InvalidUTF8(name: "above U+10FFFF", bytes: [0xF4, 0x90, 0x80, 0x80], position: "1:1"),
    ]

    @Test("invalid UTF-8 is reported once, at the first bad byte", arguments: invalidUTF8Cases)
    func invalidUTF8(_ input: InvalidUTF8) {
        let syntax = parse(input.bytes)
        #expect(summary(syntax) == ["E0001@\(input.position)"])
        // Rendering a snippet of undecodable bytes must not trap either.
        #expect(Fixtures.render(syntax.diagnostics).contains("[E0001]"))
    }

    // MARK: Size and depth

    @Test("a 10 MB valid file parses without errors")
    func largeFile() {
        // Declarations as a large generated configuration has them, each with a doc comment. The
        // comments keep the token count (and so the debug-build time) moderate; the size is real.
        var text = "gateway \"large\"\n"
        var index = 0
        while text.utf8.count < 10_000_000 {
            text += """
                # Provider \(index): an in-process mock standing in for one upstream region. Generated
                # configurations document every block; this comment is part of what the lexer reads.
                provider p\(index) {
                  kind    = mock
                  url     = "https://upstream-\(index).internal.example.com/v1/chat/completions"
                  latency = 20ms..80ms  # uniform
                  errors  = 0.5%
                }

                # Route \(index): its own path, a per-key limit, a weighted split for the free tier,
                # retries on throttling and server errors with a bounded exponential backoff.
                route r\(index) {
                  match POST "/v1/route/\(index)"
                  limit 600 requests / 1m by key
                  when model in ["a", "b"] and header("x-tier") == "free" -> p\(index) 80%, backup 20%
                  else -> p\(index)
                  retry 2 on 429, 5xx, timeout backoff 100ms..2s
                }

                """
            index += 1
        }
        let syntax = parse(text)
        #expect(syntax.diagnostics.isEmpty)
        #expect(syntax.declarations.count == 1 + 2 * index)
    }

    @Test("10,000 nested route blocks: the inner route is misplaced, the outer one unclosed; a small stack suffices")
    func deeplyNestedRoutes() {
        let text = String(repeating: "route a { ", count: 10_000)
        let summary = runOnSmallStack { self.summary(Parser.parse(text)) }
        // The second `route` cannot be nested; recovery skips the rest without recursion, and the
        // first route is then unclosed after the last `{`.
        #expect(summary == ["E0210@1:11", "E0202@1:100000"])
    }

    @Test("10,000 nested pipeline blocks give one nesting error on a small stack")
    func deeplyNestedBlocks() {
        let text = "pipeline p { stage s { " + String(repeating: "parallel { ", count: 10_000)
            + String(repeating: "} ", count: 10_002)
        let syntax = runOnSmallStack { Parser.parse(text) }
        #expect(syntax.diagnostics.map(\.code) == [.nestingTooDeep])
    }

    struct Nesting: Sendable, CustomTestStringConvertible {
        var name: String
        var prefix: String
        var opener: String
        var suffix = ""
        /// Where the limit is crossed: the 33rd level counting the enclosing blocks.
        var column: Int
        var testDescription: String { name }
    }

    static let nestingCases: [Nesting] = [
        Nesting(name: "brackets", prefix: "let x = ", opener: "[", column: 8 + 32 + 1),
        Nesting(name: "parentheses", prefix: "let x = ", opener: "(", column: 8 + 32 + 1),
        Nesting(name: "calls", prefix: "let x = ", opener: "f(", column: 8 + 32 * 2 + 2),
        Nesting(name: "negation", prefix: "let x = ", opener: "-", column: 8 + 32 + 1),
        Nesting(name: "type arguments", prefix: "param x: ", opener: "List<", column: 9 + 32 * 5 + 5),
        // The route block is the first level, so 31 `not`s fit.
        Nesting(name: "not", prefix: "route r { when ", opener: "not ", suffix: " }", column: 15 + 31 * 4 + 1),
    ]

    @Test("10,000 nested openers give exactly one nesting error on a small stack", arguments: nestingCases)
    func deeplyNestedExpressions(_ nesting: Nesting) {
        let text = nesting.prefix + String(repeating: nesting.opener, count: 10_000) + "1" + nesting.suffix
        let syntax = runOnSmallStack { Parser.parse(text) }
        DiagnosticChecks.expectWellFormed(syntax)
        #expect(summary(syntax) == ["E0205@1:\(nesting.column)"])
    }

    // MARK: Unterminated constructs at the end of the file

    @Test("an unterminated string at the end of the file")
    func unterminatedStringAtEnd() {
        #expect(summary(parse("gateway \"chat")) == ["E0102@1:9"])
    }

    @Test("an unterminated block at the end of the file points after its last statement")
    func unterminatedBlockAtEnd() {
        let syntax = parse("route chat {\n  timeout 60s\n\n")
        #expect(summary(syntax) == ["E0202@2:14"])
        #expect(syntax.diagnostics.first?.secondary.first?.start == SourcePosition(line: 1, column: 12))
    }

    @Test("an interpolation left open at the end of the file is one error")
    func unterminatedInterpolationAtEnd() {
        #expect(summary(parse("let x = \"${name")) == ["E0104@1:10"])
    }

    @Test("a backslash at the end of the file")
    func backslashAtEnd() {
        #expect(summary(parse("let x = \"a\\")) == ["E0102@1:9", "E0103@1:11"])
    }

    @Test("a lone $ and a lone . at the end of the file")
    func truncatedNumbersAtEnd() {
        #expect(summary(parse("let x = $")) == ["E0108@1:9"])
        #expect(summary(parse("let x = 1.")) == ["E0108@1:9"])
    }

    // MARK: Whitespace and line ends

    @Test("tabs mixed with spaces warn once per line; tabs alone are fine")
    func tabsAndSpaces() {
        #expect(summary(parse("provider p {\n\t kind = mock\n \terrors = 0%\n}\n")) == ["W0101@2:1", "W0101@3:1"])
        #expect(parse("provider p {\n\tkind = mock\n\t\terrors = 0%\n}\n").diagnostics.isEmpty)
        // Blank lines and comment-only indentation do not count as code.
        #expect(parse("provider p {\n\t \n\tkind = mock\n}\n").diagnostics.isEmpty)
    }

    @Test("CRLF files report the same lines and columns as LF files")
    func crlf() {
        let text = "gateway \"g\"\r\nprovider p {\r\n  kind = 30x\r\n}\r\n"
        #expect(summary(parse(text)) == ["E0105@3:12"])
        #expect(parse(text.replacingOccurrences(of: "\r\n", with: "\n")).diagnostics.map(\.primary.start)
            == [SourcePosition(line: 3, column: 12)])
    }

    @Test("a lone CR ends a line")
    func loneCR() {
        #expect(parse("gateway \"g\"\rprovider p {\r  kind = mock\r}\r").diagnostics.isEmpty)
        #expect(summary(parse("gateway \"g\"\rprovder p {\r}\r")) == ["E0203@2:1"])
    }

    @Test("a BOM is skipped and does not shift columns")
    func byteOrderMark() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(parse(bom + Array("gateway \"g\"\n".utf8)).diagnostics.isEmpty)
        let syntax = parse(bom + Array("provder p {\n}\n".utf8))
        #expect(summary(syntax) == ["E0203@1:1"])
        #expect(!Fixtures.render(syntax.diagnostics).contains("\u{FEFF}"))
        // A BOM alone is an empty file, not an unexpected character.
        #expect(summary(parse(bom)) == ["W0102@1:1"])
    }

    @Test("a BOM in the middle of a file is an unexpected character")
    func byteOrderMarkInside() {
        let bytes = Array("gateway \"g\"\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("let a = 1\n".utf8)
        #expect(summary(parse(bytes)) == ["E0101@2:1"])
    }

    // MARK: Random input

    /// SplitMix64: small, fast, and the same sequence on every machine.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Tokens of the language, some malformed, so random sequences reach deep into the parser.
    static let vocabulary: [String] = {
        // Groups joined at run time: one long `+` chain is too slow for the type checker.
        let groups: [[String]] = [
            Keyword.allCases.map(\.rawValue),
            ["openai", "key", "team", "model", "x", "_", "POST", "error_rate", "canary", "stable", "fail"],
            ["{", "}", "(", ")", "[", "]", ",", ";", ":", ".", "..", "->", "=", "==", "!=", "<", "<=", ">", ">="],
            ["+", "-", "*", "/", "!", "&&", "||", "'", "'a'", "→", "é", "\t", " ", "\n", "\r\n", "\r", "# comment\n"],
            ["0", "42", "1.5", "30s", "1m30s", "30s1m", "5%", "200k", "600 requests", "50 rps", "4MB", "$0.5", "$"],
            ["5xx", "30x", "1.2.3", "99999999999999999999", "1.", "\"str\"", "\"${name}\"", "\"${1+2}\"", "\"open"],
            ["\"\\q\"", "\"${x", "inconclusive"],
            ["provider p {", "route r {", "pipeline p {", "stage s {", "canary c {", "analyze every 1s {", "kind = mock"],
        ]
        return groups.flatMap { $0 }
    }()

    @Test("200 random token soups: no crash, diagnostics in bounds and in order")
    func randomInput() {
        var generator = SeededGenerator(state: 0x6770_6970_65)
        var cleanParses = 0
        for _ in 0..<200 {
            let length = Int.random(in: 1...80, using: &generator)
            var text = ""
            for _ in 0..<length {
                text += Self.vocabulary.randomElement(using: &generator)!
                if Bool.random(using: &generator) { text += " " }
            }
            let syntax = Parser.parse(SourceFile(name: "random.gwpipe", text: text))
            DiagnosticChecks.expectWellFormed(syntax)
            _ = Fixtures.render(syntax.diagnostics)
            if !syntax.diagnostics.hasErrors {
                cleanParses += 1
                FormatChecks.expectStable(syntax, name: "random.gwpipe")
            }
        }
        // Not all of them may fail, or the vocabulary would not exercise the happy paths.
        #expect(cleanParses < 200)
    }

    @Test("random bytes, including invalid UTF-8 and control characters, never crash")
    func randomBytes() {
        var generator = SeededGenerator(state: 42)
        for _ in 0..<200 {
            let count = Int.random(in: 0...200, using: &generator)
            let bytes = (0..<count).map { _ in
                // Mostly printable ASCII, sometimes anything.
                Bool.random(using: &generator)
                    ? UInt8.random(in: 0x20...0x7E, using: &generator) : UInt8.random(in: 0...255, using: &generator)
            }
            let syntax = parse(bytes)
            _ = Fixtures.render(syntax.diagnostics)
        }
    }

    // MARK: The CLI

    /// The `gwpipe` executable SwiftPM built beside the test bundle. The CLI is exercised as a
    /// process because this test target depends on GWSyntax only.
    static let executable: URL? = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("gwpipe")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
                !isDirectory.boolValue, FileManager.default.isExecutableFile(atPath: candidate.path)
            {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()

    struct Run {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    private func gwpipe(_ arguments: String...) throws -> Run {
        guard let executable = Self.executable else {
            Issue.record("the gwpipe executable was not found next to \(CommandLine.arguments[0])")
            return Run(status: -1, standardOutput: "", standardError: "")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = Fixtures.repositoryRoot
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["GITHUB_ACTIONS"] = nil
        process.environment = environment
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }

    @Test("check: a missing file exits 2")
    func checkMissingFile() throws {
        let run = try gwpipe("check", "Tests/Fixtures/syntax/no-such-file.gwpipe")
        #expect(run.status == 2)
        #expect(run.standardError.contains("no such file"))
    }

    @Test("check: a directory exits 2")
    func checkDirectory() throws {
        let run = try gwpipe("check", "Tests/Fixtures/syntax")
        #expect(run.status == 2)
        #expect(run.standardError.contains("is a directory"))
    }

    @Test("check: a syntax error exits 1 with the diagnostic; a clean file exits 0")
    func checkExitStatus() throws {
        let failing = try gwpipe("check", "Tests/Fixtures/syntax/misspelled_declaration.gwpipe")
        #expect(failing.status == 1)
        #expect(
            failing.standardError.contains(
                "misspelled_declaration.gwpipe:1:1: error: unknown declaration 'provder' [E0203]"))
        #expect(!failing.standardError.contains("\u{1B}["), "no colour when NO_COLOR is set")

        let clean = try gwpipe("check", "examples/quickstart/gateway.gwpipe")
        #expect(clean.status == 0)
        #expect(clean.standardError.contains("no problems"))

    }

    @Test("check --format json prints a JSON array with every field")
    func checkJSON() throws {
        let run = try gwpipe("check", "--format", "json", "Tests/Fixtures/syntax/unclosed_block.gwpipe")
        #expect(run.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8))
        let diagnostics = try #require(json as? [[String: Any]])
        // Later layers (types, plan) may add their own diagnostics; the syntax error must be there.
        let diagnostic = try #require(diagnostics.first { $0["code"] as? String == "E0202" })
        #expect(diagnostic["severity"] as? String == "error")
        #expect(diagnostic["code"] as? String == "E0202")
        #expect((diagnostic["message"] as? String)?.contains("provider openai") == true)
        let location = try #require(diagnostic["location"] as? [String: Any])
        #expect(location["file"] as? String == "Tests/Fixtures/syntax/unclosed_block.gwpipe")
        #expect(location["line"] as? Int == 3)
        #expect(location["column"] as? Int == 16)
        #expect(location["endLine"] is Int && location["endColumn"] is Int)
        let related = try #require(diagnostic["related"] as? [[String: Any]])
        #expect(related.first?["label"] as? String == "block opened here")
        #expect(diagnostic["hints"] is [String])
        #expect(diagnostic["fixIts"] is [Any])

        let clean = try gwpipe("check", "--format", "json", "examples/quickstart/gateway.gwpipe")
        #expect(clean.status == 0)
        #expect((try JSONSerialization.jsonObject(with: Data(clean.standardOutput.utf8)) as? [Any])?.isEmpty == true)
    }

    @Test("check --format github prints one ::error line per diagnostic")
    func checkGitHub() throws {
        let run = try gwpipe("check", "--format", "github", "Tests/Fixtures/syntax/multiple_errors_route.gwpipe")
        #expect(run.status == 1)
        let lines = run.standardOutput.split(separator: "\n")
        #expect(lines.count >= 4)
        for line in lines {
            #expect(line.hasPrefix("::error file=Tests/Fixtures/syntax/multiple_errors_route.gwpipe,line="), "\(line)")
        }
        #expect(
            lines.contains { $0.contains(",line=6,col=3,") && $0.contains(",title=E0204::unknown statement 'mach'") })
        #expect(lines.contains { $0.contains(",line=10,col=11,") && $0.contains(",title=E0201::") })
    }
}
