import AsyncHTTPClient
import Foundation
import NIOCore

/// `GET path` on a gateway's data listener until it answers 200, or the time is up.
enum HealthCheck {
    static func wait(baseURL: String, path: String = "/readyz", timeoutSeconds: Double = 10) async throws {
        let url = baseURL + (path.hasPrefix("/") ? path : "/" + path)
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var last = "no answer"
        while true {
            try Task.checkCancellation()
            do {
                let request = HTTPClientRequest(url: url)
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(2))
                let body = try await response.body.collect(upTo: 64 * 1024)
                if response.status.code == 200 { return }
                last = "\(response.status.code) \(String(buffer: body).prefix(200))"
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                last = "\(error)"
            }
            if Date() >= deadline {
                throw PipelineError(.failed, "health check GET \(url) failed: \(last)")
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
    }
}
