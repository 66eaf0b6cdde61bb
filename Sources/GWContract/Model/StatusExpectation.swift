/// The status a case expects: one exact code (`200`) or a class (`2xx` is 200–299).
public enum StatusExpectation: Sendable, Hashable, CustomStringConvertible {
    case exact(Int)
    /// The hundreds digit: 2 for `2xx`.
    case statusClass(Int)

    public func matches(_ status: Int) -> Bool {
        switch self {
        case .exact(let code): status == code
        case .statusClass(let digit): status / 100 == digit
        }
    }

    public var description: String {
        switch self {
        case .exact(let code): String(code)
        case .statusClass(let digit): "\(digit)xx"
        }
    }
}
