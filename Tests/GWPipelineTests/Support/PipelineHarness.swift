import Foundation
import GWPipeline
import GWPlan
import GWStateStore
import Synchronization

@testable import GWCLI

/// A temporary folder to run pipelines in: programs written into it (or examples run from the
/// repository), a state store, events, JUnit, SARIF and HTML files beside them. Each `run` calls
/// `RunAction` in process, with durations compressed and embedded gateways on free ports, and
/// hands back the outcome with everything the run left behind.
struct PipelineHarness: Sendable {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gwpipe-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    var statePath: String { directory.appendingPathComponent(".gwpipe/state.db").path }
    var eventsPath: String { directory.appendingPathComponent("events.jsonl").path }
    var junitPath: String { directory.appendingPathComponent("junit.xml").path }
    var sarifPath: String { directory.appendingPathComponent("scan.sarif").path }
    var reportPath: String { directory.appendingPathComponent("report.html").path }

    /// A file of the repository (an example), by its path from the package root.
    static func repositoryFile(_ relative: String) -> String {
        repositoryRoot.appendingPathComponent(relative).path
    }

    /// Writes `text` to `name` in the folder (creating subfolders) and returns its path.
    @discardableResult
    func write(_ text: String, to name: String = "gateway.gwpipe") throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Copies a file or folder of the repository (`examples/quickstart/keys`) into the folder as `name`.
    func copyFromRepository(_ relative: String, to name: String) throws {
        let target = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.repositoryRoot.appendingPathComponent(relative), to: target)
    }

    /// The quickstart's keys and contract suite, for programs that route to `primary` and `eu_mock`.
    func copyQuickstartSupport() throws {
        try copyFromRepository("examples/quickstart/keys", to: "keys")
        try copyFromRepository("examples/quickstart/tests", to: "tests")
    }

    /// The variables every run sees: enough for `sh` to find commands, and a branch for `approve when`.
    static func baseEnvironment() -> [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "USER": "pipeline-tests",
            "GITHUB_REF_NAME": "main",
        ]
    }

    func options(
        timeScale: Double = 0.1, approve: Bool = false, resume: Int64? = nil, pipeline: String? = nil,
        environment: [String: String] = [:], reports: Bool = true
    ) -> RunOptions {
        RunOptions(
            pipeline: pipeline, approve: approve, resume: resume, timeScale: timeScale, ephemeralPorts: true,
            environmentVariables: Self.baseEnvironment().merging(environment) { $1 },
            junitPath: reports ? junitPath : nil, sarifPath: reports ? sarifPath : nil, eventsPath: eventsPath,
            reportPath: reports ? reportPath : nil)
    }

    /// Runs `file` through `RunAction` and reads back what the run recorded and wrote.
    func run(
        _ file: String, baseline: String? = nil, options: RunOptions? = nil, output: RunOutputStyle = .plain,
        approver: any Approver = NoApprover()
    ) async throws -> RunResult {
        let console = ConsoleCapture()
        let action = RunAction(
            file: file, baseline: baseline, statePath: statePath, options: options ?? self.options(),
            sink: console.sink,
            output: output, approver: approver)
        let outcome = await action.run()
        return try result(of: outcome, console: console.text)
    }

    /// What the store and the files say about the run that ended with `outcome`.
    func result(of outcome: RunOutcome, console: String) throws -> RunResult {
        let store = try openStore()
        let detail = outcome.runId == 0 ? nil : try store.detail(runId: outcome.runId)
        return RunResult(
            outcome: outcome, output: console, detail: detail, events: try readEvents(),
            allDeployments: try store.deployments(limit: 1000))
    }

    func openStore() throws -> StateStore {
        try StateStore.open(path: statePath)
    }

    /// The events file as written (empty when the run never got as far as opening it).
    func readEvents() throws -> [RunEvent] {
        guard let data = FileManager.default.contents(atPath: eventsPath) else { return [] }
        let decoder = JSONDecoder()
        // `ISO8601FormatStyle` (a value, safe from any thread) reads dates with and without
        // fractional seconds; tests read events side by side.
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = try? Date.ISO8601FormatStyle().parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 date: \(text)"))
            }
            return date
        }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try decoder.decode(RunEvent.self, from: Data($0.utf8))
        }
    }

    func contents(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The plan of a program file, as `gwpipe plan` compiles it.
    static func compiledPlan(of file: String, variables: [String: String] = baseEnvironment()) throws -> Plan {
        let compilation = try Compilation.run(
            SourceReader(argument: file, defaultPath: nil), environment: nil, environmentVariables: variables)
        guard let plan = compilation.plan else {
            let problems = compilation.diagnostics.map(\.message).joined(separator: "; ")
            throw HarnessError("\(file) does not compile (\(problems))")
        }
        return plan
    }

    /// The compiled revision of an environment of a program file, as `gwpipe plan` computes it.
    static func compiledRevision(
        of file: String, environment: String, variables: [String: String] = baseEnvironment()
    ) throws -> (revision: GatewayRevision, id: String) {
        guard let plan = try compiledPlan(of: file, variables: variables).environments[environment] else {
            throw HarnessError("\(file) has no environment \(environment)")
        }
        return (plan.revision, plan.revisionId)
    }
}

/// A harness problem, not a finding about the interpreter.
struct HarnessError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Collects what a console observer prints.
final class ConsoleCapture: Sendable {
    private let buffer = Mutex("")

    var sink: TextSink {
        TextSink { [self] text in buffer.withLock { $0 += text } }
    }

    var text: String { buffer.withLock { $0 } }
}
