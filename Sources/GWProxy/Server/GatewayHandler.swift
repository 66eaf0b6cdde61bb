import Foundation
import GWPlan
import NIOCore
import NIOHTTP1

/// Serves one client connection: reads a request (bounded), decides where it goes (slot, route,
/// auth, arm, limits), forwards it with retries, fallbacks and breakers, and streams the answer
/// back. Everything for one connection runs on its event loop, upstream connections included.
final class GatewayHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum ReadState {
        case idle
        case receiving(HTTPRequestHead, [UInt8])
        /// The body is over the limit: the rest is read and dropped, then 413.
        case discarding(HTTPRequestHead)
        case processing
    }

    let state: GatewayState
    let configuration: GatewayConfiguration
    private var readState = ReadState.idle
    private var exchange: Exchange?
    private var context: ChannelHandlerContext?
    private var idleUpstreams: [String: [UpstreamConnection]] = [:]
    private var activeUpstream: UpstreamConnection?
    /// What the metrics learn about the request in flight; recorded once when its answer ends.
    private var observation = RequestObservation()
    private var random = SystemRandomNumberGenerator()
    /// The client's address, for limits and stickiness of callers without a key. It does not change
    /// for the life of the connection, so it is formatted once rather than per request.
    private lazy var clientAddress: String = context?.channel.remoteAddress?.ipAddress ?? "unknown"

    private static let processID = String(UInt32.random(in: 0...UInt32.max), radix: 36)
    private static let requestCounter = RequestCounter()

    /// Told when heads arrive and responses end, so it can time slow clients.
    private let slowClientGuard: SlowClientGuard?

    init(state: GatewayState, configuration: GatewayConfiguration, slowClientGuard: SlowClientGuard? = nil) {
        self.state = state
        self.configuration = configuration
        self.slowClientGuard = slowClientGuard
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    // MARK: Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            slowClientGuard?.headReceived()
            observation = RequestObservation()
            if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > configuration.maxBodyBytes {
                readState = .discarding(head)
            } else {
                readState = .receiving(head, [])
            }
        case .body(var buffer):
            guard case .receiving(let head, var body) = readState else { return }
            readState = .processing  // drop the reference so appending does not copy
            if body.count + buffer.readableBytes > configuration.maxBodyBytes {
                readState = .discarding(head)
                return
            }
            body.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
            readState = .receiving(head, body)
        case .end:
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
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            // A client that sends nothing (or too slowly) does not keep a connection forever.
            switch readState {
            case .idle, .receiving, .discarding: context.close(promise: nil)
            case .processing: break
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let exchange {  // the client left mid-request
            observation.clientClosed(upstream: exchange.candidate.provider)
            state.metrics.record(observation)
        }
        exchange?.timeout?.cancel()
        exchange = nil
        activeUpstream?.listener = nil
        activeUpstream?.channel.close(promise: nil)
        activeUpstream = nil
        for connections in idleUpstreams.values {
            for connection in connections { connection.channel.close(promise: nil) }
        }
        idleUpstreams = [:]
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func requestID(for head: HTTPRequestHead) -> String {
        if let given = head.headers.first(name: "x-request-id"), !given.isEmpty, given.count <= 128 { return given }
        return "gw-\(GatewayHandler.processID)-\(GatewayHandler.requestCounter.next())"
    }

    // MARK: Deciding

    private func handle(_ head: HTTPRequestHead, body: [UInt8]) {
        let requestID = requestID(for: head)
        let keepAlive = head.isKeepAlive
        let path = GatewayHandler.path(of: head.uri)
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
                    extra: ["content-type": GatewayMetrics.prometheusContentType])
            return
        }
        let presentedKey = KeyAuthenticator.presentedKey(
            authorization: head.headers.first(name: "authorization"), apiKey: head.headers.first(name: "x-api-key"))
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
        guard let (routeName, route) = revision.routes[GatewayRevision.tableKey(method: method, path: path)] else {
            if let allowed = revision.methodsByPath[path] {
                respond(error: .methodNotAllowed(method: method, path: path, allowed: allowed), head: head, requestID: requestID, keepAlive: keepAlive)
            } else {
                respond(error: .noRoute(method: method, path: path), head: head, requestID: requestID, keepAlive: keepAlive)
            }
            return
        }
        observation.route = routeName
        let limit = route.maxBodyBytes ?? revision.revision.maxBodyBytes
        if body.count > Int(limit) {
            respond(error: .tooLarge(limit: Int(limit)), head: head, requestID: requestID, keepAlive: false)
            return
        }
        var caller: KeyAuthenticator.Caller?
        if let keysName = route.auth {
            guard let digest = presentedDigest,
                let found = revision.authenticators[keysName]?.authenticate(digest: digest)
                    ?? state.syntheticCallers?.authenticate(digest: digest)
            else {
                respond(error: .unauthorized, head: head, requestID: requestID, keepAlive: keepAlive)
                return
            }
            caller = found
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
                if route.readsBody {
                    respond(error: .badRequest("The request body must be a JSON object; this route routes on its `model`."),
                            head: head, requestID: requestID, keepAlive: keepAlive)
                    return
                }
            }
        }
        if route.readsBody, model == nil, route.arms.contains(where: { $0.when?.readsModel ?? false }) {
            respond(error: .badRequest("The request body has no `model`; this route routes on it."), head: head, requestID: requestID, keepAlive: keepAlive)
            return
        }
        let flags = revision.revision.flags
        // Only predicates read headers (`when` arms and flags' `enable for`): without any, the
        // lowercased copy of every header is not made.
        var headers: [String: String] = [:]
        if !flags.isEmpty || route.arms.contains(where: { $0.when != nil }) {
            for (name, value) in head.headers { headers[name.lowercased()] = value }
        }
        // A presented key identifies the caller even on a route without auth, as it does for the canary split.
        let subject = caller?.digest ?? presentedDigest ?? clientAddress
        let facts = RequestFacts(
            method: method, path: path, headers: headers, model: model, keyTeam: caller?.team, keyId: caller?.id,
            bodyTokens: Double(body.count) / 4,
            flagIsOn: { name in
                guard let flag = flags[name] else { return false }
                let share = flagRollouts[name] ?? flag.rolloutPercent
                return FlagEvaluator.isOn(flag, share: share, subject: subject, facts: RequestFacts(
                    method: method, path: path, headers: headers, model: model, keyTeam: caller?.team, keyId: caller?.id,
                    bodyTokens: Double(body.count) / 4, flagIsOn: { _ in false }), name: name)
            })
        observation.noteFlags(flags.keys, facts.flagIsOn)
        guard let arm = route.arms.first(where: { $0.when.map { PredicateEvaluator.evaluate($0, facts) } ?? true }) else {
            respond(error: .noRoute(method: method, path: path), head: head, requestID: requestID, keepAlive: keepAlive)
            return
        }
        let now = Double(NIODeadline.now().uptimeNanoseconds) / 1e9
        var tokenCharges: [Exchange.TokenCharge] = []
        for (index, limit) in route.limits.enumerated() {
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
            if let wait = state.limiter.take(
                key: bucket, cost: cost, capacity: limit.amount, windowSeconds: limit.windowMs / 1000, now: now)
            {
                respond(error: .rateLimited(PlanText.limit(limit), retryAfter: wait), head: head, requestID: requestID, keepAlive: keepAlive)
                return
            }
        }
        let chosen = WeightedChoice.pick(arm.targets, using: &random)
        var candidates = [Exchange.Candidate(provider: chosen.provider, model: chosen.model)]
        for provider in route.fallback?.providers ?? [] where provider != chosen.provider {
            candidates.append(Exchange.Candidate(provider: provider, model: nil))
        }
        exchange = Exchange(
            head: head, requestID: requestID, keepAlive: keepAlive, revision: revision, slot: slot, routeName: routeName,
            route: route, body: body, modelRange: modelRange, stream: stream, candidates: candidates,
            retriesLeft: route.retry?.attempts ?? 0, started: .now())
        exchange?.inputCount = inputCount
        exchange?.tokenCharges = tokenCharges
        startAttempt()
    }

    /// The uri up to its query. Scans the bytes for the `?` instead of splitting the string (which
    /// cost as much as routing the request); a uri that starts with `?` keeps the old splitting rule.
    static func path(of uri: String) -> String {
        let utf8 = uri.utf8
        guard let question = utf8.firstIndex(of: UInt8(ascii: "?")) else { return uri }
        guard question == utf8.startIndex else { return String(uri[..<question]) }
        return uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
    }

    // MARK: Attempts

    /// Whether a failure would be handled by a retry or a fallback (so the attempt's answer is held back).
    private func hasAlternative(for failure: AttemptFailure, _ exchange: Exchange) -> Bool {
        if let retry = exchange.route.retry, exchange.retriesLeft > 0, failure.matches(retry.on) { return true }
        if let fallback = exchange.route.fallback, exchange.candidateIndex + 1 < exchange.candidates.count,
            failure.matches(fallback.on)
        {
            return true
        }
        return false
    }

    private func startAttempt() {
        guard var exchange, let context else { return }
        let now = Double(NIODeadline.now().uptimeNanoseconds) / 1e9
        // Skip providers whose breaker is open; with none left, 503.
        while state.breakers.isOpen(exchange.candidate.provider, now: now) {
            guard exchange.candidateIndex + 1 < exchange.candidates.count else {
                self.exchange = nil
                respond(error: .unavailable("Every upstream of route \(exchange.routeName) is unavailable (circuit breaker open)."),
                        head: exchange.head, requestID: exchange.requestID, keepAlive: exchange.keepAlive)
                return
            }
            exchange.candidateIndex += 1
        }
        exchange.attempt += 1
        let attempt = exchange.attempt
        let provider = exchange.candidate.provider
        var body = exchange.body
        if let model = exchange.candidate.model, let range = exchange.modelRange {
            body = JSONBodyScanner.rewritingModel(body, range: range, to: model)
        }
        guard let plan = exchange.revision.revision.providers[provider] else {
            self.exchange = nil
            respond(error: .upstreamFailed("unknown provider \(provider)"), head: exchange.head, requestID: exchange.requestID, keepAlive: exchange.keepAlive)
            return
        }
        var timeoutMs = plan.timeoutMs
        if let routeTimeout = exchange.route.timeoutMs {
            let spent = Double((NIODeadline.now() - exchange.started).nanoseconds) / 1e6
            timeoutMs = min(timeoutMs, max(1, routeTimeout - spent))
        }
        exchange.timeout = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(timeoutMs * 1e6))) { [weak self] in
            self?.attemptFailed(.timeout, attempt: attempt)
        }
        self.exchange = exchange
        if let mock = exchange.revision.mocks[provider] {
            runMock(mock, body: body, attempt: attempt)
        } else {
            forward(provider: provider, body: body, attempt: attempt)
        }
    }

    /// A forwarded answer still tells the breaker how the provider is doing.
    private func recordOutcome(status: Int, _ exchange: Exchange) {
        let provider = exchange.candidate.provider
        if AttemptFailure.status(status).countsForBreaker, status >= 400 {
            if let breaker = exchange.route.breaker {
                state.breakers.recordFailure(
                    provider, now: Double(NIODeadline.now().uptimeNanoseconds) / 1e9, threshold: breaker.failures,
                    windowSeconds: breaker.windowMs / 1000, openSeconds: breaker.openMs / 1000)
            }
        } else {
            state.breakers.recordSuccess(provider)
        }
    }

    private func attemptFailed(_ failure: AttemptFailure, attempt: Int) {
        guard var exchange, exchange.attempt == attempt, !exchange.responseStarted, let context else { return }
        exchange.timeout?.cancel()
        exchange.attempt += 1  // later events of this attempt are stale
        if let upstream = activeUpstream {
            upstream.listener = nil
            upstream.channel.close(promise: nil)
            activeUpstream = nil
        }
        let provider = exchange.candidate.provider
        if failure.countsForBreaker, let breaker = exchange.route.breaker {
            state.breakers.recordFailure(
                provider, now: Double(NIODeadline.now().uptimeNanoseconds) / 1e9, threshold: breaker.failures,
                windowSeconds: breaker.windowMs / 1000, openSeconds: breaker.openMs / 1000)
        }
        if let retry = exchange.route.retry, exchange.retriesLeft > 0, failure.matches(retry.on) {
            exchange.retriesLeft -= 1
            exchange.retriesDone += 1
            // Exponential backoff with full jitter between the bounds: spreads retries of many callers.
            let base = retry.backoffMs[0] * pow(2, Double(exchange.retriesDone - 1))
            let ceiling = min(retry.backoffMs[1], base)
            let delay = Double.random(in: (ceiling / 2)...max(ceiling / 2, ceiling), using: &random)
            self.exchange = exchange
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(delay * 1e6))) { [weak self] in
                self?.startAttempt()
            }
            return
        }
        if let fallback = exchange.route.fallback, exchange.candidateIndex + 1 < exchange.candidates.count, failure.matches(fallback.on) {
            exchange.candidateIndex += 1
            exchange.retriesLeft = 0
            self.exchange = exchange
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
        guard var exchange, exchange.attempt == attempt, let context else { return }
        let failure = AttemptFailure.status(reply.status)
        if reply.status >= 400, hasAlternative(for: failure, exchange) {
            attemptFailed(failure, attempt: attempt)
            return
        }
        exchange.timeout?.cancel()
        exchange.responseStarted = true
        self.exchange = exchange
        recordOutcome(status: reply.status, exchange)
        observation.answerStarted(status: reply.status, exchange)
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: reply.contentType)
        decorate(&headers, exchange, upstream: exchange.candidate.provider)
        switch reply.body {
        case .full(let bytes):
            headers.add(name: "content-length", value: String(bytes.count))
            writeHead(status: HTTPResponseStatus(statusCode: reply.status), headers: headers, keepAlive: exchange.keepAlive)
            observation.sawBody(bytes)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
            finish(keepAlive: exchange.keepAlive)
        case .stream(let chunks, let interval):
            headers.add(name: "cache-control", value: "no-cache")
            writeHead(status: HTTPResponseStatus(statusCode: reply.status), headers: headers, keepAlive: exchange.keepAlive)
            context.flush()
            streamMockChunks(chunks[...], interval: interval, attempt: attempt)
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
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: chunk)))), promise: nil)
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

    private func forward(provider: String, body: [UInt8], attempt: Int) {
        guard let exchange, let context else { return }
        guard let target = exchange.revision.upstreams[provider] else {
            attemptFailed(.connectError("no usable url"), attempt: attempt)
            return
        }
        var head = HTTPRequestHead(version: .http1_1, method: exchange.head.method, uri: target.pathPrefix + exchange.head.uri)
        // The caller's gateway key never goes upstream (see `HeaderNames.notForwarded`); the
        // provider's own key does.
        for (name, value) in exchange.head.headers where !HeaderNames.contains(HeaderNames.notForwarded, name) {
            head.headers.add(name: name, value: value)
        }
        head.headers.add(name: "host", value: target.hostHeader)
        head.headers.add(name: "content-length", value: String(body.count))
        head.headers.add(name: "x-request-id", value: exchange.requestID)
        if let auth = target.authHeader { head.headers.add(name: auth.name, value: auth.value) }
        if target.kind == "anthropic", !head.headers.contains(name: "anthropic-version") {
            head.headers.add(name: "anthropic-version", value: "2023-06-01")
        }
        let send: (UpstreamConnection) -> Void = { [weak self] connection in
            guard let self, let context = self.context else { return }
            self.activeUpstream = connection
            connection.listener = { [weak self] event in self?.upstreamEvent(event, connection: connection, attempt: attempt) }
            connection.channel.write(HTTPClientRequestPart.head(head), promise: nil)
            connection.channel.write(HTTPClientRequestPart.body(.byteBuffer(context.channel.allocator.buffer(bytes: body))), promise: nil)
            connection.channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }
        if var idle = idleUpstreams[target.poolKey], let connection = idle.popLast() {
            idleUpstreams[target.poolKey] = idle
            if connection.channel.isActive {
                send(connection)
                return
            }
        }
        UpstreamConnection.connect(to: target, on: context.eventLoop, connectTimeout: .seconds(5))
            .assumeIsolated()
            .whenComplete { [weak self] result in
                switch result {
                case .success(let connection):
                    guard let self, self.exchange?.attempt == attempt else {
                        connection.channel.close(promise: nil)
                        return
                    }
                    send(connection)
                case .failure(let error):
                    self?.attemptFailed(.connectError("\(error)"), attempt: attempt)
                }
            }
    }

    private func upstreamEvent(_ event: UpstreamConnection.Event, connection: UpstreamConnection, attempt: Int) {
        guard var exchange, exchange.attempt == attempt, let context else { return }
        switch event {
        case .head(let head):
            let failure = AttemptFailure.status(Int(head.status.code))
            if head.status.code >= 400, hasAlternative(for: failure, exchange) {
                connection.listener = nil
                activeUpstream = nil
                connection.channel.close(promise: nil)
                attemptFailed(failure, attempt: attempt)
                return
            }
            exchange.timeout?.cancel()
            exchange.responseStarted = true
            self.exchange = exchange
            recordOutcome(status: Int(head.status.code), exchange)
            observation.answerStarted(status: Int(head.status.code), exchange, headers: head.headers)
            var headers = HTTPHeaders()
            // The upstream's own `x-gwpipe-*` and `x-request-id` give way to the gateway's (decorate).
            for (name, value) in head.headers
            where !HeaderNames.contains(HeaderNames.notReturned, name)
                && !HeaderNames.contains(HeaderNames.decoration, name)
            {
                headers.add(name: name, value: value)
            }
            decorate(&headers, exchange, upstream: exchange.candidate.provider)
            writeHead(status: head.status, headers: headers, keepAlive: exchange.keepAlive)
            let streaming = head.headers.first(name: "content-type")?.hasPrefix("text/event-stream") == true
                || !head.headers.contains(name: "content-length")
            self.exchange?.streaming = streaming
            if streaming { context.flush() }
        case .body(let buffer):
            observation.sawBody(buffer)
            if exchange.streaming {
                // Passed through as it arrives: SSE chunks reach the client without waiting for the end.
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            } else {
                // A sized body goes out with the end of the response: one write syscall instead of several.
                context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            }
        case .end:
            activeUpstream = nil
            if connection.reusable, connection.channel.isActive {
                idleUpstreams[connection.target.poolKey, default: []].append(connection)
            } else {
                connection.channel.close(promise: nil)
            }
            finish(keepAlive: exchange.keepAlive)
        case .failed:
            activeUpstream = nil
            if exchange.responseStarted {
                // Mid-stream failure: the client already has a status; cut the response short.
                observation.cutShort = true
                state.metrics.record(observation)
                self.exchange = nil
                readState = .idle
                context.close(promise: nil)
            } else {
                attemptFailed(.reset, attempt: attempt)
            }
        }
    }

    // MARK: Writing

    /// Adds the gateway's headers; `headers` holds none of `HeaderNames.decoration` already.
    private func decorate(_ headers: inout HTTPHeaders, _ exchange: Exchange, upstream: String) {
        headers.add(name: "x-gwpipe-revision", value: exchange.revision.id)
        headers.add(name: "x-gwpipe-route", value: exchange.routeName)
        headers.add(name: "x-gwpipe-upstream", value: upstream)
        headers.add(name: "x-gwpipe-slot", value: exchange.slot)
        headers.add(name: "x-request-id", value: exchange.requestID)
    }

    /// Token limits took a prompt estimate up front; now the answer's `usage` says what it really cost.
    private func settleTokenCharges(_ exchange: Exchange, tokens: Double) {
        guard tokens > 0 else { return }
        let now = Double(NIODeadline.now().uptimeNanoseconds) / 1e9
        for charge in exchange.tokenCharges where tokens > charge.estimate {
            state.limiter.charge(
                key: charge.bucket, cost: tokens - charge.estimate, capacity: charge.capacity, windowSeconds: charge.windowSeconds, now: now)
        }
    }

    private func writeHead(status: HTTPResponseStatus, headers: HTTPHeaders, keepAlive: Bool) {
        var headers = headers
        if !keepAlive { headers.replaceOrAdd(name: "connection", value: "close") }
        context?.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
    }

    private func finish(keepAlive: Bool) {
        guard let context else { return }
        exchange?.timeout?.cancel()
        if let exchange {
            state.metrics.record(observation)  // an upstream's answer ended
            settleTokenCharges(exchange, tokens: Double(observation.usage.tokens))
        }
        exchange = nil
        readState = .idle
        slowClientGuard?.responseFinished()
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    private func respond(status: HTTPResponseStatus, body: [UInt8], requestID: String, keepAlive: Bool, extra: HTTPHeaders = HTTPHeaders()) {
        guard let context else { return }
        var headers = extra
        if !headers.contains(name: "content-type") { headers.add(name: "content-type", value: "application/json") }
        headers.add(name: "content-length", value: String(body.count))
        headers.add(name: "x-request-id", value: requestID)
        writeHead(status: status, headers: headers, keepAlive: keepAlive)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        finish(keepAlive: keepAlive)
    }

    private func respond(error: GatewayError, head: HTTPRequestHead, requestID: String, keepAlive: Bool, upstream: String? = nil) {
        var headers = HTTPHeaders()
        if let retryAfter = error.retryAfter { headers.add(name: "retry-after", value: String(retryAfter)) }
        if let upstream { headers.add(name: "x-gwpipe-upstream", value: upstream) }
        observation.gatewayAnswered(status: Int(error.status.code), upstream: upstream)
        state.metrics.record(observation)
        let path = head.uri.split(separator: "?", maxSplits: 1).first ?? ""
        let body = path.hasSuffix("/messages") ? error.anthropicBody : error.body
        respond(status: error.status, body: Array(body.utf8), requestID: requestID, keepAlive: keepAlive, extra: headers)
    }
}
