/// Replaces `${NAME}` in a request's strings with values from an environment, and remembers the
/// values it put in so results can be scrubbed of them (they are usually API keys).
///
/// Text that only looks similar (`$NAME`, `${}`, `${not a name}`) is left as written. A name that is
/// not set is collected, not guessed: the case fails with "environment variable NAME is not set".
struct EnvironmentSubstitution {
    let environment: [String: String]
    /// Names used but not set, in first-use order.
    private(set) var unsetNames: [String] = []
    /// The values substituted so far.
    private(set) var substitutedValues: Set<String> = []

    init(environment: [String: String]) {
        self.environment = environment
    }

    mutating func apply(_ text: String) -> String {
        guard text.contains("${") else { return text }
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            output += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.firstIndex(of: "}"), Self.isName(afterOpen[..<close]) else {
                output += "${"
                rest = afterOpen
                continue
            }
            let name = String(afterOpen[..<close])
            if let value = environment[name] {
                output += value
                if !value.isEmpty { substitutedValues.insert(value) }
            } else if !unsetNames.contains(name) {
                unsetNames.append(name)
            }
            rest = afterOpen[afterOpen.index(after: close)...]
        }
        return output + rest
    }

    mutating func apply(_ request: TestRequest) -> TestRequest {
        var resolved = request
        resolved.path = apply(request.path)
        resolved.headers = request.headers.map { (name: $0.name, value: apply($0.value)) }
        switch request.body {
        case .none: break
        case .text(let text): resolved.body = .text(apply(text))
        case .json(let value): resolved.body = .json(apply(value))
        }
        return resolved
    }

    private mutating func apply(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): .string(apply(text))
        case .array(let items): .array(items.map { apply($0) })
        case .object(let members): .object(members.map { JSONValue.Member(apply($0.key), apply($0.value)) })
        default: value
        }
    }

    /// Shell-style variable names: a letter or `_`, then letters, digits and `_`.
    private static func isName(_ text: Substring) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else {
            return false
        }
        return text.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
        }
    }
}
