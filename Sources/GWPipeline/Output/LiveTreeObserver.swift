import Foundation
import NIOConcurrencyHelpers

/// The terminal view of a run: a tree of stages and steps redrawn in place, with spinners and
/// timings; under a running rollout, its current traffic share and each gate's latest observed
/// values against its threshold. Failed steps keep their message; the final line stays on screen.
public final class LiveTreeObserver: RunObserver {
    private struct StepLine {
        var id: String
        var title: String
        var status: String?
        var started: Date
        var duration: Double?
        var message: String?
        var traffic: String?
        /// Latest result per gate expression, in first-seen order.
        var gates: [(expression: String, verdict: String, summary: String)] = []
    }

    private struct StageLine {
        var name: String
        var status: String?
        var started: Date
        var duration: Double?
        var steps: [StepLine] = []
    }

    private struct State {
        var header = ""
        var stages: [StageLine] = []
        var footer: [String] = []
        var drawnLines = 0
        var frame = 0
        var finished = false
        /// A question is on the terminal below the tree: nothing is drawn until it is answered.
        var paused = false
    }

    private let sink: TextSink
    private let width: Int
    private let state = NIOLockedValueBox(State())
    private let ticker = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private static let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    public init(sink: TextSink = .standardOutput, width: Int? = nil) {
        self.sink = sink
        self.width = width ?? Self.terminalWidth() ?? Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 100
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 100_000_000)
                guard let self else { return }
                self.redraw(advance: true)
            }
        }
        ticker.withLockedValue { $0 = task }
    }

    public func observe(_ event: RunEvent) {
        state.withLockedValue { state in apply(event, to: &state) }
        redraw(advance: false)
    }

    public func finish() {
        ticker.withLockedValue { task in
            task?.cancel()
            task = nil
        }
        state.withLockedValue { $0.finished = true }
        redraw(advance: false)
    }

    /// Draws the tree once more and leaves it on screen, so the question that follows is printed
    /// below it and no redraw rewinds over it.
    public func pauseDrawing() {
        state.withLockedValue { state in
            guard !state.paused, !state.finished else { return }
            let lines = render(state)
            let rewind = state.drawnLines > 0 ? "\u{1B}[\(state.drawnLines)F\u{1B}[J" : ""
            sink(rewind + lines.joined(separator: "\n") + "\n")
            state.drawnLines = 0
            state.paused = true
        }
    }

    /// The question was answered: the tree is drawn again below it.
    public func resumeDrawing() {
        let wasPaused = state.withLockedValue { state in
            defer { state.paused = false }
            return state.paused
        }
        if wasPaused { redraw(advance: false) }
    }

    private func apply(_ event: RunEvent, to state: inout State) {
        switch event.kind {
        case .runStarted:
            state.header = event.message ?? ""
        case .stageStarted:
            if !state.stages.contains(where: { $0.name == event.stage }) {
                state.stages.append(StageLine(name: event.stage ?? "", started: event.at))
            }
        case .stageFinished:
            update(stage: event.stage, in: &state) { stage in
                stage.status = event.status
                stage.duration = event.durationSeconds
            }
        case .stepStarted:
            update(stage: event.stage, in: &state) { stage in
                stage.steps.append(StepLine(id: event.stepId ?? "", title: event.title ?? "", started: event.at))
            }
        case .stepFinished:
            update(stage: event.stage, in: &state) { stage in
                if let index = stage.steps.firstIndex(where: { $0.id == event.stepId }) {
                    stage.steps[index].status = event.status
                    stage.steps[index].duration = event.durationSeconds
                    stage.steps[index].message = event.message
                } else {
                    var line = StepLine(id: event.stepId ?? "", title: event.title ?? "", started: event.at)
                    line.status = event.status
                    line.message = event.message
                    stage.steps.append(line)
                }
            }
        case .trafficShifted, .rolledBack, .promoted:
            update(step: event, in: &state) { step in step.traffic = event.message }
        case .gateEvaluated:
            update(step: event, in: &state) { step in
                let expression = event.expression ?? ""
                let entry = (expression, event.verdict ?? "", event.message ?? "")
                if let index = step.gates.firstIndex(where: { $0.expression == expression }) {
                    step.gates[index] = entry
                } else {
                    step.gates.append(entry)
                }
            }
        case .stepOutput:
            update(step: event, in: &state) { step in step.traffic = event.message }
        case .approvalWaiting:
            state.footer.append("⏸ " + (event.message ?? ""))
        case .runFinished:
            let mark = event.status == "succeeded" ? "\u{1B}[32m✓\u{1B}[0m" : "\u{1B}[31m✗\u{1B}[0m"
            state.footer.append("\(mark) run \(event.runId) \(event.status ?? "")\(LineLogObserver.seconds(event.durationSeconds)): \(event.message ?? "")")
        }
    }

    private func update(stage name: String?, in state: inout State, _ body: (inout StageLine) -> Void) {
        guard let index = state.stages.firstIndex(where: { $0.name == name }) else { return }
        body(&state.stages[index])
    }

    private func update(step event: RunEvent, in state: inout State, _ body: (inout StepLine) -> Void) {
        update(stage: event.stage, in: &state) { stage in
            guard let index = stage.steps.firstIndex(where: { $0.id == event.stepId }) else { return }
            body(&stage.steps[index])
        }
    }

    private func redraw(advance: Bool) {
        // Written under the state lock: two redraws racing would otherwise rewind by the wrong count.
        state.withLockedValue { state in
            if state.paused { return }
            if advance {
                if state.finished { return }
                state.frame += 1
            }
            let lines = render(state)
            // Move to the first line drawn last time, clear to the end, draw again.
            let rewind = state.drawnLines > 0 ? "\u{1B}[\(state.drawnLines)F\u{1B}[J" : ""
            state.drawnLines = state.finished ? 0 : lines.count
            sink(rewind + lines.joined(separator: "\n") + "\n")
        }
    }

    private func render(_ state: State) -> [String] {
        let now = Date()
        let spin = Self.spinner[state.frame % Self.spinner.count]
        var lines = [state.header]
        for stage in state.stages {
            let elapsed = stage.duration ?? now.timeIntervalSince(stage.started)
            lines.append(row("\(mark(stage.status, spin)) \(stage.name)", time: elapsed, note: nil))
            for step in stage.steps {
                let elapsed = step.duration ?? now.timeIntervalSince(step.started)
                let note = step.status == nil ? step.traffic : step.message
                lines.append(row("  \(mark(step.status, spin)) \(step.title)", time: step.status == "skipped" ? nil : elapsed, note: note))
                if step.status == nil {
                    for gate in step.gates {
                        let symbol = gate.verdict == "pass" ? "\u{1B}[32m✓\u{1B}[0m" : gate.verdict == "fail" ? "\u{1B}[31m✗\u{1B}[0m" : "\u{1B}[33m?\u{1B}[0m"
                        lines.append(clip("      \(symbol) \(gate.summary)"))
                    }
                }
            }
        }
        // Only the last drawing may wrap: a wrapped line would throw the next rewind off by a line.
        return lines.map(clip) + (state.finished ? state.footer : state.footer.map(clip))
    }

    /// The width of the terminal on standard output, when there is one.
    private static func terminalWidth() -> Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 else { return nil }
        return Int(size.ws_col)
    }

    private func mark(_ status: String?, _ spin: String) -> String {
        switch status {
        case nil: "\u{1B}[36m\(spin)\u{1B}[0m"
        case "passed"?: "\u{1B}[32m✓\u{1B}[0m"
        case "failed"?: "\u{1B}[31m✗\u{1B}[0m"
        case "skipped"?: "\u{1B}[2m-\u{1B}[0m"
        default: LineLogObserver.mark(status)
        }
    }

    private func row(_ label: String, time: Double?, note: String?) -> String {
        let timeText = time.map { String(format: "%6.1fs", $0) } ?? "       "
        let padded = visibleCount(label) < 44 ? label + String(repeating: " ", count: 44 - visibleCount(label)) : label
        return clip("\(padded) \(timeText)" + (note.map { "  \u{1B}[2m\($0)\u{1B}[0m" } ?? ""))
    }

    private func visibleCount(_ text: String) -> Int {
        text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression).count
    }

    /// One screen line: a wrapped line would break the redraw.
    private func clip(_ text: String) -> String {
        guard visibleCount(text) > width else { return text }
        var result = ""
        var visible = 0
        var inEscape = false
        for character in text {
            if character == "\u{1B}" { inEscape = true }
            if !inEscape {
                if visible >= width - 1 { break }
                visible += 1
            }
            result.append(character)
            if inEscape, character == "m" { inEscape = false }
        }
        return result + "…\u{1B}[0m"
    }
}
