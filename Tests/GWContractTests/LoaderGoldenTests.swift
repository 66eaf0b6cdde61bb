import Foundation
import GWContract
import Testing

/// Each `Tests/Fixtures/contract/NAME.yaml` has one kind of mistake (or several, in
/// `multiple_errors`); what the loader reports must equal `NAME.expected`.
@Suite("Suite loader golden fixtures")
struct LoaderGoldenTests {
    static let cases = ContractTestSupport.names(suffix: ".yaml")

    @Test("loader errors match the golden", arguments: cases)
    func golden(_ name: String) throws {
        let rendered: String
        do {
            let suite = try ContractTestSupport.fixtureLoader.load("\(name).yaml")
            rendered = "loaded \(suite.cases.count) cases without errors\n"
        } catch {
            rendered = error.description
            #expect(!error.problems.isEmpty)
            for problem in error.problems {
                #expect(problem.location.line >= 1 && problem.location.column >= 1, "no position: \(problem)")
                #expect(problem.location.file == "\(name).yaml")
            }
            if name == "multiple_errors" {
                #expect(error.problems.count >= 4, "every mistake is reported, not only the first:\n\(rendered)")
            }
        }
        #expect(!rendered.hasPrefix("loaded"), "\(name).yaml is meant to have a mistake")
        try ContractTestSupport.assertGolden(
            rendered, matches: ContractTestSupport.fixtures.appendingPathComponent("\(name).expected"))
    }

    @Test("every .expected file has its .yaml, and the folder covers every error kind")
    func fixtureFolder() {
        let orphans = Set(ContractTestSupport.names(suffix: ".expected")).subtracting(Self.cases)
        #expect(orphans.isEmpty, "expected files without a suite: \(orphans.sorted())")
        #expect(Self.cases.count >= 20)
    }
}
