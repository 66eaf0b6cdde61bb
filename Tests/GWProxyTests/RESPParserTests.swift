import NIOCore
import Testing

@testable import GWProxy

/// RESP2 replies as Redis sends them, whole, split anywhere, or broken.
@Suite struct RESPParserTests {
    private func parse(_ text: String) throws -> (RESPValue?, remaining: Int) {
        var buffer = ByteBuffer(string: text)
        let value = try RESPParser.parse(&buffer)
        return (value, buffer.readableBytes)
    }

    @Test func readsEveryKindOfReply() throws {
        #expect(try parse("+OK\r\n").0 == .simpleString("OK"))
        #expect(try parse("-NOSCRIPT No matching script\r\n").0 == .error("NOSCRIPT No matching script"))
        #expect(try parse(":-42\r\n").0 == .integer(-42))
        #expect(try parse("$5\r\nhe\r\no\r\n").0 == .bulkString(Array("he\r\no".utf8)))
        #expect(try parse("$-1\r\n").0 == .bulkString(nil))
        #expect(try parse("*-1\r\n").0 == .array(nil))
        #expect(try parse("*2\r\n:2\r\n$4\r\n11.5\r\n").0 == .array([.integer(2), .bulkString(Array("11.5".utf8))]))
        #expect(try parse("*1\r\n*1\r\n:0\r\n").0 == .array([.array([.integer(0)])]))
    }

    @Test func anIncompleteReplyConsumesNothing() throws {
        let whole = "*2\r\n:1\r\n$4\r\n12.5\r\n"
        for cut in 0..<whole.utf8.count {
            let (value, remaining) = try parse(String(decoding: whole.utf8.prefix(cut), as: UTF8.self))
            #expect(value == nil, "cut at \(cut)")
            #expect(remaining == cut, "cut at \(cut) consumed bytes")
        }
        // Two replies in one read: the first comes out, the second stays.
        let (value, remaining) = try parse("+OK\r\n:1\r\n")
        #expect(value == .simpleString("OK"))
        #expect(remaining == 4)
    }

    @Test func brokenBytesAreAnError() {
        for broken in ["?what\r\n", ":twelve\r\n", "$-2\r\n", "$3\r\nabcd\r\n", "+OK\rX", "$99999999\r\n", "*9999999\r\n"] {
            #expect(throws: RedisClientError.self, "\(broken.debugDescription)") { _ = try parse(broken) }
        }
    }

    @Test func commandsAreArraysOfBulkStrings() {
        var buffer = ByteBuffer()
        RESPCommand.write(["EVALSHA", "abc", "1", "gwpipe:limit:é"], into: &buffer)
        let expected = "*4\r\n$7\r\nEVALSHA\r\n$3\r\nabc\r\n$1\r\n1\r\n$15\r\ngwpipe:limit:é\r\n"
        #expect(buffer.readString(length: buffer.readableBytes) == expected)
    }
}
