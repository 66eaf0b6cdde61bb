/// The result of checking an expression: its type and, when it is a constant, its value.
public struct Typed: Sendable, Hashable {
    public var type: GWType
    public var value: Value?

    public init(_ type: GWType, _ value: Value? = nil) {
        self.type = type
        self.value = value
    }

    static let error = Typed(.error)
}
