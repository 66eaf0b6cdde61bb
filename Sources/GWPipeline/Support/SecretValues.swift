import GWPlan
import GWSyntax

/// The secrets a program can read: the environment variables they come from, and their values
/// for the redactor.
enum SecretValues {
    /// Secret values, and the webhook URLs of `notify` steps (they often carry a token; titles and
    /// messages show only their host, this catches an error that quotes one whole).
    static func redactor(for input: PipelineInput, environment: [String: String]) -> Redactor {
        let webhooks = input.plan.pipelines.values.flatMap { $0.steps + $0.onFailure }.compactMap(\.url)
        return Redactor(secrets: variables(of: input).compactMap { environment[$0] } + webhooks.flatMap(NotifyURL.sensitiveParts))
    }

    /// Every variable a secret of the program (or its baseline) is read from, `GWPIPE_ADMIN_TOKEN`
    /// included, sorted.
    static func variables(of input: PipelineInput) -> [String] {
        var variables = Set<String>()
        for plan in [input.plan] + (input.baseline.map { [$0] } ?? []) {
            for environmentPlan in plan.environments.values {
                if let token = environmentPlan.adminToken { variables.insert(token.environmentVariable) }
                for provider in environmentPlan.revision.providers.values {
                    if let key = provider.key { variables.insert(key.environmentVariable) }
                }
            }
        }
        // Declared secrets too, even those nothing reads yet, and the admin token's usual home.
        for symbol in input.model.symbols(of: .secret) {
            if case .secret(_, let value) = symbol.declaration.kind, let variable = environmentVariable(of: value) {
                variables.insert(variable)
            }
        }
        for pipeline in input.plan.pipelines.values {
            for step in pipeline.steps + pipeline.onFailure {
                if let secret = step.urlSecret { variables.insert(secret.environmentVariable) }
            }
        }
        variables.insert("GWPIPE_ADMIN_TOKEN")
        return variables.sorted()
    }

    /// `env("X")` → `X`.
    private static func environmentVariable(of expression: Expression) -> String? {
        guard case .call(let callee, let arguments) = expression.kind, callee.name == "env",
            case .string(let literal)? = arguments.first?.kind
        else { return nil }
        return literal.constantValue
    }
}
