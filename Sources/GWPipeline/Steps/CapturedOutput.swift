import NIOConcurrencyHelpers

/// Output lines kept up to a byte limit, from several tasks; past the limit the rest is counted, not kept.
final class CapturedOutput: Sendable {
    private struct State {
        var lines: [String] = []
        var bytes = 0
        var dropped = 0
    }

    private let limit: Int
    private let state = NIOLockedValueBox(State())

    init(limit: Int) {
        self.limit = limit
    }

    func append(_ line: String) {
        state.withLockedValue { state in
            if state.bytes + line.utf8.count + 1 > limit {
                state.dropped += 1
            } else {
                state.lines.append(line)
                state.bytes += line.utf8.count + 1
            }
        }
    }

    var text: String {
        state.withLockedValue { state in
            let kept = state.lines.joined(separator: "\n")
            return state.dropped == 0 ? kept : kept + "\n… \(state.dropped) more lines not kept"
        }
    }
}
