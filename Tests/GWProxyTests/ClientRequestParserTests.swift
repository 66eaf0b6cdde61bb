import NIOCore
import NIOHTTP1
import Testing

@testable import GWProxy

/// The gateway's own reader of client requests: every framing it accepts gives the same requests
/// however the bytes are split across reads, pipelined requests come out one at a time, and the
/// ambiguous framings requests are smuggled with are refused.
@Suite struct ClientRequestParserTests {
    /// One request as the parser reported it.
    private struct Request: Equatable, CustomStringConvertible {
        var method: String
        var uri: String
        var minorVersion: Int
        var keepAlive: Bool
        var fields: [String]
        var facts: String
        var body = ""

        var description: String { "\(method) \(uri) 1.\(minorVersion) keepAlive \(keepAlive) \(fields) \(facts) body \(body.debugDescription)" }
    }

    /// Feeds `pieces` one read each, parsing after each, and returns the requests that ended.
    private static func requests(_ pieces: [String]) throws(HTTPWireError) -> [Request] {
        var parser = ClientRequestParser()
        var finished: [Request] = []
        var current: Request?
        for piece in pieces {
            parser.append(ByteBuffer(string: piece))
            while true {
                let ended = try parser.parse { event in
                    switch event {
                    case .head(let head):
                        var fields: [String] = []
                        head.forEachField { name, value in
                            fields.append(String(decoding: name, as: UTF8.self) + "=" + String(decoding: value, as: UTF8.self))
                        }
                        let facts = head.facts
                        current = Request(
                            method: head.method.rawValue, uri: head.uri, minorVersion: head.version.minor, keepAlive: head.isKeepAlive,
                            fields: fields,
                            facts: "length \(facts.contentLength.map(String.init) ?? "-") id \(facts.requestID ?? "-") auth \(facts.authorization ?? "-") "
                                + "key \(facts.apiKey ?? "-") continue \(facts.expectsContinue) anthropic \(facts.hasAnthropicVersion)")
                        #expect(head.fieldCount == fields.count)
                    case .body(let buffer):
                        current?.body += String(buffer: buffer)
                    }
                }
                guard ended, let request = current else { break }
                finished.append(request)
                current = nil
            }
        }
        return finished
    }

    /// The bytes read whole, split in two at every byte, and byte by byte: all the same.
    private static func everySplit(_ bytes: String) throws -> [Request] {
        let whole = try requests([bytes])
        let utf8 = Array(bytes.utf8)
        for cut in 1..<utf8.count {
            let split = try requests([String(decoding: utf8[..<cut], as: UTF8.self), String(decoding: utf8[cut...], as: UTF8.self)])
            #expect(split == whole, "split at byte \(cut)")
        }
        #expect(try requests(utf8.map { String(decoding: [$0], as: UTF8.self) }) == whole, "byte by byte")
        return whole
    }

    @Test func pipelinedRequestsComeOutOneAtATimeWithTheirFieldsAndFacts() throws {
        let requests = try Self.everySplit(
            "\r\nPOST /v1/chat/completions?x=1 HTTP/1.1\r\nHost: gw\r\nAuthorization:  Bearer k \r\nX-Request-Id: r-1\r\n"
                + "Content-Length: 5\r\nAnthropic-Version: 2023-06-01\r\n\r\nhello"
                + "GET /healthz HTTP/1.0\nx-api-key: k2\nconnection: keep-alive\n\n"
                + "DELETE /x HTTP/1.1\r\nConnection: close\r\nExpect: 100-Continue\r\n\r\n")
        #expect(requests == [
            Request(
                method: "POST", uri: "/v1/chat/completions?x=1", minorVersion: 1, keepAlive: true,
                fields: ["Host=gw", "Authorization=Bearer k", "X-Request-Id=r-1", "Content-Length=5", "Anthropic-Version=2023-06-01"],
                facts: "length 5 id r-1 auth Bearer k key - continue false anthropic true", body: "hello"),
            Request(
                method: "GET", uri: "/healthz", minorVersion: 0, keepAlive: true, fields: ["x-api-key=k2", "connection=keep-alive"],
                facts: "length - id - auth - key k2 continue false anthropic false"),
            Request(
                method: "DELETE", uri: "/x", minorVersion: 1, keepAlive: false, fields: ["Connection=close", "Expect=100-Continue"],
                facts: "length - id - auth - key - continue true anthropic false"),
        ])
    }

    @Test func thePathIsTheTargetUpToItsQuery() throws {
        var paths: [String] = []
        var parser = ClientRequestParser()
        parser.append(ByteBuffer(string: ["/v1/chat/completions?x=1&y=?", "/healthz", "/?q", "?a=1"].map { "GET \($0) HTTP/1.1\r\n\r\n" }.joined()))
        while try parser.parse(emit: { event in if case .head(let head) = event { paths.append(head.path) } }) {}
        #expect(paths == ["/v1/chat/completions", "/healthz", "/", "a=1"])
    }

    @Test func aChunkedBodyIsDechunkedAndHTTP10ClosesUnlessAskedNotTo() throws {
        let requests = try Self.everySplit(
            "POST /v1/embeddings HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=\"a\"\r\n{\"a\"\r\n2\r\n:1\r\n1\r\n}\r\n0\r\nx-t: 1\r\n\r\n"
                + "POST /v1/embeddings HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}")
        #expect(requests.map(\.body) == ["{\"a\":1}", "{}"])
        #expect(requests.map(\.keepAlive) == [true, false])
    }

    @Test func ambiguousOrBrokenRequestsAreRefused() throws {
        let cases: [(String, HTTPWireError)] = [
            ("GET\r\n\r\n", .malformedRequestLine),
            ("GET /\r\n\r\n", .malformedRequestLine),
            ("GET / HTTP/2.0\r\n\r\n", .malformedRequestLine),
            ("GET / http/1.1\r\n\r\n", .malformedRequestLine),
            ("GET  / HTTP/1.1\r\n\r\n", .malformedRequestLine),
            ("G(T / HTTP/1.1\r\n\r\n", .malformedRequestLine),
            ("GET /a\u{1}b HTTP/1.1\r\n\r\n", .malformedRequestLine),
            ("GET / HTTP/1.1 \r\n\r\n", .malformedRequestLine),
            ("GET / HTTP/1.1\r\nHost : x\r\n\r\n", .malformedHeader),
            ("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", .malformedHeader),
            ("GET / HTTP/1.1\r\nX: a\u{0}b\r\n\r\n", .malformedHeader),
            ("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", .conflictingFraming),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", .conflictingFraming),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", .unsupportedTransferEncoding),
            ("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", .invalidContentLength),
            ("POST / HTTP/1.1\r\nContent-Length: +3\r\n\r\n", .invalidContentLength),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nx\r\n", .invalidChunk),
        ]
        for (bytes, failure) in cases {
            #expect(throws: failure, "\(bytes.debugDescription)") { try Self.requests([bytes]) }
        }
        let filler = String(repeating: "X-Filler: " + String(repeating: "a", count: 1000) + "\r\n", count: 90)
        #expect(throws: HTTPWireError.headTooLarge) { try Self.requests(["GET / HTTP/1.1\r\n" + filler]) }
    }

    @Test func aControlCharacterAnywhereInALongValueIsFound() throws {
        // Values are checked eight bytes at a time: a bad byte at any offset of a word, or in the
        // tail after the last whole word, must still be found; tabs and obs-text must pass.
        let clean = "Bearer sk-" + String(repeating: "abcdefgh", count: 3) + "\t\u{e9}"
        #expect(try Self.requests(["GET / HTTP/1.1\r\nauthorization: \(clean)\r\n\r\n"]).count == 1)
        let utf8 = Array(clean.utf8)
        for offset in 1..<(utf8.count - 1) {
            for bad: UInt8 in [0x00, 0x01, 0x0D, 0x1F, 0x7F] {
                var value = utf8
                value[offset] = bad
                let line = "GET / HTTP/1.1\r\nx-long: " + String(decoding: value, as: UTF8.self) + "\r\n\r\n"
                #expect(throws: HTTPWireError.malformedHeader, "byte \(bad) at \(offset)") { try Self.requests([line]) }
            }
        }
    }

    @Test func bytesBehindARequestWaitUntilItIsDone() throws {
        var parser = ClientRequestParser()
        parser.append(ByteBuffer(string: "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\nGET /c HT"))
        var uris: [String] = []
        let collect: (ClientRequestParser.Event) -> Void = { event in
            if case .head(let head) = event { uris.append(head.uri) }
        }
        #expect(try parser.parse(emit: collect))
        #expect(uris == ["/a"])
        #expect(parser.bufferedBytes == "GET /b HTTP/1.1\r\n\r\nGET /c HT".utf8.count)
        #expect(try parser.parse(emit: collect))
        #expect(try !parser.parse(emit: collect))
        parser.append(ByteBuffer(string: "TP/1.1\r\n\r\n"))
        #expect(try parser.parse(emit: collect))
        #expect(uris == ["/a", "/b", "/c"])
        #expect(parser.bufferedBytes == 0)
    }
}
