import Crypto

/// The Lua scripts that keep token buckets in Redis. Each runs atomically on the server, reads the
/// server's own clock (`TIME`, so gateways with skewed clocks still agree), refills the bucket for
/// the time elapsed, then takes or charges, and lets the key expire two windows after its last use
/// so idle buckets vanish. The same arithmetic as the in-process `RateLimiter`.
///
/// A bucket is a hash at `gwpipe:limit:<bucket>` with the fields `tokens` and `updated` (ms).
struct TokenBucketScript: Sendable {
    let source: String
    /// What `EVALSHA` names the script by; Redis knows it once any `EVAL` of it ran.
    let sha1: String

    init(_ source: String) {
        self.source = source
        self.sha1 = Insecure.SHA1.hash(data: Array(source.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Where a bucket's hash lives: a prefix of its own, so a Redis shared with other work is not cluttered.
    static func key(_ bucket: String) -> String { "gwpipe:limit:" + bucket }

    /// KEYS: the request's buckets, in the order of its `limit` statements. ARGV: capacity, window
    /// (ms) and cost of each. Buckets are taken in order; the first that cannot pay refuses the
    /// request (the ones before it stay charged, as in process). Returns `{0}` when every bucket
    /// paid, else `{index, seconds to wait}` (the wait as a string: Lua numbers reach the client as
    /// integers).
    static let take = TokenBucketScript("""
        if redis.replicate_commands then redis.replicate_commands() end
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000
        for i, key in ipairs(KEYS) do
          local capacity = tonumber(ARGV[i * 3 - 2])
          local window = tonumber(ARGV[i * 3 - 1])
          local cost = tonumber(ARGV[i * 3])
          local rate = capacity / window
          local bucket = redis.call('HMGET', key, 'tokens', 'updated')
          local tokens = tonumber(bucket[1]) or capacity
          local updated = tonumber(bucket[2]) or now
          tokens = math.min(capacity, tokens + math.max(0, now - updated) * rate)
          local refused = tokens < cost
          if not refused then tokens = tokens - cost end
          redis.call('HSET', key, 'tokens', tostring(tokens), 'updated', tostring(now))
          redis.call('PEXPIRE', key, math.ceil(window * 2))
          if refused then return {i, tostring((cost - tokens) / rate / 1000)} end
        end
        return {0}
        """)

    static let all = [take, charge]

    /// KEYS: one bucket. ARGV: capacity, window (ms), cost. Charges after the fact (a response's
    /// `usage`), which may drive the bucket below zero. Returns 1.
    static let charge = TokenBucketScript("""
        if redis.replicate_commands then redis.replicate_commands() end
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000
        local capacity = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local rate = capacity / window
        local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
        local tokens = tonumber(bucket[1]) or capacity
        local updated = tonumber(bucket[2]) or now
        tokens = math.min(capacity, tokens + math.max(0, now - updated) * rate) - tonumber(ARGV[3])
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
        redis.call('PEXPIRE', KEYS[1], math.ceil(window * 2))
        return 1
        """)
}
