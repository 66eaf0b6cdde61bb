import Foundation
import GWSyntax
import Testing

@testable import GWSema

/// The checker's golden fixtures (see `Tests/Fixtures/check/README.md`): each
/// `check/NAME.gwpipe` is checked as `gwpipe check NAME.gwpipe` would from that folder, and every
/// diagnostic, rendered without colour, must equal `NAME.expected`.
///
/// `GWPIPE_UPDATE_GOLDEN=1 swift test --filter GWSemaTests` rewrites the expectations.
@Suite("Checker golden fixtures")
struct SemanticGoldenTests {
    static let directory = CheckFixtures.checkDirectory
    static let cases = CheckFixtures.names(in: directory, suffix: ".gwpipe")

    /// Fixtures with this prefix hold several independent mistakes; every other one holds exactly one.
    static let multipleErrorsPrefix = "multiple_errors_"

    @Test("checker diagnostics match the golden", arguments: cases)
    func golden(_ name: String) throws {
        let model = try CheckFixtures.check(fixture: name)
        let rendered = CheckFixtures.render(model.diagnostics)
        SemanticChecks.expectSpansInsideFiles(model)
        try CheckFixtures.assertGolden(rendered, matches: Self.directory.appendingPathComponent("\(name).expected"))

        let syntaxCodes = Set(DiagnosticCode.syntaxCatalog.map(\.0))
        let syntax = model.diagnostics.filter { syntaxCodes.contains($0.code) }
        #expect(syntax.isEmpty, "a checker fixture must parse; fix its syntax:\n\(CheckFixtures.render(syntax))")

        // Warnings about unset secrets are expected wherever a fixture declares a secret (no
        // variable is set in tests); they do not count as the fixture's mistake.
        let mistakes = model.diagnostics.filter { $0.code != .secretUnset }
        if name.hasPrefix(Self.multipleErrorsPrefix) {
            #expect(mistakes.count >= 2, "\(name) is meant to show several independent mistakes:\n\(rendered)")
            let positions = mistakes.map { "\($0.primary.file.name):\($0.primary.start)" }
            #expect(Set(positions).count == positions.count, "two diagnostics at one place (a cascade?):\n\(rendered)")
        } else {
            #expect(
                mistakes.count == 1 || (mistakes.isEmpty && model.diagnostics.count == 1),
                "one mistake must give one diagnostic, got:\n\(rendered)")
        }
    }

    @Test("every .expected file has its .gwpipe")
    func noOrphanExpectations() {
        let orphans = Set(CheckFixtures.names(in: Self.directory, suffix: ".expected")).subtracting(Self.cases)
        #expect(orphans.isEmpty, "expected files without a fixture: \(orphans.sorted())")
    }

    @Test("every checker code has a fixture, and goldens use only catalogued codes")
    func everyCodeIsCovered() throws {
        var seen: Set<String> = []
        for name in Self.cases {
            let url = Self.directory.appendingPathComponent("\(name).expected")
            guard let expected = try? CheckFixtures.text(url) else { continue }
            seen.formUnion(CheckFixtures.codes(inRendered: expected))
        }
        let catalog = DiagnosticCode.semanticCatalog.map(\.0.rawValue)
        let missing = catalog.filter { !seen.contains($0) }
        #expect(missing.isEmpty, "codes without a fixture in Tests/Fixtures/check: \(missing)")
        let unknown = seen.subtracting(catalog)
        #expect(unknown.isEmpty, "codes in goldens but not in DiagnosticCode.semanticCatalog: \(unknown.sorted())")
    }

    @Test("the catalog names each code once, with a title")
    func catalogIsConsistent() {
        let codes = DiagnosticCode.semanticCatalog.map(\.0)
        #expect(Set(codes).count == codes.count)
        #expect(DiagnosticCode.semanticCatalog.allSatisfy { !$0.1.isEmpty })
        #expect(Set(codes).isDisjoint(with: DiagnosticCode.syntaxCatalog.map(\.0)))
    }

    @Test("the fixture folder holds enough cases and a README")
    func fixtureCounts() {
        #expect(Self.cases.count >= 65)
        #expect(Self.cases.filter { $0.hasPrefix(Self.multipleErrorsPrefix) }.count >= 2)
        #expect(FileManager.default.fileExists(atPath: Self.directory.appendingPathComponent("README.md").path))
    }
}
