import Foundation
import GWYAML

/// A case's `expect:`: status, upstream, route, headers, a JSON subset, body text, latency, streaming.
extension SuiteReader {
    static let expectKeys = [
        "status", "upstream", "route", "headers", "json", "body_contains", "latency_below", "stream",
    ]

    mutating func readExpectation(_ node: YAMLNode) -> TestExpectation? {
        guard let mapping = node.mapping else {
            report(
                "`expect` is a mapping such as `{ status: 200, upstream: openai }`, not \(Self.kindName(node))",
                at: node)
            return nil
        }
        if mapping.pairs.isEmpty {
            report("`expect` is empty; give at least one expectation, such as `status: 200`", at: node)
            return nil
        }
        let before = problems.count
        let pairs = knownPairs(of: mapping, known: Self.expectKeys, in: "an expectation")
        var expectation = TestExpectation()
        if let pair = pairs["status"] { expectation.status = status(pair.value) }
        if let pair = pairs["upstream"] {
            expectation.upstream = text(pair.value, key: "upstream", describing: "a provider name (x-gwpipe-upstream)")
        }
        if let pair = pairs["route"] {
            expectation.route = text(pair.value, key: "route", describing: "a route name (x-gwpipe-route)")
        }
        if let pair = pairs["headers"], let headers = headerMap(pair.value, key: "headers") {
            expectation.headers = headers.map { (name: $0.name.lowercased(), value: $0.value) }
        }
        if let pair = pairs["json"] { expectation.json = json(pair.value) }
        if let pair = pairs["body_contains"] {
            expectation.bodyContains = text(pair.value, key: "body_contains", describing: "text the body must contain")
        }
        if let pair = pairs["latency_below"] { expectation.latencyBelowMs = duration(pair.value, key: "latency_below") }
        if let pair = pairs["stream"] { expectation.stream = flag(pair.value, key: "stream") }
        return problems.count == before ? expectation : nil
    }

    /// `200` (100–599), or a class `2xx`.
    private mutating func status(_ node: YAMLNode) -> StatusExpectation? {
        if let scalar = node.scalar, !scalar.isNull {
            let text = scalar.value.trimmingCharacters(in: .whitespaces)
            if let code = Int(text), (100...599).contains(code) { return .exact(code) }
            let characters = Array(text.lowercased())
            if characters.count == 3, let digit = characters[0].wholeNumberValue, (1...5).contains(digit),
                characters[1] == "x", characters[2] == "x"
            {
                return .statusClass(digit)
            }
        }
        report(
            "`status` is an HTTP status from 100 to 599 like 200, or a class like 2xx, not \(Self.kindName(node))",
            at: node)
        return nil
    }

    private mutating func duration(_ node: YAMLNode, key: String) -> Double? {
        if let scalar = node.scalar, let milliseconds = DurationText.milliseconds(scalar.value) { return milliseconds }
        let hint = node.intValue != nil || node.doubleValue != nil ? " (a unit is required)" : ""
        report("`\(key)` is a duration like 500ms or 2s, not \(Self.kindName(node))\(hint)", at: node)
        return nil
    }
}
