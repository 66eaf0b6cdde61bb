import Testing
@testable import GWYAML

@Suite struct EmitterTests {
    /// parse(emit(tree)) == tree, checked for both the default and the style-preserving options.
    func expectRoundTrip(_ node: YAMLNode, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let styles = [
            YAMLEmitter.Options(),
            YAMLEmitter.Options(preserveScalarStyles: true, preserveFlowCollections: true),
            YAMLEmitter.Options(indentation: 4, lineWidth: 30, quoteYAML11Ambiguities: false, explicitDocumentStart: true),
        ]
        for options in styles {
            let text = try YAMLEmitter(options: options).emit(node)
            let back = try YAMLDocument.parse(text, fileName: "emitted.yaml").root
            #expect(back == node, "emitted:\n\(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func workflowBuiltInCode() throws {
        let workflow: YAMLNode = [
            "name": "CI",
            "on": ["push": ["branches": ["main"]], "pull_request": [:]],
            "jobs": [
                "build": [
                    "runs-on": "ubuntu-latest",
                    "timeout-minutes": 15,
                    "steps": [
                        ["uses": "actions/checkout@v4"],
                        ["name": "Test", "run": "swift build\nswift test --parallel\n"],
                        ["name": "Gate", "if": "${{ github.ref == 'refs/heads/main' }}", "run": "gwpipe check"],
                    ],
                ]
            ],
        ]
        let text = try YAMLEmitter().emit(workflow)
        #expect(
            text == """
                name: CI
                'on':
                  push:
                    branches:
                    - main
                  pull_request: {}
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    timeout-minutes: 15
                    steps:
                    - uses: actions/checkout@v4
                    - name: Test
                      run: |
                        swift build
                        swift test --parallel
                    - name: Gate
                      if: ${{ github.ref == 'refs/heads/main' }}
                      run: gwpipe check

                """)
        try expectRoundTrip(workflow)

        // Without the YAML 1.1 caution, `on` stays plain, as GitHub's own examples write it.
        let relaxed = try YAMLEmitter(options: .init(quoteYAML11Ambiguities: false)).emit(workflow)
        #expect(relaxed.contains("\non:\n"))
    }

    @Test func stringsThatWouldChangeMeaningAreQuoted() throws {
        let expectations: [(String, String)] = [
            ("true", "'true'"), ("False", "'False'"), ("3", "'3'"), ("1.5", "'1.5'"), ("0x1F", "'0x1F'"),
            (".inf", "'.inf'"), ("null", "'null'"), ("~", "'~'"), ("", "''"),
            ("a: b", "'a: b'"), ("x # y", "'x # y'"), ("- item", "'- item'"), ("#c", "'#c'"),
            ("&anchor", "'&anchor'"), ("*alias", "'*alias'"), ("!tag", "'!tag'"), ("@at", "'@at'"),
            ("key:", "'key:'"), ("trailing ", "'trailing '"), (" leading", "' leading'"), ("---", "'---'"),
            // YAML 1.1 readers would take these for booleans, octal, sexagesimal or dates.
            ("yes", "'yes'"), ("off", "'off'"), ("0755", "'0755'"), ("1:30", "'1:30'"), ("2024-01-01", "'2024-01-01'"),
            // Safe as plain.
            ("hello world", "hello world"), ("it's", "it's"), ("a:b", "a:b"), ("1.5 seconds", "1.5 seconds"),
            ("https://example.com/a#b", "https://example.com/a#b"), ("é", "é"), ("名前", "名前"),
            // Double quotes where single quotes cannot represent the text.
            ("\ttab", "\"\\ttab\""), ("nul\u{0}bell\u{7}", "\"nul\\0bell\\a\""),
        ]
        for (value, written) in expectations {
            let text = try YAMLEmitter().emit(["k": .string(value)])
            #expect(text == "k: \(written)\n", "for \(value.debugDescription)")
            #expect(try YAMLDocument.parse(text, fileName: "t.yaml").root["k"] == .string(value))
        }
    }

    @Test func typedScalarsStayPlain() throws {
        let node: YAMLNode = ["int": 42, "neg": -7, "float": 2.5, "inf": .double(-.infinity), "nan": .double(.nan),
                              "bool": false, "null": .null, "empty": .scalar(YAMLScalar(""))]
        let text = try YAMLEmitter(options: .init(quoteYAML11Ambiguities: false)).emit(node)
        #expect(text == "int: 42\nneg: -7\nfloat: 2.5\ninf: -.inf\nnan: .nan\nbool: false\n'null': null\nempty:\n")
        let back = try YAMLDocument.parse(text, fileName: "t.yaml").root
        #expect(back["int"]?.intValue == 42)
        #expect(back["inf"]?.doubleValue == -.infinity)
        #expect(back["nan"]?.doubleValue?.isNaN == true)
        #expect(back["bool"]?.boolValue == false)
        #expect(back["null"]?.isNull == true)
        #expect(back["empty"]?.isNull == true)
        // Scalars compare by text, so even `.nan` round-trips equal.
        try expectRoundTrip(node)
    }

    @Test func multiLineStringsBecomeLiteralBlocks() throws {
        let node: YAMLNode = [
            "script": "set -e\nswift build\n",
            "no_final_newline": "a\nb",
            "trailing_spaces": "a  \nb",
            "folded": .string("one\ntwo", style: .folded),
        ]
        let text = try YAMLEmitter().emit(node)
        #expect(text.contains("script: |\n  set -e\n  swift build\n"))
        #expect(text.contains("no_final_newline: |-\n  a\n  b\n"))
        // A block scalar cannot keep trailing spaces, so libyaml falls back to double quotes.
        #expect(text.contains("trailing_spaces: \"a  \\nb\"\n"))
        #expect(text.contains("folded: >-\n"))
        try expectRoundTrip(node)
    }

    @Test func realWorldDocumentsRoundTrip() throws {
        for source in [RealWorldTests.workflow, RealWorldTests.compose, RealWorldTests.litellm] {
            let tree = try parse(source)
            try expectRoundTrip(tree)
        }
    }

    @Test func trickyScalarsRoundTrip() throws {
        let strings = [
            "", " ", "\n", "\n\n", "line\n", "a\n\nb", "  indented\nblock", "true", "TRUE", "on", "0o17", "-",
            "-.inf", "1e3", "? q", "[x", "{x", "x]", "a, b", "'", "\"", "\\", "`", "%", "|", ">", "\t", "tab\tinside",
            "😀 emoji", "👩‍💻", "中文字符", "\u{0}", "\u{1F}", "\u{85}nel", "\u{2028}ls", "\u{FEFF}bom", "🚀\n🚀",
            String(repeating: "long words ", count: 20),
        ]
        var pairs: [YAMLMapping.Pair] = []
        for (index, value) in strings.enumerated() {
            pairs.append((key: .string("k\(index)"), value: .string(value)))
            pairs.append((key: .string(value + "#key\(index)"), value: [.string(value), .int(index)]))
        }
        try expectRoundTrip(.mapping(YAMLMapping(pairs)))
        for value in strings {
            try expectRoundTrip(.string(value))
        }
    }

    @Test func tagsAreWrittenBack() throws {
        let tree = try parse("a: !Ref foo\nb: !!int \"42\"\nc: !!str 12\nd: ! 12\ne: !!set {x: ~}\nf: !custom [1]\n")
        let text = try YAMLEmitter().emit(tree)
        #expect(text.contains("a: !Ref foo\n"))
        #expect(text.contains("b: !!int 42\n"))
        #expect(text.contains("c: !!str 12\n"))
        // `!` only means "string": written as a quoted string rather than libyaml's `!<%21>`.
        #expect(text.contains("d: '12'\n"))
        #expect(text.contains("e: !!set\n"))
        #expect(text.contains("f: !custom\n"))
        try expectRoundTrip(tree)
    }

    @Test func complexKeysAndEmptyCollections() throws {
        let node: YAMLNode = [["a", "b"]: 1, ["k": "v"]: [], "empty": [:]]
        let text = try YAMLEmitter().emit(node)
        #expect(text == "? - a\n  - b\n: 1\n? k: v\n: []\nempty: {}\n")
        try expectRoundTrip(node)
    }

    @Test func flowStyleIsKeptOnlyWhenAsked() throws {
        let tree = try parse("a: [1, {b: c}]\nq: \"x\"\n")
        #expect(try YAMLEmitter().emit(tree) == "a:\n- 1\n- b: c\nq: x\n")
        let preserving = YAMLEmitter(options: .init(preserveScalarStyles: true, preserveFlowCollections: true))
        #expect(try preserving.emit(tree) == "a: [1, {b: c}]\nq: \"x\"\n")
    }

    @Test func formattingOptions() throws {
        let node: YAMLNode = ["a": ["b": [1, 2]], "long": .string(String(repeating: "word ", count: 6) + "end")]
        let text = try YAMLEmitter(options: .init(indentation: 4, lineWidth: 20, explicitDocumentStart: true)).emit(node)
        #expect(text == "---\na:\n    b:\n    - 1\n    - 2\nlong: word word word word\n    word word end\n")
        #expect(try YAMLDocument.parse(text, fileName: "t.yaml").root == node)
    }

    @Test func multipleDocuments() throws {
        let text = try YAMLEmitter().emit(documents: ["a", ["b": 1], [1]])
        #expect(text == "a\n---\nb: 1\n---\n- 1\n")
        #expect(try YAMLDocument.parseAll(text, fileName: "t.yaml").map(\.root) == ["a", ["b": 1], [1]])
        #expect(try YAMLEmitter().emit(documents: []) == "")
    }

    @Test func nonBMPCharactersAreEscaped() throws {
        // libyaml 0.2.5 treats characters outside the Basic Multilingual Plane as unprintable, so
        // emoji are written as \U escapes in double quotes. The text is still valid and reads back
        // unchanged.
        let text = try YAMLEmitter().emit(["rocket": "🚀 launch", "cjk": "日本語"])
        #expect(text == "rocket: \"\\U0001F680 launch\"\ncjk: 日本語\n")
        #expect(try YAMLDocument.parse(text, fileName: "t.yaml").root["rocket"]?.scalarValue == "🚀 launch")
    }

    @Test func mergeKeyTextStaysAStringUnlessItWasAMergeKey() throws {
        // The string "<<" is quoted, so reading it back does not merge anything.
        let node: YAMLNode = ["<<": "x", "list": ["<<"]]
        let text = try YAMLEmitter(options: .init(quoteYAML11Ambiguities: false)).emit(node)
        #expect(text == "'<<': x\nlist:\n- '<<'\n")
        try expectRoundTrip(node)

        // A merge key kept by a parser that does not resolve them is written back as one.
        let unresolved = YAMLParser(options: .init(resolveMergeKeys: false))
        let tree = try unresolved.parse("base: &b {a: 1}\nx:\n  <<: *b\n  c: 2\n", fileName: "t.yaml").root
        let emitted = try YAMLEmitter().emit(tree)
        #expect(emitted.contains("  <<:\n"))
        #expect(try YAMLDocument.parse(emitted, fileName: "t.yaml").root["x"] == ["a": 1, "c": 2])
    }

    @Test func unusualLineBreaksAreEscaped() throws {
        // libyaml treats CR, NEL, LS and PS as line breaks; raw, they would not read back intact.
        for value in ["a\rb", "a\r\nb", "x\u{85}y", "x\u{2028}y", "\u{2029}"] {
            let text = try YAMLEmitter().emit(["k": .string(value, style: .literal)])
            #expect(text.hasPrefix("k: \""), "\(text.debugDescription)")
            try expectRoundTrip(["k": .string(value), .string(value): [.string(value, style: .folded)]])
        }
    }

    @Test func foldedTextWithIndentedLinesStaysIntact() throws {
        let value = "intro line that is long enough to fold\n  indented detail that is also long\nend"
        let node: YAMLNode = ["k": .string(value, style: .folded)]
        let text = try YAMLEmitter(options: .init(lineWidth: 20)).emit(node)
        #expect(text.hasPrefix("k: |"))
        try expectRoundTrip(node)
    }

    /// Random trees of awkward strings, typed scalars and nested collections in every style must
    /// read back equal under every option set (the property the emitter promises).
    @Test func randomTreesRoundTrip() throws {
        var generator = SplitMix64(seed: 0xA11CE)
        let fragments = ["a", " ", "  ", ":", ": ", "#", " #", "-", "- ", "?", "[", "]", "{", "}", ",", "'", "\"",
                         "\\", "\n", "\n\n", "\t", "é", "🚀", "中", "~", "null", "true", "1", "0x", ".", "&", "*", "!",
                         "|", ">", "%", "@", "`", "\r", "\u{85}", "\u{2028}", "\u{0}", "\u{FEFF}", "---", "...", "<<", "yes"]
        let styles: [YAMLScalar.Style] = [.plain, .singleQuoted, .doubleQuoted, .literal, .folded]
        func pick<T>(_ items: [T]) -> T { items[Int(generator.next() % UInt64(items.count))] }
        func scalar() -> YAMLNode {
            switch generator.next() % 6 {
            case 0: return .int(Int(generator.next() % 2001) - 1000)
            case 1: return .double(Double(generator.next() % 1_000_000) / 7)
            case 2: return .bool(generator.next() % 2 == 0)
            case 3: return .scalar(YAMLScalar(pick(["", "~", "null"])))
            default:
                let text = (0..<(generator.next() % 7)).map { _ in pick(fragments) }.joined()
                return .string(text, style: pick(styles))
            }
        }
        func node(depth: Int) -> YAMLNode {
            if depth > 3 || generator.next() % 3 == 0 { return scalar() }
            let style: YAMLCollectionStyle = generator.next() % 2 == 0 ? .flow : .block
            let count = Int(generator.next() % 5)
            if generator.next() % 2 == 0 {
                return .sequence(YAMLSequence((0..<count).map { _ in node(depth: depth + 1) }, style: style))
            }
            var pairs: [YAMLMapping.Pair] = []
            var keys = Set<YAMLNode>()
            for _ in 0..<count {
                let key = generator.next() % 8 == 0 ? node(depth: depth + 2) : scalar()
                if keys.insert(key).inserted { pairs.append((key: key, value: node(depth: depth + 1))) }
            }
            return .mapping(YAMLMapping(pairs, style: style))
        }
        for _ in 0..<1_000 {
            try expectRoundTrip(node(depth: 0))
        }
    }

    @Test func invalidTreesAreEmitterErrors() throws {
        do {
            _ = try YAMLEmitter().emit(["k": .scalar(YAMLScalar("x", tag: ""))])
            Issue.record("an empty tag should be rejected")
        } catch {
            #expect(error.kind == .emitter)
            #expect(error.description == "<emitter>: error: tag value must not be empty")
        }
    }

    @Test func documentEmitsItself() throws {
        let document = try YAMLDocument.parse("b: 1\na: [x]\n", fileName: "t.yaml")
        #expect(try document.emitted() == "b: 1\na:\n- x\n")
    }
}
