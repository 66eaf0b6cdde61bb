import Foundation
import GWPlan
import GWProxy

/// `gwpipe serve` instances started in this process, the way `ServeCommand` wires one: a gateway
/// on a free loopback port and its admin API (with a token) on another, serving a first revision.
/// A program names them with `admin = [...]`; the test reads what they serve through their controls.
final class Fleet: Sendable {
    struct Instance: Sendable {
        var control: EmbeddedGatewayControl
        var gateway: GatewayServer
        var admin: AdminServer
        var adminURL: String
    }

    let instances: [Instance]

    private init(instances: [Instance]) {
        self.instances = instances
    }

    static func start(
        count: Int, token: String, serving first: (revision: GatewayRevision, id: String)
    ) async throws -> Fleet {
        var instances: [Instance] = []
        for _ in 0..<count {
            let state = GatewayState()
            var control = EmbeddedGatewayControl(state: state, store: try RevisionStore(directory: nil))
            try await control.upload(first.revision, id: first.id)
            try await control.deploy(revisionID: first.id)
            let gateway = try await GatewayServer.start(host: "127.0.0.1", port: 0, state: state)
            guard let dataPort = gateway.port else { throw HarnessError("the gateway did not report its port") }
            control.dataURL = "http://127.0.0.1:\(dataPort)"
            let admin = try await AdminServer.start(host: "127.0.0.1", port: 0, control: control, token: token)
            guard let adminPort = admin.port else { throw HarnessError("the admin API did not report its port") }
            instances.append(
                Instance(control: control, gateway: gateway, admin: admin, adminURL: "http://127.0.0.1:\(adminPort)"))
        }
        return Fleet(instances: instances)
    }

    /// `["http://127.0.0.1:P1", ...]`, to write into a program.
    var adminList: String {
        "[" + instances.map { "\"\($0.adminURL)\"" }.joined(separator: ", ") + "]"
    }

    /// What each instance serves as stable, in order.
    func stableRevisions() async throws -> [String?] {
        var served: [String?] = []
        for instance in instances { served.append(try await instance.control.status().stable) }
        return served
    }

    func stop() async {
        for instance in instances {
            try? await instance.admin.stop()
            try? await instance.gateway.stop()
        }
    }
}
