import Foundation
import GWPlan
import GWProxy

/// An `admin = embedded` environment's gateway, served from this process for the length of a run:
/// a real listener on the environment's `listen` address (or a free port), driven in process.
final class EmbeddedGateway: Sendable {
    let server: GatewayServer
    let control: EmbeddedGatewayControl
    let dataURL: String

    private init(server: GatewayServer, control: EmbeddedGatewayControl, dataURL: String) {
        self.server = server
        self.control = control
        self.dataURL = dataURL
    }

    /// Starts serving `stable` (nothing, answering 503, when there is none yet).
    static func start(
        host: String, port: Int, stable: (revision: GatewayRevision, id: String)?, maxBodyBytes: Int,
        environmentVariables: [String: String], syntheticKeys: [String], timelineSpeed: Double
    ) async throws -> EmbeddedGateway {
        let state = GatewayState(environment: environmentVariables, syntheticKeys: syntheticKeys, timelineSpeed: timelineSpeed)
        var control = EmbeddedGatewayControl(state: state, store: try RevisionStore(directory: nil))
        if let stable {
            try await control.upload(stable.revision, id: stable.id)
            try await control.deploy(revisionID: stable.id)
        }
        let server = try await GatewayServer.start(
            host: host, port: port, state: state, configuration: GatewayConfiguration(maxBodyBytes: maxBodyBytes))
        let bracketed = host.contains(":") ? "[\(host)]" : host
        let url = "http://\(bracketed):\(server.port ?? port)"
        control.dataURL = url
        return EmbeddedGateway(server: server, control: control, dataURL: url)
    }

    func stop() async {
        try? await server.stop()
    }
}
