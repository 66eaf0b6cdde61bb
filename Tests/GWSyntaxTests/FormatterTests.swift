import Foundation
import Testing

@testable import GWSyntax

/// `gwpipe fmt`: golden layouts in `Tests/Fixtures/fmt`, and the formatter's promises (idempotent,
/// keeps every comment, preserves meaning) over every valid fixture and example.
@Suite("Formatter")
struct FormatterTests {
    static let fmtDirectory = Fixtures.directory("fmt")
    static let fmtCases = Fixtures.names(in: fmtDirectory, suffix: ".input.gwpipe")
    static let stableCases = GoldenTests.validCases
        + fmtCases.map { "Tests/Fixtures/fmt/\($0).input.gwpipe" }

    // MARK: Goldens

    @Test("fmt output matches the golden and is a fixed point", arguments: fmtCases)
    func formatGolden(_ name: String) throws {
        let input = try Fixtures.parse(Self.fmtDirectory.appendingPathComponent("\(name).input.gwpipe"))
        #expect(input.diagnostics.isEmpty, "fmt inputs must parse:\n\(Fixtures.render(input.diagnostics))")
        let outputURL = Self.fmtDirectory.appendingPathComponent("\(name).output.gwpipe")
        try Fixtures.assertGolden(Formatter.format(input), matches: outputURL)
        guard !Fixtures.updatingGoldens else { return }

        let output = try Fixtures.parse(outputURL)
        #expect(output.diagnostics.isEmpty)
        let outputText = try Fixtures.text(outputURL)
        #expect(Formatter.format(output) == outputText, "\(name).output.gwpipe is not a fixed point of fmt")
        #expect(SyntaxDump.dump(output) == SyntaxDump.dump(input), "fmt changed the meaning of \(name)")
    }

    @Test("every .output.gwpipe has its input")
    func noOrphanOutputs() {
        let orphans = Set(Fixtures.names(in: Self.fmtDirectory, suffix: ".output.gwpipe")).subtracting(Self.fmtCases)
        #expect(orphans.isEmpty, "fmt outputs without an input: \(orphans.sorted())")
    }

    // MARK: Properties

    @Test("fmt is idempotent, keeps comments and meaning", arguments: stableCases)
    func formatIsStable(_ path: String) throws {
        let original = try Fixtures.parse(Fixtures.repositoryRoot.appendingPathComponent(path))
        #expect(original.diagnostics.isEmpty, "\(path):\n\(Fixtures.render(original.diagnostics))")
        guard original.diagnostics.isEmpty else { return }
        FormatChecks.expectStable(original, name: (path as NSString).lastPathComponent)
    }

    @Test("a one-line block becomes one statement a line")
    func oneLineBlockIsExpanded() {
        let formatted = format("provider p { kind = mock; errors = 5% }")
        #expect(formatted == "provider p {\n  kind   = mock\n  errors = 5%\n}\n")
    }

    @Test("CRLF, lone CR and a BOM all come out as plain LF text")
    func lineEndingsAndBOM() {
        let expected = "gateway \"g\"\n\nprovider p {\n  kind = mock\n}\n"
        #expect(format("gateway \"g\"\r\n\r\nprovider p {\r\n  kind = mock\r\n}\r\n") == expected)
        #expect(format("gateway \"g\"\r\rprovider p {\r  kind = mock\r}\r") == expected)
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(format(bytes: bom + Array("gateway \"g\"\nprovider p {\n  kind = mock\n}\n".utf8)) == expected)
    }

    @Test("literals keep their spelling, only blanks inside them change")
    func literalSpelling() {
        let formatted = format("let a = [1m30s, 0.5%, 1_000, $0.002, 5xx, 1.5M, 4MB, on, off, 600 \t requests]")
        #expect(formatted == "let a = [1m30s, 0.5%, 1_000, $0.002, 5xx, 1.5M, 4MB, on, off, 600 requests]\n")
    }

    @Test("a trailing comment after a one-line block moves to its header")
    func commentAfterOneLineBlock() {
        let formatted = format("keys teams { file = \"keys.yaml\" }  # why\n")
        #expect(formatted == "keys teams {  # why\n  file = \"keys.yaml\"\n}\n")
    }

    @Test("a file of only comments stays as it is")
    func onlyComments() {
        #expect(format("# one\n\n# two\n") == "# one\n\n# two\n")
    }

    private func format(_ text: String) -> String {
        format(bytes: Array(text.utf8))
    }

    private func format(bytes: [UInt8]) -> String {
        let syntax = Parser.parse(SourceFile(name: "test.gwpipe", bytes: bytes))
        #expect(syntax.diagnostics.isEmpty, "\(Fixtures.render(syntax.diagnostics))")
        return Formatter.format(syntax)
    }
}

/// The formatter's promises, checked on one parsed file.
enum FormatChecks {
    /// `format` is idempotent, its output parses cleanly, keeps every comment's text in order, and
    /// has the same structure as the input.
    static func expectStable(
        _ original: SourceFileSyntax, name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let once = Formatter.format(original)
        let reparsed = Parser.parse(SourceFile(name: name, text: once))
        #expect(
            reparsed.diagnostics.isEmpty,
            "formatted \(name) does not parse:\n\(Fixtures.render(reparsed.diagnostics))\n\(once)",
            sourceLocation: sourceLocation)
        let twice = Formatter.format(reparsed)
        if once != twice {
            let diff = LineDiff.render(expected: once, actual: twice)
            Issue.record(
                "fmt is not idempotent on \(name) (- first pass, + second pass):\n\(diff)",
                sourceLocation: sourceLocation)
        }
        // Every comment comes out once, with its text, in its original order (a comment may move
        // to a neighbouring line, never past another comment).
        let originalComments = Fixtures.commentTexts(of: original.file)
        let formattedComments = Fixtures.commentTexts(of: reparsed.file)
        if originalComments != formattedComments {
            let diff = LineDiff.render(
                expected: originalComments.joined(separator: "\n"), actual: formattedComments.joined(separator: "\n"))
            Issue.record(
                "fmt did not keep the comments of \(name) (- original, + formatted):\n\(diff)",
                sourceLocation: sourceLocation)
        }
        let before = SyntaxDump.dump(original)
        let after = SyntaxDump.dump(reparsed)
        if before != after {
            let diff = LineDiff.render(expected: before, actual: after)
            Issue.record(
                "fmt changed the meaning of \(name) (- original, + formatted):\n\(diff)",
                sourceLocation: sourceLocation)
        }
    }
}
