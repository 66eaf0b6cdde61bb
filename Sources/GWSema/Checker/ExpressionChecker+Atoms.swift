import GWSyntax

/// Literals, strings, lists, ranges and names.
extension ExpressionChecker {
    mutating func checkLiteral(_ literal: Literal, file: SourceFile, range: SourceRange) -> Typed {
        switch literal {
        case .bool: return Typed(.bool, ExpressionChecker.literalValue(literal))
        case .integer: return Typed(.int, ExpressionChecker.literalValue(literal))
        case .number: return Typed(.number, ExpressionChecker.literalValue(literal))
        case .duration: return Typed(.duration, ExpressionChecker.literalValue(literal))
        case .percent(let value):
            guard let constant = ExpressionChecker.literalValue(literal) else {
                report(
                    .percentOutOfRange, "percent \(Value.trim(value))% is over 100%", file: file, range: range,
                    hints: ["a percent is a share between 0% and 100%"])
                return Typed(.error)
            }
            return Typed(.percent, constant)
        case .count: return Typed(.count, ExpressionChecker.literalValue(literal))
        case .rate: return Typed(.rate, ExpressionChecker.literalValue(literal))
        case .bytes: return Typed(.bytes, ExpressionChecker.literalValue(literal))
        case .money: return Typed(.money, ExpressionChecker.literalValue(literal))
        case .statusClass: return Typed(.statusClass, ExpressionChecker.literalValue(literal))
        }
    }

    /// The value of a literal, or `nil` for one the checker rejects (a percent over 100%). The plan
    /// builder takes literals' values from here instead of typing them again.
    public static func literalValue(_ literal: Literal) -> Value? {
        switch literal {
        case .bool(let value): .bool(value)
        case .integer(let value): .int(value)
        case .number(let value): .number(value)
        case .duration(let nanos): .duration(nanoseconds: nanos)
        case .percent(let value): value > 100 ? nil : .percent(value)
        case .count(let value, let unit): .count(value, unit: unit)
        case .rate(let perSecond): .rate(perSecond: perSecond, unit: .requests)
        case .bytes(let value): .bytes(value)
        case .money(let value): .money(value)
        case .statusClass(let digit): .statusClass(digit)
        }
    }

    mutating func checkString(_ string: StringLiteral, file: SourceFile) -> Typed {
        var text = ""
        var constant = true
        for part in string.parts {
            switch part {
            case .text(let piece):
                text += piece
            case .interpolation(let name, let range):
                guard let symbol = symbols[name] else {
                    reportUnknownName(name, file: file, range: range, kinds: [.let, .param])
                    constant = false
                    continue
                }
                switch symbol.kind {
                case .secret:
                    report(
                        .secretInString, "secret '\(name)' cannot be interpolated into a string", file: file, range: range,
                        hints: ["secrets never reach strings, logs or plans; interpolate a let or param"])
                    constant = false
                case .let, .param:
                    let typed = symbolValue(symbol)
                    if typed.type == .secret {
                        report(.secretInString, "'\(name)' holds a secret and cannot be interpolated", file: file, range: range)
                        constant = false
                    } else if let value = typed.value {
                        if case .string(let inner) = value { text += inner } else { text += value.displayText }
                    } else {
                        constant = false
                    }
                default:
                    text += name
                }
            }
        }
        return Typed(.string, constant ? .string(text) : nil)
    }

    mutating func checkList(_ elements: [Expression], file: SourceFile, context: ExpressionContext, range: SourceRange) -> Typed {
        var elementType: GWType = .anything
        var values: [Value] = []
        var constant = true
        for element in elements {
            let typed = check(element, in: file, context: context)
            if typed.type == .error { return .error }
            if elementType == .anything || elementType == .int && typed.type == .number {
                elementType = typed.type
            } else if !typed.type.conforms(to: elementType) {
                report(
                    .typeMismatch, "list elements must have one type: found \(typed.type) after \(elementType)",
                    file: file, range: element.range)
                return .error
            }
            if let value = typed.value { values.append(value) } else { constant = false }
        }
        return Typed(.list(elementType), constant ? .list(values) : nil)
    }

    mutating func checkRange(_ low: Expression, _ high: Expression, file: SourceFile, context: ExpressionContext) -> Typed {
        let lowTyped = check(low, in: file, context: context)
        let highTyped = check(high, in: file, context: context)
        if lowTyped.type == .error || highTyped.type == .error { return .error }
        guard lowTyped.type.isNumeric, lowTyped.type.conforms(to: highTyped.type) || highTyped.type.conforms(to: lowTyped.type)
        else {
            report(
                .invalidOperands, "a range needs two bounds of one kind, found \(lowTyped.type)..\(highTyped.type)",
                file: file, range: low.range.union(high.range))
            return .error
        }
        if let lowValue = lowTyped.value?.numeric, let highValue = highTyped.value?.numeric, lowValue > highValue {
            report(
                .reversedRange, "range bounds are reversed: \(lowTyped.value!.displayText) is above \(highTyped.value!.displayText)",
                file: file, range: low.range.union(high.range),
                hints: ["write the lower bound first: \(highTyped.value!.displayText)..\(lowTyped.value!.displayText)"])
            return .error
        }
        var value: Value?
        if let lowValue = lowTyped.value, let highValue = highTyped.value { value = .range(lowValue, highValue) }
        return Typed(.range(lowTyped.type == .int ? highTyped.type : lowTyped.type), value)
    }

    // MARK: Names

    mutating func checkName(_ name: Identifier, file: SourceFile, context: ExpressionContext) -> Typed {
        switch context {
        case .request:
            if let type = BuiltinNames.requestProperty(name.name) { return Typed(type) }
            if name.name == "key" {
                report(
                    .typeMismatch, "'key' is the caller's API key; use one of its properties", file: file,
                    range: name.range, hints: ["write key.team"])
                return .error
            }
        case .metric:
            if let type = BuiltinNames.metrics[name.name] { return Typed(type) }
        case .pipeline:
            if let type = BuiltinNames.pipelineVariables[name.name] { return Typed(type) }
        case .constant:
            break
        }
        if let symbol = symbols[name.name] {
            switch symbol.kind {
            case .let, .param, .secret:
                return symbolValue(symbol)
            default:
                return Typed(.entity(symbol.kind), .entity(symbol.kind, name.name))
            }
        }
        if context != .request, BuiltinNames.requestProperty(name.name) != nil {
            report(
                .requestPropertyOutsideRoute, "'\(name.name)' is a request property; it can only be used in a route's when rules",
                file: file, range: name.range,
                hints: context == .constant ? [] : ["gates and abort conditions read metrics such as error_rate and p99_latency"])
            return .error
        }
        if !isMetricContext(context), BuiltinNames.metrics[name.name] != nil {
            report(
                .metricOutsideGate, "'\(name.name)' is a metric; metrics can only be used in gates and abort conditions",
                file: file, range: name.range,
                hints: context == .request ? ["route rules read the request: model, path, method, header(\"x\"), key.team"] : [])
            return .error
        }
        reportUnknownName(name.name, file: file, range: name.range, kinds: [], context: context)
        return .error
    }

    func isMetricContext(_ context: ExpressionContext) -> Bool {
        if case .metric = context { return true }
        return false
    }

    /// Reports an unknown name with the nearest declared name, preferring those of `kinds`.
    mutating func reportUnknownName(
        _ name: String, file: SourceFile, range: SourceRange, kinds: [EntityKind], context: ExpressionContext = .constant
    ) {
        var candidates: [String] = []
        if !kinds.isEmpty { candidates = symbols.symbols.filter { kinds.contains($0.kind) }.map(\.name.name).sorted() }
        var suggestion = Suggestion.nearest(to: name, among: candidates)
        if suggestion == nil {
            var names = symbols.symbols.map(\.name.name).sorted()
            switch context {
            case .request: names += BuiltinNames.requestProperties.keys.sorted() + ["key"]
            case .metric: names += BuiltinNames.metrics.keys.sorted() + BuiltinNames.metricQualifiers
            case .pipeline: names += BuiltinNames.pipelineVariables.keys.sorted()
            case .constant: break
            }
            suggestion = Suggestion.nearest(to: name, among: names)
        }
        let noun = kinds.count == 1 ? kinds[0].noun : "name"
        var hints = suggestion.map { ["did you mean `\($0)`?"] } ?? []
        // No near miss: name what is declared, when that is a short list.
        if hints.isEmpty, kinds.count == 1, !candidates.isEmpty, candidates.count <= 6 {
            hints = ["declared \(noun)s: " + candidates.joined(separator: ", ")]
        }
        report(.unknownName, "unknown \(noun) '\(name)'", file: file, range: range, hints: hints)
    }

    /// The type and value of a let, param or secret (lets are evaluated once, cycles reported).
    mutating func symbolValue(_ symbol: Symbol) -> Typed {
        let name = symbol.name.name
        switch symbol.declaration.kind {
        case .param(_, let typeSyntax, let defaultValue):
            guard let type = ExpressionChecker.resolveType(typeSyntax) else { return .error }
            return Typed(type, bindings[name] ?? (defaultValue == nil ? nil : constantDefault(of: symbol)))
        case .secret(_, let expression):
            if case .call(_, let arguments) = expression.kind, case .string(let literal)? = arguments.first?.kind,
                let variable = literal.constantValue
            {
                return Typed(.secret, .secret(SecretReference(name: name, environmentVariable: variable)))
            }
            return Typed(.secret)
        case .let(_, let expression):
            if let cached = letCache[name] { return cached }
            guard !lettersInProgress.contains(name) else {
                report(
                    .unknownName, "'\(name)' is defined in terms of itself", file: symbol.file, range: symbol.name.range,
                    hints: ["a let cannot refer to itself, directly or through other lets"])
                return .error
            }
            lettersInProgress.insert(name)
            let typed = check(expression, in: symbol.file, context: .constant)
            lettersInProgress.remove(name)
            letCache[name] = typed
            return typed
        default:
            return Typed(.entity(symbol.kind), .entity(symbol.kind, name))
        }
    }

    /// A param's default value, evaluated silently (the declaration checker reports its errors).
    private mutating func constantDefault(of symbol: Symbol) -> Value? {
        guard case .param(_, _, let defaultValue?) = symbol.declaration.kind else { return nil }
        var silent = ExpressionChecker(table: symbols, bindings: [:], reporting: false)
        return silent.check(defaultValue, in: symbol.file, context: .constant).value
    }

    /// `Duration`, `List<String>` → a type; nil when unknown (reported by the declaration checker).
    public static func resolveType(_ syntax: TypeSyntax) -> GWType? {
        var arguments: [GWType] = []
        for argument in syntax.arguments {
            guard let type = resolveType(argument) else { return nil }
            arguments.append(type)
        }
        return GWType.named(syntax.name.name, arguments: arguments)
    }
}
