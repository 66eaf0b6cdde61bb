import Foundation
import Testing

@testable import GWSyntax

/// Where the fixture folders are, and how golden files are compared or rewritten.
///
/// Paths come from `#filePath`, so the tests run from any working directory; goldens name files
/// by their base name only, so they are the same on every machine.
enum Fixtures {
    /// The package root: `Tests/GWSyntaxTests/TestSupport.swift` is three levels below it.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `Tests/Fixtures/<name>`.
    static func directory(_ name: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(name)
    }

    static let examplesDirectory = repositoryRoot.appendingPathComponent("examples")

    /// `GWPIPE_UPDATE_GOLDEN=1 swift test` rewrites expectations instead of comparing them.
    static var updatingGoldens: Bool {
        ProcessInfo.processInfo.environment["GWPIPE_UPDATE_GOLDEN"] == "1"
    }

    /// The names of the files in `directory` ending in `suffix`, without the suffix, sorted so test
    /// cases come in a stable order.
    static func names(in directory: URL, suffix: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return entries.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }.sorted()
    }

    /// Every `.gwpipe` under `examples/` (one folder per larger example), as `NAME` or `FOLDER/NAME`.
    static func exampleNames() -> [String] {
        let entries = (try? FileManager.default.subpathsOfDirectory(atPath: examplesDirectory.path)) ?? []
        return entries.filter { $0.hasSuffix(".gwpipe") }.map { String($0.dropLast(".gwpipe".count)) }.sorted()
    }

    static func bytes(_ url: URL) throws -> [UInt8] {
        Array(try Data(contentsOf: url))
    }

    static func text(_ url: URL) throws -> String {
        String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    /// Parses a fixture under its base name, as `gwpipe check NAME` would print it.
    static func parse(_ url: URL) throws -> SourceFileSyntax {
        Parser.parse(SourceFile(name: url.lastPathComponent, bytes: try bytes(url)))
    }

    /// The diagnostics as `gwpipe check` prints them without colour.
    static func render(_ diagnostics: [Diagnostic]) -> String {
        DiagnosticRenderer(format: .text, useColor: false).render(diagnostics)
    }

    /// Compares `actual` with the golden file, or rewrites it when updating. A mismatch is
    /// reported with a line diff and the command that accepts the new output.
    static func assertGolden(
        _ actual: String, matches golden: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        if updatingGoldens {
            let existing = try? text(golden)
            if existing != actual {
                try Data(actual.utf8).write(to: golden, options: .atomic)
            }
            return
        }
        guard FileManager.default.fileExists(atPath: golden.path) else {
            Issue.record(
                "missing golden \(golden.lastPathComponent); create it with GWPIPE_UPDATE_GOLDEN=1 swift test",
                sourceLocation: sourceLocation)
            return
        }
        let expected = try text(golden)
        if expected != actual {
            Issue.record(
                """
                \(golden.lastPathComponent) differs (- expected, + actual):
                \(LineDiff.render(expected: expected, actual: actual))
                If the new output is right: GWPIPE_UPDATE_GOLDEN=1 swift test --filter GWSyntaxTests,
                then review git diff.
                """,
                sourceLocation: sourceLocation)
        }
    }

    /// The text of every `#` comment of a file, without trailing blanks (the formatter trims them).
    static func commentTexts(of file: SourceFile) -> [String] {
        Lexer.tokenize(file).comments.map { comment in
            var text = file.text(in: comment.range)
            while let last = text.last, last == " " || last == "\t" { text.removeLast() }
            return text
        }
    }
}

/// Properties every parse result has, whatever the input.
enum DiagnosticChecks {
    /// Diagnostics lie within the file, come in source order, and no two share a primary position.
    static func expectWellFormed(_ syntax: SourceFileSyntax, sourceLocation: SourceLocation = #_sourceLocation) {
        let size = syntax.file.bytes.count
        var previous: (offset: Int, position: SourcePosition)?
        var positions: Set<SourcePosition> = []
        for diagnostic in syntax.diagnostics {
            let range = diagnostic.primary.range
            #expect(
                range.start >= 0 && range.start <= range.end && range.end <= size,
                "diagnostic \(diagnostic.code) range \(range.start)..<\(range.end) outside a file of \(size) bytes",
                sourceLocation: sourceLocation)
            for span in diagnostic.secondary {
                #expect(span.range.start >= 0 && span.range.end <= size, sourceLocation: sourceLocation)
            }
            let position = diagnostic.primary.start
            #expect(
                position.line >= 1 && position.line <= syntax.file.lineStarts.count && position.column >= 1,
                "diagnostic \(diagnostic.code) at impossible position \(position)", sourceLocation: sourceLocation)
            if let previous {
                #expect(
                    previous.offset <= range.start,
                    "diagnostics out of source order: \(previous.position) before \(position)",
                    sourceLocation: sourceLocation)
            }
            #expect(
                positions.insert(position).inserted,
                "two diagnostics at \(position):\n\(Fixtures.render(syntax.diagnostics))",
                sourceLocation: sourceLocation)
            previous = (range.start, position)
        }
    }
}

/// A structural dump of a syntax tree: declaration, statement and expression kinds, names and
/// literal values, without source ranges or trivia. Two files mean the same thing exactly when
/// their dumps are equal, which is what "fmt preserves meaning" checks.
///
/// The switches are exhaustive on purpose: a new syntax node must be added here before the tests
/// compile, so it cannot slip past the meaning-preservation check.
enum SyntaxDump {
    static func dump(_ syntax: SourceFileSyntax) -> String {
        var lines: [String] = []
        for declaration in syntax.declarations {
            declarationLines(declaration, into: &lines)
        }
        return lines.joined(separator: "\n")
    }

    private static func declarationLines(_ declaration: Declaration, into lines: inout [String]) {
        switch declaration.kind {
        case .gateway(let name):
            lines.append("gateway \(expression(name))")
        case .import(let path):
            lines.append("import \(expression(path))")
        case .let(let name, let value):
            lines.append("let \(name.name) = \(expression(value))")
        case .param(let name, let type, let defaultValue):
            lines.append("param \(name.name): \(typeName(type)) = \(defaultValue.map(expression) ?? "<none>")")
        case .secret(let name, let value):
            lines.append("secret \(name.name) = \(expression(value))")
        case .block(let kind, let name, let body):
            lines.append("\(kind.rawValue) \(name.name)")
            blockLines(body, depth: 1, into: &lines)
        }
    }

    private static func blockLines(_ block: Block, depth: Int, into lines: inout [String]) {
        let indent = String(repeating: "  ", count: depth)
        for statement in block.statements {
            let (head, body) = statementText(statement.kind)
            lines.append(indent + head)
            if let body { blockLines(body, depth: depth + 1, into: &lines) }
        }
    }

    private static func optional(_ label: String, _ value: GWSyntax.Expression?) -> String {
        "\(label)=\(value.map(expression) ?? "<none>")"
    }

    private static func statementText(_ kind: Statement.Kind) -> (String, Block?) {
        switch kind {
        case .attribute(let name, let value):
            return ("attribute \(name.name) = \(expression(value))", nil)
        case .enableFor(let condition):
            return ("enableFor \(expression(condition))", nil)
        case .stickyBy(let subject):
            return ("stickyBy \(expression(subject))", nil)
        case .match(let method, let path):
            return ("match \(method.name) \(expression(path))", nil)
        case .auth(let keys):
            return ("auth \(keys.name)", nil)
        case .limit(let amount, let by):
            return ("limit \(expression(amount)) \(optional("by", by))", nil)
        case .timeout(let value):
            return ("timeout \(expression(value))", nil)
        case .when(let condition, let targets):
            return ("when \(expression(condition)) -> \(targets.map(target).joined(separator: ", "))", nil)
        case .otherwise(let targets):
            return ("else -> \(targets.map(target).joined(separator: ", "))", nil)
        case .retry(let attempts, let conditions, let backoff):
            let list = conditions.map(expression).joined(separator: ", ")
            return ("retry \(expression(attempts)) on [\(list)] \(optional("backoff", backoff))", nil)
        case .fallback(let providers, let conditions):
            let names = providers.map(\.name).joined(separator: ", ")
            return ("fallback [\(names)] on [\(conditions.map(expression).joined(separator: ", "))]", nil)
        case .breaker(let failures, let window, let openFor):
            return ("breaker \(expression(failures)) in \(expression(window)) for \(expression(openFor))", nil)
        case .stage(let name, let body):
            return ("stage \(name.name)", body)
        case .onFailure(let body):
            return ("onFailure", body)
        case .parallel(let body):
            return ("parallel", body)
        case .check:
            return ("check", nil)
        case .scan:
            return ("scan", nil)
        case .test(let suite, let target):
            let targetText: String
            switch target {
            case nil: targetText = "<none>"
            case .mocks: targetText = "mocks"
            case .environment(let environment): targetText = "environment \(environment.name)"
            }
            return ("test \(expression(suite)) target=\(targetText)", nil)
        case .run(let command, let timeout):
            return ("run \(expression(command)) \(optional("timeout", timeout))", nil)
        case .deploy(let environment):
            return ("deploy \(environment.name)", nil)
        case .wait(let duration):
            return ("wait \(expression(duration))", nil)
        case .gate(let condition, let over, let environment):
            return ("gate \(expression(condition)) \(optional("over", over)) on=\(environment?.name ?? "<none>")", nil)
        case .approve(let condition):
            return ("approve \(optional("when", condition))", nil)
        case .notify(let url):
            return ("notify \(expression(url))", nil)
        case .rollback(let environment):
            return ("rollback \(environment.name)", nil)
        case .strategy(let kind, let target, let environment, let body):
            return ("strategy \(kind.rawValue) \(target.name) on=\(environment?.name ?? "<none>")", body)
        case .step(let amount, let duration):
            return ("step \(expression(amount)) \(optional("for", duration))", nil)
        case .analyze(let interval, let body):
            return ("analyze every \(expression(interval))", body)
        case .abort(let condition, let duration):
            return ("abort when \(expression(condition)) \(optional("for", duration))", nil)
        case .on(let event, let action):
            return ("on \(event.name) \(action.name)", nil)
        case .verify(let suite):
            return ("verify \(expression(suite))", nil)
        case .keepPrevious(let duration):
            return ("keepPrevious \(expression(duration))", nil)
        case .batch(let size):
            return ("batch \(expression(size))", nil)
        case .pause(let duration):
            return ("pause \(expression(duration))", nil)
        case .health(let path):
            return ("health \(expression(path))", nil)
        }
    }

    private static func target(_ target: RouteTarget) -> String {
        "\(target.provider.name) \(optional("weight", target.weight)) \(optional("model", target.model))"
    }

    private static func typeName(_ type: TypeSyntax) -> String {
        guard !type.arguments.isEmpty else { return type.name.name }
        return "\(type.name.name)<\(type.arguments.map(typeName).joined(separator: ", "))>"
    }

    /// Fully parenthesised, so a change of grouping shows even when the spelling looks the same.
    static func expression(_ expression: GWSyntax.Expression) -> String {
        switch expression.kind {
        case .literal(let literal):
            return "literal(\(literalText(literal)))"
        case .string(let string):
            return "string(" + string.parts.map(part).joined(separator: " ") + ")"
        case .name(let name):
            return "name(\(name.name))"
        case .list(let elements):
            return "list[" + elements.map(self.expression).joined(separator: ", ") + "]"
        case .range(let low, let high):
            return "range(\(self.expression(low)), \(self.expression(high)))"
        case .unary(let op, let operand):
            return "unary(\(op.rawValue) \(self.expression(operand)))"
        case .binary(let op, let lhs, let rhs):
            return "binary(\(self.expression(lhs)) \(op.rawValue) \(self.expression(rhs)))"
        case .call(let callee, let arguments):
            return "call \(callee.name)(" + arguments.map(self.expression).joined(separator: ", ") + ")"
        case .member(let base, let member):
            return "member(\(self.expression(base)).\(member.name))"
        case .parenthesized(let inner):
            return "paren(\(self.expression(inner)))"
        case .after(let value, let time):
            return "after(\(self.expression(value)), \(self.expression(time)))"
        case .synthetic(let load):
            return "synthetic(\(self.expression(load)))"
        case .invalid:
            return "invalid"
        }
    }

    private static func part(_ part: StringPart) -> String {
        switch part {
        case .text(let text): return "text\(text.debugDescription)"
        case .interpolation(let name, _): return "interpolation(\(name))"
        }
    }

    private static func literalText(_ literal: Literal) -> String {
        switch literal {
        case .bool(let value): return "bool \(value)"
        case .integer(let value): return "integer \(value)"
        case .number(let value): return "number \(value)"
        case .duration(let nanoseconds): return "duration \(nanoseconds)ns"
        case .percent(let value): return "percent \(value)"
        case .count(let value, let unit): return "count \(value) \(unit?.rawValue ?? "-")"
        case .rate(let perSecond): return "rate \(perSecond)/s"
        case .bytes(let value): return "bytes \(value)"
        case .money(let value): return "money \(value)"
        case .statusClass(let value): return "status \(value)xx"
        }
    }
}

/// Runs `body` on a thread with a small explicit stack, to prove the parser stays shallow on
/// hostile nesting: a deep recursion would crash the test process instead of passing.
func runOnSmallStack<Result: Sendable>(bytes: Int = 512 * 1024, _ body: @escaping @Sendable () -> Result) -> Result {
    let box = ThreadResult<Result>()
    let thread = Thread {
        box.result = body()
        box.done.signal()
    }
    thread.stackSize = bytes
    thread.start()
    box.done.wait()
    return box.result!
}

/// Hands a value from a `Thread` back to the test that waits for it; the semaphore orders the accesses.
final class ThreadResult<Value>: @unchecked Sendable {
    var result: Value?
    let done = DispatchSemaphore(value: 0)
}
