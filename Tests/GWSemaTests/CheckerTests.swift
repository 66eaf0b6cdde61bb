import Foundation
import GWSyntax
import Testing

@testable import GWSema

/// Focused checks of the checker's results: what expressions evaluate to, how environments bind
/// their values, what keys files yield, and properties over every valid program we have.
@Suite("Checker")
struct CheckerTests {
    // MARK: Helpers

    /// `let x = EXPRESSION` checked in a minimal program: its type, value and diagnostics.
    static func evaluate(_ expression: String, before declarations: String = "") -> (Typed, [Diagnostic]) {
        let model = CheckFixtures.check("gateway \"g\"\n\(declarations)\nlet x = \(expression)\n")
        var evaluator = model.evaluator(for: nil)
        let typed = model.symbols["x"].map { evaluator.symbolValue($0) } ?? Typed(.error)
        return (typed, model.diagnostics)
    }

    static let seconds: Int64 = 1_000_000_000

    // MARK: Dimensional arithmetic

    @Test("a count over a duration is a rate per second")
    func countOverDurationIsRate() {
        let (requests, diagnostics) = Self.evaluate("600 requests / 1m")
        #expect(diagnostics.isEmpty)
        #expect(requests == Typed(.rate, .rate(perSecond: 10, unit: .requests)))

        let (tokens, _) = Self.evaluate("200k tokens / 1m")
        #expect(tokens.type == .rate)
        guard case .rate(let perSecond, let unit)? = tokens.value else {
            Issue.record("expected a rate, got \(String(describing: tokens.value))")
            return
        }
        #expect(abs(perSecond - 200_000.0 / 60) < 1e-9)
        #expect(unit == .tokens)

        // Through names: Count / Duration is a Rate whatever spells the operands.
        let (named, namedDiagnostics) = Self.evaluate("budget / window", before: "let budget = 1200 requests\nlet window = 2m")
        #expect(namedDiagnostics.isEmpty)
        #expect(named == Typed(.rate, .rate(perSecond: 10, unit: .requests)))
    }

    @Test("durations add up, scale by numbers, and divide into numbers")
    func durationArithmetic() {
        #expect(Self.evaluate("1m + 30s").0 == Typed(.duration, .duration(nanoseconds: 90 * Self.seconds)))
        #expect(Self.evaluate("2m - 30s").0 == Typed(.duration, .duration(nanoseconds: 90 * Self.seconds)))
        #expect(Self.evaluate("3 * 500ms").0 == Typed(.duration, .duration(nanoseconds: 1_500_000_000)))
        #expect(Self.evaluate("1m / 4").0 == Typed(.duration, .duration(nanoseconds: 15 * Self.seconds)))
        #expect(Self.evaluate("1m / 30s").0 == Typed(.number, .number(2)))
    }

    @Test("a number times a percent is a percent")
    func percentArithmetic() {
        #expect(Self.evaluate("2 * 5%").0 == Typed(.percent, .percent(10)))
        #expect(Self.evaluate("5% * 2").0 == Typed(.percent, .percent(10)))
        #expect(Self.evaluate("1% + 0.5%").0 == Typed(.percent, .percent(1.5)))
    }

    @Test("plain numbers stay Int until a Number joins them")
    func scalarArithmetic() {
        #expect(Self.evaluate("2 + 3").0 == Typed(.int, .int(5)))
        #expect(Self.evaluate("2 * 3").0 == Typed(.int, .int(6)))
        #expect(Self.evaluate("2.5 * 2").0 == Typed(.number, .number(5)))
        #expect(Self.evaluate("600 / 4").0 == Typed(.number, .number(150)))
        #expect(Self.evaluate("$0.002 * 1000").0.type == .money)
    }

    @Test("a whole number counts things: it adds to and compares with a Count")
    func countsAndWholeNumbers() {
        #expect(Self.evaluate("200 requests + 50").0 == Typed(.count, .count(250, unit: .requests)))
        #expect(Self.evaluate("50 + 200 requests").0 == Typed(.count, .count(250, unit: .requests)))
        let route = """
            gateway "g"
            provider p {
              kind = mock
            }
            route chat {
              match POST "/v1/chat/completions"
              when body_tokens > 4000 -> p
              else -> p
            }
            """
        #expect(CheckFixtures.check(route).diagnostics.isEmpty)
    }

    @Test("mixing dimensions is an error that says which unit is missing")
    func mixedDimensions() throws {
        let (typed, diagnostics) = Self.evaluate("5% + 1m")
        #expect(typed.type == .error)
        #expect(diagnostics.map(\.code) == [.invalidOperands])
        #expect(diagnostics.first?.message == "cannot apply '+' to Percent and Duration")

        let (_, comparison) = Self.evaluate("1500ms < 2")
        #expect(comparison.map(\.code) == [.invalidOperands])
        #expect(comparison.first?.hints == ["write 2s or 2000ms"])
    }

    @Test("arithmetic that does not fit its type is reported, never a trap", arguments: [
        "9223372036854775807 + 1", "9223372036854775807 * 2", "100000d * 1000", "4000000000GB * 4",
        "-(0 - 9223372036854775807 - 1)", "10000000000000000000.0 * 3",
    ])
    func overflowIsReported(_ expression: String) {
        let (typed, diagnostics) = Self.evaluate(expression)
        if expression.hasSuffix(".0 * 3") {
            // A Number is a Double: large, but representable.
            #expect(diagnostics.isEmpty)
            #expect(typed.type == .number)
        } else {
            #expect(diagnostics.map(\.code) == [.valueOutOfRange], "\(CheckFixtures.render(diagnostics))")
            #expect(typed.type == .error)
        }
    }

    @Test("a computed percent must stay within 0-100%")
    func computedPercentOutOfRange() {
        #expect(Self.evaluate("2 * 60%").1.map(\.code) == [.percentOutOfRange])
        #expect(Self.evaluate("1% - 2%").1.map(\.code) == [.percentOutOfRange])
    }

    // MARK: Values

    static let twoEnvironments = """
        gateway "g"
        param p99_budget: Duration = 1500ms
        param error_budget: Percent = 1%
        environment staging {
          listen = "127.0.0.1:8080"
          values = "envs/staging.yaml"
        }
        environment production {
          listen = "127.0.0.1:9080"
          values = "envs/production.yaml"
        }
        """

    static let valuesFiles = [
        "envs/staging.yaml": "p99_budget: 3s\n",
        "envs/production.yaml": "error_budget: 0.5%\np99_budget: 1.2s\n",
    ]

    @Test("a values file overrides param defaults, environment by environment")
    func valuesOverrideDefaults() throws {
        let model = CheckFixtures.check(Self.twoEnvironments, files: Self.valuesFiles)
        #expect(model.diagnostics.isEmpty, "\(CheckFixtures.render(model.diagnostics))")
        #expect(model.environments.map(\.name) == ["staging", "production"])
        let staging = try #require(model.environments.first { $0.name == "staging" })
        #expect(staging.params["p99_budget"] == .duration(nanoseconds: 3 * Self.seconds))
        #expect(staging.params["error_budget"] == .percent(1), "a param the file does not set keeps its default")
        #expect(staging.valuesFile == "envs/staging.yaml")
        let production = try #require(model.environments.first { $0.name == "production" })
        #expect(production.params["p99_budget"] == .duration(nanoseconds: 1_200_000_000))
        #expect(production.params["error_budget"] == .percent(0.5))
        #expect(model.defaultParams["p99_budget"] == .duration(nanoseconds: 1_500_000_000))
    }

    @Test("--env binds and reads only that environment's values")
    func environmentOptionBindsOne() throws {
        // Staging's values file is missing: with --env production it is never read.
        var files = Self.valuesFiles
        files["envs/staging.yaml"] = nil
        let model = CheckFixtures.check(Self.twoEnvironments, files: files) { $0.environment = "production" }
        #expect(model.diagnostics.isEmpty, "\(CheckFixtures.render(model.diagnostics))")
        #expect(model.environments.map(\.name) == ["production"])
        #expect(model.environments.first?.params["error_budget"] == .percent(0.5))

        let all = CheckFixtures.check(Self.twoEnvironments, files: files)
        #expect(all.diagnostics.map(\.code) == [.unreadableFile])
    }

    @Test("--env naming no environment is an error with a suggestion")
    func unknownEnvironmentOption() {
        let model = CheckFixtures.check(Self.twoEnvironments, files: Self.valuesFiles) { $0.environment = "prod" }
        #expect(model.diagnostics.map(\.code) == [.unknownEnvironment])
        #expect(model.diagnostics.first?.hints == ["did you mean `--env production`?"])
        #expect(model.environments.isEmpty)
    }

    @Test("an evaluator for an environment sees its bound params")
    func evaluatorUsesBindings() throws {
        let source = Self.twoEnvironments + "\nlet doubled = p99_budget * 2\n"
        let model = CheckFixtures.check(source, files: Self.valuesFiles)
        let symbol = try #require(model.symbols["doubled"])
        var staging = model.evaluator(for: "staging")
        #expect(staging.symbolValue(symbol).value == .duration(nanoseconds: 6 * Self.seconds))
        var defaults = model.evaluator(for: nil)
        #expect(defaults.symbolValue(symbol).value == .duration(nanoseconds: 3 * Self.seconds))
    }

    @Test("values are parsed with the language's literal rules", arguments: [
        ("Duration", "90s", Value.duration(nanoseconds: 90 * seconds)),
        ("Duration", "1m30s", Value.duration(nanoseconds: 90 * seconds)),
        ("Percent", "0.5%", Value.percent(0.5)),
        ("Bool", "false", Value.bool(false)),
        ("Int", "64", Value.int(64)),
        ("String", "\"gpt-4o\"", Value.string("gpt-4o")),
        ("String", "gpt-4o-mini", Value.string("gpt-4o-mini")),
        ("List<String>", "[a, b]", Value.list([.string("a"), .string("b")])),
        ("Bytes", "4MB", Value.bytes(4 << 20)),
        ("Money", "$50", Value.money(50)),
    ])
    func valueLiterals(type: String, text: String, expected: Value) throws {
        let source = "gateway \"g\"\nparam p: \(type)\nenvironment e {\n  listen = \"127.0.0.1:1\"\n  values = \"v.yaml\"\n}\n"
        let model = CheckFixtures.check(source, files: ["v.yaml": "p: \(text)\n"])
        #expect(model.diagnostics.isEmpty, "\(CheckFixtures.render(model.diagnostics))")
        #expect(model.environments.first?.params["p"] == expected)
    }

    @Test("a values mismatch suggests the value in the language's spelling", arguments: [
        ("1.5 seconds", "write 1500ms or 1.5s"), ("2", "write 2s or 2000ms"), ("90 seconds", "write 1m30s or 90s"),
        ("250 ms", "write 250ms"), ("2 hours", "write 2h"), ("soon", "write a duration such as 1500ms or 1.5s"),
    ])
    func valuesHints(text: String, hint: String) {
        let source = "gateway \"g\"\nparam p: Duration = 1s\nenvironment e {\n  listen = \"127.0.0.1:1\"\n  values = \"v.yaml\"\n}\n"
        let model = CheckFixtures.check(source, files: ["v.yaml": "p: \(text)\n"])
        #expect(model.diagnostics.map(\.code) == [.valuesTypeMismatch])
        #expect(model.diagnostics.first?.hints == [hint])
        #expect(model.diagnostics.first?.locationDescription == "v.yaml:1:4")
    }

    // MARK: Keys

    @Test("a keys file yields its hashes, teams and ids")
    func keysFileEntries() throws {
        let source = """
            gateway "g"
            keys teams {
              file = "keys/teams.yaml"
            }
            """
        let yaml = """
            keys:
              - sha256: \(String(repeating: "a", count: 64))
                team: backend
                id: ci-bot
              - sha256: \(String(repeating: "0", count: 64))
                team: beta
            """
        let model = CheckFixtures.check(source, files: ["keys/teams.yaml": yaml])
        #expect(model.diagnostics.isEmpty, "\(CheckFixtures.render(model.diagnostics))")
        let keySet = try #require(model.keySets["teams"])
        #expect(keySet.name == "teams")
        #expect(keySet.entries == [
            KeySet.Entry(sha256: String(repeating: "a", count: 64), team: "backend", id: "ci-bot"),
            KeySet.Entry(sha256: String(repeating: "0", count: 64), team: "beta", id: nil),
        ])
    }

    @Test("a keys file with a bad entry keeps the good ones")
    func keysFileKeepsGoodEntries() throws {
        let source = "gateway \"g\"\nkeys teams {\n  file = \"k.yaml\"\n}\n"
        let yaml = "keys:\n  - sha256: sk-live-123\n    team: a\n  - sha256: \(String(repeating: "b", count: 64))\n    team: b\n"
        let model = CheckFixtures.check(source, files: ["k.yaml": yaml])
        #expect(model.diagnostics.map(\.code) == [.plainKeyInKeysFile])
        #expect(model.diagnostics.first?.locationDescription == "k.yaml:2:13")
        #expect(model.keySets["teams"]?.entries.map(\.team) == ["b"])
    }

    // MARK: Names

    @Test("names resolve in any order, across imports both ways")
    func namesAcrossImports() {
        let root = """
            gateway "g"
            route chat {
              match POST "/v1/chat/completions"
              auth teams
              when model in eu_models -> eu
              else -> primary
            }
            import "shared/providers.gwpipe"
            provider primary {
              kind = mock
            }
            """
        let imported = """
            let eu_models = ["mistral-large"]
            provider eu {
              kind = mock
            }
            route embeddings {
              match POST "/v1/embeddings"
              else -> primary
            }
            keys teams {
              file = "teams.yaml"
            }
            """
        let teams = "keys:\n  - sha256: \(String(repeating: "c", count: 64))\n    team: ops\n"
        let model = CheckFixtures.check(root, files: ["shared/providers.gwpipe": imported, "shared/teams.yaml": teams])
        #expect(model.diagnostics.isEmpty, "\(CheckFixtures.render(model.diagnostics))")
        #expect(model.program.files.map(\.file.name) == ["main.gwpipe", "shared/providers.gwpipe"])
        #expect(model.symbols(of: .route).map(\.name.name) == ["chat", "embeddings"])
        #expect(model.symbols(of: .provider).map(\.name.name) == ["primary", "eu"])
        #expect(model.keySets["teams"]?.entries.count == 1, "a keys path is relative to the file declaring it")
    }

    @Test("an import cycle names every file of the chain")
    func importCycleChain() {
        let model = CheckFixtures.check(
            "gateway \"g\"\nimport \"a.gwpipe\"\n",
            files: ["a.gwpipe": "import \"b.gwpipe\"\n", "b.gwpipe": "import \"a.gwpipe\"\n"])
        #expect(model.diagnostics.map(\.code) == [.importCycle])
        #expect(model.diagnostics.first?.message == "import cycle: a.gwpipe -> b.gwpipe -> a.gwpipe")
        #expect(model.diagnostics.first?.locationDescription == "b.gwpipe:1:8")
    }

    // MARK: Secrets

    @Test("a set secret variable gives no warning; an unset one warns or, for serve and run, fails")
    func secretPolicy() {
        let source = "gateway \"g\"\nsecret k = env(\"OPENAI_API_KEY\")\n"
        #expect(CheckFixtures.check(source) { $0.environmentVariables = ["OPENAI_API_KEY": "x"] }.diagnostics.isEmpty)
        #expect(CheckFixtures.check(source).diagnostics.map(\.code) == [.secretUnset])
        #expect(CheckFixtures.check(source) { $0.environmentVariables = ["OPENAI_API_KEY": ""] }.diagnostics.map(\.code) == [.secretUnset])
        let strict = CheckFixtures.check(source) { $0.secretPolicy = .requireSet }
        #expect(strict.diagnostics.map(\.code) == [.secretUnsetAtRun])
        #expect(strict.diagnostics.allSatisfy { $0.severity == .error })
    }

    @Test("no message ever shows a secret's value")
    func secretValueNeverPrinted() throws {
        let value = "sk-live-do-not-print-0123456789"
        let source = """
            gateway "g"
            secret k = env("OPENAI_API_KEY")
            let copied = k
            provider p {
              kind = openai
              url  = "https://api.openai.com/${k}"
              key  = k
            }
            """
        let model = CheckFixtures.check(source) { $0.environmentVariables = ["OPENAI_API_KEY": value] }
        #expect(!model.diagnostics.isEmpty)
        #expect(!CheckFixtures.render(model.diagnostics).contains(value))
    }

    // MARK: Examples and valid fixtures

    static let examples = CheckFixtures.exampleNames()
        .map { CheckFixtures.examplesDirectory.appendingPathComponent("\($0).gwpipe") }
    static let validFiles = CheckFixtures.names(in: CheckFixtures.validDirectory, suffix: ".gwpipe")
        .map { CheckFixtures.validDirectory.appendingPathComponent("\($0).gwpipe") }

    @Test("every example checks without an error", arguments: examples)
    func exampleHasNoErrors(_ url: URL) throws {
        let model = try CheckFixtures.check(path: url)
        let errors = model.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(url.lastPathComponent):\n\(CheckFixtures.render(errors))")
        #expect(model.gatewayName != nil)
        #expect(!model.environments.isEmpty)
    }

    @Test("examples need no warning beyond unset secrets and per-instance limits", arguments: examples)
    func exampleWarnings(_ url: URL) throws {
        let model = try CheckFixtures.check(path: url)
        let unexpected = model.diagnostics.filter { ![.secretUnset, .limitsPerInstance].contains($0.code) }
        #expect(unexpected.isEmpty, "\(url.lastPathComponent):\n\(CheckFixtures.render(unexpected))")
    }

    @Test("checking never reports a span outside its file", arguments: examples + validFiles)
    func spansStayInsideFiles(_ url: URL) throws {
        SemanticChecks.expectSpansInsideFiles(try CheckFixtures.check(path: url))
        // Strict secrets and each declared environment alone take other paths through the checker.
        let program = try ProgramLoader.load(root: url.path)
        SemanticChecks.expectSpansInsideFiles(Checker.check(program, options: CheckOptions(secretPolicy: .requireSet)))
        for environment in Checker.check(program).symbols(of: .environment) {
            SemanticChecks.expectSpansInsideFiles(Checker.check(program, options: CheckOptions(environment: environment.name.name)))
        }
    }

    @Test("checking a prefix of any valid file never traps and keeps spans inside it", arguments: examples + validFiles)
    func truncatedFilesStayWellFormed(_ url: URL) throws {
        // Every cut leaves a program with some mistake; the checker must report it, not crash.
        let bytes = Array(try Data(contentsOf: url))
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 40)) {
            let file = SourceFile(name: url.lastPathComponent, bytes: Array(bytes[..<cut]))
            let program = ProgramLoader.load(root: file, read: CheckFixtures.reader(relativeTo: url.deletingLastPathComponent()))
            SemanticChecks.expectSpansInsideFiles(Checker.check(program))
        }
    }
}
