import Testing

@testable import GWSema

/// `limits_store` addresses: what `check` accepts and `serve` connects to.
@Suite struct RedisURLTests {
    @Test func acceptsHostPortAndDatabase() throws {
        #expect(try RedisURL.parse("redis://127.0.0.1:6379").get() == RedisURL(host: "127.0.0.1", port: 6379, database: 0))
        #expect(try RedisURL.parse("redis://cache.internal").get() == RedisURL(host: "cache.internal"))
        #expect(try RedisURL.parse("redis://localhost:7000/3").get() == RedisURL(host: "localhost", port: 7000, database: 3))
        #expect(try RedisURL.parse("REDIS://[::1]:6380/").get() == RedisURL(host: "::1", port: 6380))
        #expect(RedisURL(host: "::1", port: 6380, database: 2).description == "redis://[::1]:6380/2")
    }

    @Test func rejectsWhatServeCannotUse() {
        let cases: [(String, RedisURL.Problem)] = [
            ("127.0.0.1:6379", .scheme), ("rediss://cache:6379", .scheme), ("http://cache:6379", .scheme), ("redis://", .host),
            ("redis://:hunter2@cache:6379", .credentials), ("redis://user:pw@cache", .credentials),
            ("redis://:6379", .host), ("redis://[::1", .host), ("redis://ca che", .host),
            ("redis://cache:0", .port), ("redis://cache:65536", .port), ("redis://cache:+1", .port), ("redis://cache:", .port),
            ("redis://[::1]6379", .port), ("redis://cache:6379/x", .database), ("redis://cache/1/2", .database),
            ("redis://cache/-1", .database),
        ]
        for (text, problem) in cases {
            #expect(throws: problem, "\(text)") { try RedisURL.parse(text).get() }
        }
    }
}
