import GWPlan

/// Answers OpenAI and Anthropic API requests the way a provider would: well-formed JSON or SSE,
/// token usage, latency drawn from a range, errors at a given share (optionally only after a
/// scripted time), and hangs. Used in process for `kind = mock` and by `gwpipe mock`.
struct MockResponder: Sendable {
    var behavior: MockBehavior
    /// Names the upstream in answers (`x-gwpipe-mock`), so tests can tell mocks apart.
    var name: String

    /// The API a request path belongs to.
    enum API {
        case chat, completions, embeddings, models, anthropicMessages, unknown
    }

    static func api(for path: String) -> API {
        let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        if bare.hasSuffix("/chat/completions") { return .chat }
        if bare.hasSuffix("/completions") { return .completions }
        if bare.hasSuffix("/embeddings") { return .embeddings }
        if bare.hasSuffix("/models") { return .models }
        if bare.hasSuffix("/messages") { return .anthropicMessages }
        return .unknown
    }

    /// Builds the reply. `elapsedMs` is how long the mock has been live (for `errors = X after T`).
    func reply<R: RandomNumberGenerator>(
        path: String, model: String?, stream: Bool, promptBytes: Int, elapsedMs: Double, sequence: Int, random: inout R,
        inputCount: Int = 1
    ) -> MockReply {
        let api = MockResponder.api(for: path)
        let latency = MockResponder.draw(behavior.latencyMs, &random)
        let delay = Int64(latency * 1_000_000)
        if behavior.hangPercent > 0, Double.random(in: 0..<100, using: &random) < behavior.hangPercent {
            return MockReply(status: 200, contentType: "application/json", delayNanos: delay, body: .hang, totalTokens: 0)
        }
        let errorsActive = behavior.errorsAfterMs.map { elapsedMs >= $0 } ?? true
        if errorsActive, behavior.errorPercent > 0, Double.random(in: 0..<100, using: &random) < behavior.errorPercent {
            return errorReply(api: api, delay: delay)
        }
        let modelName = model ?? (api == .anthropicMessages ? "claude-mock" : "gpt-mock")
        let promptTokens = max(1, promptBytes / 4)
        let completionTokens = Int(MockResponder.draw(behavior.tokens, &random).rounded())
        let id = "mock-\(name)-\(sequence)"
        let words = MockResponder.words(count: max(1, min(completionTokens, 64)))
        switch api {
        case .models:
            let body = #"{"object":"list","data":[{"id":"gpt-4o-mini","object":"model","created":0,"owned_by":"gwpipe-mock"},{"id":"claude-3-5-haiku","object":"model","created":0,"owned_by":"gwpipe-mock"}]}"#
            return MockReply(status: 200, contentType: "application/json", delayNanos: delay, body: .full(Array(body.utf8)), totalTokens: 0)
        case .embeddings:
            // One vector per input, in order, as callers pair them by index.
            let items = (0..<max(1, inputCount)).map { index in
                let vector = (0..<8).map { _ in String(format3(Double.random(in: -1...1, using: &random))) }.joined(separator: ",")
                return #"{"object":"embedding","index":\#(index),"embedding":[\#(vector)]}"#
            }.joined(separator: ",")
            let body = #"{"object":"list","data":[\#(items)],"model":\#(quote(modelName)),"usage":{"prompt_tokens":\#(promptTokens),"total_tokens":\#(promptTokens)}}"#
            return MockReply(status: 200, contentType: "application/json", delayNanos: delay, body: .full(Array(body.utf8)), totalTokens: promptTokens)
        case .anthropicMessages:
            if stream, behavior.stream {
                return streamReply(delay: delay, random: &random, chunks: anthropicStream(id: id, model: modelName, words: words, input: promptTokens, output: completionTokens), tokens: promptTokens + completionTokens)
            }
            let body = #"{"id":\#(quote("msg_" + id)),"type":"message","role":"assistant","model":\#(quote(modelName)),"content":[{"type":"text","text":\#(quote(words.joined()))}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":\#(promptTokens),"output_tokens":\#(completionTokens)}}"#
            return MockReply(status: 200, contentType: "application/json", delayNanos: delay, body: .full(Array(body.utf8)), totalTokens: promptTokens + completionTokens)
        case .completions:
            if stream, behavior.stream {
                return streamReply(delay: delay, random: &random, chunks: completionStream(id: "cmpl-" + id, model: modelName, words: words), tokens: promptTokens + completionTokens)
            }
            let body = #"{"id":\#(quote("cmpl-" + id)),"object":"text_completion","created":1700000000,"model":\#(quote(modelName)),"choices":[{"text":\#(quote(words.joined())),"index":0,"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":\#(promptTokens),"completion_tokens":\#(completionTokens),"total_tokens":\#(promptTokens + completionTokens)}}"#
            return MockReply(status: 200, contentType: "application/json", delayNanos: delay, body: .full(Array(body.utf8)), totalTokens: promptTokens + completionTokens)
        case .chat, .unknown:
            if stream, behavior.stream {
                return streamReply(delay: delay, random: &random, chunks: openAIStream(id: "chatcmpl-" + id, model: modelName, words: words, prompt: promptTokens, completion: completionTokens), tokens: promptTokens + completionTokens)
            }
            let body = #"{"id":\#(quote("chatcmpl-" + id)),"object":"chat.completion","created":1700000000,"model":\#(quote(modelName)),"choices":[{"index":0,"message":{"role":"assistant","content":\#(quote(words.joined())),"refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":\#(promptTokens),"completion_tokens":\#(completionTokens),"total_tokens":\#(promptTokens + completionTokens)},"system_fingerprint":"gwpipe-mock"}"#
            return MockReply(status: 200, contentType: "application/json", delayNanos: delay, body: .full(Array(body.utf8)), totalTokens: promptTokens + completionTokens)
        }
    }

    private func streamReply<R: RandomNumberGenerator>(delay: Int64, random: inout R, chunks: [[UInt8]], tokens: Int) -> MockReply {
        let ttft = behavior.ttftMs.map { Int64(MockResponder.draw($0, &random) * 1_000_000) } ?? delay / 4
        // Spread the rest of the latency over the chunks, like tokens arriving one by one.
        let interval = max(0, (delay - ttft) / Int64(max(1, chunks.count - 1)))
        return MockReply(status: 200, contentType: "text/event-stream", delayNanos: ttft, body: .stream(chunks, intervalNanos: interval), totalTokens: tokens)
    }

    private func errorReply(api: API, delay: Int64) -> MockReply {
        let status = behavior.errorStatus
        let body: String
        if api == .anthropicMessages {
            body = #"{"type":"error","error":{"type":"api_error","message":"mock \#(name) failed on purpose (status \#(status))"}}"#
        } else {
            body = #"{"error":{"message":"mock \#(name) failed on purpose (status \#(status))","type":"server_error","code":"mock_error"}}"#
        }
        return MockReply(status: status, contentType: "application/json", delayNanos: delay, body: .full(Array(body.utf8)), totalTokens: 0)
    }

    private func openAIStream(id: String, model: String, words: [String], prompt: Int, completion: Int) -> [[UInt8]] {
        var chunks: [[UInt8]] = []
        let head = #"{"id":\#(quote(id)),"object":"chat.completion.chunk","created":1700000000,"model":\#(quote(model)),"system_fingerprint":"gwpipe-mock","choices":[{"index":0,"delta":"#
        chunks.append(Array(("data: " + head + #"{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}"# + "\n\n").utf8))
        for word in words {
            chunks.append(Array(("data: " + head + #"{"content":\#(quote(word))},"logprobs":null,"finish_reason":null}]}"# + "\n\n").utf8))
        }
        chunks.append(Array(("data: " + head + #"{},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":\#(prompt),"completion_tokens":\#(completion),"total_tokens":\#(prompt + completion)}}"# + "\n\n").utf8))
        chunks.append(Array("data: [DONE]\n\n".utf8))
        return chunks
    }

    private func completionStream(id: String, model: String, words: [String]) -> [[UInt8]] {
        func chunk(_ text: String, finish: String?) -> [UInt8] {
            let reason = finish.map { "\"\($0)\"" } ?? "null"
            return Array(("data: " + #"{"id":\#(quote(id)),"object":"text_completion","created":1700000000,"model":\#(quote(model)),"choices":[{"text":\#(quote(text)),"index":0,"logprobs":null,"finish_reason":\#(reason)}]}"# + "\n\n").utf8)
        }
        return words.map { chunk($0, finish: nil) } + [chunk("", finish: "stop"), Array("data: [DONE]\n\n".utf8)]
    }

    private func anthropicStream(id: String, model: String, words: [String], input: Int, output: Int) -> [[UInt8]] {
        func event(_ name: String, _ data: String) -> [UInt8] { Array("event: \(name)\ndata: \(data)\n\n".utf8) }
        var chunks: [[UInt8]] = []
        chunks.append(event("message_start", #"{"type":"message_start","message":{"id":\#(quote("msg_" + id)),"type":"message","role":"assistant","model":\#(quote(model)),"content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":\#(input),"output_tokens":1}}}"#))
        chunks.append(event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#))
        for word in words {
            chunks.append(event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":\#(quote(word))}}"#))
        }
        chunks.append(event("content_block_stop", #"{"type":"content_block_stop","index":0}"#))
        chunks.append(event("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":\#(output)}}"#))
        chunks.append(event("message_stop", #"{"type":"message_stop"}"#))
        return chunks
    }

    static func draw<R: RandomNumberGenerator>(_ range: [Double], _ random: inout R) -> Double {
        guard range.count == 2, range[1] > range[0] else { return range.first ?? 0 }
        return Double.random(in: range[0]...range[1], using: &random)
    }

    private static let vocabulary = ["Hello", " from", " the", " gwpipe", " mock", " provider", ".", " This", " answer", " is", " synthetic", " and", " safe", " to", " test", " with"]

    /// `count` words of text; each repetition of the vocabulary starts with a space so words never run together.
    static func words(count: Int) -> [String] {
        (0..<count).map { index in
            let word = vocabulary[index % vocabulary.count]
            return index > 0 && index % vocabulary.count == 0 ? " " + word : word
        }
    }

    private func quote(_ text: String) -> String { GatewayError.quote(text) }

    private func format3(_ value: Double) -> String { String((value * 1000).rounded() / 1000) }
}
