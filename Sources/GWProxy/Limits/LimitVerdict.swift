/// What a shared limit check decided for a request.
enum LimitVerdict: Sendable, Equatable {
    /// Every bucket paid.
    case admitted
    /// The bucket at `index` (of the request's takes) could not pay; it could in `retryAfter` seconds.
    case refused(index: Int, retryAfter: Double)
    /// The store did not answer in time or at all: the request goes on unchecked (fail open).
    case unchecked
}
