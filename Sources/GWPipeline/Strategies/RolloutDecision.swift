/// Turns a verdict that is not healthy into go-on or stop, as `on fail` and `on inconclusive` say:
/// `pause` asks a person (a terminal, or `--approve` for inconclusive gates only: a failed gate is
/// never waved through unattended).
struct RolloutDecision {
    let context: RunContext
    let onFail: String
    let onInconclusive: String

    /// nil to go on; otherwise why the rollout must stop. Throws `CancellationError` when the run
    /// is cancelled while a person is being asked.
    func stopReason(for verdict: RolloutVerdict, weight: Double) async throws -> String? {
        switch verdict {
        case .healthy:
            return nil
        case .failed(let reason):
            guard onFail == "pause" else { return reason }
            switch try await context.ask("gate failed at \(Self.percent(weight)): \(reason). Continue the rollout?") {
            case true?: return nil
            case false?: return "\(reason) (stopped by a person)"
            case nil: return "\(reason) (on fail pause, and nobody to ask: no terminal)"
            }
        case .inconclusive(let reason):
            switch onInconclusive {
            case "continue":
                return nil
            case "abort":
                return "gates inconclusive: \(reason)"
            default:
                if context.options.approve { return nil }
                switch try await context.ask("gates inconclusive at \(Self.percent(weight)): \(reason). Continue the rollout?") {
                case true?: return nil
                case false?: return "gates inconclusive: \(reason) (stopped by a person)"
                case nil:
                    return "gates inconclusive: \(reason); on inconclusive pause needs a person (run with --approve, "
                        + "in a terminal, or write `on inconclusive continue`)"
                }
            }
        }
    }

    static func percent(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))%" : String(format: "%.1f%%", value)
    }
}
