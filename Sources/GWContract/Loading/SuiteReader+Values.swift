import GWYAML

/// Scalars, maps of strings and JSON values, each checked for the type its key needs.
extension SuiteReader {
    /// The text of a non-empty scalar; reports and returns nil for collections and empty values.
    mutating func text(_ node: YAMLNode, key: String, describing what: String) -> String? {
        guard let scalar = node.scalar, !scalar.isNull else {
            report("`\(key)` is \(what), a text value, not \(Self.kindName(node))", at: node)
            return nil
        }
        return scalar.value
    }

    /// A `true`/`false` scalar.
    mutating func flag(_ node: YAMLNode, key: String) -> Bool? {
        guard let value = node.boolValue else {
            report("`\(key)` is true or false, not \(Self.kindName(node))", at: node)
            return nil
        }
        return value
    }

    /// A mapping of header names to scalar values, in order. Values may not hold line breaks,
    /// which would smuggle extra headers into the request.
    mutating func headerMap(_ node: YAMLNode, key: String) -> [(name: String, value: String)]? {
        guard let mapping = node.mapping else {
            report(
                "`\(key)` is a mapping of header names to values, such as `{ x-tier: free }`, "
                    + "not \(Self.kindName(node))",
                at: node)
            return nil
        }
        var headers: [(name: String, value: String)] = []
        var valid = true
        for pair in mapping.pairs {
            guard let name = pair.key.scalarValue, !name.isEmpty,
                name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 && $0 != ":" })
            else {
                report(
                    "header names are words like `authorization` or `x-tier`, not \(Self.kindName(pair.key))",
                    at: pair.key)
                valid = false
                continue
            }
            guard let scalar = pair.value.scalar else {
                report("the value of header '\(name)' is text, not \(Self.kindName(pair.value))", at: pair.value)
                valid = false
                continue
            }
            let value = scalar.isNull ? "" : scalar.value
            guard !value.contains(where: { $0 == "\n" || $0 == "\r" }) else {
                report("the value of header '\(name)' must be one line", at: pair.value)
                valid = false
                continue
            }
            headers.append((name: name, value: value))
        }
        return valid ? headers : nil
    }

    /// Any YAML value as JSON: mappings become objects (keys are text), sequences arrays, and
    /// scalars null, booleans, numbers or strings by the YAML core schema (`"5"` stays a string).
    mutating func json(_ node: YAMLNode) -> JSONValue? {
        switch node {
        case .mapping(let mapping):
            var members: [JSONValue.Member] = []
            var valid = true
            for pair in mapping.pairs {
                guard let key = pair.key.scalar, !key.isNull else {
                    report("JSON object keys are text, not \(Self.kindName(pair.key))", at: pair.key)
                    valid = false
                    continue
                }
                if let value = json(pair.value) {
                    members.append(JSONValue.Member(key.value, value))
                } else {
                    valid = false
                }
            }
            return valid ? .object(members) : nil
        case .sequence(let sequence):
            var items: [JSONValue] = []
            var valid = true
            for item in sequence.items {
                if let value = json(item) { items.append(value) } else { valid = false }
            }
            return valid ? .array(items) : nil
        case .scalar(let scalar):
            switch scalar.resolvedTag {
            case YAMLTag.null: return .null
            case YAMLTag.bool: return scalar.boolValue.map(JSONValue.bool) ?? .string(scalar.value)
            case YAMLTag.int:
                if let value = scalar.intValue { return .integer(value) }
                fallthrough
            case YAMLTag.float:
                guard let value = scalar.doubleValue, value.isFinite else {
                    report(
                        "JSON numbers are finite; '\(scalar.value)' cannot be sent as JSON (quote it for a string)",
                        at: node)
                    return nil
                }
                return .number(value)
            default:
                return .string(scalar.value)
            }
        }
    }
}
