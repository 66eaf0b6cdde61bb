import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// An open-loop HTTP load generator: sends requests at a fixed rate whatever the responses do, and
/// measures latency from each request's intended send time, so a slow server cannot hide its
/// stalls by slowing the client down (coordinated omission). Backs `gwpipe load` and the
/// pipeline's synthetic canary traffic.
///
/// The schedule is dealt round-robin to one lane per event loop (at most one per connection);
/// each lane keeps its own keep-alive connections and tally, merged for progress and the report.
public final class LoadGenerator: Sendable {
    public let configuration: LoadConfiguration
    private let group: any EventLoopGroup
    private let state = NIOLockedValueBox(RunState())

    /// A lane and the loop it must be touched on.
    private struct LaneHandle: Sendable {
        var eventLoop: any EventLoop
        var lane: NIOLoopBound<LoadLane>
    }

    private struct RunState: Sendable {
        var started = false
        var stopRequested = false
        var lanes: [LaneHandle] = []
    }

    /// Throws `LoadConfigurationError` when the configuration cannot run.
    public init(configuration: LoadConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton)
        throws
    {
        try configuration.validate()
        self.configuration = configuration
        self.group = group
    }

    /// Sends for the configured duration — or, without one, until `stop()` or cancellation of the
    /// calling task — then waits for the requests left (up to the drain timeout) and returns the
    /// report. Cancellation ends the run early and still returns its report. `onProgress` gets a
    /// snapshot every `progressInterval` while the run goes. A generator runs once.
    public func run(
        progressInterval: Duration = .seconds(1), onProgress: (@Sendable (LoadReport) -> Void)? = nil
    ) async throws -> LoadReport {
        let alreadyStarted = state.withLockedValue { state in
            defer { state.started = true }
            return state.started
        }
        guard !alreadyStarted else { throw LoadConfigurationError(message: "a load generator runs only once") }

        let lanes = try await makeLanes()
        for handle in lanes {
            _ = try? await handle.eventLoop.flatSubmit { handle.lane.value.warmUp() }.get()
        }
        // A little ahead, so every lane is ready before the first intended send.
        let start = NIODeadline.now().uptimeNanoseconds + 2_000_000
        let finished = lanes.map { handle in handle.eventLoop.flatSubmit { handle.lane.value.begin(at: start) } }
        // Published only after `begin` is queued: a `stop()` that sees the lanes runs after it.
        let stopEarly = state.withLockedValue { state in
            state.lanes = lanes
            return state.stopRequested
        }
        if stopEarly { stop() }

        let tally = await withTaskCancellationHandler {
            await collect(finished, progressInterval: progressInterval, onProgress: onProgress)
        } onCancel: {
            stop()
        }
        return tally.report(configuration: configuration, start: start, end: tally.finishedNanos, finished: true)
    }

    /// Ends sending now; `run` returns once the requests already due have finished.
    public func stop() {
        let lanes = state.withLockedValue { state in
            state.stopRequested = true
            return state.lanes
        }
        for handle in lanes {
            handle.eventLoop.execute { handle.lane.value.stopSending() }
        }
    }

    /// The run so far; nil before it started.
    public func snapshot() async -> LoadReport? {
        let lanes = state.withLockedValue { $0.lanes }
        guard !lanes.isEmpty else { return nil }
        var merged = LoadTally()
        var start: UInt64 = 0
        for handle in lanes {
            guard let part = try? await handle.eventLoop.submit({ handle.lane.value.snapshot() }).get() else {
                continue
            }
            merged.merge(part.tally)
            start = part.start
        }
        let now = NIODeadline.now().uptimeNanoseconds
        return merged.report(configuration: configuration, start: start, end: now, finished: false)
    }

    private func makeLanes() async throws -> [LaneHandle] {
        let loops = Array(group.makeIterator())
        let count = max(1, min(loops.count, configuration.concurrency))
        let tls = configuration.target.useTLS ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        var lanes: [LaneHandle] = []
        for index in 0..<count {
            let loop = loops[index]
            let share = configuration.concurrency / count + (index < configuration.concurrency % count ? 1 : 0)
            let plan = LoadLane.Plan(
                configuration: configuration, first: index, stride: count, maxConnections: share, tls: tls)
            let lane = try await loop.submit { NIOLoopBound(LoadLane(plan: plan, eventLoop: loop), eventLoop: loop) }
                .get()
            lanes.append(LaneHandle(eventLoop: loop, lane: lane))
        }
        return lanes
    }

    /// Waits for every lane's tally while reporting progress; merges them.
    private func collect(
        _ finished: [EventLoopFuture<LoadTally>], progressInterval: Duration,
        onProgress: (@Sendable (LoadReport) -> Void)?
    ) async -> LoadTally {
        await withTaskGroup(of: LoadTally?.self) { tasks in
            tasks.addTask {
                var merged = LoadTally()
                for future in finished {
                    if let tally = try? await future.get() { merged.merge(tally) }
                }
                return merged
            }
            if let onProgress {
                tasks.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: progressInterval)
                        guard !Task.isCancelled, let snapshot = await self.snapshot() else { break }
                        onProgress(snapshot)
                    }
                    return nil
                }
            }
            var result = LoadTally()
            for await outcome in tasks {
                if let outcome {
                    result = outcome
                    tasks.cancelAll()
                }
            }
            return result
        }
    }
}
