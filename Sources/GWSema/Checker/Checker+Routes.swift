import GWSyntax

/// Routes: match, auth, limits, timeout, `when`/`else` arms and their weights, retry, fallback, breaker.
extension Checker {
    static let httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    static let limitSubjects = ["key", "key.team", "team", "ip"]

    mutating func checkRoute(_ symbol: Symbol, _ body: Block) {
        let owner = "route \(symbol.name.name)"
        let file = symbol.file
        _ = checkAttributes(body, schema: .route, owner: owner, file: file)
        // At most six entries: a linear search of smol strings beats hashing one per statement.
        var firstOf: [(name: String, statement: Statement)] = []
        var unconditional: Statement?
        var reportedUnreachable = false
        var arms = 0
        for statement in body.statements {
            let single: String?
            switch statement.kind {
            case .match: single = "match"
            case .auth: single = "auth"
            case .timeout: single = "timeout"
            case .retry: single = "retry"
            case .breaker: single = "breaker"
            case .otherwise: single = "else"
            default: single = nil
            }
            if let single {
                if let first = firstOf.first(where: { $0.name == single })?.statement {
                    error(.duplicateStatement, "\(owner) has more than one '\(single)'", file: file, range: statement.range,
                          hints: [single == "match" ? "declare one route per method and path" : "keep one '\(single)' and remove the other"],
                          secondary: [.init(file: file, range: first.range, label: "first given here")])
                    continue
                }
                firstOf.append((single, statement))
            }
            switch statement.kind {
            case .match(let method, let path):
                checkMatch(symbol, method: method, path: path, statement: statement)
            case .auth(let keys):
                _ = expressions.resolveEntity(keys, kind: .keys, file: file)
            case .limit(let amount, let subject):
                checkLimit(amount, subject, statement: statement, file: file)
            case .timeout(let value):
                let typed = expressions.expect(value, .duration, in: file, context: .constant, what: "timeout")
                if case .duration(let nanos)? = typed.value, nanos <= 0 {
                    error(.valueOutOfRange, "timeout must be longer than 0s", file: file, range: value.range)
                }
            case .when(let condition, let targets):
                arms += 1
                if let unconditional, !reportedUnreachable {
                    reportedUnreachable = true
                    reportUnreachable(statement, shadowedBy: unconditional, file: file)
                }
                let typed = expressions.expect(condition, .bool, in: file, context: .request, what: "a when condition")
                if case .bool(true)? = typed.value, unconditional == nil { unconditional = statement }
                checkTargets(targets, file: file)
            case .otherwise(let targets):
                arms += 1
                if let unconditional, !reportedUnreachable {
                    reportedUnreachable = true
                    reportUnreachable(statement, shadowedBy: unconditional, file: file)
                }
                unconditional = unconditional ?? statement
                checkTargets(targets, file: file)
            case .retry(let attempts, let conditions, let backoff):
                checkRetry(attempts, conditions, backoff, file: file)
            case .fallback(let providers, let conditions):
                for provider in providers { _ = expressions.resolveEntity(provider, kind: .provider, file: file) }
                checkConditions(conditions, file: file)
            case .breaker(let failures, let window, let openFor):
                let count = expressions.check(failures, in: file, context: .constant)
                if count.type != .error, !(count.type == .count || count.type == .int) {
                    expressions.reportMismatch(expected: "Count", found: count, expression: failures, file: file, what: "the breaker's failure count")
                } else if let value = count.value?.numeric, value < 1 {
                    error(.valueOutOfRange, "a breaker needs at least 1 failure to open", file: file, range: failures.range)
                }
                _ = expressions.expect(window, .duration, in: file, context: .constant, what: "the breaker's window")
                _ = expressions.expect(openFor, .duration, in: file, context: .constant, what: "how long the breaker stays open")
            default:
                break
            }
        }
        checkFallbackCycle(body, file: file)
        if !firstOf.contains(where: { $0.name == "match" }) {
            error(.missingStatement, "\(owner) needs a match: match POST \"/v1/chat/completions\"", file: file,
                  range: symbol.name.range)
        }
        if arms == 0 {
            error(.routeWithoutTarget, "\(owner) sends requests nowhere: it has no when or else arm", file: file,
                  range: symbol.name.range, hints: ["add `else -> PROVIDER` with the provider that answers these requests"])
        } else if unconditional == nil {
            error(.routeWithoutTarget, "\(owner) has no else arm: requests matching no when rule would have nowhere to go",
                  file: file, range: symbol.name.range, hints: ["add `else -> PROVIDER` as the last arm"])
        }
    }

    /// Warns once, at the first arm an unconditional arm shadows: every later arm is unreachable for
    /// the same reason, and one fix (moving or removing that arm) serves them all.
    private mutating func reportUnreachable(_ arm: Statement, shadowedBy unconditional: Statement, file: SourceFile) {
        let isElse: Bool
        if case .otherwise = unconditional.kind { isElse = true } else { isElse = false }
        let what: String
        if case .otherwise = arm.kind { what = "this else arm is" } else { what = "this when arm is" }
        error(
            .unreachableArm, "\(what) unreachable: an earlier arm matches every request", file: file, range: arm.range,
            hints: [isElse
                ? "else catches every request left, so it goes last: move this arm above it"
                : "this condition is always true; remove that arm, or move this one above it"],
            secondary: [.init(file: file, range: unconditional.range, label: "matches every request")], severity: .warning)
    }

    private mutating func checkMatch(_ symbol: Symbol, method: Identifier, path: Expression, statement: Statement) {
        let file = symbol.file
        if !Checker.httpMethods.contains(method.name) {
            let hints = Suggestion.nearest(to: method.name.uppercased(), among: Checker.httpMethods).map { ["did you mean `\($0)`?"] } ?? []
            error(.invalidEnumValue, "'\(method.name)' is not an HTTP method", file: file, range: method.range, hints: hints)
        }
        guard case .string(let literal) = path.kind, let text = literal.constantValue else {
            error(.typeMismatch, "a route's path must be a plain string", file: file, range: path.range)
            return
        }
        guard text.hasPrefix("/") else {
            error(.invalidEnumValue, "a route's path starts with '/'", file: file, range: path.range, hints: ["write \"/\(text)\""])
            return
        }
        let key = "\(method.name) \(text)"
        if let (other, otherRange) = routeMatches[key] {
            error(.duplicateRouteMatch, "route \(symbol.name.name) matches \(key), like route \(other.name.name)",
                  file: file, range: statement.range,
                  hints: ["the first route declared wins; give each route its own path or merge them"],
                  secondary: [.init(file: other.file, range: otherRange, label: "route \(other.name.name) matches it first")],
                  severity: .warning)
        } else {
            routeMatches[key] = (symbol, statement.range)
        }
    }

    private mutating func checkLimit(_ amount: Expression, _ subject: Expression?, statement: Statement, file: SourceFile) {
        let typed = expressions.check(amount, in: file, context: .constant)
        if typed.type != .error, typed.type != .rate {
            var hints = ["write 600 requests / 1m or 200k tokens / 1m"]
            if let unit = ExpressionChecker.unitHint(expected: "Rate", found: typed) { hints = [unit] }
            // `limit 600 requests by key`: the amount is right, only the period is missing.
            if case .count? = typed.value { hints = ["say over which period: \(typed.value!.displayText) / 1m"] }
            error(.typeMismatch, "a limit is a Rate, found \(typed.type)", file: file, range: amount.range, hints: hints)
        } else if case .rate(let perSecond, let unit)? = typed.value {
            if perSecond <= 0 { error(.valueOutOfRange, "a limit must allow more than 0 requests", file: file, range: amount.range) }
            if let unit, unit != .requests, unit != .tokens {
                error(.invalidEnumValue, "limits count requests or tokens, not \(unit.rawValue)", file: file, range: amount.range,
                      hints: unit == .failures ? ["to stop calling a failing upstream, use `breaker open after 5 failures in 10s for 30s`"] : [])
            }
        }
        guard let subject else {
            error(.limitWithoutBy, "a limit needs 'by': whose requests it counts", file: file, range: statement.range,
                  hints: ["add `by key` (each API key), `by key.team` (each team) or `by ip`"])
            return
        }
        guard let text = Checker.pathText(subject), Checker.limitSubjects.contains(text) else {
            error(.invalidEnumValue, "a limit cannot be counted by \(Checker.pathText(subject).map { "'\($0)'" } ?? "this expression")",
                  file: file, range: subject.range,
                  hints: ["limits are counted by key (each API key), key.team (each team) or ip (each client address)"])
            return
        }
    }

    private mutating func checkTargets(_ targets: [RouteTarget], file: SourceFile) {
        var total = 0.0
        var weighted = 0
        for target in targets {
            _ = expressions.resolveEntity(target.provider, kind: .provider, file: file)
            if let weight = target.weight {
                weighted += 1
                let typed = expressions.expect(weight, .percent, in: file, context: .constant, what: "a weight")
                if case .percent(let value)? = typed.value { total += value }
            }
            if let model = target.model {
                let typed = expressions.expect(model, .string, in: file, context: .constant, what: "the model after 'as'")
                if case .string(let name)? = typed.value, name.isEmpty {
                    error(.valueOutOfRange, "the model name after 'as' is empty", file: file, range: model.range)
                }
            }
        }
        let range = targets.first!.range.union(targets.last!.range)
        if targets.count > 1, weighted != targets.count {
            // Suggest the split with the share left over spread over the upstreams without a weight.
            let share = Value.trim(max(0, 100 - total) / Double(targets.count - weighted))
            let split = targets.map { target in
                guard let weight = target.weight else { return "\(target.provider.name) \(share)%" }
                return "\(target.provider.name) \(file.text(in: weight.range))"
            }
            error(.invalidWeight, "when an arm splits traffic, every upstream needs a weight", file: file, range: range,
                  hints: ["write `\(split.joined(separator: ", "))`"])
        } else if weighted > 0, abs(total - 100) > 1e-9 {
            warning(.weightsNotHundred, "weights add up to \(Value.trim(total))%, not 100%", file: file, range: range,
                    hints: ["the gateway scales them to 100%; make them add up to say what you mean"])
        }
    }

    private mutating func checkRetry(_ attempts: Expression, _ conditions: [Expression], _ backoff: Expression?, file: SourceFile) {
        let typed = expressions.expect(attempts, .int, in: file, context: .constant, what: "the number of retries")
        if case .int(let count)? = typed.value, count < 0 || count > 10 {
            error(.valueOutOfRange, "retry between 0 and 10 times, not \(count)", file: file, range: attempts.range,
                  hints: ["every retry resends the request to a struggling upstream; retry a few times, then fall back"])
        }
        checkConditions(conditions, file: file)
        if let backoff {
            let typed = expressions.check(backoff, in: file, context: .constant)
            if typed.type != .error, !typed.type.conforms(to: .range(.duration)), !typed.type.conforms(to: .duration) {
                expressions.reportMismatch(expected: "Range<Duration>", found: typed, expression: backoff, file: file, what: "backoff")
            }
        } else if conditions.contains(where: Checker.mayHaveReachedUpstream) {
            error(.retryWithoutBackoff, "retrying on timeouts or 5xx without backoff can pile load on a failing upstream",
                  file: file, range: conditions.first!.range.union(conditions.last!.range),
                  hints: ["add `backoff 100ms..2s`"])
        }
    }

    /// Conditions after which the upstream may have done the work (so an immediate retry doubles it).
    static func mayHaveReachedUpstream(_ condition: Expression) -> Bool {
        switch condition.kind {
        case .literal(.statusClass(5)): true
        case .literal(.integer(let status)): status >= 500
        case .name(let name): name.name == "timeout" || name.name == "reset"
        default: false
        }
    }

    mutating func checkConditions(_ conditions: [Expression], file: SourceFile) {
        for condition in conditions {
            switch condition.kind {
            case .literal(.integer(let status)):
                if !(400...599).contains(status) {
                    error(.invalidCondition, "\(status) is not an error status (400-599)", file: file, range: condition.range,
                          hints: ["retry and fall back on failures: 429, 503, 5xx, timeout"])
                }
            case .literal(.statusClass(let digit)):
                if digit != 4, digit != 5 {
                    error(.invalidCondition, "\(digit)xx is not an error class; use 4xx or 5xx", file: file, range: condition.range)
                }
            case .name(let name) where BuiltinNames.conditionWords.contains(name.name):
                break
            case .name(let name):
                let hints = Suggestion.nearest(to: name.name, among: BuiltinNames.conditionWords).map { ["did you mean `\($0)`?"] }
                    ?? ["conditions are status codes (429), classes (5xx) and " + BuiltinNames.conditionWords.joined(separator: ", ")]
                error(.invalidCondition, "unknown condition '\(name.name)'", file: file, range: condition.range, hints: hints)
            default:
                error(.invalidCondition, "a condition is a status (429), a class (5xx) or a word (timeout)", file: file,
                      range: condition.range)
            }
        }
    }

    /// A fallback list naming a provider twice, or naming the only upstream the route has, would
    /// send the failed request straight back where it failed.
    mutating func checkFallbackCycle(_ body: Block, file: SourceFile) {
        // Most routes have no fallback, and a fallback list names one or two providers: scanning
        // small arrays here replaced two hashed sets per route, 3% of checking a 10k-route file.
        var soleUpstream: String?
        var severalUpstreams = false
        var sawFallback = false
        for statement in body.statements {
            switch statement.kind {
            case .when(_, let targets), .otherwise(let targets):
                for target in targets where !severalUpstreams {
                    if let sole = soleUpstream, sole != target.provider.name {
                        severalUpstreams = true
                    } else {
                        soleUpstream = target.provider.name
                    }
                }
            case .fallback:
                sawFallback = true
            default: break
            }
        }
        guard sawFallback else { return }
        let onlyUpstream = severalUpstreams ? nil : soleUpstream
        for statement in body.statements {
            guard case .fallback(let providers, _) = statement.kind else { continue }
            var seen: [String] = []
            for provider in providers {
                if seen.contains(provider.name) {
                    error(.fallbackCycle, "'\(provider.name)' appears twice in the fallback chain", file: file, range: provider.range)
                } else {
                    seen.append(provider.name)
                    if onlyUpstream == provider.name {
                        error(.fallbackCycle, "the route falls back to '\(provider.name)', its only upstream", file: file,
                              range: provider.range, hints: ["fall back to a different provider"])
                    }
                }
            }
        }
    }
}
