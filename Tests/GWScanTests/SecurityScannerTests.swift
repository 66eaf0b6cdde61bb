import Foundation
import GWPlan
import GWScan
import GWSema
import GWSyntax
import Testing

/// Rules on programs written in the test, on plans changed past what the checker allows, and on
/// real files whose permission bits the test sets.
@Suite struct SecurityScannerTests {
    static let route = """
        gateway "g"
        provider local { kind = mock }
        keys teams { file = "keys.yaml" }
        route chat {
          match POST "/v1/chat/completions"
          auth teams
          limit 60 requests / 1m by key
          timeout 30s
          else -> local
          retry 2 on 429 backoff 100ms..1s
        }

        """
    static let keysFile =
        "keys:\n  - sha256: 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\n    team: a\n"
    static let key = "sk-proj-T3stOnlyNotARealKey0000000000000000000000"

    @Test func aCleanProgramHasNoFindings() throws {
        let scanned = try ScanFixtures.scan(Self.route, files: ["keys.yaml": Self.keysFile])
        #expect(scanned.plan != nil)
        #expect(scanned.findings.isEmpty, "\(scanned.findings)")
    }

    @Test func retriesBeyondTheBoundAreAnError() throws {
        // The checker refuses more than 10 retries; a plan from elsewhere (a file, the API) may not.
        let scanned = try ScanFixtures.scan(Self.route, files: ["keys.yaml": Self.keysFile])
        var plan = try #require(scanned.plan)
        plan.environments["default"]?.revision.routes["chat"]?.retry?.attempts = 12
        let findings = SecurityScanner.scan(model: scanned.model, plan: plan)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.ruleId == ScanRule.unboundedRetry.id)
        #expect(finding.severity == .error)
        #expect(finding.message.contains("retries 12 times"))
        #expect(finding.location == FindingLocation(file: "main.gwpipe", line: 10, column: 3))
    }

    @Test func remoteAdminBeyondLoopbackWithoutTokenPointsAtTheURL() throws {
        let source =
            Self.route + """
                environment production {
                  listen = "127.0.0.1:9080"
                  admin  = ["http://127.0.0.1:9081", "http://127.0.0.1:9082"]
                  limits_store = "redis://127.0.0.1:6379"
                }

                """
        let scanned = try ScanFixtures.scan(source, files: ["keys.yaml": Self.keysFile])
        #expect(scanned.findings.isEmpty)
        var plan = try #require(scanned.plan)
        plan.environments["production"]?.adminURLs[1] = "http://10.0.0.5:9082"
        let findings = SecurityScanner.scan(model: scanned.model, plan: plan)
        #expect(findings.map(\.ruleId) == [ScanRule.adminWithoutToken.id])
        #expect(findings.first?.location == FindingLocation(file: "main.gwpipe", line: 14, column: 38))
        #expect(findings.first?.message.contains("10.0.0.5") == true)
        plan.environments["production"]?.adminToken = SecretPlan(environmentVariable: "GWPIPE_ADMIN_TOKEN")
        #expect(SecurityScanner.scan(model: scanned.model, plan: plan).isEmpty, "a token settles it")
    }

    @Test func aHangingMockCountsAsUnbounded() throws {
        let source = Self.route.replacingOccurrences(of: "  timeout 30s\n", with: "")
            .replacingOccurrences(
                of: "provider local { kind = mock }", with: "provider local { kind = mock; hang = 5% }")
        let scanned = try ScanFixtures.scan(source, files: ["keys.yaml": Self.keysFile])
        #expect(scanned.findings.map(\.ruleId) == [ScanRule.unboundedTimeout.id])
        let bounded = try ScanFixtures.scan(
            Self.route.replacingOccurrences(of: "  timeout 30s\n", with: ""), files: ["keys.yaml": Self.keysFile])
        #expect(bounded.findings.isEmpty, "a mock that never hangs answers within its latency")
    }

    @Test func plainHTTPDependsOnTheHost() throws {
        for (url, expected) in [
            ("http://10.1.2.3:8000", 1), ("http://127.0.0.1:8000", 0), ("http://[::1]:8000", 0),
            ("https://api.example.com", 0),
            ("http://127.0.0.1.nip.io", 1),
        ] {
            let source = Self.route.replacingOccurrences(
                of: "provider local { kind = mock }",
                with: "provider local { kind = openai_compatible; url = \"\(url)\"; timeout = 10s }")
            let scanned = try ScanFixtures.scan(source, files: ["keys.yaml": Self.keysFile])
            #expect(scanned.findings.filter { $0.ruleId == ScanRule.plaintextUpstream.id }.count == expected, "\(url)")
        }
    }

    @Test func worldReadableValuesFileWithAKey() throws {
        let source =
            Self.route + """
                param note: String = ""
                environment production {
                  listen = "127.0.0.1:9080"
                  values = "envs/production.yaml"
                }

                """
        let values = "note: \"\(Self.key)\"\n"
        let files = ["keys.yaml": Self.keysFile, "envs/production.yaml": values]
        let readable = try ScanFixtures.scan(source, files: files, modes: ["envs/production.yaml": 0o644])
        let finding = try #require(readable.findings.first)
        #expect(readable.findings.count == 1)
        #expect(finding.ruleId == ScanRule.worldReadableSecretFile.id)
        #expect(finding.severity == .warning)
        #expect(finding.location == FindingLocation(file: "envs/production.yaml"))
        #expect(finding.message.contains("mode 0644") && finding.message.contains("line 1"))
        #expect(!finding.message.contains(Self.key))

        let ownerOnly = try ScanFixtures.scan(source, files: files, modes: ["envs/production.yaml": 0o640])
        #expect(ownerOnly.findings.isEmpty, "readable by the group only: \(ownerOnly.findings)")
        let noKey = try ScanFixtures.scan(
            source, files: ["keys.yaml": Self.keysFile, "envs/production.yaml": "note: hello\n"],
            modes: ["envs/production.yaml": 0o644])
        #expect(noKey.findings.isEmpty, "world-readable is fine without a secret in it")
    }

    @Test func keysAreFoundInImportsAndEvenWithCheckErrors() throws {
        let source =
            "gateway \"g\"\nimport \"common.gwpipe\"\n"
            + "provider p { kind = openai; url = \"https://x.example\"; key = \"\(Self.key)\" }\n"
        let scanned = try ScanFixtures.scan(source, files: ["common.gwpipe": "# old key: \(Self.key)\nlet x = 1\n"])
        #expect(scanned.plan == nil, "a key where a secret belongs is a check error")
        let keyFindings = scanned.findings.filter { $0.ruleId == ScanRule.providerKeyInSource.id }
        #expect(keyFindings.map(\.location.description) == ["common.gwpipe:1:12", "main.gwpipe:3:63"])
        #expect(scanned.findings.count == keyFindings.count, "plan rules need a plan")
    }

    @Test func findingsAreSortedByFileLineColumnAndRule() {
        let rule = ScanRule.routeWithoutAuth
        let findings = [
            Finding(rule, "c", at: FindingLocation(file: "b.gwpipe", line: 1, column: 1)),
            Finding(ScanRule.unboundedTimeout, "b", at: FindingLocation(file: "a.gwpipe", line: 2, column: 5)),
            Finding(rule, "a", at: FindingLocation(file: "a.gwpipe", line: 2, column: 5)),
            Finding(rule, "d", at: FindingLocation(file: "a.gwpipe", line: 10, column: 1)),
            Finding(ScanRule.worldReadableSecretFile, "e", at: FindingLocation(file: "a.gwpipe")),
            Finding(rule, "a", at: FindingLocation(file: "a.gwpipe", line: 2, column: 5)),
        ]
        #expect(Finding.sorted(findings).map(\.message) == ["e", "a", "b", "d", "c"])
    }

    @Test func catalogueIdsAreStableAndComplete() {
        #expect(ScanRule.catalogue.map(\.id) == (1...8).map { "GW-S00\($0)" })
        #expect(Set(ScanRule.catalogue.map(\.name)).count == ScanRule.catalogue.count)
        for rule in ScanRule.catalogue {
            #expect(!rule.shortDescription.isEmpty && !rule.fullDescription.isEmpty && !rule.help.isEmpty)
            #expect(ScanRule.rule(id: rule.id) == rule)
        }
    }
}
