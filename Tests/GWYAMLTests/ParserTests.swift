import Testing
@testable import GWYAML

@Suite struct ParserTests {
    @Test func valuesFileMarksArePrecise() throws {
        let text = """
            # production values
            service: checkout
            p99_budget: 1.5 seconds
            replicas: 3
            """
        let root = try parse(text, file: "envs/production.yaml")
        let mapping = try #require(root.mapping)
        #expect(mapping.keys.map(\.scalarValue) == ["service", "p99_budget", "replicas"])

        let (key, value) = try #require(mapping.pair(forKey: "p99_budget"))
        #expect(key.start == YAMLMark(line: 3, column: 1, offset: 38))
        #expect(value.start == YAMLMark(line: 3, column: 13, offset: 50))
        #expect(value.end == YAMLMark(line: 3, column: 24, offset: 61))
        #expect(value.scalarValue == "1.5 seconds")
        #expect(value.doubleValue == nil)
        #expect(slice(text, from: value.start, to: value.end) == "1.5 seconds")

        let replicas = try #require(root["replicas"])
        #expect(replicas.intValue == 3)
        #expect(replicas.start.line == 4 && replicas.start.column == 11)
        #expect(root.start == YAMLMark(line: 2, column: 1, offset: 20))
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let text = """
            名前: 値
            説明: "日本語 テキスト"
            emoji: 🚀 launch
            k🚀: v
            flow: [🎉, x]
            "👩‍💻": ok
            """
        let root = try parse(text)
        let name = try #require(root["名前"])
        #expect(name.scalarValue == "値")
        #expect(name.start == YAMLMark(line: 1, column: 5, offset: 8))

        let description = try #require(root["説明"])
        #expect(description.scalarValue == "日本語 テキスト")
        #expect(description.start.column == 5)
        #expect(description.scalar?.style == .doubleQuoted)

        #expect(root["emoji"]?.scalarValue == "🚀 launch")
        #expect(root["emoji"]?.start.column == 8)

        // The value after a 4-byte emoji in the key: k, 🚀, ':', ' ' → column 5, byte 7.
        let v = try #require(root["k🚀"])
        #expect(v.start.line == 4 && v.start.column == 5)
        #expect(character(in: text, at: v.start) == "v")

        let flow = try #require(root["flow"]?.sequence)
        #expect(flow.style == .flow)
        #expect(flow.items.map(\.start.column) == [8, 11])
        #expect(flow.items[1].scalarValue == "x")

        // Columns count Unicode scalars: the ZWJ sequence 👩‍💻 is one character but three scalars.
        let ok = try #require(root["👩‍💻"])
        #expect(ok.start.column == 8)

        // Byte offsets slice the original UTF-8 exactly, whatever precedes them.
        for node in allNodes(root) {
            guard let scalar = node.scalar, scalar.style == .plain else { continue }
            #expect(slice(text, from: scalar.start, to: scalar.end) == scalar.value)
            #expect(character(in: text, at: scalar.start) == scalar.value.unicodeScalars.first.map(Character.init))
        }
    }

    @Test func byteOrderMarkIsSkippedButCountedInOffsets() throws {
        let text = "\u{FEFF}key: value\n"
        let root = try parse(text)
        let value = try #require(root["key"])
        #expect(value.start == YAMLMark(line: 1, column: 6, offset: 8))
        #expect(slice(text, from: value.start, to: value.end) == "value")
    }

    @Test func crlfLineBreaks() throws {
        let text = "a: 1\r\nb: two\r\n"
        let root = try parse(text)
        let b = try #require(root["b"])
        #expect(b.scalarValue == "two")
        #expect(b.start == YAMLMark(line: 2, column: 4, offset: 9))
    }

    @Test func scalarStylesAndEscapes() throws {
        let text = #"""
            plain: hello world
            double: "tab\there\nnewline \"quoted\" \u00e9 \x41 \U0001F600 back\\slash"
            single: 'it''s # not a comment'  # but this is
            folded_quote: "line one
              line two"
            url: https://example.com/a#b
            """#
        let root = try parse(text)
        #expect(root["plain"]?.scalar?.style == .plain)
        #expect(root["double"]?.scalarValue == "tab\there\nnewline \"quoted\" é A 😀 back\\slash")
        #expect(root["double"]?.scalar?.style == .doubleQuoted)
        #expect(root["single"]?.scalarValue == "it's # not a comment")
        #expect(root["single"]?.scalar?.style == .singleQuoted)
        #expect(root["folded_quote"]?.scalarValue == "line one line two")
        #expect(root["url"]?.scalarValue == "https://example.com/a#b")
    }

    @Test func literalAndFoldedBlockScalars() throws {
        let text = """
            literal: |
              first line
                indented
              last line
            folded: >
              folded text
              continues here

              new paragraph
            strip: |-
              no trailing newline
            keep: |+
              keep trailing

            after: end
            """
        let root = try parse(text)
        #expect(root["literal"]?.scalarValue == "first line\n  indented\nlast line\n")
        #expect(root["literal"]?.scalar?.style == .literal)
        #expect(root["literal"]?.start == YAMLMark(line: 1, column: 10, offset: 9))
        #expect(root["folded"]?.scalarValue == "folded text continues here\nnew paragraph\n")
        #expect(root["folded"]?.scalar?.style == .folded)
        #expect(root["strip"]?.scalarValue == "no trailing newline")
        #expect(root["keep"]?.scalarValue == "keep trailing\n\n")
        #expect(root["after"]?.scalarValue == "end")
        #expect(root["after"]?.start.line == 15)
    }

    @Test func flowAndBlockCollections() throws {
        let text = """
            block:
              - one
              - key: value
                other: [a, b, {c: d}]
            flow: {x: 1, y: [true, null, 2.5], "z w": 'q'}
            empty_seq: []
            empty_map: {}
            nested:
            - - deep
              - er
            """
        let root = try parse(text)
        let expected: YAMLNode = [
            "block": ["one", ["key": "value", "other": ["a", "b", ["c": "d"]]]],
            "flow": ["x": 1, "y": [true, .null, 2.5], "z w": "q"],
            "empty_seq": [],
            "empty_map": [:],
            "nested": [["deep", "er"]],
        ]
        #expect(root == expected)
        #expect(root["block"]?.sequence?.style == .block)
        #expect(root["flow"]?.mapping?.style == .flow)
        #expect(root["flow"]?["y"]?[1]?.isNull == true)
        #expect(root["flow"]?["y"]?[0]?.boolValue == true)
        #expect(root["flow"]?["y"]?[2]?.doubleValue == 2.5)
        #expect(root["flow"]?["y"]?[3] == nil)
        #expect(root["nested"]?[0]?[1]?.start == YAMLMark(line: 10, column: 5, offset: 152))
    }

    @Test func commentsAreIgnored() throws {
        let text = """
            # leading comment
            a: 1 # trailing
            # between
            b:
              # inside
              - x # item
            """
        #expect(try parse(text) == ["a": 1, "b": ["x"]])
    }

    @Test func tagsAreExpanded() throws {
        let text = """
            a: !!str 123
            b: !!int "42"
            c: !Ref MyBucket
            d: !<tag:example.com,2024:thing> x
            e: ! 12
            f: !!set {x, y}
            """
        let root = try parse(text)
        #expect(root["a"]?.tag == YAMLTag.str)
        #expect(root["a"]?.intValue == nil)
        #expect(root["b"]?.intValue == 42)
        #expect(root["c"]?.tag == "!Ref")
        #expect(root["c"]?.resolvedTag == "!Ref")
        #expect(root["d"]?.tag == "tag:example.com,2024:thing")
        #expect(root["e"]?.resolvedTag == YAMLTag.str)
        #expect(root["f"]?.mapping?.tag == "tag:yaml.org,2002:set")
        // The start of a tagged node is its tag.
        #expect(root["c"]?.start.column == 4)
    }

    @Test func emptyInputIsANullDocument() throws {
        for text in ["", "# only a comment\n", "   \n\n", "\u{FEFF}"] {
            let document = try YAMLDocument.parse(text, fileName: "empty.yaml")
            #expect(document.root.isNull)
            #expect(document.root.scalarValue == "")
            #expect(document.root.start == YAMLMark(line: 1, column: 1, offset: 0))
            #expect(document.fileName == "empty.yaml")
            #expect(try YAMLDocument.parseAll(text, fileName: "empty.yaml").isEmpty)
        }
        // An explicit empty document is the same null root.
        #expect(try parse("---\n").isNull)
        #expect(try parse("~").isNull)
    }

    @Test func multiDocumentStream() throws {
        let text = """
            %YAML 1.1
            ---
            a: 1
            ...
            ---
            - x
            --- plain
            ---
            """
        let documents = try YAMLDocument.parseAll(text, fileName: "stream.yaml")
        #expect(documents.map(\.root) == [["a": 1], ["x"], "plain", .scalar(YAMLScalar(""))])
        #expect(documents[1].root.start.line == 6)
        #expect(documents[2].root.start == YAMLMark(line: 7, column: 5, offset: 35))
        #expect(documents[3].root.isNull)
        #expect(documents.allSatisfy { $0.fileName == "stream.yaml" })
    }

    @Test func parsingBytesMatchesParsingStrings() throws {
        let text = "名前: 値\nlist: [1, 2]\n"
        let fromBytes = try YAMLParser().parse(bytes: Array(text.utf8), fileName: "b.yaml")
        let fromString = try YAMLParser().parse(text, fileName: "b.yaml")
        #expect(fromBytes == fromString)
        #expect(fromBytes.root["list"]?[1]?.start == fromString.root["list"]?[1]?.start)
        #expect(try YAMLParser().parseAll(bytes: [], fileName: "b.yaml").isEmpty)
    }

    @Test func largeInputKeepsExactOffsets() throws {
        // ~1.3 MB: checks that marks stay exact deep into a big file (the offset cursor never
        // drifts) and that building stays linear.
        var text = "items:\n"
        for i in 0..<20_000 {
            text += "  - id: \(i)\n    name: \"é-\(i)\"\n    tags: [a, b, 🚀]\n    note: ünïcödé text \(i)\n"
        }
        let root = try parse(text)
        let items = try #require(root["items"]?.sequence)
        #expect(items.count == 20_000)
        let last = try #require(items[19_999])
        #expect(last["id"]?.intValue == 19_999)
        #expect(last["note"]?.start.line == 4 * 19_999 + 5)
        #expect(last["note"]?.start.column == 11)
        for node in [last["note"], last["tags"]?[2], items[12_345]?["note"]] {
            let scalar = try #require(node?.scalar)
            #expect(slice(text, from: scalar.start, to: scalar.end) == scalar.value)
        }
    }

    @Test func mappingLookupHelpers() throws {
        let root = try parse("1: one\n\"on\": yes\nnull: ~\n")
        let mapping = try #require(root.mapping)
        #expect(mapping["1"]?.scalarValue == "one")
        #expect(mapping["on"]?.scalarValue == "yes")
        // YAML 1.2 core schema: `yes` is a string, not a bool.
        #expect(mapping["on"]?.boolValue == nil)
        #expect(mapping["null"]?.isNull == true)
        #expect(mapping["missing"] == nil)
        #expect(mapping.pair(forKey: "1")?.key.intValue == 1)
        #expect(root[0] == nil)
        #expect(root["1"]?["x"] == nil)
    }
}
