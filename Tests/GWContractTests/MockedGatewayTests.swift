import Foundation
import GWContract
import GWPlan
import Testing

/// The ephemeral gateway: which providers it replaces, the id it serves under, and that it stops.
@Suite("Mocked gateway")
struct MockedGatewayTests {
    @Test func realProvidersAreReplacedAndMocksKept() throws {
        let compiled = try ContractTestSupport.compile(
            ContractTestSupport.program, files: ["keys.yaml": ContractTestSupport.keysFile])
        let (mocked, replaced) = MockedGateway.mocking(compiled.revision)
        #expect(replaced == ["openai"])
        let openai = try #require(mocked.providers["openai"])
        #expect(openai.kind == "mock" && openai.url == nil && openai.key == nil)
        #expect(openai.mock == MockedGateway.replacementBehavior)
        #expect(openai.timeoutMs == compiled.revision.providers["openai"]?.timeoutMs)
        for name in ["slow", "stuck", "broken"] {
            #expect(mocked.providers[name] == compiled.revision.providers[name], "\(name) keeps its behaviour")
        }
        #expect(mocked.routes == compiled.revision.routes)
    }

    @Test func servesUnderADerivedIDAndStops() async throws {
        let compiled = try ContractTestSupport.compile(
            ContractTestSupport.program, files: ["keys.yaml": ContractTestSupport.keysFile])
        let gateway = try await MockedGateway.start(revision: compiled.revision, id: compiled.id)
        #expect(gateway.revisionID == compiled.id + "+mocks")
        #expect(gateway.baseURL.hasPrefix("http://127.0.0.1:") && gateway.baseURL != "http://127.0.0.1:0")
        #expect(gateway.state.slots.stable == gateway.revisionID)
        let suite = try ContractTestSupport.suite(
            """
            cases:
              - name: revision header
                request:
                  path: /v1/chat/completions
                  headers: { authorization: "Bearer ${TEST_KEY}" }
                  json: { model: gpt-4o-mini, messages: [{ role: user, content: hi }] }
                expect: { status: 200, headers: { x-gwpipe-revision: "\(gateway.revisionID)" } }
              - name: broken mock keeps failing
                request:
                  path: /v1/chat/completions
                  headers: { authorization: "Bearer ${TEST_KEY}" }
                  json: { model: broken-model, messages: [{ role: user, content: hi }] }
                expect: { status: 5xx }
            """)
        let runner = ContractRunner(environment: ["TEST_KEY": ContractTestSupport.secretKey])
        let result = await runner.run(suite, against: gateway.target)
        #expect(result.allPassed, "\(result.cases.flatMap(\.failures))")
        try await gateway.stop()
        let after = await runner.run(suite, against: gateway.target)
        #expect(after.cases.allSatisfy { $0.failures.first?.contains("connection refused") == true })
    }

    @Test func aRevisionOfMocksKeepsItsID() async throws {
        let compiled = try ContractTestSupport.compile(
            """
            gateway "all-mocks"
            provider only { kind = mock; latency = 0ms }
            route models { match GET "/v1/models"; else -> only }
            environment test { listen = "127.0.0.1:0"; admin = embedded }
            """)
        let gateway = try await MockedGateway.start(revision: compiled.revision, id: compiled.id)
        #expect(gateway.revisionID == compiled.id)
        #expect(gateway.replacedProviders.isEmpty)
        try await gateway.stop()
    }

    /// `mocks: [NAME]` in a case runs it on a gateway where the program's named fault replaces its
    /// provider; the suite's other cases keep the plain mocked gateway.
    @Test func aCaseInjectsANamedFault() async throws {
        let program = ContractTestSupport.program + "\nmock openai_down { for = openai; errors = 100%; error_status = 503 }\n"
        let compiled = try ContractTestSupport.compile(program, files: ["keys.yaml": ContractTestSupport.keysFile])
        let suite = try ContractTestSupport.suite(
            """
            cases:
              - name: openai answers
                request:
                  path: /v1/chat/completions
                  headers: { authorization: "Bearer ${TEST_KEY}" }
                  json: { model: gpt-4o-mini, messages: [{ role: user, content: hi }] }
                expect: { status: 200, upstream: openai }
              - name: openai down
                mocks: openai_down
                request:
                  path: /v1/chat/completions
                  headers: { authorization: "Bearer ${TEST_KEY}" }
                  json: { model: gpt-4o-mini, messages: [{ role: user, content: hi }] }
                expect: { status: 503, upstream: openai }
            """)
        #expect(suite.cases.map(\.mocks) == [[], ["openai_down"]])
        let gateways = try await MockedGateways.start(
            for: suite, revision: compiled.revision, id: compiled.id, faults: compiled.mocks)
        let runner = ContractRunner(environment: ["TEST_KEY": ContractTestSupport.secretKey])
        let result = await runner.run(suite, against: gateways)
        #expect(result.allPassed, "\(result.cases.flatMap(\.failures))")
        #expect(gateways.faulted[["openai_down"]]?.revisionID == compiled.id + "+mocks+openai_down")

        // Against a plain target (a real gateway) the faulted case cannot run: it is skipped, says
        // why, and does not fail the suite, so one suite serves both ways.
        let plain = await runner.run(suite, against: gateways.plain.target)
        #expect(plain.cases[0].passed)
        #expect(!plain.cases[1].passed && !plain.cases[1].failed)
        #expect(plain.cases[1].skipped?.contains("only a gateway on mocks can") == true, "\(plain.cases[1])")
        #expect(plain.passedCount == 1 && plain.skippedCount == 1 && plain.failedCount == 0 && plain.allPassed)
        try await gateways.stop()
    }

    @Test func anUndeclaredFaultIsRefusedAtItsCase() async throws {
        let compiled = try ContractTestSupport.compile(
            ContractTestSupport.program + "\nmock openai_down { for = openai; errors = 100% }\n",
            files: ["keys.yaml": ContractTestSupport.keysFile])
        let suite = try ContractTestSupport.suite(
            """
            cases:
              - name: typo
                mocks: [openai_dwn]
                request: { path: /v1/models }
                expect: { status: 200 }
            """)
        await #expect {
            _ = try await MockedGateways.start(for: suite, revision: compiled.revision, id: compiled.id, faults: compiled.mocks)
        } throws: { error in
            let text = "\(error)"
            return text.contains("inline.yaml:2:5:") && text.contains("case 'typo' injects mock 'openai_dwn'") && text.contains("it declares openai_down")
                && (error as? MockedGatewayError)?.isInputError == true
        }
    }
}
