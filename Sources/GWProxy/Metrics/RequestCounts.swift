/// The additive part of a bucket: counts, tokens and cost, summed as windows merge buckets.
struct RequestCounts: Sendable, Equatable {
    var requests = 0
    var errors = 0
    var clientErrors = 0
    var tokens = 0
    var cost = 0.0

    var isEmpty: Bool { requests == 0 }

    mutating func count(_ sample: RequestSample) {
        requests += 1
        if sample.isError { errors += 1 }
        if sample.isClientError { clientErrors += 1 }
        tokens += sample.tokens
        cost += sample.cost
    }

    mutating func add(_ other: RequestCounts) {
        requests += other.requests
        errors += other.errors
        clientErrors += other.clientErrors
        tokens += other.tokens
        cost += other.cost
    }
}
