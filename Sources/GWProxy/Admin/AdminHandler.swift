import Foundation
import GWPlan
import NIOCore
import NIOHTTP1

/// Serves admin API requests for one connection by calling an `EmbeddedGatewayControl`.
final class AdminHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Revisions are a few MB at most even with 100k routes; more is a mistake or an attack.
    static let maxBody = 256 * 1024 * 1024

    let control: EmbeddedGatewayControl
    let token: String?
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var tooLarge = false

    init(control: EmbeddedGatewayControl, token: String?) {
        self.control = control
        self.token = token
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
            tooLarge = false
        case .body(var buffer):
            if body.readableBytes + buffer.readableBytes > AdminHandler.maxBody { tooLarge = true } else { body.writeBuffer(&buffer) }
        case .end:
            guard let head else { return }
            self.head = nil
            if tooLarge {
                respond(context: context, status: .payloadTooLarge, json: AdminHandler.error("request body too large"), keepAlive: false)
                return
            }
            handle(context: context, head: head, body: Data(body.readableBytesView))
        }
    }

    static func error(_ message: String) -> String {
        "{\"error\":\(GatewayError.quote(message))}"
    }

    private func authorized(_ head: HTTPRequestHead) -> Bool {
        guard let token else { return true }
        guard let presented = KeyAuthenticator.presentedKey(authorization: head.headers.first(name: "authorization"), apiKey: nil) else {
            return false
        }
        // Compare digests so the comparison time does not depend on the token's length or content.
        return KeyAuthenticator.constantTimeEqual(KeyAuthenticator.digest(presented), KeyAuthenticator.digest(token))
    }

    private func handle(context: ChannelHandlerContext, head: HTTPRequestHead, body: Data) {
        let keepAlive = head.isKeepAlive
        guard authorized(head) else {
            respond(context: context, status: .unauthorized, json: AdminHandler.error("admin token missing or wrong"), keepAlive: keepAlive)
            return
        }
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let control = self.control
        let query = AdminHandler.query(head.uri)
        let work: @Sendable () async throws -> String
        switch (head.method, path) {
        case (.GET, "/admin/status"):
            work = { try AdminHandler.encode(try await control.status()) }
        case (.GET, _) where path.hasPrefix("/admin/revisions/"):
            let id = String(path.dropFirst("/admin/revisions/".count)).removingPercentEncoding ?? ""
            work = {
                guard let revision = try await control.revision(id) else {
                    throw GatewayControlError(status: 404, message: "revision \(id) is not kept here")
                }
                return String(decoding: CanonicalJSON.encode(revision), as: UTF8.self)
            }
        case (.PUT, _) where path.hasPrefix("/admin/revisions/"):
            let id = String(path.dropFirst("/admin/revisions/".count)).removingPercentEncoding ?? ""
            work = {
                let revision: GatewayRevision
                do {
                    revision = try CanonicalJSON.decode(GatewayRevision.self, from: body)
                } catch {
                    throw GatewayControlError(status: 400, message: "body is not a gateway revision: \(error)")
                }
                try await control.upload(revision, id: id)
                return "{\"uploaded\":\(GatewayError.quote(id))}"
            }
        case (.POST, "/admin/deploy"):
            work = {
                let request = try AdminHandler.decode(DeployRequest.self, body)
                try await control.deploy(revisionID: request.revision)
                return try AdminHandler.encode(try await control.status())
            }
        case (.POST, "/admin/split"):
            work = {
                let request = try AdminHandler.decode(SplitRequest.self, body)
                try await control.split(canary: request.canary, weight: request.weight)
                return try AdminHandler.encode(try await control.status())
            }
        case (.POST, "/admin/promote"):
            work = {
                try await control.promote()
                return try AdminHandler.encode(try await control.status())
            }
        case (.POST, "/admin/rollback"):
            work = {
                try await control.rollback()
                return try AdminHandler.encode(try await control.status())
            }
        case (.GET, "/admin/metrics"):
            work = {
                let seconds = try AdminHandler.seconds(query["window"] ?? "60s")
                if let flag = query["flag"] {
                    guard let side = FlagSide(rawValue: query["side"] ?? "on") else {
                        throw GatewayControlError(status: 400, message: "side is on or off")
                    }
                    return try AdminHandler.encode(try await control.flagMetrics(flag, side: side, lastSeconds: seconds))
                }
                return try AdminHandler.encode(try await control.metrics(lastSeconds: seconds, slot: query["slot"]))
            }
        case (.PUT, _) where path.hasPrefix("/admin/flags/"):
            let flag = String(path.dropFirst("/admin/flags/".count))
            work = {
                let request = try AdminHandler.decode(FlagRequest.self, body)
                try await control.setFlagRollout(flag, percent: request.rollout)
                return try AdminHandler.encode(try await control.status())
            }
        default:
            respond(context: context, status: .notFound, json: AdminHandler.error("no admin endpoint \(head.method) \(path)"), keepAlive: keepAlive)
            return
        }
        let future = context.eventLoop.makeFutureWithTask { try await work() }
        future.assumeIsolated().whenComplete { [weak self] result in
            switch result {
            case .success(let json):
                self?.respond(context: context, status: .ok, json: json, keepAlive: keepAlive)
            case .failure(let error as GatewayControlError):
                self?.respond(context: context, status: HTTPResponseStatus(statusCode: error.status), json: AdminHandler.error(error.message), keepAlive: keepAlive)
            case .failure(let error):
                self?.respond(context: context, status: .badRequest, json: AdminHandler.error("\(error)"), keepAlive: keepAlive)
            }
        }
    }

    static func query(_ uri: String) -> [String: String] {
        guard let mark = uri.firstIndex(of: "?") else { return [:] }
        var result: [String: String] = [:]
        for pair in uri[uri.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1]).removingPercentEncoding }
        }
        return result
    }

    /// `10s`, `1m`, `500ms` or plain seconds.
    static func seconds(_ text: String) throws -> Double {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            if let value = Double(text.dropLast(unit.count)), value > 0 { return value * factor }
        }
        if let value = Double(text), value > 0 { return value }
        throw GatewayControlError(status: 400, message: "window '\(text)' is not a duration like 10s")
    }

    static func decode<T: Decodable>(_ type: T.Type, _ body: Data) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            throw GatewayControlError(status: 400, message: "malformed request body: \(error)")
        }
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try CanonicalJSON.encode(value), as: UTF8.self)
    }

    private func respond(context: ChannelHandlerContext, status: HTTPResponseStatus, json: String, keepAlive: Bool) {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(json.utf8.count))
        if !keepAlive { headers.add(name: "connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: json)))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { done.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
