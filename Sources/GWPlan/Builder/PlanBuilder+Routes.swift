import GWSema
import GWSyntax

/// Routes: limits with their windows, arms with normalised weights, retry, fallback, breaker,
/// and `when` conditions compiled to `Predicate`s.
extension PlanBuilder {
    mutating func routePlan(_ symbol: Symbol) throws -> RoutePlan {
        let file = symbol.file
        var method = ""
        var path = ""
        var auth: String?
        var limits: [LimitPlan] = []
        var timeout: Double?
        var arms: [ArmPlan] = []
        var retry: RetryPlan?
        var fallback: FallbackPlan?
        var breaker: BreakerPlan?
        var maxBody: Int64?
        for statement in symbol.body!.statements {
            switch statement.kind {
            case .match(let verb, let pathExpression):
                method = verb.name
                path = PlanBuilder.string(try value(pathExpression, in: file)) ?? ""
            case .auth(let keys):
                auth = keys.name
            case .limit(let amount, let subject):
                limits.append(try limitPlan(amount, by: subject.flatMap(PlanBuilder.pathText) ?? "key", in: file))
            case .timeout(let expression):
                timeout = PlanBuilder.milliseconds(try value(expression, in: file))
            case .when(let condition, let targets):
                arms.append(ArmPlan(when: try predicate(condition, in: file), targets: try targetPlans(targets, in: file)))
            case .otherwise(let targets):
                arms.append(ArmPlan(when: nil, targets: try targetPlans(targets, in: file)))
            case .retry(let attempts, let conditions, let backoff):
                let count = PlanBuilder.number(try value(attempts, in: file)).map { Int($0) } ?? 0
                let range = try backoff.map { PlanBuilder.millisecondRange(try value($0, in: file)) } ?? nil
                retry = RetryPlan(attempts: count, on: conditions.map(PlanBuilder.conditionText), backoffMs: range ?? [100, 1000])
            case .fallback(let providers, let conditions):
                fallback = FallbackPlan(providers: providers.map(\.name), on: conditions.map(PlanBuilder.conditionText))
            case .breaker(let failures, let window, let openFor):
                breaker = BreakerPlan(
                    failures: PlanBuilder.number(try value(failures, in: file)).map { Int($0) } ?? 5,
                    windowMs: PlanBuilder.milliseconds(try value(window, in: file)) ?? 10_000,
                    openMs: PlanBuilder.milliseconds(try value(openFor, in: file)) ?? 30_000)
            case .attribute(let name, let expression) where name.name == "max_body":
                if case .bytes(let bytes) = try value(expression, in: file) { maxBody = bytes }
            default:
                break
            }
        }
        return RoutePlan(
            method: method, path: path, auth: auth, limits: limits, timeoutMs: timeout, arms: arms, retry: retry,
            fallback: fallback, breaker: breaker, readsBody: arms.contains { $0.when?.readsBody ?? false },
            maxBodyBytes: maxBody)
    }

    /// `600 requests / 1m` keeps its window (600 per minute, not 10 per second); `50 rps` is per second.
    mutating func limitPlan(_ amount: Expression, by: String, in file: SourceFile) throws -> LimitPlan {
        var inner = amount
        while case .parenthesized(let wrapped) = inner.kind { inner = wrapped }
        if case .binary(.divide, let count, let window) = inner.kind {
            let countValue = try value(count, in: file)
            if let windowMs = PlanBuilder.milliseconds(try value(window, in: file)), let quantity = countValue.numeric {
                var unit = "requests"
                if case .count(_, let word?) = countValue { unit = word.rawValue }
                return LimitPlan(unit: unit, amount: quantity, windowMs: windowMs, by: by)
            }
        }
        guard case .rate(let perSecond, let word) = try value(amount, in: file) else {
            throw InternalError(description: "\(PlanBuilder.location(file, amount.range)): a limit that is not a rate")
        }
        return LimitPlan(unit: word?.rawValue ?? "requests", amount: perSecond, windowMs: 1000, by: by)
    }

    static func conditionText(_ condition: Expression) -> String {
        switch condition.kind {
        case .literal(.integer(let status)): String(status)
        case .literal(.statusClass(let digit)): "\(digit)xx"
        case .name(let name): name.name
        default: "?"
        }
    }

    /// Weights as written, scaled to sum to 100 (a single target without weight takes 100).
    mutating func targetPlans(_ targets: [RouteTarget], in file: SourceFile) throws -> [TargetPlan] {
        var plans: [TargetPlan] = []
        for target in targets {
            var weight = 100.0
            if let expression = target.weight, case .percent(let share) = try value(expression, in: file) { weight = share }
            let model = try target.model.map { PlanBuilder.string(try value($0, in: file)) } ?? nil
            plans.append(TargetPlan(provider: target.provider.name, weight: weight, model: model))
        }
        let total = plans.reduce(0) { $0 + $1.weight }
        if total > 0, abs(total - 100) > 1e-9 {
            for index in plans.indices { plans[index].weight = plans[index].weight * 100 / total }
        }
        return plans
    }

    // MARK: Predicates

    /// Compiles a request condition: request properties become operands, lets and params constants.
    mutating func predicate(_ expression: Expression, in file: SourceFile) throws -> Predicate {
        switch expression.kind {
        case .parenthesized(let inner):
            return try predicate(inner, in: file)
        case .unary(.not, let inner):
            return .not(try predicate(inner, in: file))
        case .binary(.and, let lhs, let rhs):
            return .and(try predicate(lhs, in: file), try predicate(rhs, in: file))
        case .binary(.or, let lhs, let rhs):
            return .or(try predicate(lhs, in: file), try predicate(rhs, in: file))
        case .binary(.in, let lhs, let rhs):
            guard case .list(let values) = try value(rhs, in: file) else {
                throw InternalError(description: "\(PlanBuilder.location(file, rhs.range)): 'in' needs a constant list")
            }
            return .contains(try operand(lhs, in: file), values.map(PlanBuilder.operandText))
        case .binary(.matches, let lhs, let rhs):
            return .matches(try operand(lhs, in: file), PlanBuilder.string(try value(rhs, in: file)) ?? "")
        case .binary(let op, let lhs, let rhs) where op.isComparison:
            return .compare(op.rawValue, try operand(lhs, in: file), try operand(rhs, in: file))
        case .call(let callee, let arguments) where callee.name == "flag":
            guard case .name(let flag)? = arguments.first?.kind else {
                throw InternalError(description: "\(PlanBuilder.location(file, expression.range)): flag() without a name")
            }
            return .flag(flag.name)
        default:
            guard case .bool(let constant) = try value(expression, in: file) else {
                throw InternalError(description: "\(PlanBuilder.location(file, expression.range)): not a condition")
            }
            return .constant(constant)
        }
    }

    mutating func operand(_ expression: Expression, in file: SourceFile) throws -> Operand {
        switch expression.kind {
        case .parenthesized(let inner):
            return try operand(inner, in: file)
        case .name(let name) where model.symbolTable[name.name] == nil:
            switch name.name {
            case "model": return .model
            case "path": return .path
            case "method": return .method
            case "body_tokens": return .bodyTokens
            default: break
            }
        case .member(let base, let member):
            if case .name(let baseName) = base.kind, baseName.name == "key" {
                return member.name == "id" ? .keyId : .keyTeam
            }
        case .call(let callee, let arguments) where callee.name == "header":
            if let first = arguments.first, case .string(let header) = try value(first, in: file) {
                return .header(header.lowercased())
            }
        default:
            break
        }
        let constant = try value(expression, in: file)
        switch constant {
        case .string(let text): return .string(text)
        case .list(let values): return .strings(values.map(PlanBuilder.operandText))
        default:
            if let number = constant.numeric { return .number(number) }
            return .string(PlanBuilder.operandText(constant))
        }
    }

    static func operandText(_ value: Value) -> String {
        if case .string(let text) = value { return text }
        return value.displayText
    }
}
