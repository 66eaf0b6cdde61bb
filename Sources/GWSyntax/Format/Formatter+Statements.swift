/// How each statement kind is printed.
extension Formatter {
    mutating func printStatement(_ statement: Statement, attributeWidth: Int) {
        let trailing = statement.trivia.trailingComment
        switch statement.kind {
        case .attribute(let name, let value):
            let padding = String(repeating: " ", count: max(0, attributeWidth - name.name.count))
            line("\(name.name)\(padding) = \(render(value))", trailing: trailing)
        case .stage(let name, let body):
            printBlock("stage \(name.name)", body, trailing: trailing)
        case .onFailure(let body):
            printBlock("on failure", body, trailing: trailing)
        case .parallel(let body):
            printBlock("parallel", body, trailing: trailing)
        case .strategy(let kind, let target, let environment, let body):
            var header = "\(kind.rawValue) \(target.name)"
            if kind == .flagRollout {
                header += " rollout"
                if let environment { header += " on \(environment.name)" }
            }
            printBlock(header, body, trailing: trailing)
        case .analyze(let interval, let body):
            printBlock("analyze every \(render(interval))", body, trailing: trailing)
        default:
            line(simpleStatement(statement.kind), trailing: trailing)
        }
    }

    /// The one-line statements.
    private func simpleStatement(_ kind: Statement.Kind) -> String {
        switch kind {
        case .enableFor(let condition):
            return "enable for \(render(condition))"
        case .stickyBy(let subject):
            return "sticky by \(render(subject))"
        case .match(let method, let path):
            return "match \(method.name) \(render(path))"
        case .auth(let keys):
            return "auth \(keys.name)"
        case .limit(let amount, let subject):
            return "limit \(render(amount))" + (subject.map { " by \(render($0))" } ?? "")
        case .timeout(let value):
            return "timeout \(render(value))"
        case .when(let condition, let targets):
            return "when \(render(condition)) -> \(render(targets))"
        case .otherwise(let targets):
            return "else -> \(render(targets))"
        case .retry(let attempts, let conditions, let backoff):
            return "retry \(render(attempts)) on \(conditions.map(render).joined(separator: ", "))"
                + (backoff.map { " backoff \(render($0))" } ?? "")
        case .fallback(let providers, let conditions):
            return "fallback \(providers.map(\.name).joined(separator: ", ")) on "
                + conditions.map(render).joined(separator: ", ")
        case .breaker(let failures, let window, let openFor):
            return "breaker open after \(render(failures)) in \(render(window)) for \(render(openFor))"
        case .check:
            return "check"
        case .scan:
            return "scan"
        case .test(let suite, let target):
            switch target {
            case nil: return "test \(render(suite))"
            case .mocks: return "test \(render(suite)) with mocks"
            case .environment(let environment): return "test \(render(suite)) against \(environment.name)"
            }
        case .run(let command, let timeout):
            return "run \(render(command))" + (timeout.map { " timeout \(render($0))" } ?? "")
        case .deploy(let environment):
            return "deploy \(environment.name)"
        case .wait(let duration):
            return "wait \(render(duration))"
        case .gate(let condition, let over, let environment):
            return "gate \(render(condition))" + (over.map { " over \(render($0))" } ?? "")
                + (environment.map { " on \($0.name)" } ?? "")
        case .approve(let condition):
            return "approve" + (condition.map { " when \(render($0))" } ?? "")
        case .notify(let url):
            return "notify \(render(url))"
        case .rollback(let environment):
            return "rollback \(environment.name)"
        case .step(let amount, let duration):
            return "step \(render(amount))" + (duration.map { " for \(render($0))" } ?? "")
        case .abort(let condition, let duration):
            return "abort when \(render(condition))" + (duration.map { " for \(render($0))" } ?? "")
        case .on(let event, let action):
            return "on \(event.name) \(action.name)"
        case .verify(let suite):
            return "verify \(render(suite))"
        case .keepPrevious(let duration):
            return "keep_previous \(render(duration))"
        case .batch(let size):
            return "batch \(render(size))"
        case .pause(let duration):
            return "pause \(render(duration))"
        case .health(let path):
            return "health \(render(path))"
        case .attribute, .stage, .onFailure, .parallel, .strategy, .analyze:
            return ""
        }
    }

    private func render(_ targets: [RouteTarget]) -> String {
        targets.map { target in
            var text = target.provider.name
            if let weight = target.weight { text += " \(render(weight))" }
            if let model = target.model { text += " as \(render(model))" }
            return text
        }.joined(separator: ", ")
    }
}
