import Foundation
import GWContract
import GWPlan
import GWSema
import GWSyntax
import Testing

/// Fixtures, goldens and a small gateway program compiled in process for the runner tests.
enum ContractTestSupport {
    /// The package root: this file is three levels below it.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures/contract")

    /// `GWPIPE_UPDATE_GOLDEN=1 swift test` rewrites expectations instead of comparing them.
    static var updatingGoldens: Bool { ProcessInfo.processInfo.environment["GWPIPE_UPDATE_GOLDEN"] == "1" }

    static func names(suffix: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return entries.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }.sorted()
    }

    /// A loader that reads fixture names relative to the fixture folder, so goldens name files as `NAME.yaml`.
    static let fixtureLoader = TestSuiteLoader { path in
        try TestSuiteLoader.readFromDisk(fixtures.appendingPathComponent(path).path)
    }

    static func assertGolden(_ actual: String, matches golden: URL, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        if updatingGoldens {
            if (try? String(contentsOf: golden, encoding: .utf8)) != actual {
                try Data(actual.utf8).write(to: golden, options: .atomic)
            }
            return
        }
        guard let expected = try? String(contentsOf: golden, encoding: .utf8) else {
            Issue.record(
                "missing golden \(golden.lastPathComponent); create it with GWPIPE_UPDATE_GOLDEN=1 swift test",
                sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record(
                """
                \(golden.lastPathComponent) differs (- expected, + actual):
                \(LineDiff.render(expected: expected, actual: actual))
                If the new output is right: GWPIPE_UPDATE_GOLDEN=1 swift test --filter GWContractTests,
                then review git diff.
                """,
                sourceLocation: sourceLocation)
        }
    }

    struct CompileError: Error, CustomStringConvertible {
        var description: String
    }

    /// Compiles gwpipe text (with in-memory side files) to the revision of its only environment.
    static func compile(
        _ text: String, files: [String: String] = [:]
    ) throws -> (revision: GatewayRevision, id: String, mocks: [String: MockOverride]) {
        let read: ProgramLoader.ReadFile = { path in
            guard let content = files[path] else { throw ProgramLoader.LoadError.missing }
            return Array(content.utf8)
        }
        let program = ProgramLoader.load(root: SourceFile(name: "test.gwpipe", text: text), read: read)
        let model = Checker.check(program, options: CheckOptions(environmentVariables: [:], readFile: read))
        let errors = model.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { throw CompileError(description: DiagnosticRenderer().render(errors)) }
        let plan = try PlanBuilder.build(model, environment: nil)
        guard let environment = plan.environments.values.first else {
            throw CompileError(description: "no environment")
        }
        return (environment.revision, environment.revisionId, plan.mocks)
    }

    static func sha256(_ text: String) -> String {
        CanonicalJSON.sha256Hex(Data(text.utf8))
    }

    /// The key the program accepts; tests pass it as `${TEST_KEY}` and check it never shows up in results.
    static let secretKey = "sk-contract-secret-4f1d9a"

    /// A gateway with a real provider (replaced by the mocked gateway), a mock with a fixed 200 ms
    /// latency, one that never answers, one that always fails, and routes to each.
    static let program = """
        gateway "contract-tests"

        provider openai {
          kind    = openai
          url     = "https://api.openai.com"
          key     = openai_key
          timeout = 30s
        }

        secret openai_key = env("OPENAI_API_KEY")

        provider slow { kind = mock; latency = 200ms; stream = true }
        provider stuck { kind = mock; hang = 100%; timeout = 60s }
        provider broken { kind = mock; latency = 0ms; errors = 100%; error_status = 503 }

        keys team { file = "keys.yaml" }

        route chat {
          match POST "/v1/chat/completions"
          auth team
          when model == "slow-model" -> slow
          when model == "stuck-model" -> stuck
          when model == "broken-model" -> broken
          else -> openai
        }

        route embeddings {
          match POST "/v1/embeddings"
          auth team
          else -> openai
        }

        environment test {
          listen = "127.0.0.1:0"
          admin  = embedded
        }
        """

    static var keysFile: String {
        """
        keys:
          - sha256: \(sha256(secretKey))
            team: contract
        """
    }

    /// Starts the test program on mocks; the caller stops it.
    static func startGateway() async throws -> MockedGateway {
        let compiled = try compile(program, files: ["keys.yaml": keysFile])
        return try await MockedGateway.start(revision: compiled.revision, id: compiled.id)
    }

    /// Parses a suite written inline.
    static func suite(_ text: String) throws -> TestSuite {
        try TestSuiteLoader().parse(text, fileName: "inline.yaml")
    }
}
