import Testing
@testable import GWYAML

@Suite struct AliasTests {
    @Test func aliasesCopyTheAnchoredNode() throws {
        let text = """
            defaults: &defaults
              timeout: 30s
              retries: 3
            list: &items [a, b]
            scalar: &name checkout
            service:
              settings: *defaults
              items: *items
              name: *name
            """
        let root = try parse(text)
        #expect(root["service"]?["settings"] == ["timeout": "30s", "retries": 3])
        #expect(root["service"]?["items"] == ["a", "b"])
        #expect(root["service"]?["name"]?.scalarValue == "checkout")
        // An aliased node points at its definition, which is where its text is.
        #expect(root["service"]?["name"]?.start == YAMLMark(line: 5, column: 9, offset: 76))
        #expect(root["service"]?["settings"]?["retries"]?.start.line == 3)
    }

    @Test func anchorsCanBeRedefinedAndAreScopedToTheirDocument() throws {
        let text = """
            a: &x first
            b: *x
            c: &x second
            d: *x
            ---
            e: *x
            """
        let documents = Result { try YAMLDocument.parseAll(text, fileName: "t.yaml") }
        guard case .failure(let error as YAMLError) = documents else {
            Issue.record("expected the alias in the second document to be undefined")
            return
        }
        #expect(error.kind == .undefinedAlias)
        #expect(error.line == 6 && error.column == 4)

        let root = try parse("a: &x first\nb: *x\nc: &x second\nd: *x\n")
        #expect(root == ["a": "first", "b": "first", "c": "second", "d": "second"])
    }

    @Test func undefinedAliasIsAnErrorAtTheAlias() throws {
        let error = try #require(parseError("config:\n  name: *missing\n", file: "envs/dev.yaml"))
        #expect(error.kind == .undefinedAlias)
        #expect(error.line == 2 && error.column == 9)
        #expect(error.description == "envs/dev.yaml:2:9: error: undefined alias '*missing': no anchor '&missing' appears before it in this document")
    }

    @Test func aliasUsedBeforeItsAnchorIsUndefined() throws {
        let error = try #require(parseError("a: *later\nb: &later 1\n"))
        #expect(error.kind == .undefinedAlias)
        #expect(error.line == 1 && error.column == 4)
    }

    @Test func recursiveAliasIsRejected() throws {
        let error = try #require(parseError("a: &loop\n  - 1\n  - *loop\n"))
        #expect(error.kind == .recursiveAlias)
        #expect(error.line == 3 && error.column == 5)
        #expect(error.message.contains("recursive"))

        // Reusing the name of an earlier anchor on the enclosing node is still recursion.
        let shadowed = try #require(parseError("a: &x 1\nb: &x\n  c: *x\n"))
        #expect(shadowed.kind == .recursiveAlias)
        #expect(shadowed.line == 3 && shadowed.column == 6)
    }

    @Test func billionLaughsHitsTheExpansionLimit() throws {
        var text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let previous = Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ")
            text += "l\(level): &l\(level) [\(previous)]\n"
        }
        let error = try #require(parseError(text))
        #expect(error.kind == .aliasExpansionLimit)
        #expect(error.message.contains("1000000"))
        // Fails on the level whose expansion crosses one million nodes (9^7 > 10^6 / 9 ...).
        #expect(error.line > 5 && error.line <= 10)
    }

    @Test func expansionLimitIsConfigurable() throws {
        let text = "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n"
        let strict = YAMLParser(options: .init(maxAliasExpandedNodes: 10))
        let error = try #require(parseError(text, parser: strict))
        #expect(error.kind == .aliasExpansionLimit)
        #expect(error.line == 2 && error.column == 13)
        // Each alias of `a` costs 4 nodes (the sequence and its 3 items).
        let enough = YAMLParser(options: .init(maxAliasExpandedNodes: 12))
        #expect(try enough.parse(text, fileName: "t.yaml").root["b"]?[2] == [1, 2, 3])
    }

    @Test func deepNestingHitsTheDepthLimitInsteadOfCrashing() throws {
        let flow = String(repeating: "[", count: 100_000)
        let error = try #require(parseError(flow))
        #expect(error.kind == .nestingLimit)
        #expect(error.line == 1 && error.column == 257)
        #expect(error.message.contains("256"))

        var block = ""
        for depth in 0..<300 { block += String(repeating: " ", count: depth) + "k:\n" }
        let blockError = try #require(parseError(block))
        #expect(blockError.kind == .nestingLimit)
        #expect(blockError.line == 257)

        let shallow = YAMLParser(options: .init(maxDepth: 3))
        #expect(try shallow.parse("a: {b: [c]}", fileName: "t.yaml").root["a"]?["b"] == ["c"])
        #expect(parseError("a: {b: [[c]]}", parser: shallow)?.kind == .nestingLimit)
    }

    @Test func invalidMergeValuesAreErrors() throws {
        let scalar = try #require(parseError("base: &b 1\nx:\n  <<: *b\n"))
        #expect(scalar.kind == .invalidMerge)
        #expect(scalar.line == 3 && scalar.column == 3)

        let mixed = try #require(parseError("a: &a {k: 1}\nx:\n  <<: [*a, 2]\n"))
        #expect(mixed.kind == .invalidMerge)
        #expect(mixed.message.contains("scalar"))
    }
}
