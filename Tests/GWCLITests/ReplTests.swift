import Foundation
import Testing

@testable import GWCLI

/// `gwpipe repl`: expressions typed and evaluated, the quickstart loaded and routed, environments
/// switched, and every bad line answered with one line instead of a crash.
@Suite struct ReplTests {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let quickstart = repositoryRoot.appendingPathComponent("examples/quickstart/gateway.gwpipe").path

    private func loadedQuickstart(environment: String = "production") throws -> ReplSession {
        let session = ReplSession(environmentVariables: [:])
        let loaded = session.respond(":load \(Self.quickstart)")
        #expect(!loaded.isError, "\(loaded.text)")
        #expect(
            loaded.text.contains(
                "gateway \"chat-gateway\", 2 routes, 3 providers, 2 environments (staging, production)"))
        let selected = session.respond(":env \(environment)")
        try #require(!selected.isError, "\(selected.text)")
        return session
    }

    // MARK: Expressions

    @Test(arguments: [
        ("2s + 500ms", "2500ms : Duration"),
        ("1m - 30s", "30s : Duration"),
        ("2 * 150ms", "300ms : Duration"),
        ("1KB * 4", "4KB : Bytes"),
        ("10% + 5%", "15% : Percent"),
        ("1 + 2", "3 : Int"),
        ("3s > 2500ms", "true : Bool"),
        ("[\"a\", \"b\"]", "[\"a\", \"b\"] : List<String>"),
    ])
    func unitArithmeticIsEvaluatedAndTyped(_ input: String, _ expected: String) {
        let reply = ReplSession(environmentVariables: [:]).respond(input)
        #expect(!reply.isError)
        #expect(reply.text == expected)
    }

    @Test func typeShowsOnlyTheType() {
        let session = ReplSession(environmentVariables: [:])
        #expect(session.handle(":type 2s + 500ms") == "Duration")
        #expect(session.handle(":type 1KB..2KB") == "Range<Bytes>")
    }

    @Test func aTypeErrorIsOneLineWithItsHint() {
        let reply = ReplSession(environmentVariables: [:]).respond("2s + 1")
        #expect(reply.isError)
        #expect(
            reply.text == "error: cannot apply '+' to Duration and Int (column 1) [E0305]; hint: write 1s or 1000ms")
        #expect(!reply.text.contains("\n"))
    }

    @Test func sessionLetsAreKeptAndUsable() {
        let session = ReplSession(environmentVariables: [:])
        #expect(session.handle("let step = 250ms") == "step = 250ms : Duration")
        #expect(session.handle("step * 4") == "1s : Duration")
        let bad = session.respond("let broken = step + 1")
        #expect(bad.isError && bad.text.contains("cannot apply '+'"))
        #expect(session.respond("broken").isError, "a let with an error must not be kept")
    }

    @Test func programNamesResolveAndRequestConditionsAreTypedOnly() throws {
        let session = try loadedQuickstart()
        #expect(session.handle("eu_models") == "[\"mistral-large\", \"llama-3.1-70b\"] : List<String>")
        #expect(session.handle("primary") == "primary : Provider")
        #expect(session.handle(":type model in eu_models") == "Bool (depends on the request)")
        let redefined = session.respond("let eu_models = 1")
        #expect(redefined.isError && redefined.text.contains("already declared in the program"))
    }

    // MARK: Environments

    @Test func switchingTheEnvironmentChangesParamValues() throws {
        let session = try loadedQuickstart(environment: "production")
        #expect(session.handle("p99_budget") == "1500ms : Duration")
        #expect(session.handle(":env staging") == "environment staging: error_budget = 2%, p99_budget = 2s")
        #expect(session.handle("p99_budget") == "2s : Duration")
        #expect(session.handle("p99_budget + 500ms") == "2500ms : Duration")
        #expect(session.handle(":env") == "environments: staging (selected), production")
    }

    @Test func anUnknownEnvironmentIsRefusedWithASuggestion() throws {
        let session = try loadedQuickstart()
        let reply = session.respond(":env prod")
        #expect(reply.isError)
        #expect(
            reply.text
                == "error: no environment named 'prod'; did you mean 'production'? (environments: staging, production)")
        #expect(session.handle("p99_budget") == "1500ms : Duration", "a refused :env keeps the selection")
    }

    // MARK: Plan and routes

    @Test func planListsRevisionsAndRoutes() throws {
        let text = try loadedQuickstart().handle(":plan")
        #expect(text.contains("environment staging     revision sha256:"))
        #expect(text.contains("environment production  revision sha256:"))
        #expect(text.contains("(selected)"))
        #expect(
            text.contains(
                "POST /v1/chat/completions → chat (auth teams; 2 limits; retry 2; fallback backup; breaker)"))
        #expect(text.contains("POST /v1/embeddings → embeddings"))
    }

    @Test func anEUModelGoesToTheEUProvider() throws {
        let text = try loadedQuickstart().handle(
            #":route {"method": "POST", "path": "/v1/chat/completions", "model": "mistral-large", "team": "beta"}"#)
        #expect(text.hasPrefix("POST /v1/chat/completions → route chat (environment production)"))
        #expect(text.contains("arm 1: when model in [\"mistral-large\", \"llama-3.1-70b\"] — chosen"))
        #expect(text.contains("targets: eu_mock 100%"))
        #expect(text.contains("limits: 600 requests per minute per API key; 200000 tokens per minute per API key"))
        #expect(text.contains("retry: up to 2 times on 429, 5xx, timeout"))
        #expect(text.contains("fallback: backup on 5xx, timeout"))
    }

    @Test func theFlagOnRewritesTheModel() throws {
        let session = try loadedQuickstart()
        // `default` is not in the flag's `enable for`, so only the request's flag turns it on.
        let forced = session.handle(
            #":route {"path": "/v1/chat/completions", "model": "gpt-4o", "team": "default", "#
                + #""flags": {"new_router": true}}"#
        )
        #expect(forced.contains("arm 2: when flag new_router is on for the caller — chosen"))
        #expect(forced.contains("flag new_router: on (given in the request)"))
        #expect(forced.contains("targets: primary 100% (model rewritten to \"gpt-4o-mini\")"))
        let targeted = session.handle(#":route {"path": "/v1/chat/completions", "model": "gpt-4o", "team": "beta"}"#)
        #expect(targeted.contains("flag new_router: on (enabled for key.team in [\"beta\", \"internal\"])"))
        #expect(targeted.contains("model rewritten to \"gpt-4o-mini\""))
    }

    @Test func theFreeTierHeaderSplitsTraffic() throws {
        let text = try loadedQuickstart().handle(
            #":route {"path": "/v1/chat/completions", "model": "gpt-4o", "team": "default", "#
                + #""headers": {"X-Tier": "free"}}"#
        )
        #expect(text.contains("arm 2: when flag new_router is on for the caller — no"))
        #expect(text.contains("arm 3: when header(\"x-tier\") == \"free\" — chosen"))
        #expect(text.contains("targets: primary 80%, backup 20%"))
        let paid = try loadedQuickstart().handle(
            #":route {"path": "/v1/chat/completions", "model": "gpt-4o", "team": "default", "#
                + #""headers": {"x-tier": "pro"}}"#
        )
        #expect(paid.contains("arm 4: else — chosen"))
        #expect(paid.contains("targets: primary 100%"))
    }

    @Test func unknownPathsAndWrongMethodsGetTheGatewaysStatus() throws {
        let session = try loadedQuickstart()
        #expect(
            session.handle(#":route {"path": "/v1/nothing"}"#)
                == "POST /v1/nothing → 404 no_route: No route for POST /v1/nothing. (environment production)")
        #expect(
            session.handle(#":route {"method": "GET", "path": "/v1/chat/completions"}"#)
                == "GET /v1/chat/completions → 405 method_not_allowed: /v1/chat/completions does not accept GET; "
                + "it accepts POST. (environment production)")
    }

    @Test func authAndTheBodyAreCheckedAsTheGatewayChecksThem() throws {
        let session = try loadedQuickstart()
        let anonymous = session.handle(#":route {"path": "/v1/chat/completions", "model": "gpt-4o"}"#)
        #expect(anonymous.contains("401 invalid_api_key"))
        #expect(anonymous.contains("teams: beta, default, internal"))
        let stranger = session.handle(#":route {"path": "/v1/chat/completions", "model": "gpt-4o", "team": "nobody"}"#)
        #expect(stranger.contains("team 'nobody' has no key in 'teams'"))
        let noModel = session.handle(#":route {"path": "/v1/chat/completions", "team": "beta"}"#)
        #expect(noModel.contains("400 invalid_request_error"))
        let embeddings = session.handle(#":route {"path": "/v1/embeddings", "team": "beta"}"#)
        #expect(embeddings.contains("arm 1: else — chosen") && embeddings.contains("targets: primary 100%"))
    }

    // MARK: Bad input

    @Test(arguments: [
        (":rout {}", "error: unknown command :rout; did you mean :route? (:help lists commands)"),
        (
            ":route {\"path\" 1}",
            "error: cannot read the request: it is not valid JSON (Invalid value around character 8)"
        ),
        (
            ":route [1]",
            "error: the request must be a JSON object such as {\"path\": \"/v1/embeddings\"}, found an array"
        ),
        (":route {\"pth\": \"/v1/embeddings\"}", "error: unknown field 'pth' in the request; did you mean 'path'?"),
        (":route {\"model\": \"gpt-4o\"}", "error: the request needs a \"path\", such as \"/v1/chat/completions\""),
        (
            ":route {\"path\": \"/x\", \"flags\": {\"new_router\": 1}}",
            "error: flag 'new_router' must be true or false, found a number"
        ),
        (
            ":route {\"path\": \"/x\", \"flags\": {\"new_routr\": true}}",
            "error: no flag named 'new_routr'; did you mean 'new_router'? (flags: new_router)"
        ),
        (":route {\"path\": \"/x\", \"tokens\": -3}", "error: \"tokens\" must be a number of at least 0, found -3"),
        ("1 +", "error: expected a value, found end of the line (column 4) [E0207]"),
        ("nonsense_name", "error: unknown name 'nonsense_name' (column 1) [E0301]"),
        (":type", "error: :type needs an expression, e.g. :type 2s + 500ms"),
    ])
    func badLinesGetOneClearLine(_ input: String, _ expected: String) throws {
        let reply = try loadedQuickstart().respond(input)
        #expect(reply.isError)
        #expect(reply.text.hasPrefix(expected), "\(reply.text)")
        #expect(!reply.text.contains("\n"))
    }

    @Test func commandsNeedingAProgramSaySo() {
        let session = ReplSession(environmentVariables: [:])
        #expect(session.respond(":plan").text == "error: no program loaded; :load FILE first")
        #expect(session.respond(":route {\"path\": \"/x\"}").isError)
        #expect(session.respond(":load").isError)
        let missing = session.respond(":load /nonexistent/gateway.gwpipe")
        #expect(missing.isError && missing.text.contains("/nonexistent/gateway.gwpipe"))
    }

    @Test func aProgramWithErrorsIsRenderedLikeCheck() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gwpipe-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.gwpipe")
        try "gateway \"g\"\nlet a = 2s + 1\nlet b = 3s\n".write(to: file, atomically: true, encoding: .utf8)
        let session = ReplSession(environmentVariables: [:])
        let reply = session.respond(":load \(file.path)")
        #expect(reply.isError)
        #expect(reply.text.contains("\(file.path):2:9: error: cannot apply '+' to Duration and Int [E0305]"))
        #expect(reply.text.contains("1 error in 1 file"))
        #expect(session.handle("b * 2") == "6s : Duration", "expressions still evaluate")
        #expect(session.respond(":plan").text.contains("has errors"))
    }

    @Test func quitEndsTheSession() {
        let session = ReplSession(environmentVariables: [:])
        #expect(session.handle("") == "")
        #expect(!session.isFinished)
        _ = session.handle(":quit")
        #expect(session.isFinished)
    }

    @Test func helpListsEveryCommandAndTheCommandIsRegistered() throws {
        let help = ReplSession(environmentVariables: [:]).handle(":help")
        for command in ReplSession.commands { #expect(help.contains(command), "help lacks \(command)") }
        #expect(GWPipeCommand.configuration.subcommands.contains { $0 == ReplCommand.self })
        let parsed = try #require(
            try GWPipeCommand.parseAsRoot(["repl", Self.quickstart, "--env", "staging"]) as? ReplCommand)
        #expect(parsed.file == Self.quickstart && parsed.env == "staging")
    }
}
