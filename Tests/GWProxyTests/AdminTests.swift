import Foundation
import GWPlan
import Testing

@testable import GWProxy

/// The admin API through `RemoteGatewayControl`, the embedded control, and state persistence.
@Suite struct AdminTests {
    static let base = """
        gateway "t"
        provider a { kind = mock; latency = 0ms }
        provider b { kind = mock; latency = 0ms }
        route chat {
          match POST "/v1/chat/completions"
          else -> UPSTREAM
        }

        """

    private func revision(_ upstream: String) throws -> GatewayTestSupport.Compiled {
        try GatewayTestSupport.compile(Self.base.replacingOccurrences(of: "UPSTREAM", with: upstream))
    }

    private func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("gwpipe-admin-\(UUID().uuidString)")
    }

    @Test func remoteControlDrivesSlotsThroughTheAdminAPI() async throws {
        let store = try RevisionStore(directory: temporaryDirectory())
        let state = GatewayState()
        let embedded = EmbeddedGatewayControl(state: state, store: store)
        let gateway = try await GatewayServer.start(host: "127.0.0.1", port: 0, state: state)
        let admin = try await AdminServer.start(host: "127.0.0.1", port: 0, control: embedded, token: "s3cret-token")
        let remote = RemoteGatewayControl(baseURL: "http://127.0.0.1:\(admin.port!)", token: "s3cret-token")
        let client = try await TestHTTPClient.connect(port: gateway.port!)
        defer { Task { await client.close(); try? await admin.stop(); try? await gateway.stop() } }

        let first = try revision("a")
        let second = try revision("b")
        try await remote.upload(first.revision, id: first.id)
        try await remote.deploy(revisionID: first.id)
        #expect(try await remote.status().stable == first.id)
        let served = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
        #expect(served.headers.first(name: "x-gwpipe-upstream") == "a")

        try await remote.upload(second.revision, id: second.id)
        try await remote.split(canary: second.id, weight: 100)
        var status = try await remote.status()
        #expect(status.canary == second.id && status.canaryWeight == 100)
        let canary = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
        #expect(canary.headers.first(name: "x-gwpipe-upstream") == "b")
        #expect(canary.headers.first(name: "x-gwpipe-slot") == "canary")

        let canaryMetrics = try await remote.metrics(lastSeconds: 60, slot: "canary")
        #expect(canaryMetrics.requests == 1)
        #expect(canaryMetrics.errorRate == 0)
        let allMetrics = try await remote.metrics(lastSeconds: 60, slot: nil)
        #expect(allMetrics.requests == 2)

        try await remote.rollback()
        status = try await remote.status()
        #expect(status.canary == nil && status.stable == first.id)
        try await remote.split(canary: second.id, weight: 5)
        try await remote.promote()
        #expect(try await remote.status().stable == second.id)
        try await remote.setFlagRollout("new_router", percent: 25)
        #expect(try await remote.status().flagRollouts["new_router"] == 25)
        #expect(try await remote.status().revisions.sorted() == [first.id, second.id].sorted())
    }

    @Test func theAdminAPIRefusesBadInput() async throws {
        let store = try RevisionStore(directory: nil)
        let embedded = EmbeddedGatewayControl(state: GatewayState(), store: store)
        let admin = try await AdminServer.start(host: "127.0.0.1", port: 0, control: embedded, token: "right")
        defer { Task { try? await admin.stop() } }
        let url = "http://127.0.0.1:\(admin.port!)"
        let compiled = try revision("a")

        await #expect(throws: GatewayControlError.self) { try await RemoteGatewayControl(baseURL: url, token: "wrong").status() }
        await #expect(throws: GatewayControlError.self) { try await RemoteGatewayControl(baseURL: url, token: nil).status() }
        let remote = RemoteGatewayControl(baseURL: url, token: "right")
        do {
            try await remote.upload(compiled.revision, id: "sha256:" + String(repeating: "0", count: 64))
            Issue.record("a revision under the wrong id was accepted")
        } catch let error as GatewayControlError {
            #expect(error.status == 400)
            #expect(error.message.contains("does not match its content"))
        }
        do {
            try await remote.deploy(revisionID: "sha256:unknown")
            Issue.record("deploying an unknown revision succeeded")
        } catch let error as GatewayControlError {
            #expect(error.status == 404)
        }
        do {
            try await remote.promote()
            Issue.record("promoting without a canary succeeded")
        } catch let error as GatewayControlError {
            #expect(error.status == 409)
        }
        await #expect(throws: GatewayControlError.self) {
            try await RemoteGatewayControl(baseURL: "http://127.0.0.1:1", token: nil, timeout: .seconds(1)).status()
        }
    }

    @Test func aRestartedStoreComesBackOnTheLastPromotedRevision() async throws {
        let directory = temporaryDirectory()
        let first = try revision("a")
        let second = try revision("b")
        do {
            let control = EmbeddedGatewayControl(state: GatewayState(), store: try RevisionStore(directory: directory))
            try await control.upload(first.revision, id: first.id)
            try await control.deploy(revisionID: first.id)
            try await control.upload(second.revision, id: second.id)
            try await control.split(canary: second.id, weight: 10)
            try await control.promote()
        }
        let reopened = try RevisionStore(directory: directory)
        let recorded = try #require(reopened.recordedStable())
        #expect(recorded.1 == second.id)
        #expect(recorded.0 == second.revision)
        // A corrupted revision file is not served.
        let file = directory.appendingPathComponent("revisions/\(second.id.dropFirst(7)).json")
        try Data("{".utf8).write(to: file)
        #expect(try RevisionStore(directory: directory).recordedStable() == nil)
    }
}
