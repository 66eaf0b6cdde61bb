import NIOCore
import Testing

@testable import GWProxy

/// The gateway's own reader of upstream answers: every framing it accepts gives the same head,
/// body and end however the bytes are split across reads, and what it refuses it refuses.
@Suite struct UpstreamResponseParserTests {
    /// What the parser reported for one answer, in a form that compares.
    private struct Transcript: Equatable, CustomStringConvertible {
        var status: Int?
        var keepAlive: Bool?
        var chunked: Bool?
        var contentLength: Int?
        var eventStream: Bool?
        var forwarded = ""
        var body = ""
        var ends: [Bool] = []

        var description: String {
            "status \(status.map(String.init) ?? "-") keepAlive \(keepAlive.map(String.init) ?? "-") chunked \(chunked.map(String.init) ?? "-") "
                + "length \(contentLength.map(String.init) ?? "-") stream \(eventStream.map(String.init) ?? "-") "
                + "forwarded \(forwarded.debugDescription) body \(body.debugDescription) ends \(ends)"
        }
    }

    /// Feeds `pieces` one read each, then (when `closeAfter`) the end of the connection.
    private static func transcript(
        _ pieces: [String], head: Bool = false, closeAfter: Bool = false
    ) throws(HTTPWireError) -> Transcript {
        var parser = UpstreamResponseParser(dropping: HeaderNames.notReturned)
        parser.expectAnswer(bodyAllowed: !head)
        var transcript = Transcript()
        let emit: (UpstreamResponseParser.Event) -> Void = { event in
            switch event {
            case .head(let head):
                transcript.status = head.status
                transcript.keepAlive = head.keepAlive
                transcript.chunked = head.chunked
                transcript.contentLength = head.facts.contentLength
                transcript.eventStream = head.facts.eventStream
                transcript.forwarded = String(buffer: head.forwardedHeaders)
            case .body(let buffer):
                transcript.body += String(buffer: buffer)
            case .end(let reusable):
                transcript.ends.append(reusable)
            }
        }
        for piece in pieces {
            try parser.parse(ByteBuffer(string: piece), emit: emit)
        }
        if closeAfter { try parser.inputClosed(emit: emit) }
        return transcript
    }

    /// The answer read whole, split in two at every byte, and byte by byte: all the same.
    private static func everySplit(_ answer: String, head: Bool = false, closeAfter: Bool = false) throws -> Transcript {
        let whole = try transcript([answer], head: head, closeAfter: closeAfter)
        let bytes = Array(answer.utf8)
        for cut in 1..<bytes.count {
            let split = try transcript(
                [String(decoding: bytes[..<cut], as: UTF8.self), String(decoding: bytes[cut...], as: UTF8.self)], head: head,
                closeAfter: closeAfter)
            #expect(split == whole, "split at byte \(cut)")
        }
        let single = try transcript(bytes.map { String(decoding: [$0], as: UTF8.self) }, head: head, closeAfter: closeAfter)
        #expect(single == whole, "byte by byte")
        return whole
    }

    @Test func aSizedAnswerKeepsItsForwardableHeadersAndItsBody() throws {
        let answer = "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
            + "Connection: keep-alive\r\nX-Request-Id: theirs\r\nx-gwpipe-slot: spoofed\r\n\r\n{\"ok\":true}"
        let transcript = try Self.everySplit(answer)
        #expect(transcript.status == 200)
        #expect(transcript.keepAlive == true)
        #expect(transcript.chunked == false)
        #expect(transcript.contentLength == 11)
        #expect(transcript.eventStream == false)
        // Hop-by-hop headers and the gateway's own are left out; the rest go as they came.
        #expect(transcript.forwarded == "Server: nginx\r\nContent-Type: application/json\r\nContent-Length: 11\r\n")
        #expect(transcript.body == "{\"ok\":true}")
        #expect(transcript.ends == [true])
    }

    @Test func aChunkedStreamIsDechunkedWithExtensionsAndTrailersReadPast() throws {
        let answer = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"
            + "7;name=value\r\ndata: 1\r\n" + "A\r\n\n\ndata: 2\n\r\n" + "0\r\nx-trailer: yes\r\n\r\n"
        let transcript = try Self.everySplit(answer)
        #expect(transcript.chunked == true)
        #expect(transcript.contentLength == nil)
        #expect(transcript.eventStream == true)
        #expect(transcript.forwarded == "Content-Type: text/event-stream; charset=utf-8\r\n")
        #expect(transcript.body == "data: 1\n\ndata: 2\n")
        #expect(transcript.ends == [true])
    }

    @Test func bareLineFeedsAndInterimAnswersAreAccepted() throws {
        let answer = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\nLink: </a>\n\nHTTP/1.1 201 Created\nContent-Length: 2\n\nok"
        let transcript = try Self.everySplit(answer)
        #expect(transcript.status == 201)
        #expect(transcript.forwarded == "Content-Length: 2\r\n")
        #expect(transcript.body == "ok")
        #expect(transcript.ends == [true])
    }

    @Test func anAnswerWithoutLengthRunsToTheCloseAndIsNotReused() throws {
        let transcript = try Self.everySplit("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it", closeAfter: true)
        #expect(transcript.keepAlive == false)
        #expect(transcript.body == "all of it")
        #expect(transcript.ends == [false])
        // Cut short: the close before the blank line, or inside a sized or chunked body, is a failure.
        for cut in ["HTTP/1.1 200 OK\r\nContent-Le", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"] {
            #expect(throws: HTTPWireError.unexpectedEnd) { try Self.transcript([cut], closeAfter: true) }
        }
    }

    @Test func keepAliveFollowsTheVersionAndTheConnectionHeader() throws {
        #expect(try Self.transcript(["HTTP/1.1 200 OK\r\nConnection: Upgrade, close\r\nContent-Length: 0\r\n\r\n"]).ends == [false])
        #expect(try Self.transcript(["HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n"]).ends == [true])
        #expect(try Self.transcript(["HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"]).ends == [false])
        // Bytes after the answer put the connection out of step: it ends, and is not reused.
        let outOfStep = try Self.transcript(["HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxHTTP/1.1 200 OK\r\n"])
        #expect(outOfStep.body == "x")
        #expect(outOfStep.ends == [false])
        // Bytes that come while no answer is awaited are an error.
        var parser = UpstreamResponseParser(dropping: HeaderNames.notReturned)
        parser.expectAnswer(bodyAllowed: true)
        try parser.parse(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx")) { _ in }
        #expect(throws: HTTPWireError.unexpectedBytes) { try parser.parse(ByteBuffer(string: "y")) { _ in } }
    }

    @Test func answersToHeadAnd204And304HaveNoBody() throws {
        let head = try Self.transcript(["HTTP/1.1 200 OK\r\nContent-Length: 120\r\n\r\n"], head: true)
        #expect(head.contentLength == 120)
        #expect(head.body == "")
        #expect(head.ends == [true])
        for status in [204, 304] {
            let transcript = try Self.transcript(["HTTP/1.1 \(status) Whatever\r\nETag: \"x\"\r\n\r\n"])
            #expect(transcript.status == status)
            #expect(transcript.ends == [true])
        }
    }

    @Test func aReasonPhraseMayBeMissingAndContentLengthListsMustAgree() throws {
        #expect(try Self.transcript(["HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n"]).status == 404)
        #expect(try Self.transcript(["HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\ncontent-length: 2\r\n\r\nhi"]).body == "hi")
        for lengths in ["Content-Length: 2, 3", "Content-Length: 2\r\nContent-Length: 3", "Content-Length: -1", "Content-Length: 1e3",
                        "Content-Length: ", "Content-Length: 99999999999999999999999"] {
            #expect(throws: HTTPWireError.invalidContentLength) {
                try Self.transcript(["HTTP/1.1 200 OK\r\n\(lengths)\r\n\r\n"])
            }
        }
    }

    @Test func malformedAnswersAreRefused() throws {
        let cases: [(String, HTTPWireError)] = [
            ("\u{0}\u{1}garbage that is not HTTP\r\n\r\n", .malformedStatusLine),
            ("HTTP/2 200 OK\r\n\r\n", .malformedStatusLine),
            ("HTTP/1.1 20 OK\r\n\r\n", .malformedStatusLine),
            ("HTTP/1.1 099 Low\r\n\r\n", .malformedStatusLine),
            ("HTTP/1.1 200OK\r\n\r\n", .malformedStatusLine),
            ("HTTP/1.1 200 OK\r\nNo-Colon\r\n\r\n", .malformedHeader),
            ("HTTP/1.1 200 OK\r\nSpace Before : x\r\n\r\n", .malformedHeader),
            ("HTTP/1.1 200 OK\r\n: empty name\r\n\r\n", .malformedHeader),
            ("HTTP/1.1 200 OK\r\nX-A: one\r\n folded\r\n\r\n", .malformedHeader),
            ("HTTP/1.1 200 OK\r\nX-A: bare\rcr\r\n\r\n", .malformedHeader),
            ("HTTP/1.1 200 OK\r\nX-A: nul\u{0}\r\n\r\n", .malformedHeader),
            ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", .conflictingFraming),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", .conflictingFraming),
            ("HTTP/1.1 101 Switching Protocols\r\n\r\n", .unsupportedStatus(101)),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", .invalidChunk),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", .invalidChunk),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", .invalidChunk),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n", .invalidChunk),
        ]
        for (answer, failure) in cases {
            #expect(throws: failure, "\(answer.debugDescription)") { try Self.transcript([answer]) }
        }
    }

    @Test func headsAndTrailersOverTheirLimitsAreRefusedWithoutWaitingForTheEnd() throws {
        let filler = String(repeating: "X-Filler: " + String(repeating: "a", count: 1000) + "\r\n", count: 90)
        #expect(throws: HTTPWireError.headTooLarge) { try Self.transcript(["HTTP/1.1 200 OK\r\n" + filler]) }
        let trailers = String(repeating: "x-t: " + String(repeating: "b", count: 1000) + "\r\n", count: 20)
        #expect(throws: HTTPWireError.invalidChunk) {
            try Self.transcript(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + trailers])
        }
    }

    @Test func aBrokenParserStaysQuietAndAnIdleOneRefusesBytes() throws {
        var parser = UpstreamResponseParser(dropping: HeaderNames.notReturned)
        #expect(throws: HTTPWireError.unexpectedBytes) { try parser.parse(ByteBuffer(string: "HTTP/1.1 200 OK\r\n")) { _ in } }
        var events = 0
        try parser.parse(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) { _ in events += 1 }
        try parser.inputClosed { _ in events += 1 }
        #expect(events == 0)
        // One answer after another on a kept connection.
        var reused = UpstreamResponseParser(dropping: HeaderNames.notReturned)
        var bodies: [String] = []
        for body in ["first", "second"] {
            reused.expectAnswer(bodyAllowed: true)
            try reused.parse(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")) { event in
                if case .body(let buffer) = event { bodies.append(String(buffer: buffer)) }
            }
            #expect(!reused.isAwaitingAnswer)
        }
        #expect(bodies == ["first", "second"])
    }
}
