import GWPlan
import GWProxy

/// Evaluates a compiled gate against windowed metrics of the canary and stable sides.
///
/// A gate that reads a side with fewer than `minRequests` requests (at least 1) in the window is
/// inconclusive: an empty window must never pass as healthy.
public struct GateEvaluator: Sendable {
    public var minRequests: Double

    public init(minRequests: Double) {
        self.minRequests = max(1, minRequests)
    }

    /// `sides` maps `canary` / `stable` to their snapshot for the window.
    public func evaluate(_ gate: GatePlan, sides: [String: MetricsSnapshot]) -> GateResult {
        var observed: [String: Double] = [:]
        var short: [String] = []
        let value = evaluate(gate.condition, sides: sides, observed: &observed, short: &short)
        let readings = observed.keys.sorted().map { "\($0)=\(Self.format($0, observed[$0] ?? 0))" }.joined(separator: ", ")
        if !short.isEmpty {
            let sides = Set(short).sorted().map { side in
                "\(side) has \(Int(observed["\(side).requests"] ?? 0)) of \(Int(minRequests)) requests needed"
            }
            return GateResult(verdict: .inconclusive, observed: observed, summary: "\(gate.source): inconclusive (\(sides.joined(separator: "; ")))")
        }
        let passed = value.truth ?? false
        return GateResult(
            verdict: passed ? .pass : .fail, observed: observed,
            summary: "\(gate.source): \(passed ? "pass" : "fail") (\(comparison(gate.condition, sides: sides) ?? readings))")
    }

    /// `0.42% < 1.00%` for a comparison at the top of a gate: the observed value against its
    /// threshold, in the metric's unit, plus the request counts it was judged on.
    private func comparison(_ condition: GateExpression, sides: [String: MetricsSnapshot]) -> String? {
        guard case .compare(let op, let lhs, let rhs) = condition, let metric = Self.firstMetric(lhs) ?? Self.firstMetric(rhs) else {
            return nil
        }
        var observed: [String: Double] = [:]
        var short: [String] = []
        guard let a = evaluate(lhs, sides: sides, observed: &observed, short: &short).number,
            let b = evaluate(rhs, sides: sides, observed: &observed, short: &short).number
        else { return nil }
        let counts = observed.keys.filter { $0.hasSuffix(".requests") }.sorted().map { "\($0)=\(Int(observed[$0] ?? 0))" }
        return (["\(Self.format(metric, a)) \(op) \(Self.format(metric, b))"] + counts).joined(separator: ", ")
    }

    private static func firstMetric(_ expression: GateExpression) -> String? {
        switch expression {
        case .metric(let name, _, _): name
        case .arithmetic(_, let lhs, let rhs), .compare(_, let lhs, let rhs): firstMetric(lhs) ?? firstMetric(rhs)
        default: nil
        }
    }

    private enum Outcome {
        case number(Double)
        case truth(Bool)

        var number: Double? {
            if case .number(let value) = self { return value }
            return nil
        }
        var truth: Bool? {
            if case .truth(let value) = self { return value }
            return nil
        }
    }

    private func evaluate(
        _ expression: GateExpression, sides: [String: MetricsSnapshot], observed: inout [String: Double], short: inout [String]
    ) -> Outcome {
        switch expression {
        case .metric(let name, let side, let provider):
            let snapshot = sides[side]
            let requests = Double(snapshot?.requests ?? 0)
            observed["\(side).requests"] = requests
            if requests < minRequests { short.append(side) }
            let value = snapshot?.value(of: name, argument: provider) ?? 0
            observed[provider.map { "\(side).\(name)(\($0))" } ?? "\(side).\(name)"] = value
            return .number(value)
        case .constant(let value):
            return .number(value)
        case .boolean(let value):
            return .truth(value)
        case .arithmetic(let op, let lhs, let rhs):
            let a = evaluate(lhs, sides: sides, observed: &observed, short: &short).number ?? 0
            let b = evaluate(rhs, sides: sides, observed: &observed, short: &short).number ?? 0
            switch op {
            case "+": return .number(a + b)
            case "-": return .number(a - b)
            case "*": return .number(a * b)
            default: return .number(b == 0 ? 0 : a / b)
            }
        case .compare(let op, let lhs, let rhs):
            let a = evaluate(lhs, sides: sides, observed: &observed, short: &short).number ?? 0
            let b = evaluate(rhs, sides: sides, observed: &observed, short: &short).number ?? 0
            // Equality with a tolerance: metrics are sums of floating-point shares.
            let epsilon = 1e-9 * max(1, abs(a), abs(b))
            switch op {
            case "<": return .truth(a < b - epsilon)
            case "<=": return .truth(a <= b + epsilon)
            case ">": return .truth(a > b + epsilon)
            case ">=": return .truth(a >= b - epsilon)
            case "==": return .truth(abs(a - b) <= epsilon)
            default: return .truth(abs(a - b) > epsilon)
            }
        case .and(let lhs, let rhs):
            let a = evaluate(lhs, sides: sides, observed: &observed, short: &short).truth ?? false
            let b = evaluate(rhs, sides: sides, observed: &observed, short: &short).truth ?? false
            return .truth(a && b)
        case .or(let lhs, let rhs):
            let a = evaluate(lhs, sides: sides, observed: &observed, short: &short).truth ?? false
            let b = evaluate(rhs, sides: sides, observed: &observed, short: &short).truth ?? false
            return .truth(a || b)
        case .not(let inner):
            return .truth(!(evaluate(inner, sides: sides, observed: &observed, short: &short).truth ?? false))
        }
    }

    /// `canary.error_rate` → `0.42%`, `stable.p99_latency` → `123ms`, counts as integers.
    public static func format(_ name: String, _ value: Double) -> String {
        let metric = name.split(separator: ".").last.map(String.init) ?? name
        if metric.hasPrefix("error_rate") || metric.hasPrefix("upstream_errors") {
            return String(format: "%.2f%%", value)
        }
        if metric.contains("latency") || metric.hasPrefix("ttft") {
            return String(format: "%.0fms", value)
        }
        if metric == "rps" { return String(format: "%.1f/s", value) }
        if metric == "cost" { return String(format: "$%.4f", value) }
        return value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}
