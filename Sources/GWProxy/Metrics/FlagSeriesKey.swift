/// The labels of one flag-side series. The upstream is kept so `upstream_errors(x)` works in flag
/// rollout gates too.
struct FlagSeriesKey: Hashable, Sendable {
    var flag: String
    var side: FlagSide
    var upstream: String
}
