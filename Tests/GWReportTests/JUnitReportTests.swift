import Foundation
import GWStateStore
import XCTest

@testable import GWReport

/// The JUnit XML, read back with `XMLParser` as a CI server would.
final class JUnitReportTests: XCTestCase {
    private func parse(_ detail: RunDetail, file: StaticString = #filePath, line: UInt = #line) throws -> XMLTree.Node {
        let xml = JUnitReport.render(detail)
        let tree = try XCTUnwrap(XMLTree(xml, file: file, line: line), file: file, line: line)
        XCTAssertEqual(tree.root.name, "testsuites", file: file, line: line)
        return tree.root
    }

    private func counts(_ node: XMLTree.Node) -> [String: String] {
        node.attributes.filter { ["tests", "failures", "errors", "skipped"].contains($0.key) }
    }

    func testPassingRunHasASuitePerStageAndACasePerStepAndContractCase() throws {
        let root = try parse(ReportFixtures.passing)
        XCTAssertEqual(root.attributes["name"], "gwpipe release run 7")
        XCTAssertEqual(counts(root), ["tests": "7", "failures": "0", "errors": "0", "skipped": "0"])
        XCTAssertEqual(root.attributes["time"], "26.000")
        let suites = root.all("testsuite")
        XCTAssertEqual(suites.map { $0.attributes["name"] }, ["validate", "production"])
        XCTAssertEqual(suites[0].attributes["tests"], "5")
        XCTAssertEqual(suites[0].attributes["time"], "2.000")
        XCTAssertEqual(suites[0].attributes["timestamp"], "2025-03-01T12:00:00")

        let cases = suites[0].all("testcase")
        XCTAssertEqual(
            cases.map { $0.attributes["classname"] },
            ["validate", "validate", "validate", "chat contract", "chat contract"])
        XCTAssertEqual(cases[2].attributes["name"], "test tests/contract.yaml with mocks")
        XCTAssertEqual(cases[3].attributes["name"], "small model goes to openai")
        XCTAssertEqual(cases[3].attributes["time"], "0.013", "12.5 ms rounds to 13 ms")
        XCTAssertEqual(cases[0].attributes["time"], "0.250")
        XCTAssertTrue(root.all("failure").isEmpty)

        let smoke = try XCTUnwrap(suites[1].all("testcase").first { $0.attributes["name"] == "run scripts/smoke.sh" })
        XCTAssertEqual(smoke.child("system-out")?.text, "ok: 3 checks\n")
    }

    func testRolledBackCanaryFailsWithEachFailedGateAndItsObservedValues() throws {
        let root = try parse(ReportFixtures.canaryRollback)
        XCTAssertEqual(counts(root), ["tests": "8", "failures": "1", "errors": "0", "skipped": "0"])
        XCTAssertEqual(root.all("testsuite").map { $0.attributes["name"] }, ["validate", "production", "on_failure"])
        let failures = root.all("failure")
        XCTAssertEqual(failures.count, 1)
        let failure = try XCTUnwrap(failures.first)
        XCTAssertEqual(failure.attributes["message"], "aborted: gate error_rate < 1% failed")
        XCTAssertEqual(failure.attributes["type"], "canary")
        let body = failure.text.components(separatedBy: "\n")
        XCTAssertEqual(body.count, 4, failure.text)
        XCTAssertEqual(
            body[1],
            "gate error_rate < 1% failed at 2025-03-01 12:01:15 UTC (weight 25%, 10 s window): "
                + "canary.error_rate = 12.5, canary.requests = 250 (release.gwpipe:21:9)")
        XCTAssertTrue(body[2].contains("canary.error_rate = 12.5, stable.error_rate = 0.2"), body[2])
        XCTAssertEqual(body[3], "at release.gwpipe:12:7")
        XCTAssertFalse(failure.text.contains("inconclusive"), "only failed evaluations are listed")
    }

    func testFailedContractCasesAreFailuresOfTheirSuiteAndLaterStagesAreSkipped() throws {
        let root = try parse(EdgeFixtures.failedContract)
        XCTAssertEqual(counts(root), ["tests": "7", "failures": "3", "errors": "0", "skipped": "2"])
        let contract = root.all("testcase").filter { $0.attributes["classname"] == "chat contract" }
        XCTAssertEqual(contract.count, 3)
        XCTAssertNil(contract[0].child("failure"))
        let refused = try XCTUnwrap(contract[1].child("failure"))
        XCTAssertEqual(
            refused.attributes["message"], "expected status 401, got 200\nexpected upstream none, got openai")
        XCTAssertEqual(refused.attributes["type"], "contract")
        XCTAssertTrue(refused.text.hasSuffix("at tests/contract.yaml:14:5"), refused.text)
        XCTAssertEqual(contract[2].child("failure")?.attributes["message"], "latency 812 ms is not below 500 ms")

        let suites = root.all("testsuite")
        XCTAssertEqual(suites.map { $0.attributes["skipped"] }, ["0", "1", "1"])
        let emptyStage = try XCTUnwrap(suites.last?.all("testcase").first)
        XCTAssertEqual(emptyStage.attributes["name"], "stage production", "a stage without step rows is one case")
        XCTAssertEqual(emptyStage.child("skipped")?.attributes["message"], "not run: an earlier stage failed")
    }

    func testUnfinishedStepIsAnErrorTimedUpToTheLatestRecord() throws {
        let root = try parse(EdgeFixtures.running)
        XCTAssertEqual(counts(root), ["tests": "1", "failures": "0", "errors": "1", "skipped": "0"])
        let error = try XCTUnwrap(root.all("error").first)
        XCTAssertEqual(error.attributes["type"], "unfinished")
        XCTAssertEqual(error.attributes["message"], "still running when this report was written")
        XCTAssertEqual(root.all("testcase").first?.attributes["time"], "10.000", "2 s to the last sample at 12 s")

        var interrupted = EdgeFixtures.running
        interrupted.run.status = .interrupted
        let again = try parse(interrupted)
        XCTAssertEqual(again.all("error").first?.attributes["message"], "did not finish: the run was interrupted")
    }

    func testEveryHostileStringSurvivesAsText() throws {
        let xml = JUnitReport.render(EdgeFixtures.hostile)
        XCTAssertFalse(xml.contains("<script"))
        XCTAssertFalse(xml.contains("\u{1B}"))
        XCTAssertFalse(xml.contains("\u{0}"))
        let root = try XCTUnwrap(XMLTree(xml)).root
        // What the parser reads back: the same text, with the control characters XML 1.0 forbids
        // shown as their control pictures.
        let readable = ReportFixtures.hostile
            .replacingOccurrences(of: "\u{1B}", with: "\u{241B}")
            .replacingOccurrences(of: "\u{0}", with: "\u{2400}")
            .replacingOccurrences(of: "\u{7}", with: "\u{2407}")
        XCTAssertEqual(root.attributes["name"], "gwpipe rel<ease>&\"co\" run 7")
        let failure = try XCTUnwrap(root.all("failure").first { $0.attributes["type"] == "canary" })
        XCTAssertEqual(failure.attributes["message"], readable)
        XCTAssertTrue(failure.text.contains("error_rate < 1% && \(readable) failed"), failure.text)
        let contract = try XCTUnwrap(root.all("testcase").first { $0.attributes["classname"] == readable })
        XCTAssertEqual(contract.attributes["name"], readable)
        // Captured output loses its colour codes entirely rather than showing them as pictures.
        let output = try XCTUnwrap(root.all("system-out").first?.text)
        XCTAssertTrue(output.contains("red \u{2400}\u{2407}"), output)
        XCTAssertFalse(output.contains("[31m"), output)
    }

    func testOutputIsDeterministicAndMatchesTheGolden() throws {
        let detail = ReportFixtures.canaryRollback
        let first = JUnitReport.render(detail)
        XCTAssertEqual(first, JUnitReport.render(detail))
        try Golden.assert(first, matches: "canary-rollback.junit.xml")
    }

    func testEmptyRunIsAValidEmptyReport() throws {
        let detail = RunDetail(
            run: ReportFixtures.run(.error, finished: 0, message: "could not open the state store"), steps: [],
            testCases: [], gateEvaluations: [], deployments: [], samples: [], audit: [])
        let root = try parse(detail)
        XCTAssertEqual(counts(root), ["tests": "0", "failures": "0", "errors": "0", "skipped": "0"])
        XCTAssertTrue(root.children.isEmpty)
    }
}
