import GWSema
import GWSyntax

/// Finds where in the `.gwpipe` sources a planned thing was declared, so a finding points at the
/// route's name, the provider's `url`, the environment's `admin` — as the checker's diagnostics do.
struct SourceLocator {
    let model: SemanticModel

    func symbol(_ name: String, _ kind: EntityKind) -> Symbol? {
        guard let symbol = model.symbols[name], symbol.kind == kind else { return nil }
        return symbol
    }

    func location(_ file: SourceFile, offset: Int) -> FindingLocation {
        let position = file.position(of: offset)
        return FindingLocation(file: file.name, line: position.line, column: position.column)
    }

    /// The declared name of `symbol`, or the root file's start when the plan names something the
    /// model does not declare (it never should; a finding without a place is still a finding).
    func location(of symbol: Symbol?) -> FindingLocation {
        guard let symbol else { return start }
        return location(symbol.file, offset: symbol.name.range.start)
    }

    var start: FindingLocation {
        FindingLocation(file: model.program.files.first?.file.name ?? "<unknown>", line: 1, column: 1)
    }

    /// The value of attribute `name` in `symbol`'s block.
    func attribute(_ name: String, of symbol: Symbol?) -> Expression? {
        for statement in symbol?.body?.statements ?? [] {
            if case .attribute(let attribute, let value) = statement.kind, attribute.name == name { return value }
        }
        return nil
    }

    /// Where attribute `name`'s value starts in `symbol`, else the symbol's name.
    func location(ofAttribute name: String, in symbol: Symbol?) -> FindingLocation {
        guard let symbol, let value = attribute(name, of: symbol) else { return location(of: symbol) }
        return location(symbol.file, offset: value.range.start)
    }

    /// The first statement of `symbol`'s block that `matches`, for keyword statements (`retry`).
    func statement(in symbol: Symbol?, where matches: (Statement.Kind) -> Bool) -> Statement? {
        symbol?.body?.statements.first { matches($0.kind) }
    }

    /// An attribute's constant string (`values = "envs/prod.yaml"`), evaluated like the plan does.
    func constantString(_ name: String, of symbol: Symbol) -> String? {
        guard let expression = attribute(name, of: symbol) else { return nil }
        var evaluator = model.evaluator(for: nil)
        if case .string(let text)? = evaluator.check(expression, in: symbol.file, context: .constant).value {
            return text
        }
        return nil
    }
}
