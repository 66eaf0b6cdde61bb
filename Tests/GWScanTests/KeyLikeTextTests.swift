import Testing

@testable import GWScan

/// What counts as a key, what does not, and that masking never leaves one behind.
@Suite struct KeyLikeTextTests {
    static let keys: [(String, String)] = [
        ("sk-proj-T3stOnlyNotARealKey0000000000000000000000", "an OpenAI API key"),
        ("sk-ant-api03-T3stOnlyNotARealKey00000000000000000000000000", "an Anthropic API key"),
        ("sk-T3stOnlyNotARealKey000000000000000000000000000", "an OpenAI-style API key"),
        ("AKIAT3STONLYNOTREAL0", "an AWS access key id"),
        ("AIza" + "T3stOnlyNotARealKey0000000000000000", "a Google API key"),
        ("ghp_T3stOnlyNotARealKey0000000000000000000000", "a GitHub token"),
        ("xoxb-0000000000-T3stOnlyNotARealKey", "a Slack token"),
        ("hf_T3stOnlyNotARealKeyT3stOnlyNotARealKey", "a Hugging Face token"),
        ("gsk_T3stOnlyNotARealKey0000000000000000000000000000", "a Groq API key"),
    ]

    @Test(arguments: keys)
    func recognisesKeys(_ key: String, _ kind: String) throws {
        let matches = KeyLikeText.matches(in: "Authorization: Bearer \(key), then more")
        let match = try #require(matches.first)
        #expect(matches.count == 1)
        #expect(match.kind == kind)
        #expect(match.offset == "Authorization: Bearer ".utf8.count)
        #expect(match.length == key.count)
        #expect(match.redacted == "\"\(key.prefix(3))…\" (\(key.count) characters)")
    }

    @Test(arguments: [
        // A SHA-256 (what keys files hold), words that merely start like a key, too short, wrong case.
        "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
        "task-runner-for-the-nightly-build-job",
        "sk-short123",
        "sk-only-letters-and-dashes-without-digits",
        "AKIAlowercase0000000",
        "AKIAT3STONLYNOTREAL0EXTRA",
        "mask-T3stOnlyNotARealKey0000000000000000000000",
        "https://api.openai.com/v1/chat/completions",
    ])
    func ignoresWhatIsNotAKey(_ text: String) {
        #expect(KeyLikeText.matches(in: text).isEmpty, "\(text) is not a key")
    }

    @Test func keyAfterSeparatorsIsFound() {
        let matches = KeyLikeText.matches(in: "--sk-proj-T3stOnlyNotARealKey0000000000000000000000")
        #expect(matches.map(\.offset) == [2])
    }

    @Test func maskingKeepsTheTextAndDropsTheKeys() {
        let key = "sk-proj-T3stOnlyNotARealKey0000000000000000000000"
        let masked = KeyLikeText.masked("found String \"\(key)\" and AKIAT3STONLYNOTREAL0 — done")
        #expect(masked == "found String \"sk-…(49 characters)\" and AKI…(20 characters) — done")
        #expect(KeyLikeText.matches(in: masked).isEmpty)
        #expect(KeyLikeText.masked("nothing here") == "nothing here")
    }

    @Test func loopbackHosts() {
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST.", "api.localhost", "::1", "[::1]"] {
            #expect(LoopbackHost.isLoopback(host), "\(host) is loopback")
        }
        for host in ["10.0.0.5", "192.168.1.1", "0.0.0.0", "127.example.com", "127.0.0.1.nip.io", "::", "example.com"] {
            #expect(!LoopbackHost.isLoopback(host), "\(host) is not loopback")
        }
        #expect(LoopbackHost.host(ofListenAddress: "[::1]:8080") == "[::1]")
        #expect(LoopbackHost.schemeAndHost("http://user:pw@Example.com:80/x?key=1")?.host == "Example.com")
    }
}
