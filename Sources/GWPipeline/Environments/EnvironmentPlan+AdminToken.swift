import GWPlan

extension EnvironmentPlan {
    /// The admin API token: the environment's `admin_token` secret, else `GWPIPE_ADMIN_TOKEN`.
    public func adminTokenValue(in environmentVariables: [String: String]) -> String? {
        adminToken.flatMap { environmentVariables[$0.environmentVariable] } ?? environmentVariables["GWPIPE_ADMIN_TOKEN"]
    }
}
