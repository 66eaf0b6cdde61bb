import Foundation
import GWSema
import GWSyntax

/// One interactive session over a `.gwpipe` program: each input line in, its answer out. Holds
/// no terminal, so tests drive it line by line; `gwpipe repl` feeds it standard input.
///
/// Not `Sendable`: a session is mutable state owned by the one loop that reads the lines.
final class ReplSession {
    /// The answer to one line: its text and whether it reports a mistake (printed to standard error).
    struct Reply: Sendable, Equatable {
        var text: String
        var isError: Bool

        static func error(_ text: String) -> Reply { Reply(text: text, isError: true) }
        static func output(_ text: String) -> Reply { Reply(text: text, isError: false) }
    }

    /// The loaded program, if any.
    private(set) var program: ReplProgram?
    /// Lets defined during the session (`let x = 2s`), by name.
    private var sessionLets: [String: Symbol] = [:]
    /// Set by `:quit`; the reading loop stops.
    private(set) var isFinished = false
    private let environmentVariables: [String: String]

    static let commands = [":help", ":quit", ":type", ":load", ":env", ":plan", ":route"]

    static let helpText = """
        EXPR             evaluate an expression: its value and type
                         (2s + 500ms → 2500ms : Duration); the program's lets
                         and params resolve, params with the selected
                         environment's values
        let NAME = EXPR  define a let for this session
        :type EXPR       the type of an expression, without evaluating it
        :load [FILE]     compile FILE (or reload the current one) and select
                         its first environment
        :env [NAME]      select the environment whose values params take
                         (without NAME, list them)
        :plan            each environment's revision id and the selected
                         environment's routes
        :route {JSON}    the route, arm and targets the gateway picks, e.g.
                         :route {"path": "/v1/chat/completions",
                           "model": "gpt-4o", "headers": {"x-tier": "free"},
                           "team": "beta", "flags": {"new_router": true}}
                         fields: method (default POST), path, model, headers,
                         team, key_id, tokens, flags
        :help            this list
        :quit            leave (the end of input does too)
        """

    init(environmentVariables: [String: String] = ProcessInfo.processInfo.environment) {
        self.environmentVariables = environmentVariables
    }

    /// The text answering `line` (errors included; see `respond` to tell them apart).
    func handle(_ line: String) -> String {
        respond(line).text
    }

    /// Answers one input line.
    func respond(_ line: String) -> Reply {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return .output("") }
        guard trimmed.hasPrefix(":") else { return evaluateOrDefine(trimmed) }
        let word = String(trimmed.prefix { !$0.isWhitespace })
        let argument = trimmed.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
        switch word {
        case ":help", ":h", ":?": return .output(Self.helpText)
        case ":quit", ":q", ":exit":
            isFinished = true
            return .output("")
        case ":type", ":t": return typeOf(argument)
        case ":load", ":l":
            if argument.isEmpty {
                guard let path = program?.path else {
                    return .error("error: :load needs a file, e.g. :load gateway.gwpipe")
                }
                return load(path)
            }
            return load(argument)
        case ":env", ":e": return selectEnvironment(argument)
        case ":plan", ":p": return plan()
        case ":route", ":r": return route(argument)
        default:
            let guess = Self.nearest(to: word, among: Self.commands).map { "; did you mean \($0)?" } ?? ""
            return .error("error: unknown command \(word)\(guess) (:help lists commands)")
        }
    }

    // MARK: Commands

    /// `:load FILE`: compiles the file; diagnostics as `gwpipe check` renders them, then a summary.
    func load(_ path: String) -> Reply {
        let compilation: Compilation
        switch Compilation.forFile(path, environment: nil, environmentVariables: environmentVariables) {
        case .success(let compiled): compilation = compiled
        case .failure(let unreadable):
            let message = unreadable.result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
            return .error(message + (program.map { " (still using \($0.path))" } ?? ""))
        }
        let names = compilation.model.environments.map(\.name)
        let kept = program?.environment.flatMap { names.contains($0) ? $0 : nil }
        let loaded = ReplProgram(
            path: path, model: compilation.model, plan: compilation.plan, environment: kept ?? names.first)
        program = loaded
        var text = ""
        if !compilation.diagnostics.isEmpty {
            text += DiagnosticRenderer().render(compilation.diagnostics)
            text += DiagnosticSummary.line(for: compilation.diagnostics, files: 1) + "\n"
        }
        text += "loaded \(path): \(loaded.summary)"
        if let environment = loaded.environment { text += "; environment \(environment) selected" }
        if compilation.plan == nil {
            text += "\nthe program has errors: expressions still evaluate, :plan and :route need a clean :load"
            return .error(text)
        }
        return .output(text)
    }

    /// `:env NAME`: params take that environment's values from now on.
    func selectEnvironment(_ name: String) -> Reply {
        guard var loaded = program else { return .error("error: no program loaded; :load FILE first") }
        let names = loaded.environmentNames
        guard !names.isEmpty else {
            return .error("error: \(loaded.path) declares no environment; params take their defaults")
        }
        if name.isEmpty {
            return .output(
                "environments: "
                    + names.map { $0 == loaded.environment ? "\($0) (selected)" : $0 }.joined(separator: ", "))
        }
        guard names.contains(name) else {
            let guess = ReplSession.nearest(to: name, among: names).map { "; did you mean '\($0)'?" } ?? ""
            return .error(
                "error: no environment named '\(name)'\(guess) (environments: \(names.joined(separator: ", ")))")
        }
        loaded.environment = name
        program = loaded
        let params = loaded.bindings.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value.displayText)" }
        return .output("environment \(name)" + (params.isEmpty ? "" : ": " + params.joined(separator: ", ")))
    }

    /// `:plan`: revision ids and the selected environment's routes.
    func plan() -> Reply {
        guard let loaded = program else { return .error("error: no program loaded; :load FILE first") }
        guard let plan = loaded.plan else {
            return .error("error: \(loaded.path) has errors, so it has no plan; fix them and :load again")
        }
        return .output(loaded.planText(plan))
    }

    /// `:route {json}`: simulates the request against the selected environment's revision.
    func route(_ json: String) -> Reply {
        guard let loaded = program else { return .error("error: no program loaded; :load FILE first") }
        guard let plan = loaded.plan else {
            return .error("error: \(loaded.path) has errors, so it has no routes; fix them and :load again")
        }
        guard let name = loaded.environment, let environment = plan.environments[name] else {
            return .error("error: \(loaded.path) declares no environment, so nothing serves its routes")
        }
        let request: SimulatedRequest
        switch SimulatedRequest.parse(json) {
        case .success(let parsed): request = parsed
        case .failure(let invalid): return .error("error: \(invalid.message)")
        }
        for flag in request.flags.keys.sorted() where environment.revision.flags[flag] == nil {
            let known = environment.revision.flags.keys.sorted()
            let guess = ReplSession.nearest(to: flag, among: known).map { "; did you mean '\($0)'?" } ?? ""
            return .error(
                "error: no flag named '\(flag)'\(guess) "
                    + "(flags: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
            )
        }
        return .output(RouteReport.text(RouteSimulation.run(request, in: environment.revision), environment: name))
    }

    /// `:type EXPR`.
    func typeOf(_ source: String) -> Reply {
        guard !source.isEmpty else { return .error("error: :type needs an expression, e.g. :type 2s + 500ms") }
        switch expression.evaluate(source) {
        case .constant(_, let type), .typeOnly(let type): return .output(type.description)
        case .requestDependent(let type): return .output("\(type) (depends on the request)")
        case .failure(let message): return .error(message)
        }
    }

    // MARK: Expressions

    private var expression: ReplExpression {
        var symbols = program?.model.symbols ?? [:]
        symbols.merge(sessionLets) { program, _ in program }
        return ReplExpression(symbols: symbols, bindings: program?.bindings ?? [:])
    }

    private func evaluateOrDefine(_ source: String) -> Reply {
        if source.hasPrefix("let "), source.dropFirst(4).contains("=") {
            return define(source)
        }
        return describe(expression.evaluate(source))
    }

    /// `let NAME = EXPR`: checked first, kept only when it is a valid constant.
    private func define(_ source: String) -> Reply {
        let (name, value, file): (Identifier, GWSyntax.Expression, SourceFile)
        switch ReplExpression.parseLet(source, columnShift: 0) {
        case .success(let parsed): (name, value, file) = parsed
        case .failure(let failure): return .error(failure.message)
        }
        if let existing = program?.model.symbols[name.name] {
            return .error(
                "error: '\(name.name)' is already declared in the program "
                    + "(\(existing.file.name):\(existing.file.position(of: existing.name.range.start))); "
                    + "pick another name"
            )
        }
        let outcome = expression.evaluate(value, in: file, columnShift: 0)
        if case .failure = outcome { return describe(outcome) }
        let declaration = Declaration(.let(name: name, value: value), range: value.range)
        sessionLets[name.name] = Symbol(kind: .let, name: name, declaration: declaration, file: file)
        let reply = describe(outcome)
        return Reply(text: "\(name.name) = \(reply.text)", isError: reply.isError)
    }

    /// A likely meant name: the nearest by edit distance, or the only one `word` begins (`prod` → `production`).
    static func nearest(to word: String, among candidates: [String]) -> String? {
        if let near = Suggestion.nearest(to: word, among: candidates) { return near }
        let extending = candidates.filter { $0.hasPrefix(word) && $0 != word }
        return extending.count == 1 ? extending[0] : nil
    }

    private func describe(_ outcome: ReplExpression.Outcome) -> Reply {
        switch outcome {
        case .constant(let value, let type): return .output("\(value.displayText) : \(type)")
        case .typeOnly(let type): return .output("(no value: a param without a default or binding) : \(type)")
        case .requestDependent(let type): return .output("(depends on the request; try :route) : \(type)")
        case .failure(let message): return .error(message)
        }
    }
}
