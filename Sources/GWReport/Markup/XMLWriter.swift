/// Writes indented XML elements with escaped attributes and text, in the order asked, so the same
/// records always give the same bytes.
struct XMLWriter: Sendable {
    typealias Attributes = [(name: String, value: String)]

    private(set) var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    private var depth = 0

    mutating func open(_ name: String, _ attributes: Attributes = []) {
        line("<\(name)\(Self.render(attributes))>")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        line("</\(name)>")
    }

    mutating func empty(_ name: String, _ attributes: Attributes = []) {
        line("<\(name)\(Self.render(attributes))/>")
    }

    /// An element holding text. The text keeps its own line breaks and is not indented, since
    /// whitespace inside it is content (a failure body, captured output).
    mutating func text(_ name: String, _ attributes: Attributes = [], _ content: String) {
        line("<\(name)\(Self.render(attributes))>\(MarkupEscaping.text(content))</\(name)>")
    }

    private mutating func line(_ text: String) {
        output += String(repeating: "  ", count: max(0, depth)) + text + "\n"
    }

    private static func render(_ attributes: Attributes) -> String {
        attributes.map { " \($0.name)=\"\(MarkupEscaping.attribute($0.value))\"" }.joined()
    }
}
