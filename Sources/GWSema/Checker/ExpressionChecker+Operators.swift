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
            case (.int, .int(let value)?):
                // `-(0 - 9223372036854775807 - 1)` has no Int64 result; negating it would trap.
                let (negated, overflow) = Int64(0).subtractingReportingOverflow(value)
                guard !overflow else {
                    report(.valueOutOfRange, "this negation overflows: the result is out of range for Int", file: file, range: range)
                    return .error
                }
                return Typed(.int, .int(negated))
            case (.number, .number(let value)?): return Typed(.number, .number(-value))
            case (.int, _), (.number, _): return Typed(typed.type)
            default:
                // `-5s` is most often a sign typed by mistake; offer the value without it.
                report(
                    .valueOutOfRange, "a \(typed.type) cannot be negative", file: file, range: range,
                    hints: [typed.value.map { "write \($0.displayText)" } ?? "only plain numbers can be negated"])
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
            // Before the type check: comparing a header with a secret is a String and a Secret, and
            // the problem to report is the secret, not the types.
            if left.type == .secret || right.type == .secret {
                report(
                    .secretInString, "a secret cannot be compared", file: file, range: range,
                    hints: ["to admit callers by API key, use `auth` with a keys block of key hashes"])
                return .error
            }
            guard left.type.conforms(to: right.type) || right.type.conforms(to: left.type) else { return mismatch() }
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
            return folded(type, op, file: file, range: range) { () throws(ArithmeticOverflow) in
                try Self.arithmetic(op, left.value, right.value)
            }
        case .multiply:
            if isScalar(left.type), right.type.isNumeric {
                let type = right.type == .int && left.type == .number ? .number : right.type
                return folded(type, op, file: file, range: range) { () throws(ArithmeticOverflow) in
                    try Self.scale(right.value, by: left.value)
                }
            }
            if left.type.isNumeric, isScalar(right.type) {
                let type = left.type == .int && right.type == .number ? .number : left.type
                return folded(type, op, file: file, range: range) { () throws(ArithmeticOverflow) in
                    try Self.scale(left.value, by: right.value)
                }
            }
            return mismatch()
        case .divide:
            if left.type == .count || left.type == .int, right.type == .duration {
                return folded(.rate, op, file: file, range: range) { () throws(ArithmeticOverflow) in
                    guard let count = left.value?.numeric, case .duration(let nanos)? = right.value, nanos > 0 else { return nil }
                    var unit: UnitWord? = .requests
                    if case .count(_, let countUnit)? = left.value { unit = countUnit ?? .requests }
                    return .rate(perSecond: try Self.finite(count / (Double(nanos) / 1e9)), unit: unit)
                }
            }
            if left.type.isNumeric, isScalar(right.type) {
                if let divisor = right.value?.numeric, divisor == 0 {
                    report(.valueOutOfRange, "division by zero", file: file, range: rhs.range)
                    return .error
                }
                let inverse = right.value?.numeric.map { Value.number(1 / $0) }
                return folded(left.type == .int ? .number : left.type, op, file: file, range: range) { () throws(ArithmeticOverflow) in
                    try Self.scale(left.value, by: inverse)
                }
            }
            if left.type == right.type, left.type.isNumeric {
                return folded(.number, op, file: file, range: range) { () throws(ArithmeticOverflow) in
                    guard let a = left.value?.numeric, let b = right.value?.numeric, b != 0 else { return nil }
                    return .number(try Self.finite(a / b))
                }
            }
            return mismatch()
        case .matches:
            return .error
        }
    }

    private func isScalar(_ type: GWType) -> Bool { type == .int || type == .number }

    private func sameDimension(_ a: GWType, _ b: GWType) -> Bool {
        if isScalar(a), isScalar(b) { return true }
        // A whole number counts things, as in `min_requests = 200`: `body_tokens > 4000` compares counts.
        if (a == .count && b == .int) || (a == .int && b == .count) { return true }
        return a == b
    }

    private func combinedType(_ a: GWType, _ b: GWType) -> GWType {
        if isScalar(a), isScalar(b) { return a == .int && b == .int ? .int : .number }
        return a == .int ? b : a
    }

    /// Folds constant arithmetic, reporting results that do not fit their type (rather than
    /// trapping or wrapping) and percents that leave 0-100% once computed (`2 * 60%`).
    private mutating func folded(
        _ type: GWType, _ op: BinaryOperator, file: SourceFile, range: SourceRange,
        _ compute: () throws(ArithmeticOverflow) -> Value?
    ) -> Typed {
        let value: Value?
        do {
            value = try compute()
        } catch {
            report(
                .valueOutOfRange, "this '\(op.rawValue)' overflows: the result is out of range for \(type)", file: file,
                range: range, hints: type == .duration ? ["durations go up to about 292 years"] : [])
            return .error
        }
        if case .percent(let share)? = value, !(0...100).contains(share) {
            report(
                .percentOutOfRange, "this works out to \(value!.displayText), outside 0-100%", file: file, range: range,
                hints: ["a percent is a share between 0% and 100%"])
            return .error
        }
        return Typed(type, value)
    }

    private static func arithmetic(_ op: BinaryOperator, _ a: Value?, _ b: Value?) throws(ArithmeticOverflow) -> Value? {
        guard let a, let b else { return nil }
        let sign: Double = op == .add ? 1 : -1
        func exact(_ x: Int64, _ y: Int64) throws(ArithmeticOverflow) -> Int64 {
            let (result, overflow) = op == .add ? x.addingReportingOverflow(y) : x.subtractingReportingOverflow(y)
            if overflow { throw ArithmeticOverflow() }
            return result
        }
        switch (a, b) {
        case (.int(let x), .int(let y)): return .int(try exact(x, y))
        case (.duration(let x), .duration(let y)): return .duration(nanoseconds: try exact(x, y))
        case (.bytes(let x), .bytes(let y)): return .bytes(try exact(x, y))
        case (.percent(let x), .percent(let y)): return .percent(x + sign * y)
        case (.money(let x), .money(let y)): return .money(try finite(x + sign * y))
        case (.count(let x, let unit), .count(let y, _)): return .count(try finite(x + sign * y), unit: unit)
        case (.count(let x, let unit), .int(let y)): return .count(try finite(x + sign * Double(y)), unit: unit)
        case (.int(let x), .count(let y, let unit)): return .count(try finite(Double(x) + sign * y), unit: unit)
        case (.rate(let x, let unit), .rate(let y, _)): return .rate(perSecond: try finite(x + sign * y), unit: unit)
        default:
            guard let x = a.numeric, let y = b.numeric else { return nil }
            return .number(try finite(x + sign * y))
        }
    }

    /// `value * factor`: whole numbers stay whole (and must fit), nanoseconds and bytes are rounded.
    private static func scale(_ value: Value?, by factor: Value?) throws(ArithmeticOverflow) -> Value? {
        guard let value, let factor, let multiplier = factor.numeric else { return nil }
        switch value {
        case .int(let x):
            guard case .int(let y) = factor else { return .number(try finite(Double(x) * multiplier)) }
            let (result, overflow) = x.multipliedReportingOverflow(by: y)
            if overflow { throw ArithmeticOverflow() }
            return .int(result)
        case .number(let x): return .number(try finite(x * multiplier))
        case .duration(let x): return .duration(nanoseconds: try whole(Double(x) * multiplier))
        case .percent(let x): return .percent(try finite(x * multiplier))
        case .money(let x): return .money(try finite(x * multiplier))
        case .count(let x, let unit): return .count(try finite(x * multiplier), unit: unit)
        case .rate(let x, let unit): return .rate(perSecond: try finite(x * multiplier), unit: unit)
        case .bytes(let x): return .bytes(try whole(Double(x) * multiplier))
        default: return nil
        }
    }

    private static func finite(_ value: Double) throws(ArithmeticOverflow) -> Double {
        guard value.isFinite else { throw ArithmeticOverflow() }
        return value
    }

    /// Rounded to a whole Int64 (nanoseconds, bytes); `Int64(_:)` would trap on a value that does not fit.
    private static func whole(_ value: Double) throws(ArithmeticOverflow) -> Int64 {
        guard let result = Int64(exactly: value.rounded()) else { throw ArithmeticOverflow() }
        return result
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
                file: file, range: range,
                hints: isMetricContext(context)
                    ? ["gates and abort conditions read metrics such as error_rate and p99_latency"]
                    : ["write the condition in the route: when \(file.text(in: range)) ... -> PROVIDER"])
            return .error
        case "upstream_errors":
            report(
                .metricOutsideGate, "upstream_errors(...) is a metric; it can only be used in gates and abort conditions",
                file: file, range: range,
                hints: context == .request ? ["route rules read the request; to steer around a failing provider, use fallback"] : [])
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
        guard symbol.kind == kind else {
            let candidates = symbols.symbols.filter { $0.kind == kind }.map(\.name.name).sorted()
            report(
                .wrongEntityKind, "'\(name.name)' is \(symbol.kind.article), but \(kind.article) is expected here",
                file: file, range: name.range,
                hints: candidates.isEmpty || candidates.count > 6 ? [] : ["declared \(kind.noun)s: " + candidates.joined(separator: ", ")],
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
