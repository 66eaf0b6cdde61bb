import Foundation

/// Compares an answer with a case's expectations and says, for each that does not hold, what was
/// expected and what came back. Messages never quote the request (its headers may hold keys).
struct ExpectationCheck {
    let expectation: TestExpectation
    /// The request's path, which decides whether a stream must end in `data: [DONE]` (OpenAI).
    let path: String

    func failures(for response: ReceivedResponse) -> [String] {
        var failures: [String] = []
        if let status = expectation.status, !status.matches(response.status) {
            var message = "expected status \(status), got \(response.status)"
            if let detail = response.errorMessage { message += " (\(detail))" }
            failures.append(message)
        }
        if let upstream = expectation.upstream {
            failures += headerFailure("upstream", header: "x-gwpipe-upstream", expected: upstream, in: response)
        }
        if let route = expectation.route {
            failures += headerFailure("route", header: "x-gwpipe-route", expected: route, in: response)
        }
        for (name, value) in expectation.headers {
            guard let received = response.header(name) else {
                failures.append("expected header \(name): \"\(value)\", but the answer has no \(name) header")
                continue
            }
            if received != value {
                failures.append("expected header \(name): \"\(value)\", got \"\(Self.clip(received))\"")
            }
        }
        if let expected = expectation.json {
            if let received = JSONValue.parse(response.body) {
                failures += JSONSubset.differences(expected: expected, received: received)
            } else {
                failures.append("expected a JSON answer, got \(response.clippedBody())")
            }
        }
        if let needle = expectation.bodyContains, !response.bodyText.contains(needle) {
            failures.append("expected the body to contain \"\(Self.clip(needle))\", got \(response.clippedBody())")
        }
        if let limit = expectation.latencyBelowMs, response.elapsedMs >= limit {
            failures.append(
                "expected an answer in less than \(DurationText.format(milliseconds: limit)), "
                    + "it took \(DurationText.format(milliseconds: response.elapsedMs))")
        }
        if let stream = expectation.stream {
            failures += streamFailures(expected: stream, in: response)
        }
        return failures
    }

    private func headerFailure(_ what: String, header: String, expected: String, in response: ReceivedResponse)
        -> [String]
    {
        guard let received = response.header(header) else {
            return ["expected \(what) \(expected), but the answer has no \(header) header (status \(response.status))"]
        }
        return received == expected ? [] : ["expected \(what) \(expected) (\(header)), got \(Self.clip(received))"]
    }

    private func streamFailures(expected: Bool, in response: ReceivedResponse) -> [String] {
        let contentType = response.header("content-type") ?? ""
        let isStream = contentType.lowercased().hasPrefix("text/event-stream")
        guard expected else {
            return isStream ? ["expected a plain answer, got an SSE stream (text/event-stream)"] : []
        }
        guard isStream else {
            let received = contentType.isEmpty ? "no content-type" : Self.clip(contentType)
            return [
                "expected an SSE stream (content-type text/event-stream), got \(received) (status \(response.status))"
            ]
        }
        let events = response.bodyText.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .filter { $0.hasPrefix("data:") }
            .map { $0.dropFirst("data:".count).trimmingCharacters(in: .whitespaces) }
        guard !events.isEmpty else { return ["expected an SSE stream with data: events, got none"] }
        if Self.endsWithDone(path), events.last != "[DONE]" {
            return ["expected the stream to end with data: [DONE], it ended with data: \(Self.clip(events.last ?? ""))"]
        }
        return []
    }

    /// OpenAI streams end with `data: [DONE]`; Anthropic's (`/v1/messages`) end with a
    /// `message_stop` event instead.
    static func endsWithDone(_ path: String) -> Bool {
        let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        return !(bare == "/v1/messages" || bare.hasPrefix("/v1/messages/"))
    }

    static func clip(_ text: String, limit: Int = 200) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}
