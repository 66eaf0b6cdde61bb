/// `POST /admin/split` body.
struct SplitRequest: Codable, Sendable {
    var canary: String
    var weight: Double
}

/// `POST /admin/deploy` body.
struct DeployRequest: Codable, Sendable {
    var revision: String
}

/// `PUT /admin/flags/{name}` body.
struct FlagRequest: Codable, Sendable {
    var rollout: Double
}
