/// A provider a request may try, the model to rewrite the request to, and the provider as its
/// revision compiled it. A request tries the target its arm picked, then the route's fallbacks.
struct UpstreamCandidate: Sendable {
    var provider: String
    /// Nil for a name the revision does not know (the attempt fails as a gateway error).
    var compiled: CompiledProvider?
    var model: String?
}
