import GWYAML

/// A case's `request:`: method, path, headers, and a JSON or text body.
extension SuiteReader {
    static let requestKeys = ["method", "path", "headers", "json", "body", "stream"]

    mutating func readRequest(_ node: YAMLNode) -> TestRequest? {
        guard let mapping = node.mapping else {
            report("`request` is a mapping with at least a `path`, not \(Self.kindName(node))", at: node)
            return nil
        }
        let before = problems.count
        let pairs = knownPairs(of: mapping, known: Self.requestKeys, in: "a request")
        let suggested = suggestedKeys
        var request = TestRequest(path: "/")

        if let pair = pairs["method"], let method = text(pair.value, key: "method", describing: "an HTTP method") {
            if !method.isEmpty,
                method.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("a"..."z").contains($0) })
            {
                request.method = method.uppercased()
            } else {
                report("`method` is an HTTP method such as GET or POST, not '\(Self.clipped(method))'", at: pair.value)
            }
        }
        if let pair = pairs["path"] {
            if let path = text(pair.value, key: "path", describing: "the request path") {
                if path.hasPrefix("/"), !path.contains(where: { $0 == " " || $0 == "\n" || $0 == "\r" }) {
                    request.path = path
                } else {
                    report(
                        "`path` starts with / and has no spaces, like /v1/chat/completions; "
                            + "found '\(Self.clipped(path))'",
                        at: pair.value)
                }
            }
        } else if !suggested.contains("path") {
            report("the request has no `path`; add one such as `path: /v1/chat/completions`", at: node)
        }
        if let pair = pairs["headers"], let headers = headerMap(pair.value, key: "headers") {
            request.headers = headers
        }

        let jsonPair = pairs["json"]
        let bodyPair = pairs["body"]
        if let jsonPair, bodyPair != nil {
            report("a request has `json` or `body`, not both", at: jsonPair.key)
        } else if let jsonPair, let value = json(jsonPair.value) {
            request.body = .json(value)
        } else if let bodyPair, let text = text(bodyPair.value, key: "body", describing: "the request body") {
            request.body = .text(text)
        }

        if let pair = pairs["stream"], let stream = flag(pair.value, key: "stream"), stream {
            // `stream: true` is a shortcut for `"stream": true` in the JSON body.
            switch request.body {
            case .none:
                request.body = .json(.object([JSONValue.Member("stream", .bool(true))]))
            case .json(.object(var members)):
                members.removeAll { $0.key == "stream" }
                members.append(JSONValue.Member("stream", .bool(true)))
                request.body = .json(.object(members))
            case .json:
                report(
                    "`stream: true` adds \"stream\": true to the JSON body, which must then be an object",
                    at: pair.value)
            case .text:
                report(
                    "`stream: true` needs a `json` body; with `body`, write \"stream\": true in the text",
                    at: pair.value)
            }
        }
        return problems.count == before ? request : nil
    }
}
