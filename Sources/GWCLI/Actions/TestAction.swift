import Foundation
import GWContract
import GWPlan
import GWSyntax

/// `gwpipe test SUITE (--target URL | --with-mocks FILE [--env E]) [--concurrency N]`: runs a
/// contract suite against a running gateway, or against an ephemeral one on mocks compiled from a
/// .gwpipe file, and prints one line per case and a summary.
public struct TestAction: Sendable {
    public var suitePath: String
    /// A running gateway's base URL.
    public var target: String?
    /// A .gwpipe file to serve on mocks instead.
    public var withMocks: String?
    /// The environment of `withMocks` whose revision is served.
    public var environment: String?
    public var concurrency: Int
    public var requestTimeout: Duration
    /// Where `${NAME}` in the suite is looked up.
    public var environmentVariables: [String: String]
    public var useColor: Bool

    public init(
        suitePath: String, target: String? = nil, withMocks: String? = nil, environment: String? = nil,
        concurrency: Int = 8,
        requestTimeout: Duration = .seconds(30), useColor: Bool = false,
        environmentVariables: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.suitePath = suitePath
        self.target = target
        self.withMocks = withMocks
        self.environment = environment
        self.concurrency = concurrency
        self.requestTimeout = requestTimeout
        self.useColor = useColor
        self.environmentVariables = environmentVariables
    }

    private static func unusable(_ message: String) -> CommandResult {
        CommandResult(standardError: "error: \(message)\n", exitCode: ExitStatus.unreadableInput)
    }

    public func run() async -> CommandResult {
        guard concurrency >= 1 else { return Self.unusable("--concurrency must be at least 1, not \(concurrency)") }
        switch (target, withMocks) {
        case (nil, nil):
            return Self.unusable("say where to run the suite: --target URL (a running gateway) or --with-mocks FILE")
        case (.some, .some):
            return Self.unusable("--target and --with-mocks exclude each other; give one")
        default:
            break
        }
        if target != nil, environment != nil {
            return Self.unusable("--env chooses the environment of --with-mocks FILE; it has no meaning with --target")
        }
        let suite: TestSuite
        do {
            suite = try TestSuiteLoader().load(suitePath)
        } catch {
            return CommandResult(standardError: error.description, exitCode: ExitStatus.unreadableInput)
        }
        let runner = ContractRunner(
            concurrency: concurrency, requestTimeout: requestTimeout, environment: environmentVariables)

        if let target {
            let contractTarget: ContractTarget
            do {
                contractTarget = try ContractTarget(baseURL: target)
            } catch {
                return Self.unusable("--target \(error.description)")
            }
            var result = report(await runner.run(suite, against: contractTarget))
            result.standardError = "running \(suite.name) against \(contractTarget)\n" + result.standardError
            return result
        }

        var preface = CommandResult()
        guard let (revision, id, name, faults) = mockedRevision(into: &preface) else { return preface }
        let gateway: MockedGateways
        do {
            gateway = try await MockedGateways.start(for: suite, revision: revision, id: id, faults: faults)
        } catch let error as MockedGatewayError where error.isInputError {
            return Self.unusable(error.message)
        } catch {
            return Self.unusable("cannot start a gateway on mocks: \(error)")
        }
        let outcome = await runner.run(suite, against: gateway)
        var stopFailure = ""
        do { try await gateway.stop() } catch {
            stopFailure = "warning: the mocked gateway did not stop cleanly: \(error)\n"
        }
        var result = report(outcome)
        let replaced =
            gateway.replacedProviders.isEmpty ? "" : " (mocks for \(gateway.replacedProviders.joined(separator: ", ")))"
        result.standardError =
            preface.standardError + "running \(suite.name) against \(name) of \(withMocks ?? "") on mocks\(replaced)\n"
            + result.standardError + stopFailure
        return result
    }

    /// Compiles `withMocks` and picks the environment's revision: the one named by --env, the only
    /// one, or the one all environments share. Reports into `result` and returns nil when it cannot.
    private func mockedRevision(
        into result: inout CommandResult
    ) -> (GatewayRevision, String, String, faults: [String: MockOverride])? {
        guard let path = withMocks else { return nil }
        let compilation: Compilation
        switch Compilation.forFile(path, environment: environment, environmentVariables: environmentVariables) {
        case .success(let compiled): compilation = compiled
        case .failure(let unreadable):
            result = unreadable.result
            return nil
        }
        // Warnings (such as an unset provider key) do not matter here: every real provider is mocked.
        let errors = compilation.diagnostics.filter { $0.severity == .error }
        guard let plan = compilation.plan, errors.isEmpty else {
            result.standardError += DiagnosticRenderer(format: .text, useColor: useColor).render(errors)
            result.standardError += "error: \(path) has errors; fix them before testing it on mocks\n"
            result.exitCode = ExitStatus.unreadableInput
            return nil
        }
        let names = plan.environments.keys.sorted()
        if let wanted = environment ?? (names.count == 1 ? names.first : nil), let chosen = plan.environments[wanted] {
            return (chosen.revision, chosen.revisionId, "environment \(wanted)", plan.mocks)
        }
        guard let first = names.first.flatMap({ plan.environments[$0] }) else {
            result.standardError +=
                "\(path): error: the file declares no environment, so it has no gateway revision to serve\n"
            result.exitCode = ExitStatus.unreadableInput
            return nil
        }
        // Environments usually differ only in where they listen and in pipeline values; when their
        // gateways are the same revision, any of them tests the same thing.
        if plan.environments.values.allSatisfy({ $0.revisionId == first.revisionId }) {
            return (first.revision, first.revisionId, "the gateway of \(names.joined(separator: ", "))", plan.mocks)
        }
        result.standardError +=
            "\(path): error: its environments serve different gateways; "
            + "choose one with --env (one of: \(names.joined(separator: ", ")))\n"
        result.exitCode = ExitStatus.unreadableInput
        return nil
    }

    /// One line per case, failures indented under it with the case's location, then the totals.
    private func report(_ outcome: SuiteResult) -> CommandResult {
        let pass = useColor ? "\u{1B}[32m✓\u{1B}[0m" : "✓"
        let fail = useColor ? "\u{1B}[31m✗\u{1B}[0m" : "✗"
        let skip = useColor ? "\u{1B}[33m-\u{1B}[0m" : "-"
        var output = ""
        for testCase in outcome.cases {
            if let reason = testCase.skipped {
                output += "\(skip) \(testCase.name) (skipped: \(reason))\n"
                continue
            }
            output += "\(testCase.passed ? pass : fail) \(testCase.name) (\(Self.format(testCase.durationMs)))\n"
            for failure in testCase.failures {
                output += "    \(testCase.location): \(failure)\n"
            }
        }
        let skipped = outcome.skippedCount > 0 ? ", \(outcome.skippedCount) skipped" : ""
        output += "\(outcome.passedCount) passed, \(outcome.failedCount) failed\(skipped)\n"
        return CommandResult(
            standardOutput: output, exitCode: outcome.allPassed ? ExitStatus.success : ExitStatus.failure)
    }

    private static func format(_ milliseconds: Double) -> String {
        if milliseconds < 1000 { return "\(Int(milliseconds.rounded())) ms" }
        return String(format: "%.1f s", milliseconds / 1000)
    }
}
