import Foundation
import GWScan
import GWSyntax
import Testing

/// The scan's golden fixtures: each `Tests/Fixtures/scan/NAME.gwpipe` is scanned as
/// `gwpipe scan NAME.gwpipe` would from that folder, and its report (check errors, then findings,
/// rendered as text) must equal `NAME.expected`. `clean.gwpipe` must report nothing.
///
/// `GWPIPE_UPDATE_GOLDEN=1 swift test --filter GWScanTests` rewrites the expectations.
@Suite("Scan golden fixtures")
struct ScanGoldenTests {
    @Test("scan reports match the golden", arguments: ScanFixtures.names)
    func golden(_ name: String) throws {
        let scanned = try ScanFixtures.scan(fixture: name)
        let rendered = ScanFixtures.render(scanned.report)
        try ScanFixtures.assertGolden(
            rendered, matches: ScanFixtures.directory.appendingPathComponent("\(name).expected"))
        #expect(KeyLikeText.matches(in: rendered).isEmpty, "a key reached the report of \(name):\n\(rendered)")
        if name == "clean" {
            #expect(scanned.report.isEmpty, "the clean fixture must have no findings:\n\(rendered)")
        } else if let rule = name.split(separator: "_").first.map({ "GW-" + $0.uppercased() }) {
            // s004_... is about GW-S004: that rule must fire, and no other scan rule.
            let rules = Set(scanned.findings.map(\.ruleId))
            #expect(rules == [rule], "\(name) should give only \(rule) findings, got \(rules.sorted()):\n\(rendered)")
        }
    }

    @Test("every rule has a fixture, and goldens name only catalogued rules")
    func everyRuleIsCovered() throws {
        var seen: Set<String> = []
        for name in ScanFixtures.names {
            let url = ScanFixtures.directory.appendingPathComponent("\(name).expected")
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") where line.hasSuffix("]") && !line.hasPrefix(" ") {
                if let open = line.lastIndex(of: "["), line[line.index(after: open)...].hasPrefix("GW-") {
                    seen.insert(String(line[line.index(after: open)..<line.index(before: line.endIndex)]))
                }
            }
        }
        let catalogue = Set(ScanRule.catalogue.map(\.id))
        #expect(catalogue.subtracting(seen).isEmpty, "rules without a fixture: \(catalogue.subtracting(seen).sorted())")
        #expect(
            seen.subtracting(catalogue).isEmpty, "unknown rules in goldens: \(seen.subtracting(catalogue).sorted())")
    }

    @Test("every .expected file has its fixture")
    func noOrphanExpectations() throws {
        let entries = try FileManager.default.contentsOfDirectory(atPath: ScanFixtures.directory.path)
        let expected = Set(entries.filter { $0.hasSuffix(".expected") }.map { String($0.dropLast(".expected".count)) })
        #expect(expected.subtracting(ScanFixtures.names).isEmpty)
    }

    /// Every example, scanned from the repository root with its files as a checkout has them
    /// (0644); the goldens say what each example gives, and the quickstart has no error.
    @Test("examples' findings", arguments: ScanFixtures.examples)
    func example(_ path: String) throws {
        let files = ScanFixtures.files(relativeTo: ScanFixtures.repositoryRoot, permissions: { _ in 0o644 })
        let scanned = try ScanFixtures.scan(root: path, in: ScanFixtures.repositoryRoot, files: files)
        #expect(scanned.checkErrors.isEmpty, "\(path) has check errors")
        #expect(scanned.plan != nil)
        let rendered = ScanFixtures.render(scanned.report)
        // `examples/quickstart/gateway.gwpipe` → `quickstart-gateway.expected`.
        let name = String(path.dropFirst("examples/".count).dropLast(".gwpipe".count)).replacingOccurrences(
            of: "/", with: "-")
        try ScanFixtures.assertGolden(
            rendered, matches: ScanFixtures.examplesGoldens.appendingPathComponent("\(name).expected"))
        if name.hasPrefix("quickstart") {
            #expect(!scanned.findings.hasErrors, "the quickstart must have no error-level finding:\n\(rendered)")
        }
    }
}
