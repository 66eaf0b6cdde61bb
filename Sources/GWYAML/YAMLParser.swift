import CYAML

/// Reads YAML text into ``YAMLDocument`` trees with positions, using libyaml's event API
/// (`yaml_parser_parse`).
///
/// The event API is used instead of libyaml's document loader because the loader keeps no
/// per-node source positions in a form we can map back, has no limits on alias expansion or
/// nesting, and silently accepts duplicate keys. Here every node keeps its ``YAMLMark``, and every
/// failure (including invalid UTF-8, control characters and tabs used for indentation) is a
/// ``YAMLError`` with a location; no input crashes the parser.
///
/// Input must be UTF-8 (a leading byte order mark is allowed). libyaml implements YAML 1.1
/// syntax; scalar types are resolved with the YAML 1.2 core schema (see ``YAMLScalar``), so `yes`
/// and `on` are strings.
public struct YAMLParser: Sendable {
    /// Limits and switches; see ``Options``.
    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Parses text holding at most one document. Empty text yields a document whose root is a
    /// null (empty plain) scalar at 1:1; a second document is a ``YAMLError/Kind/multipleDocuments``
    /// error.
    public func parse(_ text: String, fileName: String) throws(YAMLError) -> YAMLDocument {
        try single(parseUTF8(text, fileName: fileName, singleDocument: true), fileName: fileName)
    }

    /// Parses a stream of documents. Empty text yields an empty array.
    public func parseAll(_ text: String, fileName: String) throws(YAMLError) -> [YAMLDocument] {
        try parseUTF8(text, fileName: fileName, singleDocument: false)
    }

    /// Parses raw bytes holding at most one document, e.g. a file read from disk. Unlike `String`,
    /// bytes may be invalid UTF-8, which is reported as a ``YAMLError/Kind/encoding`` error with
    /// its position.
    public func parse(bytes: [UInt8], fileName: String) throws(YAMLError) -> YAMLDocument {
        let documents = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(YAMLError) in try run(buffer, fileName: fileName, singleDocument: true) }
        }
        return try single(documents.get(), fileName: fileName)
    }

    /// Parses raw bytes holding a stream of documents.
    public func parseAll(bytes: [UInt8], fileName: String) throws(YAMLError) -> [YAMLDocument] {
        try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(YAMLError) in try run(buffer, fileName: fileName, singleDocument: false) }
        }.get()
    }

    // MARK: - Driving libyaml

    /// The first position of any input, where problems with the input as a whole are reported.
    private static let startOfInput = YAMLMark(line: 1, column: 1, offset: 0)

    private func single(_ documents: [YAMLDocument], fileName: String) -> YAMLDocument {
        let emptyRoot = YAMLScalar("", start: Self.startOfInput, end: Self.startOfInput)
        return documents.first ?? YAMLDocument(root: .scalar(emptyRoot), fileName: fileName)
    }

    private func parseUTF8(_ text: String, fileName: String, singleDocument: Bool) throws(YAMLError) -> [YAMLDocument] {
        var text = text
        // `withUTF8` hands libyaml the string's own storage (making it contiguous first if needed),
        // so large inputs are not copied.
        return try text.withUTF8 { buffer in
            Result { () throws(YAMLError) in try run(buffer, fileName: fileName, singleDocument: singleDocument) }
        }.get()
    }

    private func run(
        _ input: UnsafeBufferPointer<UInt8>, fileName: String, singleDocument: Bool
    ) throws(YAMLError) -> [YAMLDocument] {
        var locator = SourceLocator(bytes: input)
        // libyaml asserts on a NULL input pointer, and an empty stream has no documents anyway.
        guard let base = input.baseAddress, input.count > locator.bomLength else { return [] }

        // The parser must not move while in use: libyaml stores a pointer to the parser inside
        // itself (`read_handler_data`), so it lives in allocated memory, not a Swift local.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw YAMLError(
                .outOfMemory, "libyaml could not allocate a parser", fileName: fileName, at: Self.startOfInput)
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_input_string(parser, base + locator.bomLength, input.count - locator.bomLength)
        // Without this libyaml sniffs UTF-16 byte order marks; gwpipe reads UTF-8 only, and byte
        // offsets in marks are only meaningful for UTF-8.
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)

        var builder = TreeBuilder(fileName: fileName, options: options, singleDocument: singleDocument)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) == 1 else {
                throw Self.error(from: parser.pointee, locator: locator, fileName: fileName)
            }
            // Converting copies everything out of the event, so it is freed before the builder can
            // throw.
            let converted = Self.convert(&event, locator: &locator)
            yaml_event_delete(&event)
            try builder.handle(converted)
            if case .streamEnd = converted { break }
        }
        return builder.documents
    }

    private static func convert(_ event: inout yaml_event_t, locator: inout SourceLocator) -> ParseEvent {
        let start = locator.mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(start: start)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: string(event.data.alias.anchor) ?? "", start: start)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let bytes = UnsafeBufferPointer(start: data.value, count: data.value == nil ? 0 : data.length)
            let scalar = YAMLScalar(
                String(decoding: bytes, as: UTF8.self), style: style(data.style), tag: string(data.tag),
                start: start, end: locator.mark(event.end_mark))
            return .scalar(scalar, anchor: string(data.anchor))
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            let style: YAMLCollectionStyle = data.style == YAML_FLOW_SEQUENCE_STYLE ? .flow : .block
            return .sequenceStart(anchor: string(data.anchor), tag: string(data.tag), style: style, start: start)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd(end: locator.mark(event.end_mark))
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            let style: YAMLCollectionStyle = data.style == YAML_FLOW_MAPPING_STYLE ? .flow : .block
            return .mappingStart(anchor: string(data.anchor), tag: string(data.tag), style: style, start: start)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd(end: locator.mark(event.end_mark))
        default:
            // YAML_STREAM_END_EVENT (YAML_NO_EVENT is never returned on success).
            return .streamEnd
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    /// Builds a readable error from libyaml's `problem`/`context` fields.
    private static func error(from parser: yaml_parser_t, locator: SourceLocator, fileName: String) -> YAMLError {
        var locator = locator
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown libyaml error"

        switch parser.error {
        case YAML_MEMORY_ERROR:
            let mark = locator.mark(parser.problem_mark)
            return YAMLError(.outOfMemory, "libyaml ran out of memory", fileName: fileName, at: mark)

        case YAML_READER_ERROR:
            // Reader errors carry a byte offset and the offending value instead of a mark.
            let mark = locator.mark(byteOffset: parser.problem_offset + locator.bomLength)
            var message = problem
            if parser.problem_value >= 0 {
                if problem.contains("octet") {
                    message += " (byte 0x\(hex(parser.problem_value, width: 2)))"
                } else {
                    message += " (U+\(hex(parser.problem_value, width: 4)))"
                }
            }
            if problem.contains("UTF-8") { message += "; YAML files must be UTF-8" }
            return YAMLError(.encoding, message, fileName: fileName, at: mark)

        default:
            let mark = locator.mark(parser.problem_mark)
            var message = problem
            if let contextPointer = parser.context {
                let context = String(cString: contextPointer)
                let contextMark = locator.mark(parser.context_mark)
                // "... while scanning a quoted scalar that started at 1:7"; the position is left out
                // when it is the problem's own.
                message += " \(context)"
                if contextMark.offset != mark.offset { message += " that started at \(contextMark)" }
            }
            // libyaml's message for a tab in indentation does not mention tabs.
            if locator.byte(at: mark) == UInt8(ascii: "\t") {
                message += "; tabs cannot be used for indentation in YAML, use spaces"
            }
            return YAMLError(.syntax, message, fileName: fileName, at: mark)
        }
    }

    private static func hex(_ value: Int32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
