import GWPlan
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing

@testable import GWProxy

/// The budget behind `max_connections`, on an embedded loop: grants are handed out in order, as
/// room appears, and only to waiters still waiting.
@Suite struct UpstreamConnectionBudgetTests {
    private static func target(_ name: String, port: Int = 9) throws -> UpstreamTarget {
        let plan = ProviderPlan(
            kind: "openai_compatible", url: "http://127.0.0.1:\(port)", key: nil, timeoutMs: 1000, connectTimeoutMs: 1000, maxConnections: 1,
            mock: nil, costPer1kTokens: nil)
        return try #require(UpstreamTarget(name: name, provider: plan, environment: [:]))
    }

    @Test func waitersAreGrantedInOrderAsConnectionsClose() throws {
        let loop = EmbeddedEventLoop()
        let budget = UpstreamConnectionBudget()
        let target = try Self.target("local")
        let granted = NIOLockedValueBox<[Int]>([])
        #expect(budget.acquire(target, limit: 1, on: loop) { _ in granted.withLockedValue { $0.append(0) } } == .granted)
        guard case .queued = budget.acquire(target, limit: 1, on: loop, grant: { _ in granted.withLockedValue { $0.append(1) } }) else {
            Issue.record("the second acquire was not queued")
            return
        }
        guard case .queued(let third) = budget.acquire(target, limit: 1, on: loop, grant: { _ in granted.withLockedValue { $0.append(2) } }) else {
            Issue.record("the third acquire was not queued")
            return
        }
        #expect(budget.hasWaiters(target.poolKey))
        budget.release(target.poolKey)
        loop.run()
        #expect(granted.withLockedValue { $0 } == [1])
        // The third stops waiting: the next slot goes back instead.
        #expect(budget.cancel(target.poolKey, waiter: third))
        #expect(!budget.hasWaiters(target.poolKey))
        budget.release(target.poolKey)
        loop.run()
        #expect(granted.withLockedValue { $0 } == [1])
        #expect(budget.usage(target.poolKey).open == 0)
        #expect(!budget.cancel(target.poolKey, waiter: third), "a waiter is cancelled once")
    }

    @Test func aRaisedLimitLetsWaitersGoAtOnce() throws {
        let loop = EmbeddedEventLoop()
        let budget = UpstreamConnectionBudget()
        let target = try Self.target("local")
        let granted = NIOLockedValueBox(0)
        #expect(budget.acquire(target, limit: 1, on: loop) { _ in } == .granted)
        for _ in 0..<2 {
            guard case .queued = budget.acquire(target, limit: 1, on: loop, grant: { _ in granted.withLockedValue { $0 += 1 } }) else {
                Issue.record("not queued at the limit")
                return
            }
        }
        // A new revision allows four: both waiters go, and so does the one asking.
        #expect(budget.acquire(target, limit: 4, on: loop) { _ in } == .granted)
        loop.run()
        #expect(granted.withLockedValue { $0 } == 2)
        #expect(budget.usage(target.poolKey) == (open: 4, peak: 4, waiting: 0))
    }

    @Test func aLoweredLimitCountsWhatIsTooManyUntilEnoughHaveClosed() throws {
        let loop = EmbeddedEventLoop()
        let budget = UpstreamConnectionBudget()
        let target = try Self.target("local")
        let key = target.poolKey
        for _ in 0..<3 { #expect(budget.acquire(target, limit: 3, on: loop) { _ in } == .granted) }
        #expect(!budget.isOverLimit(key))
        // The live revisions now allow one: two are too many, until two have closed.
        #expect(budget.setLimits([key: 1]) == [key: 2])
        #expect(budget.isOverLimit(key))
        budget.release(key)
        #expect(budget.isOverLimit(key))
        budget.release(key)
        #expect(!budget.isOverLimit(key))
        // A request that brings the old revision's limit does not raise it back.
        guard case .queued = budget.acquire(target, limit: 3, on: loop, grant: { _ in }) else {
            Issue.record("a request was granted a slot over the live revisions' limit")
            return
        }
        #expect(budget.usage(key).open == 1)
    }

    @Test func providersOnOneHostHaveBudgetsOfTheirOwn() throws {
        let loop = EmbeddedEventLoop()
        let budget = UpstreamConnectionBudget()
        let first = try Self.target("first")
        let second = try Self.target("second")
        #expect(first.poolKey != second.poolKey)
        #expect(budget.acquire(first, limit: 1, on: loop) { _ in } == .granted)
        #expect(budget.acquire(second, limit: 1, on: loop) { _ in } == .granted)
        #expect(budget.usage(first.poolKey).open == 1 && budget.usage(second.poolKey).open == 1)
    }
}
