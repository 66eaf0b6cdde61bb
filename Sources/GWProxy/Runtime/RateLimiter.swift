import NIOConcurrencyHelpers

/// Token buckets for `limit` statements: `amount` per `window`, refilled continuously, one bucket
/// per (route, limit, subject). Shared by all event loops of one gateway process.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let buckets = NIOLockedValueBox<[String: Bucket]>([:])

    /// Takes `cost` from the bucket; on refusal returns the seconds until it would succeed.
    func take(key: String, cost: Double, capacity: Double, windowSeconds: Double, now: Double) -> Double? {
        let rate = capacity / windowSeconds
        return buckets.withLockedValue { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            guard bucket.tokens >= cost else {
                buckets[key] = bucket
                return (cost - bucket.tokens) / rate
            }
            bucket.tokens -= cost
            buckets[key] = bucket
            return nil
        }
    }

    /// Charges tokens after the fact (from a response's `usage`); may drive the bucket negative.
    func charge(key: String, cost: Double, capacity: Double, windowSeconds: Double, now: Double) {
        let rate = capacity / windowSeconds
        buckets.withLockedValue { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated) * rate) - cost
            bucket.updated = now
            buckets[key] = bucket
        }
    }
}
