import Foundation
import GWStateStore
import XCTest

@testable import GWReport

/// The HTML report: its content, its charts' geometry, escaping, and that it stands alone.
final class HTMLReportTests: XCTestCase {
    static let fixtures: [(String, RunDetail)] = [
        ("passing", ReportFixtures.passing), ("canary-rollback", ReportFixtures.canaryRollback),
        ("failed-contract", EdgeFixtures.failedContract), ("hostile", EdgeFixtures.hostile),
        ("running", EdgeFixtures.running), ("no-samples", EdgeFixtures.noSamples),
        ("one-sample", EdgeFixtures.oneSample), ("all-zero", EdgeFixtures.allZero),
        ("broken-values", EdgeFixtures.brokenValues),
    ]

    /// `GWPIPE_REPORT_SAMPLES=DIR swift test --filter GWReportTests` writes each fixture's report
    /// there, to look at in a browser; the tests do not need it.
    override class func tearDown() {
        guard let directory = ProcessInfo.processInfo.environment["GWPIPE_REPORT_SAMPLES"] else { return }
        let url = URL(fileURLWithPath: directory)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, detail) in fixtures {
            try? Data(HTMLReport.render(detail).utf8).write(to: url.appendingPathComponent("\(name).html"))
        }
    }

    func testEveryFixtureIsSelfContainedBalancedAndDeterministic() {
        for (name, detail) in Self.fixtures {
            let html = HTMLReport.render(detail)
            XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"), name)
            HTMLInspection.assertSelfContained(html)
            HTMLInspection.assertBalanced(html)
            for chart in HTMLInspection.charts(in: html) {
                HTMLInspection.assertFiniteCoordinates(in: chart)
            }
            XCTAssertFalse(html.lowercased().contains("nan\""), name)
            XCTAssertEqual(html, HTMLReport.render(detail), "\(name) renders the same twice")
        }
    }

    func testHeaderTellsOutcomeWhyAndWhere() {
        let html = HTMLReport.render(ReportFixtures.canaryRollback)
        XCTAssertTrue(html.contains("<h1>release</h1><span class=\"badge bad\">failed</span>"))
        XCTAssertTrue(html.contains("<span class=\"muted\">run #7</span>"))
        XCTAssertTrue(
            html.contains(
                "<p class=\"message bad\">canary production aborted: gate error_rate &lt; 1% failed"
                    + " (canary.error_rate = 12.5)</p>"
            ))
        XCTAssertTrue(html.contains("<dd>2025-03-01 12:00:00 UTC</dd>"))
        XCTAssertTrue(html.contains("<dd>1m 24s</dd>"), "duration of 84 s")
        XCTAssertTrue(html.contains("4b825dc642cb</code>"), "short commit")
        XCTAssertTrue(html.contains("<dd><code>main</code></dd>"))
        XCTAssertTrue(html.contains("<dd>ci@runner-1</dd>"))

        let passing = HTMLReport.render(ReportFixtures.passing)
        XCTAssertTrue(passing.contains("<span class=\"badge ok\">succeeded</span>"))
        XCTAssertFalse(passing.contains("class=\"message"), "a passing run without a message has no message box")
    }

    func testStagesAndStepsTableShowsStatusDurationMessageLocationAndOutput() {
        let html = HTMLReport.render(ReportFixtures.canaryRollback)
        XCTAssertTrue(
            html.contains(
                "<tr class=\"stage-row\"><td>stage production</td><td><span class=\"badge bad\">failed</span>"))
        XCTAssertTrue(
            html.contains(
                "<td>canary production<span class=\"kind\">canary · production.1</span></td>"
                    + "<td><span class=\"badge bad\">failed</span></td><td class=\"num\">1m 18s</td>"
                    + "<td class=\"multiline\">aborted: gate error_rate &lt; 1% failed</td>"
                    + "<td class=\"nowrap\"><code>release.gwpipe:12:7</code></td>"))
        XCTAssertTrue(html.contains("<td colspan=\"5\"><pre>POST /hooks/deploys -&gt; 204\n</pre></td>"))

        let running = HTMLReport.render(EdgeFixtures.running)
        XCTAssertTrue(
            running.contains("<td class=\"num\">10.0 s so far</td><td class=\"multiline\">still running</td>"))
        XCTAssertTrue(running.contains("<span class=\"badge info\">running</span>"))
        XCTAssertTrue(running.contains("so far (not finished)"))
    }

    func testRolledBackCanaryChartsHaveALinePerSlotWeightsGatesAndTheRollback() throws {
        let html = HTMLReport.render(ReportFixtures.canaryRollback)
        let charts = HTMLInspection.charts(in: html)
        XCTAssertEqual(charts.count, 2, "error rate and p99 for the one strategy step")
        XCTAssertTrue(html.contains("<b title=\"\(ReportFixtures.stableRevision)\">stable aaaa1111</b>"))
        XCTAssertTrue(html.contains("<b title=\"\(ReportFixtures.canaryRevision)\">canary 9f3e1a2b</b>"))
        XCTAssertTrue(html.contains("environment production"))

        for chart in charts {
            let stable = HTMLInspection.elements("polyline", in: chart, classes: "series", "stable-0")
            let canary = HTMLInspection.elements("polyline", in: chart, classes: "series", "canary-0")
            XCTAssertEqual(stable.count, 1)
            XCTAssertEqual(canary.count, 1, "the canary has traffic from 5 s to 79 s only: one segment")
            XCTAssertEqual(
                HTMLInspection.points(of: stable[0]).count, 79, "3 s to 81 s: the step's window and a second")
            XCTAssertEqual(HTMLInspection.points(of: canary[0]).count, 75)

            let rollback = HTMLInspection.elements("line", in: chart, classes: "marker", "rollback")
            XCTAssertEqual(rollback.count, 1)
            let rollbackX = try XCTUnwrap(rollback.first?.attributes["x1"].flatMap(Double.init))
            let steps = HTMLInspection.elements("line", in: chart, classes: "marker", "weight-change")
            let labels = HTMLInspection.elements("text", in: chart, classes: "marker-label", "weight-change").map(
                \.text)
            XCTAssertEqual(steps.count, 3, "1%, 5%, 25%; the fall to 0% is the rollback's own marker")
            XCTAssertEqual(labels, ["1%", "5%", "25%"])
            let stepXs = steps.compactMap { $0.attributes["x1"].flatMap(Double.init) }
            XCTAssertEqual(stepXs, stepXs.sorted())
            XCTAssertGreaterThan(rollbackX, stepXs[2], "the rollback comes after the 25% step")
            XCTAssertEqual(
                HTMLInspection.elements("text", in: chart, classes: "marker-label", "rollback").map(\.text),
                ["rollback"])
            XCTAssertFalse(HTMLInspection.elements("path", in: chart, classes: "weight-band").isEmpty)

            XCTAssertEqual(HTMLInspection.elements("rect", in: chart, classes: "gate-tick", "fail").count, 2)
            XCTAssertEqual(HTMLInspection.elements("rect", in: chart, classes: "gate-tick", "pass").count, 6)
            XCTAssertEqual(HTMLInspection.elements("rect", in: chart, classes: "gate-tick", "inconclusive").count, 1)
        }

        // Error rate: the canary's 12.5% spike reaches the top of the plot, the stable's 0.2% stays near the floor.
        let errorChart = charts[0]
        XCTAssertEqual(errorChart.child("title")?.text, "Error rate (%)")
        let canaryYs = HTMLInspection.elements("polyline", in: errorChart, classes: "canary-0").flatMap {
            HTMLInspection.points(of: $0).map(\.y)
        }
        XCTAssertEqual(canaryYs.min() ?? 0, LineChart.top, accuracy: 0.05)
        let stableYs = HTMLInspection.elements("polyline", in: errorChart, classes: "stable-0").flatMap {
            HTMLInspection.points(of: $0).map(\.y)
        }
        XCTAssertGreaterThan(stableYs.min() ?? 0, LineChart.plotBottom - 10)
        let tickLabels = HTMLInspection.elements("text", in: errorChart, classes: "tick-label").map(\.text)
        XCTAssertTrue(tickLabels.contains("12.5%"), "\(tickLabels)")
        XCTAssertTrue(tickLabels.contains("1m"), "time ticks: \(tickLabels)")
        XCTAssertEqual(charts[1].child("title")?.text, "p99 latency (ms)")
    }

    func testAFailedRollbackIsMarkedAsPlainlyAsOneThatWorked() {
        var detail = ReportFixtures.canaryRollback
        detail.deployments = detail.deployments.map { deployment in
            var changed = deployment
            if changed.outcome == .rolledBack { changed.outcome = .rollbackFailed }
            return changed
        }
        detail.audit.removeAll { $0.action == "rollback" }  // the deployment alone must carry the marker
        let html = HTMLReport.render(detail)
        XCTAssertTrue(html.contains("<span class=\"badge bad\">rollback failed</span>"))
        XCTAssertTrue(html.contains("FAILED at"), "the timeline marks the failed rollback")
        XCTAssertFalse(html.contains("<span class=\"badge quiet\">rollback failed</span>"))
    }

    func testTablesOfGatesTestCasesDeploymentsAndAudit() {
        let html = HTMLReport.render(ReportFixtures.canaryRollback)
        XCTAssertTrue(
            html.contains(
                "<td class=\"nowrap\">12:01:15</td><td>canary production (production.1)</td>"
                    + "<td class=\"nowrap\">analysis</td>"
                    + "<td><code>error_rate &lt; 1%</code></td><td>canary.error_rate = 12.5, canary.requests = 250</td>"
                    + "<td class=\"num\">25%</td><td class=\"num\">10 s</td>"
                    + "<td><span class=\"badge bad\">fail</span></td>"
            ))
        XCTAssertTrue(html.contains("<span class=\"badge quiet\">inconclusive</span>"))
        XCTAssertTrue(html.contains("<span class=\"badge bad\">rolled back</span>"))
        XCTAssertTrue(html.contains("<code title=\"\(ReportFixtures.stableRevision)\">aaaa1111</code>"))
        XCTAssertTrue(html.contains("<td><code>rollback</code></td><td>production</td>"))
        XCTAssertTrue(html.contains("<p>2 of 2 passed.</p>"))

        let failed = HTMLReport.render(EdgeFixtures.failedContract)
        XCTAssertTrue(failed.contains("<p>1 of 3 passed, <b class=\"bad\">2 failed</b>.</p>"))
        let refused = failed.range(of: "unknown key is refused")?.lowerBound
        let passed = failed.range(of: "<td>small model goes to openai")?.lowerBound
        XCTAssertNotNil(refused)
        XCTAssertLessThan(refused ?? failed.endIndex, passed ?? failed.startIndex, "failed cases come first")
        XCTAssertTrue(failed.contains("expected status 401, got 200\nexpected upstream none, got openai"))
        XCTAssertTrue(failed.contains("<code>tests/contract.yaml:14:5</code>"))
        XCTAssertTrue(failed.contains("No strategy step sampled traffic in this run."))
        XCTAssertTrue(failed.contains("This run deployed nothing."))
        XCTAssertTrue(failed.contains("<span class=\"badge quiet\">skipped</span>"))
    }

    func testHostileStringsAreEscapedEverywhere() {
        let html = HTMLReport.render(EdgeFixtures.hostile)
        XCTAssertFalse(html.contains(ReportFixtures.hostile))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("<!--"))
        XCTAssertFalse(html.contains("\u{1B}"))
        XCTAssertFalse(html.contains("\u{0}"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(\"pwn\" &amp; 'x')&lt;/script&gt;"))
        XCTAssertTrue(html.contains("<h1>rel&lt;ease&gt;&amp;\"co\"</h1>"))
        XCTAssertTrue(html.contains("<title>gwpipe · rel&lt;ease&gt;&amp;\"co\" · run #7 · failed</title>"))
        // Inside the charts' hover text too, which the SVG parser reads back as the original text.
        let charts = HTMLInspection.charts(in: HTMLReport.render(EdgeFixtures.hostile))
        let tick = charts.first.flatMap { HTMLInspection.elements("rect", in: $0, classes: "gate-tick", "fail").first }
        XCTAssertTrue(tick?.child("title")?.text.contains("&& <script>alert(\"pwn\" & 'x')</script>") ?? false)
    }

    func testSparseAndDegenerateSamplesStillDrawSensibleCharts() throws {
        XCTAssertTrue(HTMLInspection.charts(in: HTMLReport.render(EdgeFixtures.noSamples)).isEmpty)

        let one = HTMLInspection.charts(in: HTMLReport.render(EdgeFixtures.oneSample))
        XCTAssertEqual(one.count, 2)
        for chart in one {
            XCTAssertEqual(HTMLInspection.elements("circle", in: chart, classes: "dot", "stable-0").count, 1)
            XCTAssertEqual(HTMLInspection.elements("circle", in: chart, classes: "dot", "canary-0").count, 1)
            XCTAssertTrue(HTMLInspection.elements("polyline", in: chart, classes: "series").isEmpty)
        }

        let zero = HTMLInspection.charts(in: HTMLReport.render(EdgeFixtures.allZero))
        XCTAssertEqual(zero.count, 2)
        for chart in zero {
            let lines = HTMLInspection.elements("polyline", in: chart, classes: "series")
            XCTAssertEqual(lines.count, 2)
            let ys = Set(lines.flatMap { HTMLInspection.points(of: $0).map(\.y) })
            XCTAssertEqual(ys, [LineChart.plotBottom], "flat zero lines sit on the floor of the plot")
            XCTAssertTrue(HTMLInspection.elements("path", in: chart, classes: "weight-band").isEmpty)
            let labels = HTMLInspection.elements("text", in: chart, classes: "tick-label").map(\.text)
            XCTAssertEqual(Set(labels).count, labels.count, "tick labels are distinct: \(labels)")
        }

        let broken = HTMLInspection.charts(in: HTMLReport.render(EdgeFixtures.brokenValues))
        XCTAssertEqual(broken.count, 2)
        let errorLine = try XCTUnwrap(HTMLInspection.elements("polyline", in: broken[0], classes: "stable-0").first)
        XCTAssertEqual(HTMLInspection.points(of: errorLine).count, 2, "the NaN second and the idle one are left out")
        let band = try XCTUnwrap(HTMLInspection.elements("path", in: broken[0], classes: "weight-line").first)
        let bandNumbers = (band.attributes["d"] ?? "").split { " MLZ".contains($0) }.compactMap { Double(String($0)) }
        let bandYs = bandNumbers.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        XCTAssertTrue(
            bandYs.allSatisfy { (LineChart.top...LineChart.plotBottom).contains($0) },
            "weights outside 0–100 are clamped")
    }

    func testFlagRolloutNamesItsSidesAndChartsOnlyItsOwnEnvironment() throws {
        typealias F = ReportFixtures
        var detail = EdgeFixtures.strategy(
            stride(from: 1.0, through: 10, by: 1).flatMap { t in
                [
                    F.sample(t, "stable", F.stableRevision, requests: 20, errorRate: 1, p99: 50, weight: 30),
                    F.sample(t, "canary", F.stableRevision, requests: 10, errorRate: 2, p99: 60, weight: 30),
                    F.sample(
                        t, "stable", F.canaryRevision, requests: 5, errorRate: 50, p99: 900, weight: 0,
                        environment: "staging"),
                ]
            })
        detail.steps[1].kind = "flag"
        detail.steps[1].title = "flag new_router rollout on production"
        let html = HTMLReport.render(detail)
        XCTAssertTrue(html.contains(">flag off aaaa1111</b>"))
        XCTAssertTrue(html.contains(">flag on aaaa1111</b>"))
        XCTAssertTrue(html.contains("environment production"))
        XCTAssertFalse(html.contains("9f3e1a2b"), "the staging samples are not this step's")
        XCTAssertTrue(html.contains("<span class=\"swatch band\"></span>flag share (right axis)"))
        let chart = try XCTUnwrap(HTMLInspection.charts(in: html).first)
        XCTAssertEqual(HTMLInspection.elements("polyline", in: chart, classes: "series").count, 2)
        let axisTitles = HTMLInspection.elements("text", in: chart, classes: "weight-label").map(\.text)
        XCTAssertTrue(axisTitles.contains("flag share (%)"), "\(axisTitles)")
    }
}
