/// The value of a literal with a unit, in the unit's base: nanoseconds, bytes, requests per second.
public enum Literal: Sendable, Hashable {
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case duration(nanoseconds: Int64)
    /// As written: `5%` is 5.
    case percent(Double)
    case count(Double, unit: UnitWord?)
    case rate(perSecond: Double)
    case bytes(Int64)
    /// US dollars.
    case money(Double)
    /// `5xx` is 5.
    case statusClass(Int)
}
