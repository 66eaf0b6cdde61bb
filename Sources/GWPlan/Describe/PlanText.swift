/// Plain-words renderings of plan parts, for `gwpipe explain`, `diff` and reports.
public enum PlanText {
    public static func duration(_ milliseconds: Double) -> String {
        if milliseconds < 1 { return trim(milliseconds * 1000) + "µs" }
        if milliseconds < 1000 || milliseconds.truncatingRemainder(dividingBy: 1000) != 0 && milliseconds < 60_000 {
            return trim(milliseconds) + "ms"
        }
        var remaining = Int64(milliseconds.rounded())
        var text = ""
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] where remaining >= size {
            text += "\(remaining / size)\(unit)"
            remaining %= size
        }
        return text
    }

    public static func trim(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let rounded = (value * 1000).rounded() / 1000
        return String(rounded)
    }

    public static func percent(_ value: Double) -> String { trim(value) + "%" }

    public static func operand(_ operand: Operand) -> String {
        switch operand {
        case .model: "model"
        case .path: "path"
        case .method: "method"
        case .header(let name): "header(\"\(name)\")"
        case .keyTeam: "key.team"
        case .keyId: "key.id"
        case .bodyTokens: "body_tokens"
        case .string(let text): "\"\(text)\""
        case .number(let value): trim(value)
        case .strings(let values): "[" + values.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        }
    }

    public static func predicate(_ predicate: Predicate) -> String {
        switch predicate {
        case .constant(let value): value ? "always" : "never"
        case .and(let a, let b): "\(grouped(a)) and \(grouped(b))"
        case .or(let a, let b): "\(grouped(a)) or \(grouped(b))"
        case .not(let inner): "not \(grouped(inner))"
        case .compare(let op, let a, let b): "\(operand(a)) \(op) \(operand(b))"
        case .contains(let a, let values): "\(operand(a)) in [" + values.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        case .matches(let a, let pattern): "\(operand(a)) matches \"\(pattern)\""
        case .flag(let name): "flag \(name) is on for the caller"
        }
    }

    private static func grouped(_ predicate: Predicate) -> String {
        switch predicate {
        case .and, .or: "(\(self.predicate(predicate)))"
        default: self.predicate(predicate)
        }
    }

    public static func targets(_ targets: [TargetPlan]) -> String {
        targets.map { target in
            var text = target.provider
            if targets.count > 1 { text += " \(percent(target.weight))" }
            if let model = target.model { text += " (model rewritten to \"\(model)\")" }
            return text
        }.joined(separator: ", ")
    }

    public static func limit(_ limit: LimitPlan) -> String {
        let per = limit.windowMs == 1000 ? "second" : limit.windowMs == 60_000 ? "minute" : duration(limit.windowMs)
        let by = limit.by == "key" ? "API key" : limit.by == "key.team" || limit.by == "team" ? "team" : "client address"
        return "\(trim(limit.amount)) \(limit.unit) per \(per) per \(by)"
    }
}
