import Foundation
import GWPlan
import Testing

@testable import GWProxy

/// What mock providers answer: the shapes SDKs parse.
@Suite struct MockResponderTests {
    private let responder = MockResponder(
        behavior: MockBehavior(latencyMs: [0, 0], ttftMs: nil, errorPercent: 0, errorsAfterMs: nil, errorStatus: 500,
                               hangPercent: 0, stream: true, tokens: [40, 40]), name: "m")

    private func body(_ reply: MockReply) -> String {
        switch reply.body {
        case .full(let bytes): String(decoding: bytes, as: UTF8.self)
        case .stream(let chunks, _): chunks.map { String(decoding: $0, as: UTF8.self) }.joined()
        case .hang: ""
        }
    }

    @Test func embeddingsAnswerOneVectorPerInput() throws {
        var random = SystemRandomNumberGenerator()
        let scanned = try JSONBodyScanner.scan(Array(#"{"model":"e","input":["a","b",{"x":[1,2]}]}"#.utf8))
        #expect(scanned.inputCount == 3)
        let reply = responder.reply(path: "/v1/embeddings", model: "e", stream: false, promptBytes: 10, elapsedMs: 0, sequence: 1,
                                    random: &random, inputCount: scanned.inputCount)
        let json = try JSONSerialization.jsonObject(with: Data(body(reply).utf8)) as? [String: Any]
        let data = try #require(json?["data"] as? [[String: Any]])
        #expect(data.map { $0["index"] as? Int } == [0, 1, 2])
    }

    @Test func completionsStreamWhenAsked() {
        var random = SystemRandomNumberGenerator()
        let reply = responder.reply(path: "/v1/completions", model: "c", stream: true, promptBytes: 10, elapsedMs: 0, sequence: 1, random: &random)
        #expect(reply.contentType == "text/event-stream")
        let text = body(reply)
        #expect(text.contains(#""object":"text_completion""#))
        #expect(text.hasSuffix("data: [DONE]\n\n"))
    }

    @Test func textNeverRunsWordsTogether() {
        let text = MockResponder.words(count: 40).joined()
        #expect(!text.contains("withHello"))
    }

    @Test func gatewayErrorsOnAnthropicPathsUseAnthropicsShape() throws {
        let json = try JSONSerialization.jsonObject(with: Data(GatewayError.unauthorized.anthropicBody.utf8)) as? [String: Any]
        #expect(json?["type"] as? String == "error")
        #expect((json?["error"] as? [String: Any])?["type"] as? String == "authentication_error")
    }
}
