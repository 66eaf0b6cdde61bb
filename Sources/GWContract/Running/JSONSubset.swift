/// Subset matching of JSON: every key the expectation gives must be present in the answer with an
/// equal value, recursively; arrays must have as many items, compared one by one; numbers compare
/// by value (`1` equals `1.0`).
enum JSONSubset {
    /// One message per difference, each naming the JSON path (`$.choices[0].message.role`).
    static func differences(expected: JSONValue, received: JSONValue, path: String = "$") -> [String] {
        switch expected {
        case .object(let members):
            guard case .object = received else {
                return ["json: expected \(path) to be an object, got \(received.clippedText())"]
            }
            var differences: [String] = []
            for member in members {
                let childPath = self.path(path, key: member.key)
                guard let value = received[member.key] else {
                    differences.append("json: \(childPath) is missing (expected \(member.value.clippedText()))")
                    continue
                }
                differences += self.differences(expected: member.value, received: value, path: childPath)
            }
            return differences
        case .array(let items):
            guard case .array(let receivedItems) = received else {
                return ["json: expected \(path) to be an array, got \(received.clippedText())"]
            }
            guard items.count == receivedItems.count else {
                return [
                    "json: expected \(path) to have \(items.count) items, "
                        + "got \(receivedItems.count): \(received.clippedText())"
                ]
            }
            return zip(items, receivedItems).enumerated().flatMap { index, pair in
                differences(expected: pair.0, received: pair.1, path: "\(path)[\(index)]")
            }
        default:
            if let wanted = expected.numericValue, let got = received.numericValue, wanted == got { return [] }
            if expected == received { return [] }
            return ["json: expected \(path) to be \(expected.clippedText()), got \(received.clippedText())"]
        }
    }

    /// `$.name` for identifier keys, `$["x-y"]` for the rest.
    static func path(_ parent: String, key: String) -> String {
        let isIdentifier =
            !key.isEmpty
            && key.unicodeScalars.allSatisfy {
                $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
            }
            && !(key.first?.isNumber ?? true)
        return isIdentifier ? "\(parent).\(key)" : "\(parent)[\(JSONValue.string(key).jsonText)]"
    }
}
