import Testing
@testable import GWYAML

/// Parses a single document or records a test failure with the rendered error.
func parse(_ text: String, file: String = "test.yaml", sourceLocation: SourceLocation = #_sourceLocation) throws -> YAMLNode {
    do {
        return try YAMLDocument.parse(text, fileName: file).root
    } catch {
        Issue.record("unexpected parse error: \(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// Parses and returns the error, or records a failure when parsing succeeds.
func parseError(_ text: String, file: String = "test.yaml", parser: YAMLParser = YAMLParser()) -> YAMLError? {
    do {
        let document = try parser.parse(text, fileName: file)
        Issue.record("expected an error, parsed: \(document.root)")
        return nil
    } catch {
        return error
    }
}

/// Same for raw bytes.
func parseError(bytes: [UInt8], file: String = "test.yaml") -> YAMLError? {
    do {
        let document = try YAMLParser().parse(bytes: bytes, fileName: file)
        Issue.record("expected an error, parsed: \(document.root)")
        return nil
    } catch {
        return error
    }
}

/// Every node of a tree, depth first, keys before values.
func allNodes(_ node: YAMLNode) -> [YAMLNode] {
    var result = [node]
    switch node {
    case .scalar: break
    case .sequence(let sequence): for item in sequence.items { result += allNodes(item) }
    case .mapping(let mapping):
        for pair in mapping.pairs { result += allNodes(pair.key) + allNodes(pair.value) }
    }
    return result
}

/// The UTF-8 text between two marks of `source`.
func slice(_ source: String, from start: YAMLMark, to end: YAMLMark) -> String {
    let bytes = Array(source.utf8)
    return String(decoding: bytes[start.offset..<end.offset], as: UTF8.self)
}

/// The whole text of `source`'s line `line` (1-based), used to check columns in characters.
func character(in source: String, at mark: YAMLMark) -> Character? {
    var lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    guard mark.line >= 1 && mark.line <= lines.count else { return nil }
    let scalars = Array(lines.remove(at: mark.line - 1).unicodeScalars)
    guard mark.column >= 1 && mark.column <= scalars.count else { return nil }
    return Character(scalars[mark.column - 1])
}
