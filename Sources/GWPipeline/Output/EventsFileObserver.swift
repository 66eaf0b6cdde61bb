import Foundation
import NIOConcurrencyHelpers

/// `--events FILE`: every event as one JSON object per line, flushed as it happens, so a tail -f
/// or a dashboard can follow the run.
public final class EventsFileObserver: RunObserver {
    private let handle: FileHandle
    private let lock = NIOLock()
    private let encoder: JSONEncoder

    public init(path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw PipelineError(.configuration, "cannot write the events file \(path)")
        }
        try handle.truncate(atOffset: 0)
        self.handle = handle
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Milliseconds matter here: benchmarks measure rollback times from these events.
        // `ISO8601FormatStyle` is a value, safe from any thread (`ISO8601DateFormatter` is not).
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(style.format(date))
        }
        self.encoder = encoder
    }

    public func observe(_ event: RunEvent) {
        lock.withLock {
            guard var data = try? encoder.encode(event) else { return }
            data.append(0x0A)
            handle.write(data)
        }
    }

    public func finish() {
        lock.withLock { try? handle.close() }
    }
}
