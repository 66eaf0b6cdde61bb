import Foundation
import GWSema
import GWSyntax

/// Types and evaluates one line of REPL input as a `.gwpipe` expression, with the checker
/// `check` uses: names of the loaded program resolve, params take the selected environment's values.
struct ReplExpression {
    /// What an expression turned out to be.
    enum Outcome: Sendable, Equatable {
        /// A constant: its value and type.
        case constant(Value, GWType)
        /// Typed but without a value here (a param with no default and no binding).
        case typeOnly(GWType)
        /// Valid only in a route's `when` rules: its value depends on the request.
        case requestDependent(GWType)
        /// A syntax or type error, as one line.
        case failure(String)
    }

    /// The program's declarations plus the session's own lets.
    var symbols: [String: Symbol]
    /// Param values of the selected environment (defaults applied).
    var bindings: [String: Value]

    /// The text the expression is wrapped in to parse it as a declaration.
    static let prefix = "let it = "

    /// Evaluates `source` as an expression.
    func evaluate(_ source: String) -> Outcome {
        switch Self.parseLet(Self.prefix + source, columnShift: Self.prefix.count) {
        case .failure(let failure): return .failure(failure.message)
        case .success(let (_, expression, file)): return evaluate(expression, in: file)
        }
    }

    /// Checks an already parsed expression: as a constant first, then as a request condition.
    func evaluate(_ expression: GWSyntax.Expression, in file: SourceFile, columnShift: Int = prefix.count) -> Outcome {
        var checker = ExpressionChecker(symbols: symbols, bindings: bindings, reporting: true)
        let typed = checker.check(expression, in: file, context: .constant)
        if let error = checker.diagnostics.first(where: { $0.severity == .error }) {
            // `model in eu_models` is an error as a constant but a fine `when` rule.
            var requestChecker = ExpressionChecker(symbols: symbols, bindings: bindings, reporting: true)
            let requestTyped = requestChecker.check(expression, in: file, context: .request)
            if !requestChecker.diagnostics.contains(where: { $0.severity == .error }), requestTyped.type != .error {
                return .requestDependent(requestTyped.type)
            }
            return .failure(Self.oneLine(error, replFile: file, columnShift: columnShift))
        }
        guard let value = typed.value else { return .typeOnly(typed.type) }
        return .constant(value, typed.type)
    }

    /// Parses `text` as exactly one `let NAME = EXPR` declaration.
    static func parseLet(
        _ text: String, columnShift: Int
    ) -> Result<(Identifier, GWSyntax.Expression, SourceFile), ReplFailure> {
        let syntax = Parser.parse(text, name: "<repl>")
        if let error = syntax.diagnostics.first(where: { $0.severity == .error }) {
            return .failure(ReplFailure(oneLine(error, replFile: syntax.file, columnShift: columnShift)))
        }
        guard syntax.declarations.count == 1, case .let(let name, let expression) = syntax.declarations[0].kind else {
            return .failure(ReplFailure("error: expected one expression"))
        }
        return .success((name, expression, syntax.file))
    }

    /// `error: MESSAGE (column N) [CODE]; hint: ...` — one line, the column counted in what was typed.
    static func oneLine(_ diagnostic: Diagnostic, replFile: SourceFile, columnShift: Int) -> String {
        let start = diagnostic.primary.start
        let location: String
        if diagnostic.primary.file === replFile {
            location = " (column \(max(1, start.column - columnShift)))"
        } else {
            location = " (\(diagnostic.locationDescription))"
        }
        // What was typed is one line: its end is the end of the line, not of a file.
        let message =
            diagnostic.primary.file === replFile
            ? diagnostic.message.replacingOccurrences(of: "end of file", with: "end of the line") : diagnostic.message
        var line = "error: \(message)\(location) [\(diagnostic.code)]"
        for hint in diagnostic.hints { line += "; hint: \(hint)" }
        return line
    }
}

/// A REPL error already worded as the one line to print.
struct ReplFailure: Error, Equatable {
    var message: String

    init(_ message: String) { self.message = message }
}
