import Testing

/// The runs that carry synthetic traffic (hundreds of requests a second once durations are
/// compressed), one at a time: on two cores, several at once would starve each other's load and
/// gateways, and their gates would judge the machine instead of the revision. Suites that need it
/// nest here (`extension TrafficRuns { @Suite struct ... }`); the light tests run in parallel.
@Suite(.serialized) enum TrafficRuns {}
