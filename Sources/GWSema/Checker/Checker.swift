import GWSyntax

/// Checks a loaded program: resolves names across files in any order, types every expression in
/// its context, applies every rule of `language.md`, and binds each environment's values.
///
/// Like the parser, it never stops at the first problem: each declaration is checked on its own,
/// and an expression that already failed has type `.error`, which silences follow-on mistakes.
public struct Checker {
    let program: LoadedProgram
    let options: CheckOptions
    var symbols: [String: Symbol] = [:]
    /// The same symbols as `symbols`, for the lookups while checking (see `SymbolTable`).
    var table = SymbolTable()
    var orderedSymbols: [Symbol] = []
    var diagnostics: [Diagnostic] = []
    var expressions: ExpressionChecker
    var gatewayName: String?
    var keySets: [String: KeySet] = [:]
    var trustedCertificates: [String: String] = [:]
    var environments: [EnvironmentBinding] = []
    /// `(method, path)` of routes seen so far, for duplicate-match warnings.
    var routeMatches: [String: (Symbol, SourceRange)] = [:]

    init(program: LoadedProgram, options: CheckOptions) {
        self.program = program
        self.options = options
        self.expressions = ExpressionChecker(symbols: [:], bindings: [:], reporting: true)
    }

    /// Checks `program` and returns the model with all diagnostics (the program's parse diagnostics first).
    public static func check(_ program: LoadedProgram, options: CheckOptions = CheckOptions()) -> SemanticModel {
        var checker = Checker(program: program, options: options)
        return checker.run()
    }

    mutating func error(
        _ code: DiagnosticCode, _ message: String, file: SourceFile, range: SourceRange, hints: [String] = [],
        secondary: [Diagnostic.Span] = [], severity: Severity = .error
    ) {
        diagnostics.append(
            Diagnostic(severity, code, message, at: .init(file: file, range: range), secondary: secondary, hints: hints))
    }

    mutating func warning(_ code: DiagnosticCode, _ message: String, file: SourceFile, range: SourceRange, hints: [String] = []) {
        error(code, message, file: file, range: range, hints: hints, severity: .warning)
    }

    mutating func run() -> SemanticModel {
        collectSymbols()
        expressions = ExpressionChecker(table: table, bindings: [:], reporting: true)
        // Checking a program whose syntax is broken would report consequences of the parse errors.
        if !program.diagnostics.hasErrors {
            for symbol in orderedSymbols { checkDeclaration(symbol) }
            bindEnvironments()
        }
        var defaults: [String: Value] = [:]
        for symbol in orderedSymbols where symbol.kind == .param {
            var silent = ExpressionChecker(table: table, bindings: [:], reporting: false)
            if let value = silent.symbolValue(symbol).value { defaults[symbol.name.name] = value }
        }
        let all = program.diagnostics + Checker.sorted(diagnostics + expressions.diagnostics)
        var model = SemanticModel(
            program: program, symbols: symbols, symbolTable: table, orderedSymbols: orderedSymbols, gatewayName: gatewayName,
            environments: environments, keySets: keySets, diagnostics: all, defaultParams: defaults)
        model.trustedCertificates = trustedCertificates
        return model
    }

    /// File order, then position, so output reads top to bottom.
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics.filter { seen.insert($0).inserted }.enumerated().sorted { a, b in
            let (x, y) = (a.element.primary, b.element.primary)
            if x.file.name != y.file.name { return a.offset < b.offset }
            if x.range.start != y.range.start { return x.range.start < y.range.start }
            return a.offset < b.offset
        }.map(\.element)
    }

    // MARK: Symbols

    private mutating func collectSymbols() {
        // The first gateway declaration, valid or not: a second is an error, and a bad name is not a missing gateway.
        var firstGateway: (SourceFile, Declaration)?
        for syntax in program.files {
            for declaration in syntax.declarations {
                switch declaration.kind {
                case .gateway(let name):
                    if let (file, first) = firstGateway {
                        error(.gatewayDeclaration, "a program declares its gateway once", file: syntax.file, range: declaration.range,
                              hints: ["one program serves one gateway; remove this line, or give the other gateway its own file"],
                              secondary: [.init(file: file, range: first.range, label: "gateway declared here")])
                        continue
                    }
                    firstGateway = (syntax.file, declaration)
                    if case .string(let literal) = name.kind, let text = literal.constantValue, !text.isEmpty {
                        gatewayName = text
                    } else {
                        error(.gatewayDeclaration, "the gateway's name must be a non-empty plain string", file: syntax.file, range: name.range,
                              hints: ["name it as it appears in metrics and logs: gateway \"chat-gateway\""])
                    }
                    continue
                case .import:
                    continue
                default:
                    break
                }
                guard let name = declaration.name else { continue }
                let kind: EntityKind
                switch declaration.kind {
                case .let: kind = .let
                case .param: kind = .param
                case .secret: kind = .secret
                case .block(let blockKind, _, _): kind = EntityKind(blockKind)
                default: continue
                }
                let symbol = Symbol(kind: kind, name: name, declaration: declaration, file: syntax.file)
                if let existing = table[name.name] {
                    error(
                        .duplicateName, "'\(name.name)' is already declared as \(existing.kind.article)", file: syntax.file,
                        range: name.range,
                        hints: ["every declaration needs its own name; names are shared by all kinds"],
                        secondary: [.init(file: existing.file, range: existing.name.range, label: "first declared here")])
                    continue
                }
                symbols[name.name] = symbol
                table.add(symbol)
                orderedSymbols.append(symbol)
            }
        }
        if firstGateway == nil, !program.diagnostics.hasErrors, !program.files.isEmpty {
            let root = program.root
            error(
                .gatewayDeclaration, "the program has no gateway declaration", file: root.file, range: .at(0),
                hints: ["start the file with `gateway \"name\"`"])
        }
    }

    private mutating func checkDeclaration(_ symbol: Symbol) {
        switch symbol.declaration.kind {
        case .let:
            let typed = expressions.symbolValue(symbol)
            if typed.type == .secret {
                error(
                    .secretInString, "a let cannot hold a secret", file: symbol.file, range: symbol.declaration.range,
                    hints: ["declare it with `secret \(symbol.name.name) = env(\"VARIABLE\")`"])
            }
        case .param(let name, let typeSyntax, let defaultValue):
            checkParam(name, typeSyntax, defaultValue, file: symbol.file)
        case .secret(_, let value):
            checkSecret(symbol, value)
        case .block(let kind, _, let body):
            switch kind {
            case .provider: checkProvider(symbol, body)
            case .keys: checkKeys(symbol, body)
            case .flag: checkFlag(symbol, body)
            case .route: checkRoute(symbol, body)
            case .environment: checkEnvironment(symbol, body)
            case .pipeline: checkPipeline(symbol, body)
            case .mock: checkMock(symbol, body)
            }
        default:
            break
        }
    }

    private mutating func checkParam(_ name: Identifier, _ typeSyntax: TypeSyntax, _ defaultValue: Expression?, file: SourceFile) {
        guard let type = resolveType(typeSyntax, file: file) else { return }
        if let defaultValue {
            _ = expressions.expect(defaultValue, type, in: file, context: .constant, what: "param '\(name.name)'")
        }
    }

    private mutating func resolveType(_ syntax: TypeSyntax, file: SourceFile) -> GWType? {
        for argument in syntax.arguments where resolveType(argument, file: file) == nil { return nil }
        if let type = ExpressionChecker.resolveType(syntax) { return type }
        let name = syntax.name.name
        if name == "Secret" {
            // Not a param type on purpose: a param's value sits in a values file, in clear.
            error(.unknownType, "a param cannot be a Secret: its value would be written in a values file", file: file,
                  range: syntax.range, hints: ["declare it as a secret read from the environment: secret NAME = env(\"VARIABLE\")"])
        } else if ["List", "Range"].contains(name), syntax.arguments.count != 1 {
            let example = name == "List" ? "List<String>" : "Range<Duration>"
            error(.unknownType, "\(name) needs one type argument, such as \(example)", file: file, range: syntax.range,
                  hints: ["say what the \(name == "List" ? "list holds" : "range spans"): \(example)"])
        } else {
            let hints = Suggestion.nearest(to: name, among: GWType.typeNames).map { ["did you mean `\($0)`?"] }
                ?? ["types are " + GWType.typeNames.joined(separator: ", ")]
            error(.unknownType, "unknown type '\(name)'", file: file, range: syntax.name.range, hints: hints)
        }
        return nil
    }

    private mutating func checkSecret(_ symbol: Symbol, _ value: Expression) {
        let typed = expressions.check(value, in: symbol.file, context: .constant)
        guard typed.type != .error else { return }
        guard case .secret(let reference)? = typed.value else {
            error(
                .typeMismatch, "a secret must come from the environment: env(\"VARIABLE\")", file: symbol.file,
                range: value.range, hints: ["secrets are never written in the file; write `secret \(symbol.name.name) = env(\"VARIABLE\")`"])
            return
        }
        if options.environmentVariables[reference.environmentVariable]?.isEmpty ?? true {
            let message = "secret '\(symbol.name.name)' reads \(reference.environmentVariable), which is not set"
            switch options.secretPolicy {
            case .warnIfUnset:
                warning(.secretUnset, message, file: symbol.file, range: value.range,
                        hints: ["set it before `gwpipe serve` or `gwpipe run`, where an unset secret is an error"])
            case .requireSet:
                error(.secretUnsetAtRun, message, file: symbol.file, range: value.range,
                      hints: ["export \(reference.environmentVariable) before `gwpipe serve` or `gwpipe run`"])
            }
        }
    }
}
