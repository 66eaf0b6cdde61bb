/// The static type of an expression. Numbers carry their dimension in the type, so
/// `timeout = 30` and `p99_latency < 2` are type errors, not surprises at run time.
public indirect enum GWType: Sendable, Hashable, CustomStringConvertible {
    case bool
    case int
    case number
    case duration
    case percent
    case count
    case rate
    case bytes
    case money
    case string
    case secret
    /// An HTTP status class such as `5xx`.
    case statusClass
    /// A bare word whose meaning the position decides (`kind = openai`, `admin = embedded`).
    case word
    case range(GWType)
    case list(GWType)
    case entity(EntityKind)
    /// A mock's scripted value: `30% after 20s`.
    case timeline(GWType)
    /// Synthetic canary traffic: `synthetic 50 rps`.
    case synthetic
    /// The element type of an empty list: compatible with every list.
    case anything
    /// An expression that already produced an error; compatible with everything so one mistake is reported once.
    case error

    public var description: String {
        switch self {
        case .bool: "Bool"
        case .int: "Int"
        case .number: "Number"
        case .duration: "Duration"
        case .percent: "Percent"
        case .count: "Count"
        case .rate: "Rate"
        case .bytes: "Bytes"
        case .money: "Money"
        case .string: "String"
        case .secret: "Secret"
        case .statusClass: "StatusClass"
        case .word: "name"
        case .range(let element): "Range<\(element)>"
        case .list(let element): "List<\(element)>"
        case .entity(let kind): kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst()
        case .timeline(let element): "Timeline<\(element)>"
        case .synthetic: "SyntheticTraffic"
        case .anything: "Any"
        case .error: "<error>"
        }
    }

    /// Whether a value of type `self` may be used where `expected` is required.
    public func conforms(to expected: GWType) -> Bool {
        switch (self, expected) {
        case (.error, _), (_, .error), (.anything, _), (_, .anything): return true
        case (.int, .number), (.int, .count): return true
        case (.list(let element), .list(let expectedElement)): return element.conforms(to: expectedElement)
        case (.range(let element), .range(let expectedElement)): return element.conforms(to: expectedElement)
        default: return self == expected
        }
    }

    /// Whether values of this type are plain numbers with a dimension (so they can be compared and added).
    var isNumeric: Bool {
        switch self {
        case .int, .number, .duration, .percent, .count, .rate, .bytes, .money: true
        default: false
        }
    }

    /// Parses a type written in a `param` (`Duration`, `List<String>`); nil when unknown.
    public static func named(_ name: String, arguments: [GWType]) -> GWType? {
        switch (name, arguments.count) {
        case ("Bool", 0): .bool
        case ("Int", 0): .int
        case ("Number", 0): .number
        case ("Duration", 0): .duration
        case ("Percent", 0): .percent
        case ("Count", 0): .count
        case ("Rate", 0): .rate
        case ("Bytes", 0): .bytes
        case ("Money", 0): .money
        case ("String", 0): .string
        case ("List", 1): .list(arguments[0])
        case ("Range", 1): .range(arguments[0])
        case ("Provider", 0): .entity(.provider)
        case ("Keys", 0): .entity(.keys)
        case ("Route", 0): .entity(.route)
        case ("Flag", 0): .entity(.flag)
        case ("Environment", 0): .entity(.environment)
        case ("Pipeline", 0): .entity(.pipeline)
        default: nil
        }
    }

    /// Every type name a `param` may use, for did-you-mean hints.
    public static let typeNames = [
        "Bool", "Int", "Number", "Duration", "Percent", "Count", "Rate", "Bytes", "Money", "String", "List", "Range",
        "Provider", "Keys", "Route", "Flag", "Environment", "Pipeline",
    ]
}
