import AsyncHTTPClient
import Foundation
import GWPlan
import NIOCore
import NIOHTTP1

/// `GatewayControl` over the admin API of a `gwpipe serve` instance.
public struct RemoteGatewayControl: GatewayControl {
    public let baseURL: String
    let token: String?
    let client: HTTPClient
    let timeout: TimeAmount

    /// `baseURL` like `http://127.0.0.1:9081`; `token` is sent as a bearer token.
    public init(baseURL: String, token: String?, client: HTTPClient = .shared, timeout: TimeAmount = .seconds(10)) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.token = token
        self.client = client
        self.timeout = timeout
    }

    private func call(_ method: HTTPMethod, _ path: String, body: Data? = nil) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "content-type", value: "application/json")
        if let token { request.headers.add(name: "authorization", value: "Bearer \(token)") }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch {
            throw GatewayControlError(status: 0, message: "cannot reach the admin API at \(baseURL): \(error)")
        }
        let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
        let data = Data(bytes.readableBytesView)
        guard (200..<300).contains(response.status.code) else {
            let message = (try? JSONDecoder().decode([String: String].self, from: data))?["error"]
                ?? String(decoding: data, as: UTF8.self)
            if response.status == .unauthorized {
                throw GatewayControlError(status: 401, message: "the admin API at \(baseURL) refused the token: \(message)")
            }
            throw GatewayControlError(status: Int(response.status.code), message: "\(baseURL): \(message)")
        }
        return data
    }

    public func status() async throws -> GatewayStatus {
        try JSONDecoder().decode(GatewayStatus.self, from: try await call(.GET, "/admin/status"))
    }

    /// `GET /admin/revisions/ID`, verified against its id; nil when the instance does not keep it.
    public func revision(_ id: String) async throws -> GatewayRevision? {
        let escaped = id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id
        let data: Data
        do {
            data = try await call(.GET, "/admin/revisions/\(escaped)")
        } catch let error as GatewayControlError where error.status == 404 {
            return nil
        }
        guard let revision = try? CanonicalJSON.decode(GatewayRevision.self, from: data), CanonicalJSON.revisionId(of: revision) == id else {
            throw GatewayControlError(status: 502, message: "\(baseURL) sent a revision that does not match id \(id)")
        }
        return revision
    }

    public func upload(_ revision: GatewayRevision, id: String) async throws {
        let escaped = id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id
        _ = try await call(.PUT, "/admin/revisions/\(escaped)", body: CanonicalJSON.encode(revision))
    }

    public func deploy(revisionID: String) async throws {
        _ = try await call(.POST, "/admin/deploy", body: try JSONEncoder().encode(DeployRequest(revision: revisionID)))
    }

    public func split(canary revisionID: String, weight: Double) async throws {
        _ = try await call(.POST, "/admin/split", body: try JSONEncoder().encode(SplitRequest(canary: revisionID, weight: weight)))
    }

    public func promote() async throws {
        _ = try await call(.POST, "/admin/promote")
    }

    public func rollback() async throws {
        _ = try await call(.POST, "/admin/rollback")
    }

    public func setFlagRollout(_ flag: String, percent: Double) async throws {
        let escaped = flag.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? flag
        _ = try await call(.PUT, "/admin/flags/\(escaped)", body: try JSONEncoder().encode(FlagRequest(rollout: percent)))
    }

    public func metrics(lastSeconds seconds: Double, slot: String?) async throws -> MetricsSnapshot {
        var path = "/admin/metrics?window=\(seconds)s"
        if let slot { path += "&slot=\(slot)" }
        return try JSONDecoder().decode(MetricsSnapshot.self, from: try await call(.GET, path))
    }

    public func flagMetrics(_ flag: String, side: FlagSide, lastSeconds seconds: Double) async throws -> MetricsSnapshot {
        let escaped = flag.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? flag
        let path = "/admin/metrics?window=\(seconds)s&flag=\(escaped)&side=\(side.rawValue)"
        return try JSONDecoder().decode(MetricsSnapshot.self, from: try await call(.GET, path))
    }
}
