/// Route statements: `match`, `auth`, `limit`, `timeout`, `when`, `else`, `retry`, `fallback`, `breaker`.
extension Parser {
    mutating func parseRouteStatement(_ keyword: Keyword) -> Statement.Kind? {
        switch keyword {
        case .match:
            guard at(.word) else {
                errorExpected("an HTTP method after 'match' (match POST \"/v1/chat/completions\")")
                return nil
            }
            let methodToken = advance()
            let method = Identifier(text(methodToken), range: methodToken.range)
            guard let path = parseStringArgument("the path in quotes after 'match \(method.name)'") else { return nil }
            return .match(method: method, path: path)
        case .auth:
            guard let keys = expectIdentifier("the name of a keys block after 'auth'") else { return nil }
            return .auth(keys)
        case .limit:
            guard let amount = parseExpressionOrReport() else { return nil }
            var subject: Expression?
            if eat(.by) != nil {
                guard let value = parsePostfixOrReport() else { return nil }
                subject = value
            }
            return .limit(amount: amount, by: subject)
        case .timeout:
            guard let value = parseExpressionOrReport() else { return nil }
            return .timeout(value)
        case .when:
            guard let condition = parseExpressionOrReport(),
                expect(.arrow, "'->' and an upstream after the condition (when COND -> provider)") != nil,
                let targets = parseRouteTargets()
            else { return nil }
            return .when(condition: condition, targets: targets)
        case .else:
            guard expect(.arrow, "'->' after 'else' (else -> provider)") != nil, let targets = parseRouteTargets() else {
                return nil
            }
            return .otherwise(targets: targets)
        case .retry:
            guard let attempts = parseAdditiveOrReport(),
                expect(.on, "'on' and the conditions to retry on (retry 2 on 429, 5xx, timeout)") != nil,
                let conditions = parseConditionList()
            else { return nil }
            var backoff: Expression?
            if eat(.backoff) != nil {
                guard let value = parseExpressionOrReport() else { return nil }
                backoff = value
            }
            return .retry(attempts: attempts, conditions: conditions, backoff: backoff)
        case .fallback:
            var providers: [Identifier] = []
            repeat {
                guard let provider = expectIdentifier("a provider name after 'fallback'") else { return nil }
                providers.append(provider)
            } while eat(.comma) != nil
            guard expect(.on, "'on' and the conditions to fall back on (fallback backup on 5xx, timeout)") != nil,
                let conditions = parseConditionList()
            else { return nil }
            return .fallback(providers: providers, conditions: conditions)
        case .breaker:
            let example = "(breaker open after 5 failures in 10s for 30s)"
            guard expect(.open, "'open after' after 'breaker' \(example)") != nil,
                expect(.after, "'after' after 'breaker open' \(example)") != nil,
                let failures = parseAdditiveOrReport(),
                expect(.in, "'in' and a time window after the failure count \(example)") != nil,
                let window = parseAdditiveOrReport(),
                expect(.for, "'for' and how long the breaker stays open \(example)") != nil,
                let openFor = parseAdditiveOrReport()
            else { return nil }
            return .breaker(failures: failures, window: window, openFor: openFor)
        default:
            return nil
        }
    }

    /// `provider [weight%] [as "model"]`, comma-separated.
    private mutating func parseRouteTargets() -> [RouteTarget]? {
        var targets: [RouteTarget] = []
        repeat {
            guard let provider = expectIdentifier("a provider name") else { return nil }
            var weight: Expression?
            if at(.percent) || at(.number) {
                weight = parsePrimaryOrReport()
            }
            var model: Expression?
            if eat(.as) != nil {
                guard let value = parseStringArgument("the model name in quotes after 'as'") else { return nil }
                model = value
            }
            targets.append(
                RouteTarget(
                    provider: provider, weight: weight, model: model,
                    range: SourceRange(start: provider.range.start, end: previousEnd)))
        } while eat(.comma) != nil
        return targets
    }

    /// `429, 5xx, timeout`: status codes, status classes and condition words.
    mutating func parseConditionList() -> [Expression]? {
        var conditions: [Expression] = []
        repeat {
            guard at(.number) || at(.statusClass) || at(.word) else {
                errorExpected("a condition: a status (429), a class (5xx) or a word (timeout, connect_error)")
                return nil
            }
            guard let condition = parsePrimaryOrReport() else { return nil }
            conditions.append(condition)
        } while eat(.comma) != nil
        return conditions
    }
}
