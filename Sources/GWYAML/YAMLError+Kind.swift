extension YAMLError {
    /// The category of a ``YAMLError``.
    public enum Kind: Sendable, Hashable {
        /// The bytes are not valid UTF-8 or contain characters YAML forbids (control characters).
        case encoding
        /// libyaml's scanner or parser rejected the text: bad indentation, a tab used for
        /// indentation, an unterminated quote, an unclosed `[`/`{`, ...
        case syntax
        /// A mapping repeats a key; reported at the second occurrence.
        case duplicateKey
        /// `*name` with no earlier `&name` in the same document.
        case undefinedAlias
        /// `*name` inside the node anchored as `&name` (a cycle the tree cannot represent).
        case recursiveAlias
        /// Aliases expand to more nodes than ``YAMLParser/Options/maxAliasExpandedNodes`` (a
        /// "billion laughs" document).
        case aliasExpansionLimit
        /// Collections nest deeper than ``YAMLParser/Options/maxDepth``.
        case nestingLimit
        /// ``YAMLParser/parse(_:fileName:)`` expected one document and found another.
        case multipleDocuments
        /// A `<<` merge key whose value is not a mapping or a sequence of mappings.
        case invalidMerge
        /// libyaml could not allocate memory.
        case outOfMemory
        /// The emitter rejected a node (for example an invalid tag).
        case emitter
    }
}
