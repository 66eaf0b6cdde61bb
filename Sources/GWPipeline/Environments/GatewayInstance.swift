import GWProxy

/// One gateway of an environment: the embedded one, or one `gwpipe serve` instance of a fleet.
public struct GatewayInstance: Sendable {
    /// What a person reads: the environment name for an embedded gateway, the admin URL otherwise.
    public var name: String
    public var control: any GatewayControl
    /// Where it serves traffic (synthetic load, `test ... against`, health checks).
    public var dataURL: String?

    public init(name: String, control: any GatewayControl, dataURL: String?) {
        self.name = name
        self.control = control
        self.dataURL = dataURL
    }
}
