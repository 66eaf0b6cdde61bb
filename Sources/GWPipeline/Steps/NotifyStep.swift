import AsyncHTTPClient
import Foundation
import GWPlan
import NIOCore

/// `notify URL` or `notify SECRET`: POSTs what happened as JSON (run, pipeline, stage, outcome, message, commit) to a
/// webhook. Built from the run's facts only, redacted: a secret never goes out in a notification.
struct NotifyStep {
    let context: RunContext
    let plan: StepPlan
    /// `running` in a stage, `failed` in `on failure`.
    let outcome: String
    /// Why the run failed, when it did.
    let failure: String?

    struct Body: Encodable {
        var run: Int64
        var pipeline: String
        var gateway: String
        var stage: String
        var outcome: String
        var message: String?
        var commit: String?
        var branch: String?
    }

    func run(pipeline: String, failedStage: String?) async throws -> String {
        // Messages name the webhook by scheme and host (its path or query may be its token), or
        // by the variable of a secret URL.
        let shown = NotifyURL.display(of: plan)
        let url: String
        if let secret = plan.urlSecret {
            guard let value = context.options.environmentVariables[secret.environmentVariable], !value.isEmpty else {
                throw PipelineError(.configuration, "\(plan.location): notify reads its URL from \(secret.environmentVariable), which is not set")
            }
            guard value.hasPrefix("https://") || value.hasPrefix("http://") else {
                throw PipelineError(.configuration, "\(plan.location): \(secret.environmentVariable) does not hold an http(s) URL")
            }
            url = value
        } else if let literal = plan.url {
            url = literal
        } else {
            throw PipelineError(.configuration, "\(plan.location): notify needs a URL")
        }
        let body = Body(
            run: context.runId, pipeline: pipeline, gateway: context.plan.gateway, stage: failedStage ?? plan.stage,
            outcome: outcome, message: context.recorder.redactor.redact(optional: failure), commit: context.git.commit,
            branch: context.git.branch)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "gwpipe")
        request.body = .bytes(ByteBuffer(bytes: try encoder.encode(body)))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            _ = try? await response.body.collect(upTo: 1024 * 1024)
            guard (200..<300).contains(response.status.code) else {
                throw PipelineError(.failed, "notify \(shown): answered \(response.status.code)")
            }
            return "notified \(shown) (\(response.status.code))"
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError(.failed, "notify \(shown): \(error)")
        }
    }
}
