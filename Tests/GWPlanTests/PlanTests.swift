import Foundation
import GWPlan
import GWSema
import GWSyntax
import Testing

/// Plans: goldens for every example, determinism, order- and format-independence of revision
/// ids, the canonical writer against `JSONEncoder`, and what the compiled parts contain.
@Suite struct PlanTests {
    @Test(arguments: PlanTestSupport.examples)
    func goldenPlanForEveryExample(_ path: String) throws {
        let model = try PlanTestSupport.model(path)
        #expect(!model.diagnostics.hasErrors, "\(path): \(model.diagnostics.map(\.message))")
        let plan = try PlanTestSupport.plan(model)
        let json = String(decoding: try CanonicalJSON.encodePretty(plan), as: UTF8.self) + "\n"
        // `examples/quickstart/gateway.gwpipe` → `quickstart-gateway`.
        let name = String(path.dropFirst("examples/".count).dropLast(".gwpipe".count)).replacingOccurrences(of: "/", with: "-")
        let golden = PlanTestSupport.repositoryRoot.appendingPathComponent("Tests/Fixtures/plans/\(name).json")
        if PlanTestSupport.updateGoldens {
            try Data(json.utf8).write(to: golden)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(json == expected, "plan of \(path) differs from \(golden.path); rerun with GWPIPE_UPDATE_GOLDEN=1 and review")
    }

    @Test(arguments: PlanTestSupport.examples)
    func planningTwiceGivesIdenticalBytes(_ path: String) throws {
        let first = try CanonicalJSON.encode(try PlanTestSupport.plan(try PlanTestSupport.model(path)))
        let second = try CanonicalJSON.encode(try PlanTestSupport.plan(try PlanTestSupport.model(path)))
        #expect(first == second)
    }

    @Test(arguments: PlanTestSupport.examples)
    func revisionIdsIgnoreOrderCommentsAndFormatting(_ path: String) throws {
        let text = try String(contentsOf: PlanTestSupport.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
        let original = try PlanTestSupport.plan(PlanTestSupport.model(text: text, name: path))
        let reordered = try PlanTestSupport.plan(PlanTestSupport.model(text: PlanTestSupport.reversedDeclarations(text), name: path))
        let formatted = try PlanTestSupport.plan(PlanTestSupport.model(text: Formatter.format(Parser.parse(text)), name: path))
        let uncommented = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }.joined(separator: "\n")
        let withoutComments = try PlanTestSupport.plan(PlanTestSupport.model(text: uncommented, name: path))
        for (name, environment) in original.environments {
            #expect(reordered.environments[name]?.revisionId == environment.revisionId, "\(path) reordered: \(name)")
            #expect(formatted.environments[name]?.revisionId == environment.revisionId, "\(path) formatted: \(name)")
            #expect(withoutComments.environments[name]?.revisionId == environment.revisionId, "\(path) uncommented: \(name)")
        }
    }

    @Test func meaningfulChangesChangeTheRevisionId() throws {
        let base = "gateway \"g\"\nprovider p { kind = mock }\nprovider q { kind = mock }\n"
        let a = try PlanTestSupport.plan(PlanTestSupport.model(text: base + "route r {\n  match POST \"/x\"\n  else -> p\n}\n"))
        let b = try PlanTestSupport.plan(PlanTestSupport.model(text: base + "route r {\n  match POST \"/x\"\n  else -> q\n}\n"))
        #expect(a.environments["default"]!.revisionId != b.environments["default"]!.revisionId)
        #expect(a.environments["default"]!.revisionId.hasPrefix("sha256:"))
        #expect(a.environments["default"]!.revisionId.count == 7 + 64)
    }

    @Test(arguments: PlanTestSupport.examples)
    func canonicalWriterMatchesJSONEncoderAndRoundTrips(_ path: String) throws {
        let plan = try PlanTestSupport.plan(try PlanTestSupport.model(path))
        for environment in plan.environments.values {
            let fast = CanonicalJSON.encode(environment.revision)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let reference = try encoder.encode(environment.revision)
            #expect(String(decoding: fast, as: UTF8.self) == String(decoding: reference, as: UTF8.self))
            let decoded = try CanonicalJSON.decode(GatewayRevision.self, from: fast)
            #expect(decoded == environment.revision)
            #expect(CanonicalJSON.revisionId(of: decoded) == environment.revisionId)
        }
    }

    @Test func writerEscapesStringsLikeJSONEncoder() throws {
        var revision = GatewayRevision(
            gateway: "quote \" backslash \\ tab \t newline \n bell \u{7} é 😀 /slash", providers: [:], keySets: [:], flags: [:],
            routes: [:], routeTable: ["b": "1", "a": "2", "é": "3", "Z": "4"], maxBodyBytes: 1)
        revision.providers["p"] = ProviderPlan(
            kind: "mock", url: nil, key: nil, timeoutMs: 0.1, connectTimeoutMs: 1e-7, maxConnections: 1,
            mock: nil, costPer1kTokens: 123456789.125)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(String(decoding: CanonicalJSON.encode(revision), as: UTF8.self)
            == String(decoding: try encoder.encode(revision), as: UTF8.self))
    }

    @Test func routesCompileToPredicatesWeightsAndWindows() throws {
        let plan = try PlanTestSupport.plan(try PlanTestSupport.model("examples/quickstart/gateway.gwpipe"))
        let revision = try #require(plan.environments["production"]?.revision)
        let chat = try #require(revision.routes["chat"])
        #expect(revision.routeTable["POST /v1/chat/completions"] == "chat")
        #expect(chat.readsBody)
        #expect(chat.arms.count == 4)
        #expect(chat.arms[0].when == .contains(.model, ["mistral-large", "llama-3.1-70b"]))
        #expect(chat.arms[1].when == .flag("new_router"))
        #expect(chat.arms[1].targets == [TargetPlan(provider: "primary", weight: 100, model: "gpt-4o-mini")])
        #expect(chat.arms[2].when == .compare("==", .header("x-tier"), .string("free")))
        #expect(chat.arms[2].targets.map(\.weight) == [80, 20])
        #expect(chat.arms[3].when == nil)
        #expect(chat.limits == [
            LimitPlan(unit: "requests", amount: 600, windowMs: 60_000, by: "key"),
            LimitPlan(unit: "tokens", amount: 200_000, windowMs: 60_000, by: "key"),
        ])
        #expect(chat.retry == RetryPlan(attempts: 2, on: ["429", "5xx", "timeout"], backoffMs: [100, 2000]))
        #expect(chat.fallback == FallbackPlan(providers: ["backup"], on: ["5xx", "timeout"]))
        #expect(chat.breaker == BreakerPlan(failures: 5, windowMs: 10_000, openMs: 30_000))
        #expect(revision.keySets["teams"]?.count == 3)
        #expect(plan.environments["production"]?.params["p99_budget"] == "1500ms")
        #expect(plan.environments["staging"]?.params["p99_budget"] == "2s")
        #expect(plan.environments["staging"]?.revisionId == plan.environments["staging"]?.revisionId)
    }

    @Test func weightsAreNormalisedAndMockTimelinesCompiled() throws {
        let plan = try PlanTestSupport.plan(try PlanTestSupport.model("examples/canary-rollback/gateway.gwpipe"))
        let revision = try #require(plan.environments["production"]?.revision)
        #expect(revision.providers["flaky_mock"]?.mock?.errorPercent == 40)
        #expect(revision.providers["flaky_mock"]?.mock?.errorsAfterMs == 5000)
        #expect(revision.providers["stable_mock"]?.mock?.latencyMs == [10, 40])
    }

    @Test func pipelineIsADagWithParallelFanOutAndJoin() throws {
        let plan = try PlanTestSupport.plan(try PlanTestSupport.model("examples/quickstart/gateway.gwpipe"))
        let release = try #require(plan.pipelines["release"])
        #expect(release.stages == ["validate", "staging", "production"])
        let ids = release.steps.map(\.id)
        #expect(ids == ["validate.1.1", "validate.1.2", "validate.1.3", "staging.1", "staging.2", "production.1"])
        #expect(release.steps[0].dependsOn.isEmpty && release.steps[2].dependsOn.isEmpty)
        #expect(release.steps[3].dependsOn == ["validate.1.1", "validate.1.2", "validate.1.3"])
        #expect(release.steps[4].dependsOn == ["staging.1"])
        let canary = try #require(release.steps[5].strategy)
        #expect(canary.kind == "canary")
        #expect(canary.steps.map(\.percent) == [10, 25, 50])
        #expect(canary.syntheticRps == 50)
        #expect(canary.minRequests == 10)
        #expect(canary.aborts.first?.forMs == 3000)
        #expect(canary.gates.count == 3)
        #expect(canary.gates[1].condition == .compare("<", .metric(name: "p99_latency", side: "canary", provider: nil), .constant(1500)))
        #expect(release.onFailure.map(\.kind) == ["rollback"])
    }

    @Test func programsWithoutEnvironmentsGetADefaultOne() throws {
        let plan = try PlanTestSupport.plan(PlanTestSupport.model(text: "gateway \"g\"\nprovider p { kind = mock }\nroute r {\n  match GET \"/v1/models\"\n  else -> p\n}\n"))
        #expect(Array(plan.environments.keys) == ["default"])
        #expect(plan.environments["default"]?.adminURLs == [])
    }
}
