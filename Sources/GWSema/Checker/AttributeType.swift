/// What an attribute accepts: a type, one of several, or a closed set of words.
indirect enum AttributeType: Sendable {
    case type(GWType)
    case oneOf([AttributeType])
    case words([String])

    var description: String {
        switch self {
        case .type(let type): type.description
        case .oneOf(let options): options.map(\.description).joined(separator: " or ")
        case .words(let words): "one of " + words.joined(separator: ", ")
        }
    }
}
