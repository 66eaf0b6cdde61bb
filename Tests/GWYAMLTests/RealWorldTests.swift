import Testing
@testable import GWYAML

/// Documents shaped like the ones gwpipe reads in practice.
@Suite struct RealWorldTests {
    static let workflow = """
        name: CI

        on:
          push:
            branches: [main]
          pull_request:
            types: [opened, synchronize]

        env:
          SWIFT_VERSION: "6.3"   # pinned

        jobs:
          test:
            runs-on: ${{ matrix.os }}
            strategy:
              fail-fast: false
              matrix:
                os: [ubuntu-latest, macos-14]
            steps:
              - uses: actions/checkout@v4
              - name: Build
                run: swift build -c release
              - name: Test
                run: |
                  swift test --parallel
                  swift test --filter GWYAMLTests
                if: github.event_name == 'push'

        """

    @Test func githubActionsWorkflow() throws {
        let root = try parse(Self.workflow, file: ".github/workflows/ci.yml")
        // YAML 1.2 core schema: `on` is a plain string key, not the YAML 1.1 boolean.
        let on = try #require(root.mapping?.pair(forKey: "on"))
        #expect(on.key.resolvedTag == YAMLTag.str)
        #expect(on.key.start == YAMLMark(line: 3, column: 1, offset: 10))
        #expect(root["on"]?["push"]?["branches"] == ["main"])
        #expect(root["on"]?["pull_request"]?["types"]?.sequence?.style == .flow)

        let version = try #require(root["env"]?["SWIFT_VERSION"])
        #expect(version.scalarValue == "6.3")
        #expect(version.resolvedTag == YAMLTag.str)
        #expect(version.doubleValue == nil)

        let job = try #require(root["jobs"]?["test"])
        let runsOn = try #require(job["runs-on"])
        #expect(runsOn.scalarValue == "${{ matrix.os }}")
        #expect(runsOn.start == YAMLMark(line: 14, column: 14, offset: 160))
        #expect(job["strategy"]?["fail-fast"]?.boolValue == false)
        #expect(job["strategy"]?["matrix"]?["os"] == ["ubuntu-latest", "macos-14"])

        let steps = try #require(job["steps"]?.sequence)
        #expect(steps.count == 3)
        #expect(steps[0]?["uses"]?.scalarValue == "actions/checkout@v4")
        let run = try #require(steps[2]?["run"])
        #expect(run.scalarValue == "swift test --parallel\nswift test --filter GWYAMLTests\n")
        #expect(run.scalar?.style == .literal)
        #expect(run.start.line == 24 && run.start.column == 14)
        #expect(steps[2]?["if"]?.scalarValue == "github.event_name == 'push'")
    }

    static let compose = """
        version: "3.9"
        x-common: &common
          restart: unless-stopped
          environment:
            LOG_LEVEL: info
            TZ: UTC
        services:
          web:
            <<: *common
            image: "nginx:1.27"
            ports:
              - "80:80"
              - 443:443
            depends_on: [api]
          api:
            <<: *common
            restart: always
            image: ghcr.io/example/api:latest
            command: ["serve", "--port", "8080"]
            healthcheck:
              test: ["CMD", "curl", "-f", "http://localhost:8080/health"]
              interval: 30s
        """

    @Test func dockerComposeWithAnchorsAndMergeKeys() throws {
        let root = try parse(Self.compose, file: "compose.yaml")
        let web = try #require(root["services"]?["web"]?.mapping)
        // Merged keys take the place of `<<`, before the keys written after it.
        #expect(web.keys.map(\.scalarValue) == ["restart", "environment", "image", "ports", "depends_on"])
        #expect(web["restart"]?.scalarValue == "unless-stopped")
        #expect(web["environment"]?["TZ"]?.scalarValue == "UTC")
        // Merged values keep the marks of the anchored definition they came from.
        #expect(web["restart"]?.start == YAMLMark(line: 3, column: 12, offset: 44))
        // `443:443` is a YAML 1.1 sexagesimal integer but a string in YAML 1.2.
        #expect(web["ports"] == ["80:80", "443:443"])
        #expect(web["ports"]?[1]?.intValue == nil)

        let api = try #require(root["services"]?["api"]?.mapping)
        // A key written in the mapping wins over the merged one.
        #expect(api.keys.map(\.scalarValue) == ["environment", "restart", "image", "command", "healthcheck"])
        #expect(api["restart"]?.scalarValue == "always")
        #expect(api["command"] == ["serve", "--port", "8080"])
        #expect(api["healthcheck"]?["interval"]?.scalarValue == "30s")
    }

    @Test func mergeKeysCanBeLeftAlone() throws {
        let parser = YAMLParser(options: .init(resolveMergeKeys: false))
        let root = try parser.parse(Self.compose, fileName: "compose.yaml").root
        let web = try #require(root["services"]?["web"])
        #expect(web.mapping?.keys.first?.scalarValue == "<<")
        #expect(web["<<"] == root["x-common"])
        #expect(web["restart"] == nil)
    }

    @Test func mergeKeySequencesGiveEarlierMappingsPriority() throws {
        let text = """
            base: &base {a: 1, b: 1}
            more: &more {b: 2, c: 2}
            both:
              <<: [*more, *base]
              c: 3
            quoted:
              "<<": *base
            """
        let root = try parse(text)
        #expect(root["both"] == ["b": 2, "a": 1, "c": 3])
        // Only a plain, untagged `<<` is a merge key.
        #expect(root["quoted"]?["<<"] == ["a": 1, "b": 1])
    }

    static let litellm = """
        model_list:
          - model_name: gpt-4o
            litellm_params:
              model: azure/gpt-4o-eu
              api_base: https://my-endpoint-europe.openai.azure.com/
              api_key: os.environ/AZURE_API_KEY_EU
              rpm: 6
          - model_name: claude-sonnet
            litellm_params:
              model: anthropic/claude-3-5-sonnet-20240620
              api_key: "os.environ/ANTHROPIC_API_KEY"
              temperature: 0.2
              max_tokens: 4096
            model_info:
              mode: chat
              supports_vision: true

        litellm_settings:
          drop_params: True
          num_retries: 3
          request_timeout: 600
          fallbacks: [{"gpt-4o": ["claude-sonnet"]}]
          success_callback: ["langfuse"]

        router_settings:
          routing_strategy: usage-based-routing-v2
          redis_host: ~
          redis_port: null
          redis_password:

        general_settings:
          master_key: sk-1234
        """

    @Test func liteLLMModelList() throws {
        let root = try parse(Self.litellm, file: "litellm.yaml")
        let models = try #require(root["model_list"]?.sequence)
        #expect(models.items.compactMap { $0["model_name"]?.scalarValue } == ["gpt-4o", "claude-sonnet"])
        let first = try #require(models[0]?["litellm_params"])
        #expect(first["rpm"]?.intValue == 6)
        #expect(first["api_base"]?.scalarValue == "https://my-endpoint-europe.openai.azure.com/")
        let second = try #require(models[1]?["litellm_params"])
        #expect(second["temperature"]?.doubleValue == 0.2)
        #expect(second["temperature"]?.intValue == nil)
        #expect(second["max_tokens"]?.intValue == 4096)
        #expect(second["max_tokens"]?.doubleValue == 4096)
        #expect(models[1]?["model_info"]?["supports_vision"]?.boolValue == true)

        let settings = try #require(root["litellm_settings"])
        #expect(settings["drop_params"]?.boolValue == true)
        #expect(settings["fallbacks"] == [["gpt-4o": ["claude-sonnet"]]])
        #expect(settings["fallbacks"]?[0]?.mapping?.style == .flow)

        let router = try #require(root["router_settings"])
        #expect(router["redis_host"]?.isNull == true)
        #expect(router["redis_port"]?.isNull == true)
        #expect(router["redis_password"]?.isNull == true)
        #expect(router["routing_strategy"]?.isNull == false)
        #expect(root["general_settings"]?["master_key"]?.start == YAMLMark(line: 32, column: 15, offset: 758))
    }

    @Test func keysFileWithHashes() throws {
        let text = """
            keys:
              - sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
                team: payments
              - sha256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"
                team: 检索团队
            """
        let root = try parse(text, file: "keys.yaml")
        let keys = try #require(root["keys"]?.sequence)
        #expect(keys.items.map { $0["sha256"]?.scalarValue?.count } == [64, 64])
        #expect(keys[1]?["team"]?.scalarValue == "检索团队")
        #expect(keys[1]?["sha256"]?.start == YAMLMark(line: 4, column: 13, offset: 114))
    }

    @Test func contractTestSuite() throws {
        let text = """
            suite: checkout-contract
            cases:
              - name: happy path
                request: {method: POST, path: /v1/orders, body: {sku: "A-1", qty: 2}}
                expect:
                  status: 201
                  body:
                    id: !any string
                    items: [{sku: A-1, qty: 2}]
              - name: out of stock
                request:
                  method: POST
                  path: /v1/orders
                  body: {sku: "Z-9", qty: 1}
                expect: {status: 409, body: {error: out_of_stock}}
            """
        let root = try parse(text, file: "contracts/checkout.yaml")
        let cases = try #require(root["cases"]?.sequence)
        #expect(cases[0]?["request"]?["body"] == ["sku": "A-1", "qty": 2])
        #expect(cases[0]?["expect"]?["body"]?["id"]?.tag == "!any")
        #expect(cases[0]?["expect"]?["body"]?["items"] == [["sku": "A-1", "qty": 2]])
        // Same meaning, different presentation: flow vs block, quoted vs plain.
        #expect(cases[1]?["request"]?["body"] == cases[0]?["request"]?["body"].map { _ in ["sku": "Z-9", "qty": 1] })
        #expect(cases[1]?["expect"]?["status"]?.intValue == 409)
    }
}
