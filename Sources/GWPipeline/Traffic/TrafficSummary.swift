import GWProxy

/// What a rollout's synthetic traffic saw, in one line for the step's message.
enum TrafficSummary {
    static func describe(_ report: LoadReport?) -> String {
        guard let report else { return "" }
        let failures = report.errorCount
        let serverErrors = report.count(statuses: 500...599)
        var text = "synthetic traffic: \(report.completed) answered"
        if serverErrors > 0 { text += ", \(serverErrors) with 5xx" }
        text += failures == 0 ? ", none lost" : ", \(failures) without an answer"
        return text
    }
}
