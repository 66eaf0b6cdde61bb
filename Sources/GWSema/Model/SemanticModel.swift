import GWSyntax

/// A checked program: every name resolved, every expression typed, each environment's params
/// bound. The plan builder reads it; nothing in it holds a secret's value.
public struct SemanticModel: Sendable {
    public var program: LoadedProgram
    public var symbols: [String: Symbol]
    /// The same symbols, for lookups in bulk (the plan builder's); built by the checker with `symbols`.
    public let symbolTable: SymbolTable
    /// Declarations with names, in file order (root file first, then imports).
    public var orderedSymbols: [Symbol]
    public var gatewayName: String?
    /// Environments in declaration order, with their params bound.
    public var environments: [EnvironmentBinding]
    /// Key sets read from `keys` blocks' files, by keys block name.
    public var keySets: [String: KeySet]
    /// PEM CA certificates read from providers' `ca_file`, by provider name: the roots their TLS
    /// certificates are verified against instead of the system's.
    public var trustedCertificates: [String: String] = [:]
    public var diagnostics: [Diagnostic]

    /// Symbols of one kind, in declaration order.
    public func symbols(of kind: EntityKind) -> [Symbol] {
        orderedSymbols.filter { $0.kind == kind }
    }

    /// An expression checker that evaluates constants with `environment`'s param values.
    public func evaluator(for environment: String?) -> ExpressionChecker {
        let params = environments.first { $0.name == environment }?.params ?? defaultParams
        return ExpressionChecker(table: symbolTable, bindings: params, reporting: false)
    }

    /// Params at their defaults (those without a default are absent).
    public var defaultParams: [String: Value]
}
