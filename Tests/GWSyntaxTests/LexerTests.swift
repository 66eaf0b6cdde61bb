import Testing

@testable import GWSyntax

/// The lexer's literal rules: every unit, compound durations, unit words, strings and their errors.
@Suite struct LexerTests {
    private func lex(_ text: String) -> Lexer.Output {
        Lexer.tokenize(SourceFile(name: "t.gwpipe", text: text))
    }

    private func singleValue(_ text: String) -> (TokenKind, TokenValue) {
        let output = lex(text)
        #expect(output.diagnostics.isEmpty, "\(text): \(output.diagnostics.map(\.message))")
        #expect(output.tokens.count == 2, "\(text) should be one token, got \(output.tokens.map(\.kind))")
        return (output.tokens[0].kind, output.tokens[0].value)
    }

    @Test func durations() {
        let cases: [(String, Int64)] = [
            ("250ms", 250_000_000), ("30s", 30_000_000_000), ("5m", 300_000_000_000), ("1h", 3_600_000_000_000),
            ("2d", 172_800_000_000_000), ("1m30s", 90_000_000_000), ("1h30m15s", 5_415_000_000_000),
            ("1.5s", 1_500_000_000), ("0.5ms", 500_000), ("10us", 10_000), ("7ns", 7), ("1_000ms", 1_000_000_000),
        ]
        for (text, nanos) in cases {
            let (kind, value) = singleValue(text)
            #expect(kind == .duration, "\(text)")
            #expect(value == .duration(nanos), "\(text)")
        }
    }

    @Test func countsRatesPercentsBytesMoney() {
        #expect(singleValue("5%").1 == .percent(5))
        #expect(singleValue("0.5%").1 == .percent(0.5))
        #expect(singleValue("200k").1 == .count(200_000, nil))
        #expect(singleValue("1.5M").1 == .count(1_500_000, nil))
        #expect(singleValue("600 requests").1 == .count(600, .requests))
        #expect(singleValue("200k tokens").1 == .count(200_000, .tokens))
        #expect(singleValue("5 failures").1 == .count(5, .failures))
        #expect(singleValue("50 rps").1 == .rate(50))
        #expect(singleValue("3000 rpm").1 == .rate(50))
        #expect(singleValue("512KB").1 == .bytes(512 * 1024))
        #expect(singleValue("4MB").1 == .bytes(4 * 1024 * 1024))
        #expect(singleValue("$0.002").1 == .money(0.002))
        #expect(singleValue("$50").1 == .money(50))
        #expect(singleValue("5xx").1 == .statusClass(5))
        #expect(singleValue("42").1 == .integer(42))
        #expect(singleValue("0.25").1 == .number(0.25))
    }

    @Test func unitWordOnlyAfterSpaceAndWholeWord() {
        // `2 on` is a number and a word; `600 requestsx` is not a unit word.
        let retry = lex("retry 2 on 429")
        #expect(retry.tokens.map(\.kind) == [.word, .number, .word, .number, .endOfFile])
        let notUnit = lex("600 requestsx")
        #expect(notUnit.tokens.map(\.kind) == [.number, .word, .endOfFile])
    }

    @Test func rangesAreNotDecimals() {
        let output = lex("100ms..2s 1..5")
        #expect(output.tokens.map(\.kind) == [.duration, .dotDot, .duration, .number, .dotDot, .number, .endOfFile])
    }

    @Test func stringsWithEscapesAndInterpolation() {
        let output = lex(#""a\n\t\"\\\$\u{1F600} ${ name }!""#)
        #expect(output.diagnostics.isEmpty)
        guard case .string(let parts) = output.tokens[0].value else {
            Issue.record("not a string")
            return
        }
        #expect(parts.count == 3)
        #expect(parts[0] == .text("a\n\t\"\\$😀 "))
        if case .interpolation(let name, let range) = parts[1] {
            #expect(name == "name")
            #expect(SourceFile(name: "", text: #""a\n\t\"\\\$\u{1F600} ${ name }!""#).text(in: range) == "name")
        } else {
            Issue.record("expected interpolation")
        }
        #expect(parts[2] == .text("!"))
    }

    @Test func lexicalErrorsHaveCodesAndPositions() {
        let cases: [(String, DiagnosticCode, String)] = [
            ("x = \"abc", .unterminatedString, "1:5"),
            (#"x = "a\qb""#, .invalidEscape, "1:7"),
            (#"x = "${name""#, .unterminatedInterpolation, "1:6"),
            (#"x = "${1+2}""#, .invalidInterpolation, "1:6"),
            ("x = 30x", .invalidUnit, "1:7"),
            ("x = 30s1m", .invalidUnit, "1:5"),
            ("x = 99999999999999999999", .numberOverflow, "1:5"),
            ("x = 999999999999d", .numberOverflow, "1:5"),
            ("x = $", .malformedNumber, "1:5"),
            ("x = 1.2.3", .malformedNumber, "1:5"),
            ("x = a && b", .unexpectedCharacter, "1:7"),
            ("x = é", .unexpectedCharacter, "1:5"),
        ]
        for (text, code, position) in cases {
            let output = lex(text)
            #expect(output.diagnostics.first?.code == code, "\(text): \(output.diagnostics.map(\.message))")
            #expect(output.diagnostics.first?.primary.start.description == position, "\(text)")
        }
    }

    @Test func commentsAreTriviaAndKnowIfTrailing() {
        let output = lex("# leading\nx = 1  # trailing\n")
        #expect(output.comments.count == 2)
        #expect(output.comments[0].isTrailing == false)
        #expect(output.comments[1].isTrailing == true)
        #expect(output.tokens.map(\.kind) == [.newline, .word, .assign, .number, .newline, .endOfFile])
    }

    @Test func crlfBomAndColumnsInCharacters() {
        let file = SourceFile(name: "t", bytes: [0xEF, 0xBB, 0xBF] + Array("a = 1\r\nb = \"é\" 30x\r\n".utf8))
        let output = Lexer.tokenize(file)
        #expect(output.diagnostics.count == 1)
        // `30x`: line 2, after `b = "é" ` which is 8 characters (but 9 bytes).
        #expect(output.diagnostics[0].primary.start == SourcePosition(line: 2, column: 11))
    }

    @Test func everyKeywordIsRecognised() {
        for keyword in Keyword.allCases {
            let output = lex(keyword.rawValue)
            #expect(output.tokens[0].keyword == keyword)
        }
        #expect(lex("routes").tokens[0].keyword == nil)
    }
}
