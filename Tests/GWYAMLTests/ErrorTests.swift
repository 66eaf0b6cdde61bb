import Testing
@testable import GWYAML

/// Invalid input must produce a located, readable error, never a crash.
@Suite struct ErrorTests {
    @Test func tabIndentation() throws {
        let error = try #require(parseError("server:\n\tport: 8080\n", file: "envs/production.yaml"))
        #expect(error.kind == .syntax)
        #expect(error.line == 2 && error.column == 1)
        #expect(error.message.hasPrefix("found character that cannot start any token"))
        #expect(error.message.contains("tabs cannot be used for indentation"))
        #expect(error.description.hasPrefix("envs/production.yaml:2:1: error: found character that cannot start any token"))
    }

    @Test func unterminatedDoubleQuote() throws {
        let error = try #require(parseError("name: \"checkout\nnext: 1\n"))
        #expect(error.kind == .syntax)
        #expect(error.line == 3 && error.column == 1)
        #expect(error.message == "found unexpected end of stream while scanning a quoted scalar that started at 1:7")
    }

    @Test func unterminatedSingleQuoteAfterUnicode() throws {
        let error = try #require(parseError("名前: 'abc"))
        #expect(error.line == 1 && error.column == 9)
        #expect(error.offset == 12)
        #expect(error.message.contains("started at 1:5"))
    }

    @Test func badIndentation() throws {
        let error = try #require(parseError("service: checkout\n  replicas: 3\n"))
        #expect(error.kind == .syntax)
        #expect(error.line == 2 && error.column == 11)
        #expect(error.message == "mapping values are not allowed in this context")
    }

    @Test func sequenceItemInsideMapping() throws {
        let error = try #require(parseError("- a\nb: c\n"))
        #expect(error.line == 2 && error.column == 1)
        #expect(error.message == "did not find expected '-' indicator while parsing a block collection that started at 1:1")
    }

    @Test func unclosedFlowSequence() throws {
        let error = try #require(parseError("items: [1, 2\nnext: 3\n"))
        #expect(error.kind == .syntax)
        // `next` still reads as a flow item; its `:` is where libyaml gives up.
        #expect(error.line == 2 && error.column == 5)
        #expect(error.message.hasPrefix("did not find expected ',' or ']'"))
        #expect(error.message.contains("while parsing a flow sequence that started at 1:8"))
    }

    @Test func unclosedFlowMapping() throws {
        let error = try #require(parseError("{a: 1, b: 2"))
        // libyaml reports end of input as the start of the line after the last one, even without
        // a final newline.
        #expect(error.line == 2 && error.column == 1)
        #expect(error.offset == 11)
        #expect(error.message.contains("while parsing a flow mapping that started at 1:1"))
    }

    @Test func unknownEscape() throws {
        let error = try #require(parseError("key: \"a\\qb\"\n"))
        #expect(error.line == 1 && error.column == 8)
        #expect(error.message == "found unknown escape character while parsing a quoted scalar that started at 1:6")
    }

    @Test func invalidUTF8() throws {
        let bytes: [UInt8] = Array("ok: 1\nbad: ".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
        let error = try #require(parseError(bytes: bytes, file: "keys.yaml"))
        #expect(error.kind == .encoding)
        #expect(error.line == 2 && error.column == 6)
        #expect(error.offset == 11)
        #expect(error.description == "keys.yaml:2:6: error: invalid leading UTF-8 octet (byte 0xFF); YAML files must be UTF-8")
    }

    @Test func truncatedUTF8AfterUnicode() throws {
        // "é: " then the first two bytes of a three-byte character.
        let bytes: [UInt8] = [0xC3, 0xA9, 0x3A, 0x20, 0xE6, 0x97]
        let error = try #require(parseError(bytes: bytes))
        #expect(error.kind == .encoding)
        #expect(error.line == 1 && error.column == 4)
        #expect(error.message.contains("incomplete UTF-8 octet sequence"))
    }

    @Test func utf16IsRejectedAsNotUTF8() throws {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0x00]
        let error = try #require(parseError(bytes: bytes))
        #expect(error.kind == .encoding)
        #expect(error.line == 1 && error.column == 1)
    }

    @Test func binaryAndControlCharacters() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]
        let binary = try #require(parseError(bytes: png))
        #expect(binary.kind == .encoding)
        #expect(binary.line == 1 && binary.column == 1)

        let control = try #require(parseError("a: b\u{1}c\n"))
        #expect(control.kind == .encoding)
        #expect(control.line == 1 && control.column == 5)
        #expect(control.message == "control characters are not allowed (U+0001)")

        let nul = try #require(parseError("first: 1\nsecond: \u{0}\n"))
        #expect(nul.kind == .encoding)
        #expect(nul.line == 2 && nul.column == 9)
    }

    @Test func duplicateKeys() throws {
        let error = try #require(parseError("service: a\nreplicas: 2\nservice: b\n", file: "envs/staging.yaml"))
        #expect(error.kind == .duplicateKey)
        #expect(error.description == "envs/staging.yaml:3:1: error: duplicate key 'service' in mapping (first defined at 1:1)")

        // Keys are compared by meaning: quoted "a" and plain a are the same string ...
        let quoted = try #require(parseError("{a: 1, \"a\": 2}"))
        #expect(quoted.line == 1 && quoted.column == 8)
        // ... but the int 1 and the string "1" are different keys.
        #expect(try parse("1: int\n\"1\": string\n").mapping?.count == 2)

        // Large mappings use an index for duplicate detection; it must agree.
        var large = (0..<50).map { "k\($0): \($0)" }.joined(separator: "\n")
        large += "\nk17: again\n"
        let indexed = try #require(parseError(large))
        #expect(indexed.kind == .duplicateKey)
        #expect(indexed.line == 51 && indexed.column == 1)
        #expect(indexed.message.contains("first defined at 18:1"))

        let complex = try #require(parseError("? [a, b]\n: 1\n? [a, b]\n: 2\n"))
        #expect(complex.kind == .duplicateKey)
        #expect(complex.line == 3 && complex.column == 3)
    }

    @Test func secondDocumentWhereOneIsExpected() throws {
        let error = try #require(parseError("a: 1\n---\nb: 2\n", file: "values.yaml"))
        #expect(error.kind == .multipleDocuments)
        #expect(error.line == 2 && error.column == 1)
        #expect(try YAMLDocument.parseAll("a: 1\n---\nb: 2\n", fileName: "values.yaml").count == 2)
    }

    @Test func errorsAreValuesWithAStableRendering() throws {
        let error = YAMLError(kind: .syntax, fileName: "envs/production.yaml", line: 3, column: 14, offset: 40, message: "expected a number")
        #expect(error.description == "envs/production.yaml:3:14: error: expected a number")
        #expect(error.mark == YAMLMark(line: 3, column: 14, offset: 40))
        let unplaced = YAMLError(kind: .emitter, fileName: "<emitter>", line: 0, column: 0, offset: 0, message: "bad tag")
        #expect(unplaced.description == "<emitter>: error: bad tag")
    }

    /// Random edits of valid documents: parsing must either succeed or throw a located error.
    @Test func mutatedInputNeverCrashes() throws {
        var generator = SplitMix64(seed: 0x5EED)
        let seeds = [RealWorldTests.workflow, RealWorldTests.compose, RealWorldTests.litellm].map { Array($0.utf8) }
        let interesting: [UInt8] = Array(":-?[]{},#&*!|>'\"%@`\t\n\r \\".utf8) + [0x00, 0x80, 0xC3, 0xE2, 0xF0, 0xFF]
        var failures = 0
        for iteration in 0..<3_000 {
            var bytes = seeds[iteration % seeds.count]
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let position = Int(generator.next() % UInt64(bytes.count))
                let byte = interesting[Int(generator.next() % UInt64(interesting.count))]
                switch generator.next() % 3 {
                case 0: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                default: bytes.remove(at: position)
                }
            }
            do {
                _ = try YAMLParser().parseAll(bytes: bytes, fileName: "fuzz.yaml")
            } catch {
                failures += 1
                #expect(error.line >= 1 && error.column >= 1)
                #expect(error.offset <= bytes.count)
                #expect(!error.message.isEmpty)
            }
        }
        #expect(failures > 100)
    }
}

/// A small deterministic generator so the mutation test is reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
