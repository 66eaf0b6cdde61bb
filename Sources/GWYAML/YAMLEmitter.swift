import CYAML

/// Writes ``YAMLNode`` trees as YAML text through libyaml's emitter API.
///
/// Quoting is left to libyaml, which knows exactly which characters force quotes (`: `, ` #`,
/// leading indicators, ...). What libyaml cannot know is what a scalar *means*, so for each one the
/// emitter tells it whether the text may be written plain (only when the core schema would read
/// the plain text back as the same type: the string `"true"` may not, the bool `true` may) and
/// whether it may be quoted (only strings). With `YAML_ANY_SCALAR_STYLE`, libyaml then picks
/// plain, single-quoted or double-quoted. Parsing the output gives back an equal tree.
///
/// Anchors are not emitted: aliased nodes are written out in full.
public struct YAMLEmitter: Sendable {
    /// Formatting choices; see ``Options``.
    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Writes one document.
    public func emit(_ node: YAMLNode) throws(YAMLError) -> String {
        try emit(documents: [node])
    }

    /// Writes a stream of documents; every document after the first starts with `---`.
    public func emit(documents: [YAMLNode]) throws(YAMLError) -> String {
        let session = try EmitterSession(options: options)
        try session.emitStream(documents)
        return session.text
    }
}
