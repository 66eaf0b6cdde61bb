/// One bucket a request pays into: `cost` tokens of a bucket holding `capacity` per `windowSeconds`.
/// `bucket` names route, limit and subject (a key's digest, a team, an address), never a raw key.
struct LimitTake: Sendable {
    var bucket: String
    var cost: Double
    var capacity: Double
    var windowSeconds: Double
}
