import GWStateStore

/// The contract test cases the run's `test` steps ran, failures first so they are seen.
enum TestCasesSection {
    static func html(_ detail: RunDetail) -> String {
        // Failures first, then the skipped, then the passed.
        func rank(_ testCase: TestCaseRecord) -> Int { testCase.skipped ? 1 : testCase.passed ? 2 : 0 }
        let cases = detail.testCases.enumerated().sorted {
            (rank($0.element), $0.offset) < (rank($1.element), $1.offset)
        }
        .map(\.element)
        let rows = cases.map { testCase in
            HTMLTable.Row([
                .text(testCase.suite),
                .text(testCase.name),
                HTMLTable.Cell(StatusBadge.html(testCase.skipped ? "skipped" : testCase.passed ? "passed" : "failed")),
                .text(ReportFormat.duration(testCase.durationMs / 1000), "num"),
                .text(testCase.message ?? "", "multiline"),
                HTMLTable.Cell(StepsSection.location(testCase.location), "nowrap"),
            ])
        }
        let failed = cases.filter { !$0.passed && !$0.skipped }.count
        let skipped = cases.filter(\.skipped).count
        let summary =
            cases.isEmpty
            ? ""
            : "<p>\(cases.count - failed - skipped) of \(cases.count) passed"
                + (skipped > 0 ? ", \(skipped) skipped" : "")
                + (failed > 0 ? ", <b class=\"bad\">\(failed) failed</b>" : "") + ".</p>\n"
        let table = HTMLTable(
            headers: ["Suite", "Case", "Result", "Duration", "Message", "Location"], rows: rows,
            emptyNote: "No contract test case ran in this run.")
        return "<section id=\"tests\">\n<h2>Test cases</h2>\n\(summary)\(table.html())</section>\n"
    }
}
