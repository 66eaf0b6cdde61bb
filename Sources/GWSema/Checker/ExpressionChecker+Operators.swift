import Foundation
import GWSyntax

/// Operators, calls and member access, with dimensional arithmetic:
/// `Duration + Duration`, `Number * T -> T`, `Count / Duration -> Rate`; `Percent + Duration` is an error.
extension ExpressionChecker {
    mutating func checkUnary(
        _ op: UnaryOperator, _ operand: Expression, file: SourceFile, context: ExpressionContext, range: SourceRange
    ) -> Typed {
        let typed = check(operand, in: file, context: context)
        if typed.type == .error { return .error }
        switch op {
        case .not:
            guard typed.type == .bool else {
                report(.invalidOperands, "'not' needs a Bool, found \(typed.type)", file: file, range: range)
                return .error
            }
            return Typed(.bool, typed.value.flatMap { if case .bool(let b) = $0 { return .bool(!b) } else { return nil } })
        case .negate:
            switch (typed.type, typed.value) {
            case (.int, .int(let value)?): return Typed(.int, .int(-value))
            case (.number, .number(let value)?): return Typed(.number, .number(-value))
            case (.int, _), (.number, _): return Typed(typed.type)
            default:
                report(
                    .valueOutOfRange, "a \(typed.type) cannot be negative", file: file, range: range,
                    hints: ["only plain numbers can be negated"])
                return .error
            }
        }
    }

    mutating func checkBinary(
        _ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression, file: SourceFile, context: ExpressionContext,
        range: SourceRange
    ) -> Typed {
        let left = check(lhs, in: file, context: context)
        if op == .matches {
            return checkMatches(left, lhs: lhs, pattern: rhs, file: file, range: range)
        }
        let right = check(rhs, in: file, context: context)
        if left.type == .error || right.type == .error { return .error }
        func mismatch(_ explanation: String = "") -> Typed {
            // `p99_latency < 2`: the plain number needs the other side's unit, and we can say which.
            var hints: [String] = []
            if isScalar(right.type), left.type.isNumeric, !isScalar(left.type),
                let hint = ExpressionChecker.unitHint(expected: left.type.description, found: right)
            {
                hints.append(hint)
            } else if isScalar(left.type), right.type.isNumeric, !isScalar(right.type),
                let hint = ExpressionChecker.unitHint(expected: right.type.description, found: left)
            {
                hints.append(hint)
            } else if let hint = ExpressionChecker.operatorHint(op, left.type, right.type) {
                hints.append(hint)
            }
            report(
                .invalidOperands, "cannot apply '\(op.rawValue)' to \(left.type) and \(right.type)\(explanation)",
                file: file, range: range, hints: hints)
            return .error
        }
        switch op {
        case .and, .or:
            guard left.type == .bool, right.type == .bool else { return mismatch() }
            if case .bool(let a)? = left.value, case .bool(let b)? = right.value {
                return Typed(.bool, .bool(op == .and ? a && b : a || b))
            }
            return Typed(.bool)
        case .equal, .notEqual:
            guard left.type.conforms(to: right.type) || right.type.conforms(to: left.type) else { return mismatch() }
            if left.type == .secret || right.type == .secret {
                report(.secretInString, "a secret cannot be compared", file: file, range: range)
                return .error
            }
            if let a = left.value, let b = right.value { return Typed(.bool, .bool((a == b) == (op == .equal))) }
            return Typed(.bool)
        case .less, .lessEqual, .greater, .greaterEqual:
            guard left.type.isNumeric, sameDimension(left.type, right.type) else { return mismatch() }
            if let a = left.value?.numeric, let b = right.value?.numeric {
                let result: Bool
                switch op {
                case .less: result = a < b
                case .lessEqual: result = a <= b
                case .greater: result = a > b
                default: result = a >= b
                }
                return Typed(.bool, .bool(result))
            }
            return Typed(.bool)
        case .in:
            guard case .list(let element) = right.type, left.type.conforms(to: element) || element == .anything else {
                return mismatch(" ('in' needs a list of the left side's type)")
            }
            if let a = left.value, case .list(let values)? = right.value { return Typed(.bool, .bool(values.contains(a))) }
            return Typed(.bool)
        case .add, .subtract:
            guard left.type.isNumeric, sameDimension(left.type, right.type) else { return mismatch() }
            let type = combinedType(left.type, right.type)
            return Typed(type, arithmetic(op, left.value, right.value, type: type))
        case .multiply:
            if isScalar(left.type), right.type.isNumeric {
                return Typed(right.type == .int && left.type == .number ? .number : right.type, scale(right.value, by: left.value))
            }
            if left.type.isNumeric, isScalar(right.type) {
                return Typed(left.type == .int && right.type == .number ? .number : left.type, scale(left.value, by: right.value))
            }
            return mismatch()
        case .divide:
            if left.type == .count || left.type == .int, right.type == .duration {
                var value: Value?
                if let count = left.value?.numeric, case .duration(let nanos)? = right.value, nanos > 0 {
                    var unit: UnitWord? = .requests
                    if case .count(_, let countUnit)? = left.value { unit = countUnit ?? .requests }
                    value = .rate(perSecond: count / (Double(nanos) / 1e9), unit: unit)
                }
                return Typed(.rate, value)
            }
            if left.type.isNumeric, isScalar(right.type) {
                if let divisor = right.value?.numeric, divisor == 0 {
                    report(.valueOutOfRange, "division by zero", file: file, range: rhs.range)
                    return .error
                }
                let inverse = right.value?.numeric.map { Value.number(1 / $0) }
                return Typed(left.type == .int ? .number : left.type, scale(left.value, by: inverse))
            }
            if left.type == right.type, left.type.isNumeric {
                var value: Value?
                if let a = left.value?.numeric, let b = right.value?.numeric, b != 0 { value = .number(a / b) }
                return Typed(.number, value)
            }
            return mismatch()
        case .matches:
            return .error
        }
    }

    private func isScalar(_ type: GWType) -> Bool { type == .int || type == .number }

    private func sameDimension(_ a: GWType, _ b: GWType) -> Bool {
        if isScalar(a), isScalar(b) { return true }
        return a == b
    }

    private func combinedType(_ a: GWType, _ b: GWType) -> GWType {
        if isScalar(a), isScalar(b) { return a == .int && b == .int ? .int : .number }
        return a
    }

    private func arithmetic(_ op: BinaryOperator, _ a: Value?, _ b: Value?, type: GWType) -> Value? {
        guard let a, let b else { return nil }
        let sign: Double = op == .add ? 1 : -1
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (result, overflow) = op == .add ? x.addingReportingOverflow(y) : x.subtractingReportingOverflow(y)
            return overflow ? nil : .int(result)
        case (.duration(let x), .duration(let y)):
            let (result, overflow) = op == .add ? x.addingReportingOverflow(y) : x.subtractingReportingOverflow(y)
            return overflow ? nil : .duration(nanoseconds: result)
        case (.bytes(let x), .bytes(let y)):
            return .bytes(op == .add ? x &+ y : x &- y)
        case (.percent(let x), .percent(let y)): return .percent(x + sign * y)
        case (.money(let x), .money(let y)): return .money(x + sign * y)
        case (.count(let x, let unit), .count(let y, _)): return .count(x + sign * y, unit: unit)
        case (.rate(let x, let unit), .rate(let y, _)): return .rate(perSecond: x + sign * y, unit: unit)
        default:
            guard let x = a.numeric, let y = b.numeric else { return nil }
            return .number(x + sign * y)
        }
    }

    private func scale(_ value: Value?, by factor: Value?) -> Value? {
        guard let value, let factor = factor?.numeric else { return nil }
        switch value {
        case .int(let x):
            if case .int(let y)? = Optional(factor == factor.rounded() ? Value.int(Int64(factor)) : .number(factor)) {
                return .int(x &* y)
            }
            return .number(Double(x) * factor)
        case .number(let x): return .number(x * factor)
        case .duration(let x): return .duration(nanoseconds: Int64((Double(x) * factor).rounded()))
        case .percent(let x): return .percent(x * factor)
        case .money(let x): return .money(x * factor)
        case .count(let x, let unit): return .count(x * factor, unit: unit)
        case .rate(let x, let unit): return .rate(perSecond: x * factor, unit: unit)
        case .bytes(let x): return .bytes(Int64((Double(x) * factor).rounded()))
        default: return nil
        }
    }

    static func operatorHint(_ op: BinaryOperator, _ a: GWType, _ b: GWType) -> String? {
        if (a == .int || a == .number), b != .int, b != .number, b.isNumeric, op != .multiply {
            return "give the number a unit, like the other side (\(b))"
        }
        if (b == .int || b == .number), a != .int, a != .number, a.isNumeric, op != .multiply, op != .divide {
            return "give the number a unit, like the other side (\(a))"
        }
        if a.isNumeric, b.isNumeric { return "both sides of '\(op.rawValue)' need the same unit" }
        return nil
    }

    private mutating func checkMatches(_ left: Typed, lhs: Expression, pattern: Expression, file: SourceFile, range: SourceRange)
        -> Typed
    {
        guard left.type == .string || left.type == .error else {
            report(.invalidOperands, "'matches' needs a String on the left, found \(left.type)", file: file, range: lhs.range)
            return .error
        }
        guard case .string(let literal) = pattern.kind, let regex = literal.constantValue else {
            report(.invalidRegex, "the pattern after 'matches' must be a plain string", file: file, range: pattern.range)
            return .error
        }
        do {
            _ = try NSRegularExpression(pattern: regex)
        } catch {
            report(
                .invalidRegex, "invalid regular expression \"\(regex)\"", file: file, range: pattern.range,
                hints: ["patterns use ICU syntax, like most languages: ^claude-3 or (gpt|o1)-.*"])
            return .error
        }
        return Typed(.bool)
    }

    // MARK: Calls and members

    mutating func checkCall(
        _ callee: Identifier, _ arguments: [Expression], file: SourceFile, context: ExpressionContext, range: SourceRange
    ) -> Typed {
        func arity(_ count: Int, _ example: String) -> Bool {
            guard arguments.count == count else {
                report(.unknownFunction, "\(callee.name) takes \(count) argument\(count == 1 ? "" : "s"): \(example)", file: file, range: range)
                return false
            }
            return true
        }
        switch callee.name {
        case "env", "secret_env":
            guard arity(1, "\(callee.name)(\"VARIABLE\")") else { return .error }
            guard case .string(let literal) = arguments[0].kind, let variable = literal.constantValue, !variable.isEmpty else {
                report(.typeMismatch, "\(callee.name) needs the variable's name as a plain string", file: file, range: arguments[0].range)
                return .error
            }
            return Typed(.secret, .secret(SecretReference(name: variable, environmentVariable: variable)))
        case "header" where context == .request:
            guard arity(1, "header(\"x-tier\")") else { return .error }
            guard case .string(let literal) = arguments[0].kind, literal.constantValue != nil else {
                report(.typeMismatch, "header needs the header's name as a plain string", file: file, range: arguments[0].range)
                return .error
            }
            return Typed(.string)
        case "flag" where context == .request:
            guard arity(1, "flag(new_router)") else { return .error }
            guard case .name(let name) = arguments[0].kind else {
                report(.typeMismatch, "flag needs a flag's name: flag(new_router)", file: file, range: arguments[0].range)
                return .error
            }
            _ = resolveEntity(name, kind: .flag, file: file)
            return Typed(.bool)
        case "upstream_errors" where isMetricContext(context):
            guard arity(1, "upstream_errors(openai)") else { return .error }
            guard case .name(let name) = arguments[0].kind else {
                report(.typeMismatch, "upstream_errors needs a provider's name", file: file, range: arguments[0].range)
                return .error
            }
            _ = resolveEntity(name, kind: .provider, file: file)
            return Typed(.percent)
        case "header", "flag":
            report(
                .requestPropertyOutsideRoute, "\(callee.name)(...) reads the request; it can only be used in a route's when rules",
                file: file, range: range)
            return .error
        case "upstream_errors":
            report(
                .metricOutsideGate, "upstream_errors(...) is a metric; it can only be used in gates and abort conditions",
                file: file, range: range)
            return .error
        default:
            let known = BuiltinNames.secretFunctions + BuiltinNames.requestFunctions + BuiltinNames.metricFunctions
            let hints = Suggestion.nearest(to: callee.name, among: known).map { ["did you mean `\($0)`?"] } ?? []
            report(.unknownFunction, "unknown function '\(callee.name)'", file: file, range: callee.range, hints: hints)
            return .error
        }
    }

    /// Resolves `name` as an entity of `kind`, reporting unknown names and wrong kinds.
    public mutating func resolveEntity(_ name: Identifier, kind: EntityKind, file: SourceFile) -> Symbol? {
        guard let symbol = symbols[name.name] else {
            reportUnknownName(name.name, file: file, range: name.range, kinds: [kind])
            return nil
        }
        referenced.insert(name.name)
        guard symbol.kind == kind else {
            report(
                .wrongEntityKind, "'\(name.name)' is \(symbol.kind.article), but \(kind.article) is expected here",
                file: file, range: name.range,
                secondary: [.init(file: symbol.file, range: symbol.name.range, label: "'\(name.name)' is declared here")])
            return nil
        }
        return symbol
    }

    mutating func checkMember(
        _ base: Expression, _ member: Identifier, file: SourceFile, context: ExpressionContext, range: SourceRange
    ) -> Typed {
        guard case .name(let baseName) = base.kind else {
            report(.unknownName, "'.\(member.name)' can only follow key, canary or stable", file: file, range: range)
            return .error
        }
        switch (baseName.name, context) {
        case ("key", .request):
            guard let type = BuiltinNames.keyProperties[member.name] else {
                let hints = Suggestion.nearest(to: member.name, among: BuiltinNames.keyProperties.keys).map { ["did you mean `key.\($0)`?"] } ?? []
                report(.unknownName, "an API key has no property '\(member.name)'", file: file, range: member.range, hints: hints)
                return .error
            }
            return Typed(type)
        case ("canary", .metric(let scope)), ("stable", .metric(let scope)):
            guard let type = BuiltinNames.metrics[member.name] else {
                let hints = Suggestion.nearest(to: member.name, among: BuiltinNames.metrics.keys).map { ["did you mean `\($0)`?"] } ?? []
                report(.unknownName, "unknown metric '\(member.name)'", file: file, range: member.range, hints: hints)
                return .error
            }
            if baseName.name == "stable", !scope.hasStableSide {
                report(
                    .unobservableMetric, "\(scope.strategyName) has no stable side to read '\(baseName.name).\(member.name)' from",
                    file: file, range: range,
                    hints: ["canary. and stable. comparisons need a canary or a flag rollout"])
                return .error
            }
            return Typed(type)
        case ("key", _):
            report(.requestPropertyOutsideRoute, "'key.\(member.name)' reads the request; it can only be used in route rules and flags", file: file, range: range)
            return .error
        case ("canary", _), ("stable", _):
            report(.metricOutsideGate, "'\(baseName.name).\(member.name)' is a metric; it can only be used in gates and abort conditions", file: file, range: range)
            return .error
        default:
            report(.unknownName, "'\(baseName.name).\(member.name)': only key, canary and stable have properties", file: file, range: range)
            return .error
        }
    }
}
