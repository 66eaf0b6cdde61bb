extension YAMLParser {
    /// Limits and behaviour switches for ``YAMLParser``.
    public struct Options: Sendable, Hashable {
        /// Deepest allowed nesting of sequences and mappings. Trees are walked recursively
        /// (equality, hashing, emitting, deinitialisation), so unbounded nesting from hostile input
        /// would overflow the stack; real configuration files rarely exceed 20.
        public var maxDepth: Int
        /// How many nodes all aliases of one document may expand to in total. Aliases are cheap
        /// copies in memory, but every consumer that walks the tree pays for the expansion, so a
        /// "billion laughs" document must be rejected up front.
        public var maxAliasExpandedNodes: Int
        /// Whether to apply YAML 1.1 `<<` merge keys (`<<: *defaults`), as docker-compose and
        /// most CI systems do. Keys written in the mapping win over merged ones; merged keys are
        /// inserted where the `<<` key was. When false, `<<` stays an ordinary key.
        public var resolveMergeKeys: Bool

        public init(maxDepth: Int = 256, maxAliasExpandedNodes: Int = 1_000_000, resolveMergeKeys: Bool = true) {
            self.maxDepth = maxDepth
            self.maxAliasExpandedNodes = maxAliasExpandedNodes
            self.resolveMergeKeys = resolveMergeKeys
        }
    }
}
