/// A `"..."` literal: its pieces of text and `${name}` interpolations.
public struct StringLiteral: Sendable, Hashable {
    public var parts: [StringPart]
    public var range: SourceRange

    public init(parts: [StringPart], range: SourceRange) {
        self.parts = parts
        self.range = range
    }

    /// The text when the literal has no interpolation; `nil` otherwise.
    public var constantValue: String? {
        var text = ""
        for part in parts {
            switch part {
            case .text(let piece): text += piece
            case .interpolation: return nil
            }
        }
        return text
    }
}
