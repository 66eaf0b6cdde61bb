import GWSyntax

/// Attributes (`name = value`) against a block's schema.
extension Checker {
    /// Checks every attribute of `body` against `schema`; returns the typed values by name.
    mutating func checkAttributes(_ body: Block, schema: AttributeSchema, owner: String, file: SourceFile) -> [String: (Typed, Statement)] {
        var values: [String: (Typed, Statement)] = [:]
        for statement in body.statements {
            guard case .attribute(let name, let value) = statement.kind else { continue }
            guard let type = schema.attributes[name.name] else {
                let hints = Suggestion.nearest(to: name.name, among: schema.attributes.keys).map { ["did you mean `\($0)`?"] }
                    ?? ["\(owner) accepts: " + schema.attributes.keys.sorted().joined(separator: ", ")]
                error(.unknownAttribute, "unknown attribute '\(name.name)' in \(owner)", file: file, range: name.range, hints: hints)
                continue
            }
            if let (_, first) = values[name.name] {
                error(
                    .duplicateAttribute, "'\(name.name)' is set twice in \(owner)", file: file, range: name.range,
                    secondary: [.init(file: file, range: first.range, label: "first set here")])
                continue
            }
            values[name.name] = (checkAttributeValue(value, type, name: name.name, file: file), statement)
        }
        for required in schema.required where values[required] == nil {
            // Name the choices when there are few, so the hint is a line to paste.
            let words = schema.attributes[required].map(AttributeType.words(in:)) ?? []
            let hint = words.isEmpty
                ? "add `\(required) = ...` to the block"
                : "add `\(required) = \(words[0])` to the block (\(required) is one of: \(words.joined(separator: ", ")))"
            error(.missingAttribute, "\(owner) needs '\(required)'", file: file, range: headerRange(body), hints: [hint])
        }
        return values
    }

    /// The range of an attribute's value (`"api.openai.com"` in `url = "api.openai.com"`), where
    /// diagnostics about the value point; the whole statement for other statements.
    func valueRange(_ statement: Statement) -> SourceRange {
        if case .attribute(_, let value) = statement.kind { return value.range }
        return statement.range
    }

    /// The range of a block's opening brace, where "missing" diagnostics point.
    func headerRange(_ body: Block) -> SourceRange {
        SourceRange(start: body.range.start, end: body.range.start + 1)
    }

    /// Checks one value against what an attribute accepts, including closed sets of words.
    mutating func checkAttributeValue(_ value: Expression, _ type: AttributeType, name: String, file: SourceFile) -> Typed {
        let words = AttributeType.words(in: type)
        if !words.isEmpty, case .name(let identifier) = value.kind {
            if words.contains(identifier.name) { return Typed(.word, .word(identifier.name)) }
            if table[identifier.name] == nil || !AttributeType.acceptsEntity(type) {
                let hints = Suggestion.nearest(to: identifier.name, among: words).map { ["did you mean `\($0)`?"] }
                    ?? ["'\(name)' is one of: " + words.joined(separator: ", ")]
                error(.invalidEnumValue, "'\(identifier.name)' is not a valid value for '\(name)'", file: file, range: value.range, hints: hints)
                return .error
            }
        }
        // A name where an entity is expected resolves as that kind, so a wrong kind says what the
        // name is and where it is declared (`for = staging` in a mock).
        if case .type(.entity(let kind)) = type, case .name(let identifier) = value.kind {
            guard expressions.resolveEntity(identifier, kind: kind, file: file) != nil else { return .error }
            return Typed(.entity(kind), .entity(kind, identifier.name))
        }
        let typed = expressions.check(value, in: file, context: .constant)
        guard typed.type != .error else { return .error }
        guard AttributeType.accepts(type, typed.type) else {
            expressions.reportMismatch(expected: type.description, found: typed, expression: value, file: file, what: "'\(name)'")
            return .error
        }
        return typed
    }
}

extension AttributeType {
    static func words(in type: AttributeType) -> [String] {
        switch type {
        case .words(let words): words
        case .oneOf(let options): options.flatMap(words(in:))
        case .type: []
        }
    }

    static func acceptsEntity(_ type: AttributeType) -> Bool {
        switch type {
        case .type(.entity): true
        case .oneOf(let options): options.contains(where: acceptsEntity)
        default: false
        }
    }

    static func accepts(_ type: AttributeType, _ found: GWType) -> Bool {
        switch type {
        case .type(let expected): found.conforms(to: expected)
        case .oneOf(let options): options.contains { accepts($0, found) }
        case .words: found == .word
        }
    }
}
