/// What a load run sends, where, how fast and for how long. Shared by `gwpipe load` and the
/// pipeline's `traffic = synthetic 50 rps`.
public struct LoadConfiguration: Sendable {
    public var target: LoadTarget
    public var method: String
    /// Sent on every request after `host`, `content-length` and a default `content-type`
    /// (a `host` or `content-type` here replaces the default; the body's length is always ours).
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Requests per second, whatever the responses do (open loop).
    public var rate: Double
    /// How long to send; nil sends until the run is stopped or its task cancelled.
    public var duration: Duration?
    /// Most connections open at once, over all event loops; a request whose turn comes while
    /// all are busy waits for one, and that wait counts in its latency.
    public var concurrency: Int
    /// Longest wait for one response, from when it was written.
    public var requestTimeout: Duration
    public var connectTimeout: Duration
    /// After sending stops, how long requests still queued or in flight may take to finish
    /// before they are counted as unfinished.
    public var drainTimeout: Duration
    /// Record time to first body byte (for streamed answers).
    public var measuresFirstByte: Bool
    /// When set, request N presents `authorization: Bearer rotatingBearerKeys[N % count]`, so traffic
    /// comes from many callers: a sticky canary split then sees the share it is given, not one caller.
    public var rotatingBearerKeys: [String] = []

    public init(
        target: LoadTarget, method: String = "POST", headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        rate: Double, duration: Duration?, concurrency: Int = 64, requestTimeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(5), drainTimeout: Duration = .seconds(10), measuresFirstByte: Bool = false
    ) {
        self.target = target
        self.method = method
        self.headers = headers
        self.body = body
        self.rate = rate
        self.duration = duration
        self.concurrency = concurrency
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.drainTimeout = drainTimeout
        self.measuresFirstByte = measuresFirstByte
    }

    /// The default body: a small chat completion, the request an AI gateway sees most.
    public static func chatBody(stream: Bool) -> [UInt8] {
        let streamField = stream ? #","stream":true"# : ""
        return Array(
            #"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello."}]\#(streamField)}"#.utf8)
    }

    /// Throws when the run could not do what is asked.
    public func validate() throws {
        guard rate.isFinite, rate > 0 else {
            throw LoadConfigurationError(message: "the rate must be above 0 requests per second")
        }
        // Past this the schedule would be finer than the clock the event loops keep.
        guard rate <= 1_000_000 else {
            throw LoadConfigurationError(message: "a rate above 1000000 rps is not supported")
        }
        if let duration, duration <= .zero {
            throw LoadConfigurationError(message: "the duration must be longer than 0s")
        }
        guard concurrency >= 1, concurrency <= 100_000 else {
            throw LoadConfigurationError(message: "the concurrency must be between 1 and 100000 connections")
        }
        guard requestTimeout > .zero, connectTimeout > .zero, drainTimeout >= .zero else {
            throw LoadConfigurationError(message: "timeouts must be longer than 0s")
        }
        let token = method.utf8.allSatisfy { byte in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
        }
        guard !method.isEmpty, token else {
            throw LoadConfigurationError(message: "'\(method)' is not an HTTP method")
        }
        for header in headers {
            guard !header.name.isEmpty, !header.name.contains(where: { $0 == ":" || $0.isWhitespace }),
                !header.value.contains(where: \.isNewline)
            else {
                throw LoadConfigurationError(message: "'\(header.name): \(header.value)' is not a valid header")
            }
            // The generator frames the body itself; a second length would make the requests ambiguous.
            guard !["content-length", "transfer-encoding"].contains(header.name.lowercased()) else {
                throw LoadConfigurationError(
                    message: "the \(header.name.lowercased()) header is set from the body; leave it out")
            }
        }
    }
}
