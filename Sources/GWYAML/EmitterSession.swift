import CYAML

/// One use of a libyaml emitter: owns the `yaml_emitter_t`, collects its output, and turns nodes
/// into emitter events.
///
/// A class so that libyaml's output callback can reach the buffer through an unretained pointer,
/// and so that `deinit` frees the emitter on every path, including errors.
final class EmitterSession {
    private let options: YAMLEmitter.Options
    /// Allocated rather than a Swift local because libyaml keeps pointers into the emitter between
    /// calls, so it must not move.
    private let emitter: UnsafeMutablePointer<yaml_emitter_t>
    private var output: [UInt8] = []

    init(options: YAMLEmitter.Options) throws(YAMLError) {
        self.options = options
        // Assigned to `self.emitter` only once initialised: a throw before that point leaves the
        // object partly initialised, so `deinit` (which deletes the emitter) does not run.
        let emitter = UnsafeMutablePointer<yaml_emitter_t>.allocate(capacity: 1)
        guard yaml_emitter_initialize(emitter) == 1 else {
            emitter.deallocate()
            throw YAMLError(.outOfMemory, "libyaml could not allocate an emitter", fileName: "<emitter>", at: .unknown)
        }
        self.emitter = emitter
        yaml_emitter_set_output(
            emitter,
            { data, buffer, size in
                guard let data, let buffer else { return 0 }
                let session = Unmanaged<EmitterSession>.fromOpaque(data).takeUnretainedValue()
                session.output.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
                return 1
            },
            // Unretained: libyaml only calls back while this session is running an emit.
            Unmanaged.passUnretained(self).toOpaque())
        yaml_emitter_set_indent(emitter, Int32(clamping: options.indentation))
        yaml_emitter_set_width(emitter, Int32(clamping: options.lineWidth ?? -1))
        // Write non-ASCII text as is; otherwise libyaml escapes it and must double-quote it.
        yaml_emitter_set_unicode(emitter, 1)
        yaml_emitter_set_break(emitter, YAML_LN_BREAK)
    }

    deinit {
        yaml_emitter_delete(emitter)
        emitter.deallocate()
    }

    /// The output so far.
    var text: String { String(decoding: output, as: UTF8.self) }

    func emitStream(_ documents: [YAMLNode]) throws(YAMLError) {
        var event = yaml_event_t()
        yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING)
        try emit(&event)
        for root in documents {
            yaml_document_start_event_initialize(&event, nil, nil, nil, options.explicitDocumentStart ? 0 : 1)
            try emit(&event)
            try emitNode(root, inFlow: false, isKey: false)
            yaml_document_end_event_initialize(&event, 1)
            try emit(&event)
        }
        yaml_stream_end_event_initialize(&event)
        try emit(&event)
    }

    // MARK: - Nodes

    /// `inFlow` and `isKey` track the context libyaml will be in, which decides how an empty
    /// scalar can be written.
    private func emitNode(_ node: YAMLNode, inFlow: Bool, isKey: Bool) throws(YAMLError) {
        switch node {
        case .scalar(let scalar):
            try emitScalar(scalar, inFlowOrKey: inFlow || isKey)
        case .sequence(let sequence):
            // libyaml writes everything inside a flow collection in flow style.
            let flow = inFlow || (options.preserveFlowCollections && sequence.style == .flow)
            let style = flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE
            var event = yaml_event_t()
            let tag = Self.writtenTag(sequence.tag)
            let ok = Self.withOptionalCString(tag) { tag in
                yaml_sequence_start_event_initialize(&event, nil, tag, tag == nil ? 1 : 0, style)
            }
            try check(ok, creating: "sequence", tag: tag)
            try emit(&event)
            for item in sequence.items { try emitNode(item, inFlow: flow, isKey: false) }
            yaml_sequence_end_event_initialize(&event)
            try emit(&event)
        case .mapping(let mapping):
            let flow = inFlow || (options.preserveFlowCollections && mapping.style == .flow)
            let style = flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE
            var event = yaml_event_t()
            let tag = Self.writtenTag(mapping.tag)
            let ok = Self.withOptionalCString(tag) { tag in
                yaml_mapping_start_event_initialize(&event, nil, tag, tag == nil ? 1 : 0, style)
            }
            try check(ok, creating: "mapping", tag: tag)
            try emit(&event)
            for pair in mapping.pairs {
                try emitNode(pair.key, inFlow: flow, isKey: true)
                try emitNode(pair.value, inFlow: flow, isKey: false)
            }
            yaml_mapping_end_event_initialize(&event)
            try emit(&event)
        }
    }

    private func emitScalar(_ scalar: YAMLScalar, inFlowOrKey: Bool) throws(YAMLError) {
        // Explicit tags are always written (both implicit flags off); only untagged scalars rely
        // on resolution, and for those the flags say which presentations keep the meaning.
        var plainImplicit: Int32 = 0
        var quotedImplicit: Int32 = 0
        let meaning = scalar.resolvedTag
        var tag = Self.writtenTag(scalar.tag)
        if tag == nil && scalar.value.isEmpty && meaning == YAMLTag.null && inFlowOrKey {
            // An empty null (`key:` with no value) cannot be written as nothing in a flow
            // collection or as a key; libyaml then quotes it, and `''` alone would read back as
            // an empty string. The explicit tag keeps it null: `!!null ''`.
            tag = YAMLTag.null
        }
        if tag == nil {
            let plainMeaning = CoreSchema.resolvePlain(scalar.value).tag
            var plainKeepsMeaning = plainMeaning == meaning
            if plainKeepsMeaning && meaning == YAMLTag.str && options.quoteYAML11Ambiguities
                && CoreSchema.isAmbiguousInYAML11(scalar.value)
            {
                plainKeepsMeaning = false
            }
            // Plain `<<` is a merge key; only a scalar that was plain to begin with may stay so.
            if CoreSchema.isMergeKeyText(scalar.value) && scalar.style != .plain {
                plainKeepsMeaning = false
            }
            plainImplicit = plainKeepsMeaning ? 1 : 0
            // Any quoted or block style reads back as a string.
            quotedImplicit = meaning == YAMLTag.str ? 1 : 0
        }

        let style: yaml_scalar_style_t
        if Self.hasUnusualLineBreak(scalar.value) {
            // CR, NEL, LS and PS are line breaks to libyaml. Written raw inside quoted or block
            // scalars they get folded or normalised and read back differently; double quotes
            // write them as escapes (`\r`, `\N`, `\L`, `\P`).
            style = YAML_DOUBLE_QUOTED_SCALAR_STYLE
        } else if scalar.style == .folded && Self.hasMoreIndentedLine(scalar.value) {
            // libyaml 0.2.5 folds long lines of a `>` scalar even next to a more-indented line
            // (one starting with a space), where YAML keeps the line break, so the text would read
            // back differently. `|` shows the same text and is never folded.
            style = YAML_LITERAL_SCALAR_STYLE
        } else if options.preserveScalarStyles || scalar.style.isBlock {
            style = Self.libyamlStyle(scalar.style)
        } else if meaning == YAMLTag.str && scalar.value.utf8.contains(UInt8(ascii: "\n")) {
            // Multi-line strings read best as `|` blocks; libyaml falls back to double quotes when
            // a block cannot represent the text (e.g. trailing spaces on a line).
            style = YAML_LITERAL_SCALAR_STYLE
        } else {
            style = YAML_ANY_SCALAR_STYLE
        }

        let length = scalar.value.utf8.count
        guard length <= Int(Int32.max) else {
            throw emitterError("a scalar of \(length) bytes is too long for libyaml")
        }
        var event = yaml_event_t()
        let ok = Self.withOptionalCString(tag) { tag in
            scalar.value.withCString { value in
                // `withCString` exposes the whole UTF-8 buffer, interior NULs included, so the
                // explicit length keeps them; libyaml then escapes them in double quotes.
                value.withMemoryRebound(to: yaml_char_t.self, capacity: length + 1) { value in
                    yaml_scalar_event_initialize(
                        &event, nil, tag, value, Int32(length), plainImplicit, quotedImplicit, style)
                }
            }
        }
        try check(ok, creating: "scalar", tag: tag)
        try emit(&event)
    }

    // MARK: - libyaml plumbing

    /// Hands an event to libyaml, which takes ownership of it whether or not emitting succeeds.
    private func emit(_ event: inout yaml_event_t) throws(YAMLError) {
        guard yaml_emitter_emit(emitter, &event) == 1 else {
            let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "libyaml failed to emit an event"
            throw emitterError(problem)
        }
    }

    private func check(_ status: Int32, creating what: String, tag: String?) throws(YAMLError) {
        guard status == 1 else {
            let detail = tag.map { " with tag '\($0)'" } ?? ""
            throw emitterError("libyaml rejected a \(what)\(detail) (invalid UTF-8 or out of memory)")
        }
    }

    private func emitterError(_ message: String) -> YAMLError {
        YAMLError(.emitter, message, fileName: "<emitter>", at: .unknown)
    }

    /// The tag to write for a node. The non-specific tag `!` only says "string / sequence /
    /// mapping", which untagged output already says (the implicit flags keep scalars quoted where
    /// needed); libyaml would otherwise write it as the verbatim tag `!<%21>`.
    private static func writtenTag(_ tag: String?) -> String? {
        tag == YAMLTag.nonSpecific ? nil : tag
    }

    private static func hasUnusualLineBreak(_ text: String) -> Bool {
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x0D { return true }
            if previous == 0xC2 && byte == 0x85 { return true }
            if beforePrevious == 0xE2 && previous == 0x80 && (byte == 0xA8 || byte == 0xA9) { return true }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    private static func hasMoreIndentedLine(_ text: String) -> Bool {
        var atLineStart = true
        for byte in text.utf8 {
            if atLineStart && (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) { return true }
            atLineStart = byte == UInt8(ascii: "\n")
        }
        return false
    }

    private static func libyamlStyle(_ style: YAMLScalar.Style) -> yaml_scalar_style_t {
        switch style {
        case .plain: YAML_PLAIN_SCALAR_STYLE
        case .singleQuoted: YAML_SINGLE_QUOTED_SCALAR_STYLE
        case .doubleQuoted: YAML_DOUBLE_QUOTED_SCALAR_STYLE
        case .literal: YAML_LITERAL_SCALAR_STYLE
        case .folded: YAML_FOLDED_SCALAR_STYLE
        }
    }

    private static func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<yaml_char_t>?) -> R) -> R {
        guard let string else { return body(nil) }
        return string.withCString { pointer in
            pointer.withMemoryRebound(to: yaml_char_t.self, capacity: string.utf8.count + 1) { body($0) }
        }
    }
}
