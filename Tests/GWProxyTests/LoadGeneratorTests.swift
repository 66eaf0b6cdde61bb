import Foundation
import GWPlan
import NIOConcurrencyHelpers
import Testing

@testable import GWProxy

/// The open-loop load generator against in-process mocks on loopback: rate, status and error
/// counting, coordinated-omission correction, streaming first byte, and stopping early.
@Suite(.serialized) struct LoadGeneratorTests {
    private static func behavior(
        latencyMs: Double, ttftMs: Double? = nil, errorPercent: Double = 0, hangPercent: Double = 0
    ) -> MockBehavior {
        MockBehavior(
            latencyMs: [latencyMs, latencyMs], ttftMs: ttftMs.map { [$0, $0] }, errorPercent: errorPercent,
            errorsAfterMs: nil, errorStatus: 500, hangPercent: hangPercent, stream: true, tokens: [5, 10])
    }

    private static func configuration(
        port: Int, rate: Double, duration: Duration?, concurrency: Int = 16, stream: Bool = false
    ) throws -> LoadConfiguration {
        LoadConfiguration(
            target: try LoadTarget(url: "http://127.0.0.1:\(port)/v1/chat/completions"),
            body: LoadConfiguration.chatBody(stream: stream), rate: rate, duration: duration, concurrency: concurrency,
            measuresFirstByte: stream)
    }

    @Test func achievesTheTargetRate() async throws {
        let mock = try await MockServer.start(host: "127.0.0.1", port: 0, behavior: Self.behavior(latencyMs: 1))
        defer { Task { try? await mock.stop() } }
        let generator = try LoadGenerator(
            configuration: try Self.configuration(port: mock.port!, rate: 200, duration: .seconds(1)))
        let report = try await generator.run()
        #expect(report.finished)
        #expect(report.scheduled == 200)
        #expect(report.sent == 200)
        #expect(report.completed == 200)
        #expect(report.statuses == ["200": 200])
        #expect(report.errorCount == 0)
        #expect(report.unfinished == 0)
        #expect(report.achievedRate >= 180 && report.achievedRate <= 220, "achieved \(report.achievedRate) rps")
        #expect(report.throughput >= 180 && report.throughput <= 220, "throughput \(report.throughput) rps")
        #expect(report.latency.count == 200 && report.serviceTime.count == 200)
        #expect(report.latency.p50Ms >= 1 && report.latency.maxMs >= report.latency.p99Ms)
        #expect(report.timeToFirstByte == nil)
    }

    @Test func countsStatuses() async throws {
        let mock = try await MockServer.start(
            host: "127.0.0.1", port: 0, behavior: Self.behavior(latencyMs: 0, errorPercent: 50))
        defer { Task { try? await mock.stop() } }
        let generator = try LoadGenerator(
            configuration: try Self.configuration(port: mock.port!, rate: 500, duration: .seconds(1)))
        let report = try await generator.run()
        #expect(report.completed == 500)
        let failed = report.statuses["500", default: 0]
        #expect(failed + report.statuses["200", default: 0] == 500)
        let share = Double(failed) / 5
        #expect(share >= 40 && share <= 60, "\(share)% failed")
        #expect(report.count(statuses: 500...599) == failed)
        #expect(abs(report.errorPercent - share) < 0.001)
    }

    /// One connection, 100 ms answers, 50 requests a second: the server keeps up with one in
    /// five, so each request waits longer than the one before. A closed-loop tool would report
    /// ~100 ms; the latency from the intended send time shows the queue.
    @Test func correctsCoordinatedOmission() async throws {
        let mock = try await MockServer.start(host: "127.0.0.1", port: 0, behavior: Self.behavior(latencyMs: 100))
        defer { Task { try? await mock.stop() } }
        var configuration = try Self.configuration(
            port: mock.port!, rate: 50, duration: .milliseconds(600), concurrency: 1)
        configuration.drainTimeout = .milliseconds(600)
        let report = try await LoadGenerator(configuration: configuration).run()
        #expect(report.scheduled == 30)
        #expect(report.connectionsOpened == 1)
        #expect(report.completed >= 1 && report.completed < 30)
        #expect(report.unfinished == 30 - report.completed)
        #expect(
            report.serviceTime.p50Ms >= 99 && report.serviceTime.p50Ms < 2000, "service p50 \(report.serviceTime.p50Ms)")
        #expect(report.latency.p50Ms > 3 * report.serviceTime.p50Ms, "corrected p50 \(report.latency.p50Ms)")
        #expect(report.achievedRate < 25, "sending is held back by the single busy connection")
    }

    @Test func measuresTimeToFirstByteOfStreams() async throws {
        let mock = try await MockServer.start(
            host: "127.0.0.1", port: 0, behavior: Self.behavior(latencyMs: 60, ttftMs: 5))
        defer { Task { try? await mock.stop() } }
        let configuration = try Self.configuration(
            port: mock.port!, rate: 40, duration: .milliseconds(500), stream: true)
        let report = try await LoadGenerator(configuration: configuration).run()
        #expect(report.completed == 20)
        let firstByte = try #require(report.timeToFirstByte)
        #expect(firstByte.count == 20)
        #expect(firstByte.p50Ms >= 5 && firstByte.p50Ms < report.latency.p50Ms / 2, "first byte \(firstByte.p50Ms) ms")
        #expect(report.latency.p50Ms >= 60)
        #expect(report.timeToFirstByteFromSend != nil)
    }

    @Test func countsConnectFailuresAndTimeouts() async throws {
        let gone = try await MockServer.start(host: "127.0.0.1", port: 0, behavior: Self.behavior(latencyMs: 0))
        let port = gone.port!
        try await gone.stop()
        let refused = try await LoadGenerator(
            configuration: try Self.configuration(port: port, rate: 50, duration: .milliseconds(200))
        ).run()
        #expect(refused.scheduled == 10)
        #expect(refused.errors["connect"] == 10)
        #expect(refused.completed == 0 && refused.unfinished == 0)

        let hanging = try await MockServer.start(
            host: "127.0.0.1", port: 0, behavior: Self.behavior(latencyMs: 0, hangPercent: 100))
        defer { Task { try? await hanging.stop() } }
        var configuration = try Self.configuration(port: hanging.port!, rate: 20, duration: .milliseconds(200))
        configuration.requestTimeout = .milliseconds(150)
        let timedOut = try await LoadGenerator(configuration: configuration).run()
        #expect(timedOut.scheduled == 4)
        #expect(timedOut.errors["timeout"] == 4)
        #expect(timedOut.errorPercent == 100)
    }

    @Test func runsUntilCancelledAndReportsProgress() async throws {
        let mock = try await MockServer.start(host: "127.0.0.1", port: 0, behavior: Self.behavior(latencyMs: 1))
        defer { Task { try? await mock.stop() } }
        let generator = try LoadGenerator(
            configuration: try Self.configuration(port: mock.port!, rate: 100, duration: nil))
        let progress = NIOLockedValueBox<[LoadReport]>([])
        let run = Task {
            try await generator.run(progressInterval: .milliseconds(100)) { report in
                progress.withLockedValue { $0.append(report) }
            }
        }
        try await Task.sleep(for: .milliseconds(450))
        run.cancel()
        let report = try await run.value
        #expect(report.finished)
        #expect(report.durationSeconds == nil)
        #expect(report.scheduled >= 10 && report.scheduled <= 100, "\(report.scheduled) scheduled")
        #expect(report.completed == report.sent && report.sent == report.scheduled)
        let snapshots = progress.withLockedValue { $0 }
        #expect(!snapshots.isEmpty)
        #expect(snapshots.allSatisfy { !$0.finished })
        #expect(zip(snapshots, snapshots.dropFirst()).allSatisfy { $0.scheduled <= $1.scheduled })
        await #expect(throws: LoadConfigurationError.self) { _ = try await generator.run() }
    }

    @Test func rejectsWhatCannotRun() throws {
        #expect(throws: LoadConfigurationError.self) { try LoadTarget(url: "ftp://example/x") }
        #expect(throws: LoadConfigurationError.self) { try LoadTarget(url: "http:///nohost") }
        let target = try LoadTarget(url: "http://127.0.0.1:8080/v1/chat/completions?x=1")
        #expect(target.port == 8080 && target.requestURI == "/v1/chat/completions?x=1")
        #expect(target.authority == "127.0.0.1:8080")
        let https = try LoadTarget(url: "https://api.example.com")
        #expect(https.port == 443 && https.useTLS && https.requestURI == "/" && https.authority == "api.example.com")
        let base = LoadConfiguration(target: target, rate: 10, duration: .seconds(1))
        let changes: [(inout LoadConfiguration) -> Void] = [
            { $0.rate = 0 }, { $0.concurrency = 0 }, { $0.duration = .zero }, { $0.method = "PO ST" },
            { $0.headers = [("bad name", "v")] },
        ]
        for change in changes {
            var broken = base
            change(&broken)
            #expect(throws: LoadConfigurationError.self) { try LoadGenerator(configuration: broken) }
        }
    }
}
