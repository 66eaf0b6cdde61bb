import Foundation
import Testing

@testable import GWSyntax

/// The parser's fixture folders under `Tests/Fixtures` (see `Tests/Fixtures/syntax/README.md`):
/// - `syntax/NAME.gwpipe` → `NAME.expected`: every diagnostic, rendered as `gwpipe check` prints it;
/// - `valid/*.gwpipe` and `examples/*.gwpipe`: parse without a single diagnostic.
/// The formatter's fixtures (`fmt/`) are checked in `FormatterTests`.
///
/// `GWPIPE_UPDATE_GOLDEN=1 swift test --filter GWSyntaxTests` rewrites the expectations.
@Suite("Golden fixtures")
struct GoldenTests {
    static let syntaxDirectory = Fixtures.directory("syntax")
    static let validDirectory = Fixtures.directory("valid")

    static let syntaxCases = Fixtures.names(in: syntaxDirectory, suffix: ".gwpipe")
    /// Paths relative to the package root, so a failing case names the file.
    static let validCases =
        Fixtures.names(in: validDirectory, suffix: ".gwpipe").map { "Tests/Fixtures/valid/\($0).gwpipe" }
        + Fixtures.exampleNames().map { "examples/\($0).gwpipe" }

    /// Fixtures with this prefix hold several independent mistakes; every other syntax fixture
    /// holds exactly one, and must produce exactly one diagnostic (no cascade).
    static let multipleErrorsPrefix = "multiple_errors_"

    // MARK: Syntax errors

    @Test("syntax fixture diagnostics match the golden", arguments: syntaxCases)
    func syntaxDiagnostics(_ name: String) throws {
        let source = Self.syntaxDirectory.appendingPathComponent("\(name).gwpipe")
        let syntax = try Fixtures.parse(source)
        DiagnosticChecks.expectWellFormed(syntax)
        if name.hasPrefix(Self.multipleErrorsPrefix) {
            #expect(syntax.diagnostics.count >= 2, "\(name) is meant to show several independent errors")
        } else {
            #expect(
                syntax.diagnostics.count == 1,
                "one mistake must give one diagnostic, got:\n\(Fixtures.render(syntax.diagnostics))")
        }
        let golden = Self.syntaxDirectory.appendingPathComponent("\(name).expected")
        try Fixtures.assertGolden(Fixtures.render(syntax.diagnostics), matches: golden)
    }

    @Test("every .expected file has its .gwpipe")
    func noOrphanExpectations() {
        let orphans = Set(Fixtures.names(in: Self.syntaxDirectory, suffix: ".expected")).subtracting(Self.syntaxCases)
        #expect(orphans.isEmpty, "expected files without a fixture: \(orphans.sorted())")
    }

    @Test("every front-end diagnostic code has a syntax fixture")
    func everyCodeIsCovered() throws {
        var seen: Set<String> = []
        for name in Self.syntaxCases {
            let expected = try Fixtures.text(Self.syntaxDirectory.appendingPathComponent("\(name).expected"))
            for line in expected.split(separator: "\n") where line.hasPrefix("\(name).gwpipe:") && line.hasSuffix("]") {
                seen.insert(String(line.suffix(6).dropLast()))
            }
        }
        let catalog = DiagnosticCode.syntaxCatalog.map(\.0.rawValue)
        let missing = catalog.filter { !seen.contains($0) }
        #expect(missing.isEmpty, "codes without a fixture in Tests/Fixtures/syntax: \(missing)")
        let unknown = seen.subtracting(catalog)
        #expect(unknown.isEmpty, "codes in goldens but not in DiagnosticCode.syntaxCatalog: \(unknown.sorted())")
    }

    @Test("the fixture folders hold enough cases")
    func fixtureCounts() {
        #expect(Self.syntaxCases.count >= 45)
        #expect(Fixtures.names(in: Self.validDirectory, suffix: ".gwpipe").count >= 10)
        #expect(Fixtures.names(in: Fixtures.directory("fmt"), suffix: ".input.gwpipe").count >= 8)
    }

    // MARK: Valid files

    @Test("valid files and examples parse without any diagnostic", arguments: validCases)
    func validFile(_ path: String) throws {
        let syntax = try Fixtures.parse(Fixtures.repositoryRoot.appendingPathComponent(path))
        #expect(syntax.diagnostics.isEmpty, "\(path) should parse cleanly:\n\(Fixtures.render(syntax.diagnostics))")
        #expect(!syntax.declarations.isEmpty)
    }
}
