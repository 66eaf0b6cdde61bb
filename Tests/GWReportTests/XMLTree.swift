import Foundation
import XCTest

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A document read back with Foundation's `XMLParser`, so tests check what an XML consumer (a
/// CI server reading JUnit) would see, not the bytes the renderer wrote.
final class XMLTree {
    final class Node {
        let name: String
        let attributes: [String: String]
        var children: [Node] = []
        var text = ""

        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }

        /// Every descendant (and this node) named `name`, in document order.
        func all(_ name: String) -> [Node] {
            (self.name == name ? [self] : []) + children.flatMap { $0.all(name) }
        }

        func child(_ name: String) -> Node? { children.first { $0.name == name } }
    }

    let root: Node

    /// Fails the test with the parser's message when `text` is not well-formed XML.
    init?(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let parser = XMLParser(data: Data(text.utf8))
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            let error = parser.parserError.map { "\($0)" } ?? "no root element"
            XCTFail("not well-formed XML (line \(parser.lineNumber)): \(error)", file: file, line: line)
            return nil
        }
        self.root = root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: Node?
        var stack: [Node] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            let node = Node(name: elementName, attributes: attributes)
            if let parent = stack.last { parent.children.append(node) } else { root = node }
            stack.append(node)
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}
