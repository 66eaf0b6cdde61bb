import GWStateStore

/// How a gate evaluation reads in words, the same in every report.
enum GateText {
    /// `canary.error_rate = 7.2, canary.requests = 340`, sorted by name so reports are stable.
    static func observed(_ evaluation: GateEvaluationRecord) -> String {
        let values = evaluation.observed.keys.sorted().map { key in
            "\(key) = \(ReportFormat.compact(evaluation.observed[key] ?? 0, maxDecimals: 3))"
        }
        return values.isEmpty ? "no values recorded" : values.joined(separator: ", ")
    }

    /// One line for a chart's hover text: `12:00:31 fail: error_rate < 1% (canary.error_rate = 7.2)`.
    static func summary(_ evaluation: GateEvaluationRecord) -> String {
        "\(ReportFormat.clock(evaluation.at)) \(evaluation.verdict.rawValue): \(evaluation.expression)"
            + " (\(observed(evaluation)))"
    }
}
