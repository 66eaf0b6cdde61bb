import Foundation
import GWPlan
import NIOCore
import NIOHTTP1

/// Serves one client connection: reads a request (bounded), decides where it goes (slot, route,
/// auth, arm, limits), forwards it with retries, fallbacks and breakers, and streams the answer
/// back. Everything for one connection runs on its event loop, upstream connections included.
///
/// Requests are read by `ClientRequestParser`; answers are encoded here (`HTTPWire`) and written
/// as bytes, one buffer per head. Pipelined requests are answered one at a time, in order: the
/// bytes of those behind the one in flight wait unparsed, and past 64 KiB of them the socket is
/// not read until they are answered.
final class GatewayHandler: ChannelDuplexHandler, RemovableChannelHandler, UpstreamAnswerListener {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum ReadState {
        case idle
        case receiving(ClientRequestHead, [UInt8])
        /// The body is over the limit: the rest is read and dropped, then 413.
        case discarding(ClientRequestHead)
        /// A request is being answered.
        case processing
    }

    let state: GatewayState
    let configuration: GatewayConfiguration
    private var readState = ReadState.idle
    /// Reads the client's requests; holds the bytes of pipelined ones until their turn.
    private var parser = ClientRequestParser()
    /// A `read` held back because pipelined requests piled up (see `read`), issued once they are answered.
    private var readPending = false
    /// Set while requests are being read, so an answer given synchronously does not start a
    /// second reading inside the first.
    private var replaying = false
    /// The HTTP version and method of the request being answered: a 1.0 client gets no chunked
    /// encoding, and an answer to HEAD has no body.
    private var requestVersion = HTTPVersion.http1_1
    private var requestMethod = HTTPMethod.GET
    private var clientSpeaksHTTP11: Bool { requestVersion.major > 1 || (requestVersion.major == 1 && requestVersion.minor >= 1) }
    private var exchange: Exchange?
    /// Fires when the attempt in flight may have timed out (see `armAttemptTimer`).
    private var attemptTimer: Scheduled<Void>?
    private var attemptTimerDue: NIODeadline?
    private var context: ChannelHandlerContext?
    /// The server's upstream connections and this loop's idle pool of them.
    private let upstreams: UpstreamPools
    private let upstreamPool: UpstreamPool
    private var activeUpstream: UpstreamConnection?
    /// The place in an upstream's queue of the attempt waiting for room under `max_connections`.
    private var waitingForSlot: (key: String, id: UInt64, attempt: Int)?
    /// Numbers every attempt of this connection, across its requests: a late event of an
    /// abandoned attempt (a timer, a grant, a connect) must not pass for one of the next request,
    /// whose attempts a per-request count would number from 1 again.
    private var attemptCounter = 0
    /// What the metrics learn about the request in flight; recorded once when its answer ends.
    private var observation = RequestObservation()
    private var random = SystemRandomNumberGenerator()
    /// The client's address, for limits and stickiness of callers without a key. It does not change
    /// for the life of the connection, so it is formatted once rather than per request.
    private lazy var clientAddress: String = context?.channel.remoteAddress?.ipAddress ?? "unknown"

    /// `gw-PROCESS-`: request ids of this process start with it.
    private static let requestIDPrefix = Array("gw-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))-".utf8)
    private static let requestCounter = RequestCounter()
    /// How many request numbers a connection takes from `requestCounter` at once.
    private static let requestNumberBlock = 256
    /// The gateway's own GET endpoints on the data listener, answered before any route.
    private static let ownPaths: Set<String> = ["/healthz", "/readyz", "/metrics"]
    /// Numbers for request ids this connection has taken and not used yet.
    private var requestNumbers = 0..<0

    /// Told when bytes and heads arrive and responses end, so it can time slow and idle clients.
    private let slowClientClock: SlowClientClock

    init(
        state: GatewayState, configuration: GatewayConfiguration, upstreams: UpstreamPools, upstreamPool: UpstreamPool
    ) {
        self.state = state
        self.configuration = configuration
        self.upstreams = upstreams
        self.upstreamPool = upstreamPool
        self.slowClientClock = SlowClientClock(headerTimeout: configuration.headerTimeout, idleTimeout: configuration.idleTimeout)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { slowClientClock.start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        slowClientClock.start(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    // MARK: Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        slowClientClock.bytesArrived(context)
        parser.append(unwrapInboundIn(data))
        if case .processing = readState { return }  // a pipelined request: read once the one in flight is answered
        readRequests()
    }

    /// Bytes of pipelined requests kept before the socket stops being read.
    static let pipelinedBytesLimit = 64 * 1024

    /// Holds reads once pipelined requests pile up behind the one in flight: a client pipelining
    /// a thousand requests is read a few answers at a time rather than buffered whole. Reads are
    /// not held merely because a request is in flight: that would take the socket out of epoll and
    /// put it back (two system calls) for every request of every keep-alive client.
    func read(context: ChannelHandlerContext) {
        if case .processing = readState, parser.bufferedBytes >= GatewayHandler.pipelinedBytesLimit {
            readPending = true
        } else {
            context.read()
        }
    }

    /// Parses what the client sent, one request at a time: each is answered (or its answer
    /// started) before the next is parsed. Then lets held reads go.
    private func readRequests() {
        guard !replaying, let context else { return }
        replaying = true
        defer { replaying = false }
        while true {
            if case .processing = readState { return }  // answered later; the rest keeps waiting
            let ended: Bool
            do {
                ended = try parser.parse { event in
                    switch event {
                    case .head(let head): headArrived(head)
                    case .body(let buffer): bodyArrived(buffer)
                    }
                }
            } catch {
                answer(error)
                return
            }
            guard ended else { break }
            requestEnded()
        }
        if readPending {
            readPending = false
            context.read()
        }
    }

    private func headArrived(_ head: ClientRequestHead) {
        slowClientClock.headReceived()
        requestVersion = head.version
        requestMethod = head.method
        observation = RequestObservation()
        if let length = head.facts.contentLength, length > configuration.maxBodyBytes {
            if head.facts.expectsContinue {
                // The client waits for a go-ahead before sending a body that could never be
                // taken: it gets the 413 now, and the connection closes (RFC 9110 §10.1.1).
                readState = .processing
                respond(error: .tooLarge(limit: configuration.maxBodyBytes), head: head, requestID: requestID(for: head), keepAlive: false)
                return
            }
            readState = .discarding(head)
            return
        }
        if head.facts.expectsContinue, head.facts.contentLength != 0, let refusal = refusalBeforeBody(head) {
            // No go-ahead for a body that would be refused: the answer now, and the connection
            // closes, since the client may still send the body (RFC 9110 §10.1.1).
            readState = .processing
            respond(error: refusal, head: head, requestID: requestID(for: head), keepAlive: false)
            return
        }
        readState = .receiving(head, [])
        if head.facts.expectsContinue, head.facts.contentLength != 0, let context {
            // The client waits for this before it sends its body (curl does, for a second, with
            // any body over 1 KiB).
            var goAhead = context.channel.allocator.buffer(capacity: 25)
            goAhead.writeStaticString("HTTP/1.1 100 Continue\r\n\r\n")
            context.writeAndFlush(wrapOutboundOut(goAhead), promise: nil)
        }
    }

    private func bodyArrived(_ buffer: ByteBuffer) {
        guard case .receiving(let head, var body) = readState else { return }
        readState = .idle  // drop the reference so appending does not copy
        if body.count + buffer.readableBytes > configuration.maxBodyBytes {
            readState = .discarding(head)
            return
        }
        buffer.withUnsafeReadableBytes { body.append(contentsOf: $0) }
        readState = .receiving(head, body)
    }

    private func requestEnded() {
        switch readState {
        case .receiving(let head, let body):
            readState = .processing
            handle(head, body: body)
        case .discarding(let head):
            readState = .processing
            respond(error: .tooLarge(limit: configuration.maxBodyBytes), head: head, requestID: requestID(for: head), keepAlive: false)
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let exchange {  // the client left mid-request
            observation.clientClosed(upstream: exchange.candidate.provider)
            state.metrics.record(observation)
        }
        exchange?.deadline = nil
        exchange = nil
        attemptTimer?.cancel()
        attemptTimer = nil
        attemptTimerDue = nil
        activeUpstream?.dropListener()
        activeUpstream?.channel.close(promise: nil)
        activeUpstream = nil
        stopWaitingForSlot()
        slowClientClock.stop()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// A request that could not be parsed gets 400 (431 for a head over the limit) with an error
    /// body saying why, then the connection closes: after bad framing nothing further on it can
    /// be trusted.
    private func answer(_ error: HTTPWireError) {
        // What could not be parsed has no method or version of its own: answer as to HTTP/1.1 GET
        // (a body, a `connection: close`), not as to the request before it.
        requestMethod = .GET
        requestVersion = .http1_1
        let gatewayError: GatewayError = switch error {
        case .headTooLarge:
            GatewayError(status: .requestHeaderFieldsTooLarge, type: "invalid_request_error", code: "headers_too_large",
                         message: "The request head is larger than the gateway accepts (\(HTTPHeadReader.headLimit / 1024) KiB).")
        default:
            .badRequest("The request is not valid HTTP/1.1: \(error).")
        }
        readState = .processing
        respond(status: gatewayError.status, body: Array(gatewayError.body.utf8), requestID: newRequestID(), keepAlive: false)
    }

    /// The caller's `x-request-id` when it has a usable one, else one of the gateway's.
    private func requestID(for head: ClientRequestHead) -> String {
        if let given = head.facts.requestID, !given.isEmpty, given.utf8.count <= 128 { return given }
        return newRequestID()
    }

    /// `gw-PROCESS-N`, written digit by digit rather than through string interpolation. The
    /// connection takes its numbers from the process's counter a block at a time: one atomic
    /// add per request, on a cache line both cores write, showed in every request's cost.
    private func newRequestID() -> String {
        if requestNumbers.isEmpty { requestNumbers = GatewayHandler.requestCounter.take(GatewayHandler.requestNumberBlock) }
        var number = requestNumbers.removeFirst()
        let prefix = GatewayHandler.requestIDPrefix
        return String(unsafeUninitializedCapacity: prefix.count + 20) { out in
            _ = out.initialize(from: prefix)
            var index = prefix.count
            let start = index
            repeat {
                out[index] = UInt8(ascii: "0") + UInt8(number % 10)
                number /= 10
                index += 1
            } while number > 0
            out[start..<index].reverse()
            return index
        }
    }

    // MARK: Deciding

    private func handle(_ head: ClientRequestHead, body: [UInt8]) {
        let requestID = requestID(for: head)
        let keepAlive = head.isKeepAlive
        let path = head.path
        if head.method == .GET, path == "/healthz" {
            respond(status: .ok, body: Array(#"{"status":"ok"}"#.utf8), requestID: requestID, keepAlive: keepAlive)
            return
        }
        if head.method == .GET, path == "/readyz" {
            let ready = state.slots.stable != nil
            respond(status: ready ? .ok : .serviceUnavailable, body: Array((ready ? #"{"status":"ready"}"# : #"{"status":"no revision loaded"}"#).utf8),
                    requestID: requestID, keepAlive: keepAlive)
            return
        }
        if head.method == .GET, path == "/metrics" {
            respond(status: .ok, body: state.metrics.prometheusExposition(), requestID: requestID, keepAlive: keepAlive,
                    contentType: GatewayMetrics.prometheusContentType)
            return
        }
        let presentedKey = KeyAuthenticator.presentedKey(authorization: head.facts.authorization, apiKey: head.facts.apiKey)
        let clientAddress = clientAddress
        // Hashed once: the digest serves for stickiness, authentication and limits.
        let presentedDigest = presentedKey.map(KeyAuthenticator.digest)
        let stickyKey = presentedDigest ?? clientAddress
        guard let (revision, slot, flagRollouts) = state.revision(stickyKey: stickyKey) else {
            respond(error: .unavailable("The gateway has no revision loaded yet."), head: head, requestID: requestID, keepAlive: keepAlive)
            return
        }
        observation.revision = revision.id
        observation.slot = slot
        let method = head.method.rawValue
        let compiledRoute: CompiledRoute
        switch Self.route(for: head, in: revision) {
        case .success(let found): compiledRoute = found
        case .failure(let error):
            respond(error: error, head: head, requestID: requestID, keepAlive: keepAlive)
            return
        }
        let routeName = compiledRoute.name
        observation.route = routeName
        let caller: KeyAuthenticator.Caller?
        switch admission(to: compiledRoute, in: revision, bodyLength: body.count, presentedDigest: presentedDigest) {
        case .success(let admitted): caller = admitted
        case .failure(let error):
            // After a body over the limit the connection closes, as when it was never read.
            respond(error: error, head: head, requestID: requestID, keepAlive: keepAlive && error.status != .payloadTooLarge)
            return
        }
        var model: String?
        var modelRange: Range<Int>?
        var stream = false
        var inputCount = 1
        if !body.isEmpty {
            do {
                let found = try JSONBodyScanner.scan(body)
                model = found.model
                modelRange = found.valueRange
                stream = found.stream
                inputCount = found.inputCount
            } catch {
                if compiledRoute.plan.readsBody {
                    respond(error: .badRequest("The request body must be a JSON object; this route routes on its `model`."),
                            head: head, requestID: requestID, keepAlive: keepAlive)
                    return
                }
            }
        }
        if compiledRoute.plan.readsBody, model == nil, compiledRoute.routesOnModel {
            respond(error: .badRequest("The request body has no `model`; this route routes on it."), head: head, requestID: requestID, keepAlive: keepAlive)
            return
        }
        let armIndex: Int
        if compiledRoute.readsHeaders {
            // `when` arms or flags: their predicates see the request's facts. Without any, none are
            // gathered (the lowercased copy of every header, the flag closure) and the first arm is it.
            guard let chosen = chooseArm(
                compiledRoute, revision: revision, flagRollouts: flagRollouts, head: head, method: method, path: path,
                model: model, caller: caller, subject: caller?.digest ?? presentedDigest ?? clientAddress, bodyCount: body.count)
            else {
                respond(error: .noRoute(method: method, path: path), head: head, requestID: requestID, keepAlive: keepAlive)
                return
            }
            armIndex = chosen
        } else {
            guard !compiledRoute.plan.arms.isEmpty else {
                respond(error: .noRoute(method: method, path: path), head: head, requestID: requestID, keepAlive: keepAlive)
                return
            }
            armIndex = 0
        }
        let now = Double(NIODeadline.now().uptimeNanoseconds) / 1e9
        var tokenCharges: [Exchange.TokenCharge] = []
        let sharedLimits = state.sharedLimits
        var sharedTakes: [LimitTake] = []
        for (index, limit) in compiledRoute.plan.limits.enumerated() {
            let who: String
            switch limit.by {
            case "key": who = caller?.digest ?? "ip:" + clientAddress
            case "key.team", "team": who = caller.map { "team:" + $0.team } ?? "ip:" + clientAddress
            default: who = "ip:" + clientAddress
            }
            let cost = limit.unit == "tokens" ? max(1, Double(body.count) / 4) : 1
            let bucket = "\(routeName)#\(index)#\(who)"
            if limit.unit == "tokens" {
                tokenCharges.append(.init(bucket: bucket, capacity: limit.amount, windowSeconds: limit.windowMs / 1000, estimate: cost))
            }
            if sharedLimits != nil {
                sharedTakes.append(LimitTake(bucket: bucket, cost: cost, capacity: limit.amount, windowSeconds: limit.windowMs / 1000))
            } else if let wait = state.limiter.take(
                key: bucket, cost: cost, capacity: limit.amount, windowSeconds: limit.windowMs / 1000, now: now)
            {
                respond(error: .rateLimited(PlanText.limit(limit), retryAfter: wait), head: head, requestID: requestID, keepAlive: keepAlive)
                return
            }
        }
        if let sharedLimits, !sharedTakes.isEmpty, let context {
            // The buckets live in Redis: the loop serves other connections while this request waits
            // for the verdict (pipelined requests behind it keep waiting), then it goes on from here.
            sharedLimits.take(sharedTakes, on: context.eventLoop).assumeIsolated().whenSuccess { [weak self] verdict in
                guard let self, let context = self.context, context.channel.isActive else { return }
                if case .refused(let index, let wait) = verdict {
                    self.respond(error: .rateLimited(PlanText.limit(compiledRoute.plan.limits[index]), retryAfter: wait), head: head, requestID: requestID,
                                 keepAlive: keepAlive)
                    return
                }
                self.dispatch(
                    head, requestID: requestID, keepAlive: keepAlive, revision: revision, slot: slot, route: compiledRoute, arm: armIndex,
                    body: body, modelRange: modelRange, stream: stream, inputCount: inputCount, tokenCharges: tokenCharges)
            }
            return
        }
        dispatch(
            head, requestID: requestID, keepAlive: keepAlive, revision: revision, slot: slot, route: compiledRoute, arm: armIndex,
            body: body, modelRange: modelRange, stream: stream, inputCount: inputCount, tokenCharges: tokenCharges)
    }

    /// The route `head` takes in `revision`; else the 404 (no route has its path) or 405 (routes
    /// have its path, for other methods) answering it.
    private static func route(for head: ClientRequestHead, in revision: CompiledRevision) -> Result<CompiledRoute, GatewayError> {
        let routesOfPath = revision.routesByPath[head.path]
        if let route = routesOfPath?.route(for: head.method) { return .success(route) }
        let method = head.method.rawValue
        if let allowed = routesOfPath?.methods { return .failure(.methodNotAllowed(method: method, path: head.path, allowed: allowed)) }
        return .failure(.noRoute(method: method, path: head.path))
    }

    /// What `route` checks before it needs the body: a body of `bodyLength` bytes within its limit
    /// (else 413) and, when it has `auth`, a caller its keys know (else 401). The caller, nil on a
    /// route without auth.
    private func admission(
        to route: CompiledRoute, in revision: CompiledRevision, bodyLength: Int, presentedDigest: String?
    ) -> Result<KeyAuthenticator.Caller?, GatewayError> {
        let limit = route.plan.maxBodyBytes ?? revision.revision.maxBodyBytes
        if bodyLength > Int(limit) { return .failure(.tooLarge(limit: Int(limit))) }
        guard let keysName = route.plan.auth else { return .success(nil) }
        guard let digest = presentedDigest,
            let caller = revision.authenticators[keysName]?.authenticate(digest: digest)
                ?? state.syntheticCallers?.authenticate(digest: digest)
        else { return .failure(.unauthorized) }
        return .success(caller)
    }

    /// Why a request whose client waits for a go-ahead (`expect: 100-continue`) is refused whatever
    /// its body says: no revision, no route (404, 405), a declared length over the route's limit
    /// (413), a caller the route does not admit (401). Nil when the body is worth asking for. The
    /// checks run again when the body has come (a revision may have been promoted meanwhile).
    private func refusalBeforeBody(_ head: ClientRequestHead) -> GatewayError? {
        if head.method == .GET, GatewayHandler.ownPaths.contains(head.path) { return nil }
        let presentedDigest = KeyAuthenticator.presentedKey(authorization: head.facts.authorization, apiKey: head.facts.apiKey)
            .map(KeyAuthenticator.digest)
        guard let (revision, _, _) = state.revision(stickyKey: presentedDigest ?? clientAddress) else {
            return .unavailable("The gateway has no revision loaded yet.")
        }
        switch Self.route(for: head, in: revision) {
        case .failure(let error): return error
        case .success(let route):
            let admission = admission(to: route, in: revision, bodyLength: head.facts.contentLength ?? 0, presentedDigest: presentedDigest)
            if case .failure(let error) = admission { return error }
            return nil
        }
    }

    /// Sends a request that passed its checks on its way: picks the arm's target and its fallbacks
    /// and starts the first attempt.
    private func dispatch(
        _ head: ClientRequestHead, requestID: String, keepAlive: Bool, revision: CompiledRevision, slot: String, route compiledRoute: CompiledRoute,
        arm: Int, body: [UInt8], modelRange: Range<Int>?, stream: Bool, inputCount: Int, tokenCharges: [Exchange.TokenCharge]
    ) {
        let target = WeightedChoice.pick(compiledRoute.plan.arms[arm].targets, using: &random)
        let candidates = compiledRoute.candidates[arm][target]
        exchange = Exchange(
            head: head, requestID: requestID, keepAlive: keepAlive, revision: revision, slot: slot,
            route: compiledRoute, body: body, modelRange: modelRange, stream: stream, inputCount: inputCount,
            tokenCharges: tokenCharges, candidates: candidates, started: .now())
        startAttempt()
    }

    /// The index of the first arm whose `when` holds for this request (flags evaluated for its
    /// caller), noting which of the revision's flags are on for the metrics' flag sides.
    private func chooseArm(
        _ route: CompiledRoute, revision: CompiledRevision, flagRollouts: [String: Double], head: ClientRequestHead,
        method: String, path: String, model: String?, caller: KeyAuthenticator.Caller?, subject: String, bodyCount: Int
    ) -> Int? {
        let flags = revision.revision.flags
        let headers = head.fieldsByLowercasedName()
        // A presented key identifies the caller even on a route without auth, as it does for the canary split.
        let facts = RequestFacts(
            method: method, path: path, headers: headers, model: model, keyTeam: caller?.team, keyId: caller?.id,
            bodyTokens: Double(bodyCount) / 4,
            flagIsOn: { name in
                guard let flag = flags[name] else { return false }
                let share = flagRollouts[name] ?? flag.rolloutPercent
                return FlagEvaluator.isOn(flag, share: share, subject: subject, facts: RequestFacts(
                    method: method, path: path, headers: headers, model: model, keyTeam: caller?.team, keyId: caller?.id,
                    bodyTokens: Double(bodyCount) / 4, flagIsOn: { _ in false }), name: name)
            })
        observation.noteFlags(flags.keys, facts.flagIsOn)
        return route.plan.arms.firstIndex { $0.when.map { PredicateEvaluator.evaluate($0, facts) } ?? true }
    }

    // MARK: Attempts

    /// Whether a failure would be handled by a retry or a fallback (so the attempt's answer is held back).
    private func hasAlternative(for failure: AttemptFailure, _ exchange: Exchange) -> Bool {
        if let retry = exchange.route.plan.retry, exchange.retriesLeft > 0, failure.matches(retry.on) { return true }
        if let fallback = exchange.route.plan.fallback, exchange.candidateIndex + 1 < exchange.candidates.count,
            failure.matches(fallback.on)
        {
            return true
        }
        return false
    }

    private func startAttempt() {
        guard let exchange, let context else { return }
        let now = Double(NIODeadline.now().uptimeNanoseconds) / 1e9
        // Skip providers whose breaker is open; with none left, 503.
        while state.breakers.isOpen(exchange.candidate.provider, now: now) {
            guard exchange.candidateIndex + 1 < exchange.candidates.count else {
                self.exchange = nil
                respond(error: .unavailable("Every upstream of route \(exchange.route.name) is unavailable (circuit breaker open)."),
                        head: exchange.head, requestID: exchange.requestID, keepAlive: exchange.keepAlive)
                return
            }
            exchange.moveToNextCandidate()
        }
        attemptCounter += 1
        exchange.attempt = attemptCounter
        let attempt = exchange.attempt
        let provider = exchange.candidate.provider
        var body = exchange.body
        if let model = exchange.candidate.model, let range = exchange.modelRange {
            body = JSONBodyScanner.rewritingModel(body, range: range, to: model)
        }
        guard let compiled = exchange.candidate.compiled else {
            self.exchange = nil
            respond(error: .upstreamFailed("unknown provider \(provider)"), head: exchange.head, requestID: exchange.requestID, keepAlive: exchange.keepAlive)
            return
        }
        var timeoutMs = compiled.plan.timeoutMs
        if let routeTimeout = exchange.route.plan.timeoutMs {
            let spent = Double((NIODeadline.now() - exchange.started).nanoseconds) / 1e6
            timeoutMs = min(timeoutMs, max(1, routeTimeout - spent))
        }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeoutMs * 1e6))
        exchange.deadline = deadline
        armAttemptTimer(for: deadline, context)
        if let mock = compiled.mock {
            runMock(mock, body: body, attempt: attempt)
        } else {
            forward(to: compiled.target, body: body, attempt: attempt)
        }
    }

    /// Makes sure the attempt timer fires no later than `deadline`. Usually it is due sooner already,
    /// armed for an earlier request of the connection, and then re-arms for this one when it fires:
    /// scheduling and cancelling a task per attempt cost more than the rest of the routing.
    private func armAttemptTimer(for deadline: NIODeadline, _ context: ChannelHandlerContext) {
        if let due = attemptTimerDue, due <= deadline { return }
        attemptTimer?.cancel()
        attemptTimerDue = deadline
        attemptTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] in
            self?.attemptTimerFired()
        }
    }

    private func attemptTimerFired() {
        attemptTimer = nil
        attemptTimerDue = nil
        guard let exchange, let deadline = exchange.deadline, let context else { return }
        if NIODeadline.now() >= deadline {
            attemptFailed(.timeout, attempt: exchange.attempt)
        } else {
            armAttemptTimer(for: deadline, context)
        }
    }

    /// A forwarded answer still tells the breaker how the provider is doing.
    private func recordOutcome(status: Int, _ exchange: Exchange) {
        let provider = exchange.candidate.provider
        if AttemptFailure.status(status).countsForBreaker, status >= 400 {
            if let breaker = exchange.route.plan.breaker {
                state.breakers.recordFailure(
                    provider, now: Double(NIODeadline.now().uptimeNanoseconds) / 1e9, threshold: breaker.failures,
                    windowSeconds: breaker.windowMs / 1000, openSeconds: breaker.openMs / 1000)
            }
        } else {
            state.breakers.recordSuccess(provider)
        }
    }

    private func attemptFailed(_ failure: AttemptFailure, attempt: Int) {
        guard let exchange, exchange.attempt == attempt, !exchange.responseStarted, let context else { return }
        exchange.deadline = nil
        attemptCounter += 1
        exchange.attempt = attemptCounter  // later events of this attempt are stale
        // An attempt that timed out waiting for room under `max_connections` says nothing about
        // the provider: the breaker does not count it.
        let waitedForRoom = waitingForSlot?.attempt == attempt
        stopWaitingForSlot()
        if let upstream = activeUpstream {
            upstream.dropListener()
            upstream.channel.close(promise: nil)
            activeUpstream = nil
        }
        let provider = exchange.candidate.provider
        if failure.countsForBreaker, !waitedForRoom, let breaker = exchange.route.plan.breaker {
            state.breakers.recordFailure(
                provider, now: Double(NIODeadline.now().uptimeNanoseconds) / 1e9, threshold: breaker.failures,
                windowSeconds: breaker.windowMs / 1000, openSeconds: breaker.openMs / 1000)
        }
        if let retry = exchange.route.plan.retry, exchange.retriesLeft > 0, failure.matches(retry.on) {
            exchange.retriesLeft -= 1
            exchange.retriesDone += 1
            // Exponential backoff with full jitter between the bounds: spreads retries of many callers.
            let base = retry.backoffMs[0] * pow(2, Double(exchange.retriesDone - 1))
            let ceiling = min(retry.backoffMs[1], base)
            let delay = Double.random(in: (ceiling / 2)...max(ceiling / 2, ceiling), using: &random)
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(delay * 1e6))) { [weak self] in
                self?.startAttempt()
            }
            return
        }
        if let fallback = exchange.route.plan.fallback, exchange.candidateIndex + 1 < exchange.candidates.count, failure.matches(fallback.on) {
            exchange.moveToNextCandidate()
            exchange.retriesLeft = 0
            startAttempt()
            return
        }
        self.exchange = nil
        respond(error: failure.gatewayError(provider: provider), head: exchange.head, requestID: exchange.requestID,
                keepAlive: exchange.keepAlive, upstream: provider)
    }

    // MARK: Mock upstreams

    private func runMock(_ mock: MockResponder, body: [UInt8], attempt: Int) {
        guard let exchange, let context else { return }
        var model = exchange.candidate.model
        if model == nil, let range = exchange.modelRange, range.count >= 2 {
            model = String(decoding: exchange.body[(range.lowerBound + 1)..<(range.upperBound - 1)], as: UTF8.self)
        }
        let reply = mock.reply(
            path: exchange.head.uri, model: model, stream: exchange.stream, promptBytes: body.count,
            elapsedMs: exchange.revision.elapsedMilliseconds() * state.timelineSpeed, sequence: GatewayHandler.requestCounter.next(), random: &random,
            inputCount: exchange.inputCount)
        if case .hang = reply.body { return }  // the attempt's timeout will fire
        context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(reply.delayNanos)) { [weak self] in
            self?.deliverMock(reply, attempt: attempt)
        }
    }

    private func deliverMock(_ reply: MockReply, attempt: Int) {
        guard let exchange, exchange.attempt == attempt, let context else { return }
        let failure = AttemptFailure.status(reply.status)
        if reply.status >= 400, hasAlternative(for: failure, exchange) {
            attemptFailed(failure, attempt: attempt)
            return
        }
        exchange.deadline = nil
        exchange.responseStarted = true
        recordOutcome(status: reply.status, exchange)
        observation.answerStarted(status: reply.status, exchange)
        let status = HTTPResponseStatus(statusCode: reply.status)
        switch reply.body {
        case .full(let bytes):
            observation.sawBody(bytes)
            var out = responseHead(status: status, keepAlive: exchange.keepAlive, capacity: bytes.count) { out in
                HTTPWire.writeHeader("content-type", reply.contentType, into: &out)
                HTTPWire.writeHeader("content-length", bytes.count, into: &out)
                decorate(&out, exchange, upstream: exchange.candidate.provider)
            }
            if !exchange.isHead { out.writeBytes(bytes) }
            context.write(wrapOutboundOut(out), promise: nil)
            finish(keepAlive: exchange.keepAlive)
        case .stream(let chunks, let interval):
            exchange.streaming = true
            exchange.chunked = !exchange.isHead && clientSpeaksHTTP11
            if !exchange.chunked { exchange.keepAlive = false }  // the end of the body is the end of the connection
            let head = responseHead(status: status, keepAlive: exchange.keepAlive, capacity: 0) { out in
                HTTPWire.writeHeader("content-type", reply.contentType, into: &out)
                HTTPWire.writeHeader("cache-control", "no-cache", into: &out)
                if exchange.chunked { HTTPWire.writeHeader("transfer-encoding", "chunked", into: &out) }
                decorate(&out, exchange, upstream: exchange.candidate.provider)
            }
            context.writeAndFlush(wrapOutboundOut(head), promise: nil)
            if exchange.isHead {
                finish(keepAlive: exchange.keepAlive)
            } else {
                streamMockChunks(chunks[...], interval: interval, attempt: attempt)
            }
        case .hang:
            break
        }
    }

    private func streamMockChunks(_ chunks: ArraySlice<[UInt8]>, interval: Int64, attempt: Int) {
        guard let exchange, exchange.attempt == attempt, let context else { return }
        guard let chunk = chunks.first else {
            finish(keepAlive: exchange.keepAlive)
            return
        }
        observation.sawBody(chunk)
        writeBody(context.channel.allocator.buffer(bytes: chunk), exchange, flush: true)
        let rest = chunks.dropFirst()
        if rest.isEmpty {
            finish(keepAlive: exchange.keepAlive)
            return
        }
        context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(interval)) { [weak self] in
            self?.streamMockChunks(rest, interval: interval, attempt: attempt)
        }
    }

    // MARK: HTTP upstreams

    private func forward(to target: UpstreamTarget?, body: [UInt8], attempt: Int) {
        guard let exchange, let context else { return }
        guard let target else {
            attemptFailed(.connectError("no usable url"), attempt: attempt)
            return
        }
        let request = encodeUpstreamRequest(exchange, target: target, body: body, allocator: context.channel.allocator)
        obtainConnection(to: target, request: request, method: exchange.head.method, attempt: attempt)
    }

    /// An idle connection of the loop's pool, else a new one if the provider's `max_connections`
    /// has room, else a place in its queue; then `request` goes out on it.
    private func obtainConnection(to target: UpstreamTarget, request: ByteBuffer, method: HTTPMethod, attempt: Int) {
        guard let exchange, let context else { return }
        let key = target.poolKey
        if let connection = upstreamPool.take(key) {
            send(request, method: method, on: connection, attempt: attempt)
            return
        }
        // A new connection, if the provider's `max_connections` has room; else this attempt waits
        // its turn (its timeout still runs) while the loops close idle connections to make room.
        let limit = exchange.candidate.compiled?.plan.maxConnections ?? 64
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let acquisition = upstreams.budget.acquire(target, limit: limit, on: context.eventLoop) { handedOver in
            handler.value.slotGranted(handedOver?.value, to: target, request: request, method: method, attempt: attempt)
        }
        switch acquisition {
        case .granted:
            connect(to: target, request: request, method: method, attempt: attempt)
        case .queued(let id):
            waitingForSlot = (key, id, attempt)
            upstreams.shedIdle(key)
        }
    }

    /// The attempt that waited for room under `max_connections` has a slot, or a connection handed
    /// over with its slot; it goes on unless it was abandoned meanwhile (then the slot goes back,
    /// or the connection to the loop's pool).
    private func slotGranted(
        _ handedOver: UpstreamConnection?, to target: UpstreamTarget, request: ByteBuffer, method: HTTPMethod, attempt: Int
    ) {
        guard waitingForSlot?.attempt == attempt, exchange?.attempt == attempt, context != nil else {
            if let handedOver { recycle(handedOver) } else { upstreams.budget.release(target.poolKey) }
            return
        }
        if let deadline = exchange?.deadline, NIODeadline.now() >= deadline {
            // The room came after the attempt's time ran out (its timer is late on a busy loop):
            // not sent with no time left, and a timeout of the wait, which the breaker does not count.
            if let handedOver { recycle(handedOver) } else { upstreams.budget.release(target.poolKey) }
            attemptFailed(.timeout, attempt: attempt)
            return
        }
        waitingForSlot = nil
        guard let handedOver else { return connect(to: target, request: request, method: method, attempt: attempt) }
        if handedOver.channel.isActive {
            send(request, method: method, on: handedOver, attempt: attempt)
        } else {
            // It closed on its way here, and its slot went back: this attempt asks again.
            obtainConnection(to: target, request: request, method: method, attempt: attempt)
        }
    }

    /// A connection free for another request: kept for the loop's next request to its upstream.
    /// When requests wait for room under its `max_connections`, one of this loop gets it directly
    /// (on the next tick, not inside this answer's handling); else closing it hands its slot to
    /// one of another loop. It also closes while a lowered limit leaves too many open.
    private func recycle(_ connection: UpstreamConnection) {
        let key = connection.target.poolKey
        let loop = connection.channel.eventLoop
        if upstreams.budget.isOverLimit(key) {
            // Too many open under a lowered limit: not handed on, even to a request waiting.
            connection.channel.close(promise: nil)
        } else if let waiter = upstreams.budget.takeWaiter(key, on: loop) {
            let handedOver = NIOLoopBound(connection, eventLoop: loop)
            loop.execute { waiter.grant(handedOver) }
        } else if upstreams.budget.hasWaiters(key) {
            connection.channel.close(promise: nil)
        } else {
            upstreamPool.put(connection)
        }
    }

    /// Leaves the queue for an upstream connection (the attempt timed out, the client left). A slot
    /// already on its way is released by `slotGranted`.
    private func stopWaitingForSlot() {
        guard let waiting = waitingForSlot else { return }
        waitingForSlot = nil
        _ = upstreams.budget.cancel(waiting.key, waiter: waiting.id)
    }

    /// Opens a connection in a slot of the budget: the slot is released when the connection closes
    /// (or failed to open).
    private func connect(to target: UpstreamTarget, request: ByteBuffer, method: HTTPMethod, attempt: Int) {
        guard let context else {
            upstreams.budget.release(target.poolKey)
            return
        }
        let budget = upstreams.budget
        let key = target.poolKey
        UpstreamConnection.connect(to: target, on: context.eventLoop)
            .assumeIsolated()
            .whenComplete { [weak self] result in
                switch result {
                case .success(let connection):
                    connection.channel.closeFuture.whenComplete { _ in budget.release(key) }
                    guard let self, self.exchange?.attempt == attempt else {
                        connection.channel.close(promise: nil)
                        return
                    }
                    self.send(request, method: method, on: connection, attempt: attempt)
                case .failure(let error):
                    budget.release(key)
                    self?.attemptFailed(.connectError("\(error)"), attempt: attempt)
                }
            }
    }

    private func send(_ request: ByteBuffer, method: HTTPMethod, on connection: UpstreamConnection, attempt: Int) {
        activeUpstream = connection
        connection.send(method: method, encoded: request, to: self, attempt: attempt)
    }

    /// The request as the upstream gets it, head and body in one buffer. The caller's gateway key
    /// never goes upstream (see `HeaderNames.notForwarded`); the provider's own key does.
    private func encodeUpstreamRequest(_ exchange: Exchange, target: UpstreamTarget, body: [UInt8], allocator: ByteBufferAllocator) -> ByteBuffer {
        let head = exchange.head
        let method = head.method.rawValue
        let anthropic = target.kind == "anthropic"
        // Room for all of it, reserved once: the line, the headers (a line may gain a space after
        // its colon and a CR before its LF), the gateway's own, the body.
        let room = method.utf8.count + target.pathPrefix.utf8.count + head.uri.utf8.count + 12 + head.fields.readableBytes
            + 2 * head.fieldCount + target.fixedHeaderBytes.count + 18 + WireBytes.decimalRoom + 16 + exchange.requestID.utf8.count
            + (anthropic ? 32 : 0) + 2 + body.count
        var out = allocator.buffer(capacity: room)
        out.writeWithUnsafeMutableBytes(minimumWritableBytes: room) { raw in
            var wire = WireBytes(raw)
            wire.append(method)
            wire.append(byte: UInt8(ascii: " "))
            wire.append(target.pathPrefix)
            wire.append(head.uri)
            wire.append(" HTTP/1.1\r\n")
            head.forEachField { name, value in
                let namePointer = name.baseAddress!.assumingMemoryBound(to: UInt8.self)
                guard !HeaderNames.notForwarded.contains(namePointer, count: name.count) else { return }
                wire.append(namePointer, count: name.count)
                wire.append(": ")
                if let valuePointer = value.baseAddress { wire.append(valuePointer.assumingMemoryBound(to: UInt8.self), count: value.count) }
                wire.append("\r\n")
            }
            wire.append(target.fixedHeaderBytes)
            wire.append("content-length: ")
            wire.appendDecimal(body.count)
            wire.append("\r\nx-request-id: ")
            wire.append(exchange.requestID)
            wire.append("\r\n")
            if anthropic, !head.facts.hasAnthropicVersion { wire.append("anthropic-version: 2023-06-01\r\n") }
            wire.append("\r\n")
            wire.append(body)
            return wire.count
        }
        return out
    }

    func upstreamEvent(_ event: UpstreamConnection.Event, connection: UpstreamConnection, attempt: Int) {
        guard let exchange, exchange.attempt == attempt, let context else { return }
        switch event {
        case .head(let head):
            let status = head.status
            let failure = AttemptFailure.status(status)
            if status >= 400, hasAlternative(for: failure, exchange) {
                connection.dropListener()
                activeUpstream = nil
                connection.channel.close(promise: nil)
                attemptFailed(failure, attempt: attempt)
                return
            }
            exchange.deadline = nil
            exchange.responseStarted = true
            recordOutcome(status: status, exchange)
            let answer = head.facts
            observation.answerStarted(status: status, exchange, answer: answer)
            let sized = answer.sized
            let bodiless = exchange.isHead || status == 204 || status == 304
            exchange.streaming = answer.eventStream || !sized
            exchange.chunked = !sized && !bodiless && clientSpeaksHTTP11
            if !sized, !bodiless, !exchange.chunked { exchange.keepAlive = false }  // HTTP/1.0: the close ends the body
            var forwarded = head.forwardedHeaders
            // Room for the head and, for a sized answer, the start of its body (held with it).
            let room = forwarded.readableBytes + (exchange.streaming || bodiless ? 0 : min(answer.contentLength ?? 0, 16 * 1024))
            let out = responseHead(status: HTTPResponseStatus(statusCode: status), keepAlive: exchange.keepAlive, capacity: room) { out in
                // The upstream's hop-by-hop headers, `x-gwpipe-*` and `x-request-id` were left out
                // by the parser: the gateway frames the answer and decorates it itself.
                out.writeBuffer(&forwarded)
                if exchange.chunked { HTTPWire.writeHeader("transfer-encoding", "chunked", into: &out) }
                decorate(&out, exchange, upstream: exchange.candidate.provider)
            }
            if exchange.streaming {
                context.writeAndFlush(wrapOutboundOut(out), promise: nil)
            } else if bodiless || answer.contentLength == 0 {
                context.write(wrapOutboundOut(out), promise: nil)
            } else {
                // A sized body goes out with the end of the response (one write syscall instead of
                // several), and its head with the first piece of it (one trip down the pipeline).
                exchange.heldHead = out
            }
        case .body(let buffer):
            observation.sawBody(buffer)
            guard !exchange.isHead else { return }
            if var held = exchange.heldHead {
                exchange.heldHead = nil
                var buffer = buffer
                held.writeBuffer(&buffer)
                writeBody(held, exchange, flush: false, framed: false)
            } else {
                // Streams are passed through as they arrive: SSE chunks reach the client without waiting for the end.
                writeBody(buffer, exchange, flush: exchange.streaming)
            }
        case .end:
            if let held = exchange.heldHead {  // a sized answer whose body never came (a HEAD's)
                exchange.heldHead = nil
                context.write(wrapOutboundOut(held), promise: nil)
            }
            activeUpstream = nil
            if connection.reusable, connection.channel.isActive {
                recycle(connection)
            } else {
                connection.channel.close(promise: nil)
            }
            finish(keepAlive: exchange.keepAlive)
        case .failed(let error):
            activeUpstream = nil
            if exchange.responseStarted {
                // Mid-stream failure: the client already has a status; cut the response short.
                observation.cutShort = true
                state.metrics.record(observation)
                self.exchange = nil
                readState = .idle
                context.close(promise: nil)
            } else if let malformed = error as? HTTPWireError, malformed != .unexpectedEnd {
                attemptFailed(.malformedAnswer(malformed.description), attempt: attempt)
            } else if let handshake = UpstreamTLS.handshakeFailure(error) {
                attemptFailed(.connectError(handshake), attempt: attempt)
            } else {
                attemptFailed(.reset, attempt: attempt)
            }
        }
    }

    // MARK: Writing

    /// The status line, the headers `headers` writes, `connection` when the connection will not be
    /// kept, and the blank line; `capacity` is room for what the caller appends (a body).
    private func responseHead(
        status: HTTPResponseStatus, keepAlive: Bool, capacity: Int, headers: (inout ByteBuffer) -> Void
    ) -> ByteBuffer {
        let allocator = context?.channel.allocator ?? ByteBufferAllocator()
        var out = allocator.buffer(capacity: 384 + capacity)
        HTTPWire.writeStatusLine(status, into: &out)
        headers(&out)
        if !keepAlive {
            HTTPWire.writeHeader("connection", "close", into: &out)
        } else if !clientSpeaksHTTP11 {
            HTTPWire.writeHeader("connection", "keep-alive", into: &out)  // HTTP/1.0 closes unless told
        }
        HTTPWire.endHead(into: &out)
        return out
    }

    /// A piece of the answer's body, chunk-framed when the answer is chunked (unless `framed` is
    /// false: the piece is the head and the body's start). Flushed when `flush`, or when a sized
    /// answer has piled up past `Exchange.flushThreshold` since the last flush.
    private func writeBody(_ buffer: ByteBuffer, _ exchange: Exchange, flush: Bool, framed: Bool = true) {
        guard let context, buffer.readableBytes > 0 else { return }
        var flush = flush
        if !flush {
            exchange.unflushedBytes += buffer.readableBytes
            if exchange.unflushedBytes > Exchange.flushThreshold {
                exchange.unflushedBytes = 0
                flush = true
            }
        }
        let out: ByteBuffer
        if framed, exchange.chunked {
            var framed = context.channel.allocator.buffer(capacity: buffer.readableBytes + 12)
            HTTPWire.writeChunk(buffer, into: &framed)
            out = framed
        } else {
            out = buffer
        }
        if flush {
            context.writeAndFlush(wrapOutboundOut(out), promise: nil)
        } else {
            context.write(wrapOutboundOut(out), promise: nil)
        }
    }

    /// Adds the gateway's headers (`x-gwpipe-*`, `x-request-id`), most of them encoded once per
    /// revision; the caller wrote none of them already.
    private func decorate(_ out: inout ByteBuffer, _ exchange: Exchange, upstream: String) {
        out.writeBytes(exchange.route.decoration)
        if let compiled = exchange.candidate.compiled, compiled.name == upstream {
            out.writeBytes(compiled.headerLine)
        } else {
            HTTPWire.writeHeader("x-gwpipe-upstream", upstream, into: &out)
        }
        switch exchange.slot {
        case "stable": out.writeStaticString("x-gwpipe-slot: stable\r\n")
        case "canary": out.writeStaticString("x-gwpipe-slot: canary\r\n")
        default: HTTPWire.writeHeader("x-gwpipe-slot", exchange.slot, into: &out)
        }
        HTTPWire.writeHeader("x-request-id", exchange.requestID, into: &out)
    }

    /// Token limits took a prompt estimate up front; now the answer's `usage` says what it really cost.
    private func settleTokenCharges(_ exchange: Exchange, tokens: Double, on eventLoop: any EventLoop) {
        guard tokens > 0 else { return }
        let now = Double(NIODeadline.now().uptimeNanoseconds) / 1e9
        for charge in exchange.tokenCharges where tokens > charge.estimate {
            if let sharedLimits = state.sharedLimits {
                sharedLimits.charge(
                    LimitTake(bucket: charge.bucket, cost: tokens - charge.estimate, capacity: charge.capacity, windowSeconds: charge.windowSeconds),
                    on: eventLoop)
            } else {
                state.limiter.charge(
                    key: charge.bucket, cost: tokens - charge.estimate, capacity: charge.capacity, windowSeconds: charge.windowSeconds, now: now)
            }
        }
    }

    /// Ends the answer in flight (the last chunk of a chunked one), flushes, and goes on with the
    /// next pipelined request, or closes when the connection is not kept.
    private func finish(keepAlive: Bool) {
        guard let context else { return }
        let chunked = exchange?.chunked ?? false
        if let exchange {
            exchange.deadline = nil
            state.metrics.record(observation)  // an upstream's answer ended
            settleTokenCharges(exchange, tokens: Double(observation.usage.tokens), on: context.eventLoop)
        }
        exchange = nil
        readState = .idle
        slowClientClock.responseFinished()
        if chunked {
            var last = context.channel.allocator.buffer(capacity: 5)
            last.writeStaticString(HTTPWire.lastChunk)
            context.write(wrapOutboundOut(last), promise: nil)
        }
        if keepAlive {
            context.flush()
            readRequests()
        } else {
            readState = .processing  // nothing more is read from a connection about to close
            let done = context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)))
            done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    private func respond(
        status: HTTPResponseStatus, body: [UInt8], requestID: String, keepAlive: Bool, contentType: String = "application/json",
        extra: [(name: String, value: String)] = []
    ) {
        guard let context else { return }
        let isHead = requestMethod == .HEAD
        var out = responseHead(status: status, keepAlive: keepAlive, capacity: body.count) { out in
            HTTPWire.writeHeader("content-type", contentType, into: &out)
            HTTPWire.writeHeader("content-length", body.count, into: &out)
            HTTPWire.writeHeader("x-request-id", requestID, into: &out)
            for header in extra { HTTPWire.writeHeader(header.name, header.value, into: &out) }
        }
        if !isHead { out.writeBytes(body) }
        context.write(wrapOutboundOut(out), promise: nil)
        finish(keepAlive: keepAlive)
    }

    private func respond(error: GatewayError, head: ClientRequestHead, requestID: String, keepAlive: Bool, upstream: String? = nil) {
        var extra: [(name: String, value: String)] = []
        if let retryAfter = error.retryAfter { extra.append(("retry-after", String(retryAfter))) }
        if let upstream { extra.append(("x-gwpipe-upstream", upstream)) }
        observation.gatewayAnswered(status: Int(error.status.code), upstream: upstream)
        state.metrics.record(observation)
        let body = head.path.hasSuffix("/messages") ? error.anthropicBody : error.body
        respond(status: error.status, body: Array(body.utf8), requestID: requestID, keepAlive: keepAlive, extra: extra)
    }
}
