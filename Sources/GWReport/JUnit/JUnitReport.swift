import GWStateStore

/// The JUnit XML of a recorded run (`gwpipe run --junit FILE`): stages as `<testsuite>`s, steps and
/// contract test cases as `<testcase>`s, with failure messages, the observed values of failed
/// gates, and captured output. The same `RunDetail` always renders to the same bytes.
public enum JUnitReport {
    public static func render(_ detail: RunDetail) -> String {
        let clock = RunClock(detail)
        let suites = StageGroup.groups(of: detail).map { JUnitSuite(group: $0, detail: detail, clock: clock) }
        var xml = XMLWriter()
        let run = detail.run
        xml.open(
            "testsuites",
            [
                ("name", "gwpipe \(run.pipeline) run \(run.id)"),
                ("tests", "\(suites.map(\.tests).reduce(0, +))"),
                ("failures", "\(suites.map(\.failures).reduce(0, +))"),
                ("errors", "\(suites.map(\.errors).reduce(0, +))"),
                ("skipped", "\(suites.map(\.skipped).reduce(0, +))"),
                ("time", seconds(clock.seconds(from: run.startedAt, to: run.finishedAt))),
                ("timestamp", ReportFormat.junitTimestamp(run.startedAt)),
            ])
        for (index, suite) in suites.enumerated() {
            write(suite, id: index, run: run, to: &xml)
        }
        xml.close("testsuites")
        return xml.output
    }

    private static func write(_ suite: JUnitSuite, id: Int, run: RunRecord, to xml: inout XMLWriter) {
        xml.open(
            "testsuite",
            [
                ("name", suite.name),
                ("id", "\(id)"),
                ("tests", "\(suite.tests)"),
                ("failures", "\(suite.failures)"),
                ("errors", "\(suite.errors)"),
                ("skipped", "\(suite.skipped)"),
                ("time", seconds(suite.seconds)),
                ("timestamp", ReportFormat.junitTimestamp(suite.timestamp)),
                ("hostname", run.host),
            ])
        for testCase in suite.cases {
            write(testCase, to: &xml)
        }
        xml.close("testsuite")
    }

    private static func write(_ testCase: JUnitCase, to xml: inout XMLWriter) {
        let attributes: XMLWriter.Attributes = [
            ("classname", testCase.classname), ("name", testCase.name), ("time", seconds(testCase.seconds)),
        ]
        if case .passed = testCase.outcome, testCase.systemOut == nil {
            xml.empty("testcase", attributes)
            return
        }
        xml.open("testcase", attributes)
        switch testCase.outcome {
        case .passed:
            break
        case .failure(let message, let type, let body):
            xml.text("failure", [("message", message), ("type", type)], body)
        case .error(let message, let type, let body):
            xml.text("error", [("message", message), ("type", type)], body)
        case .skipped(let message):
            xml.empty("skipped", [("message", message)])
        }
        if let output = testCase.systemOut {
            xml.text("system-out", [], output)
        }
        xml.close("testcase")
    }

    /// JUnit's `time`: seconds with millisecond precision.
    private static func seconds(_ value: Double) -> String {
        ReportFormat.fixed(value, decimals: 3)
    }
}
