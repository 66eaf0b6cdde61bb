import Foundation
import GWSyntax
import Testing

@testable import GWScan

/// The SARIF log read back as plain JSON: the fields code scanning reads, rule indexes that
/// point at the right rule, diagnostics carried as rules of their own, and stable bytes.
@Suite struct SARIFWriterTests {
    private func leakyScan() throws -> ScanFixtures.Scanned {
        try ScanFixtures.scan(fixture: "s001_key_as_provider_key")
    }

    private func decode(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func structureAndRuleIndexes() throws {
        let scanned = try leakyScan()
        let writer = SARIFWriter(toolVersion: "9.9.9", baseDirectory: "/nowhere")
        let log = try decode(try writer.encode(findings: scanned.findings, diagnostics: scanned.checkErrors))
        #expect(log["$schema"] as? String == SARIFLog.schemaURI)
        #expect(log["version"] as? String == "2.1.0")
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "gwpipe")
        #expect(driver["version"] as? String == "9.9.9")
        #expect((driver["informationUri"] as? String)?.hasPrefix("https://") == true)

        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        #expect(Array(ids.prefix(ScanRule.catalogue.count)) == ScanRule.catalogue.map(\.id))
        #expect(ids.contains("E0304"), "the checker's code becomes a rule")
        for rule in rules {
            #expect(rule["name"] is String)
            for field in ["shortDescription", "fullDescription", "help"] {
                #expect(
                    ((rule[field] as? [String: Any])?["text"] as? String)?.isEmpty == false,
                    "\(field) of \(rule["id"] ?? "?")")
            }
            let level = (rule["defaultConfiguration"] as? [String: Any])?["level"] as? String
            #expect(["error", "warning", "note"].contains(level ?? ""))
        }

        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(results.count == scanned.findings.count + scanned.checkErrors.count)
        for result in results {
            let ruleId = try #require(result["ruleId"] as? String)
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ids[index] == ruleId, "ruleIndex \(index) must point at \(ruleId)")
            #expect(result["level"] as? String == "error")
            #expect(((result["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let locations = try #require(result["locations"] as? [[String: Any]])
            let physical = try #require(locations.first?["physicalLocation"] as? [String: Any])
            let uri = (physical["artifactLocation"] as? [String: Any])?["uri"] as? String
            #expect(uri == "s001_key_as_provider_key.gwpipe")
            let region = try #require(physical["region"] as? [String: Any])
            #expect(region["startLine"] as? Int == 9)
            #expect((region["startColumn"] as? Int ?? 0) >= 13)
        }
        let ruleIds = results.compactMap { $0["ruleId"] as? String }
        #expect(ruleIds == ["E0304", "GW-S001", "GW-S001"], "sorted by line and column")
    }

    @Test func deterministicBytesWithSortedKeys() throws {
        let scanned = try leakyScan()
        let writer = SARIFWriter(toolVersion: "1.0.0", baseDirectory: nil)
        let first = try writer.encode(findings: scanned.findings, diagnostics: scanned.checkErrors)
        let second = try writer.encode(findings: scanned.findings.reversed(), diagnostics: scanned.checkErrors)
        #expect(first == second)
        let resorted = try JSONSerialization.data(
            withJSONObject: try JSONSerialization.jsonObject(with: first),
            options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        // Same key order as a sorted re-serialisation: compare the sequence of keys.
        let keyPattern = try NSRegularExpression(pattern: "\"([^\"]+)\" :")
        func keys(_ data: Data) -> [String] {
            let text = String(decoding: data, as: UTF8.self)
            return keyPattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
                Range($0.range(at: 1), in: text).map { String(text[$0]) }
            }
        }
        #expect(!keys(first).isEmpty)
        #expect(keys(first) == keys(resorted))
    }

    @Test func fileLevelFindingHasNoRegionAndPathsAreRelative() throws {
        let finding = Finding(
            ScanRule.worldReadableSecretFile, "m", at: FindingLocation(file: "/work/repo/envs/prod values.yaml"))
        let writer = SARIFWriter(toolVersion: "1", baseDirectory: "/work/repo")
        let log = try decode(try writer.encode(findings: [finding]))
        let result = try #require(((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
        let physical = try #require(
            (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "envs/prod%20values.yaml")
        #expect(physical["region"] == nil)
        #expect(result["ruleIndex"] as? Int == 7)
        #expect(result["level"] as? String == "warning")
        #expect(writer.uri("./a.gwpipe") == "a.gwpipe")
        #expect(writer.uri("/elsewhere/a.gwpipe") == "file:///elsewhere/a.gwpipe")
    }

    @Test func writesAFile() throws {
        let directory = try ScanFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("scan.sarif").path
        try SARIFWriter(toolVersion: "1").write(findings: [], to: path)
        let log = try decode(try Data(contentsOf: URL(fileURLWithPath: path)))
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        #expect((run["results"] as? [Any])?.isEmpty == true)
    }

    /// The key of the fixture, in every output the scan has: none may hold it, or any key-like text.
    @Test func keysNeverReachAnyOutput() throws {
        let scanned = try leakyScan()
        let keys = ["sk-ant-api03-T3stOnlyNotARealKey00000000000000000000000000", "AKIAT3STONLYNOTREAL0"]
        let source = try String(
            contentsOf: ScanFixtures.directory.appendingPathComponent("s001_key_as_provider_key.gwpipe"),
            encoding: .utf8)
        #expect(keys.allSatisfy(source.contains), "the fixture holds the keys this test looks for")
        #expect(
            scanned.checkErrors.contains { $0.message.contains(keys[0]) },
            "the checker quotes the key: masking is needed")
        var outputs = ScanFormat.allCases.map { FindingRenderer(format: $0).render(scanned.report) }
        let sarif = try SARIFWriter(toolVersion: "1").encode(
            findings: scanned.findings, diagnostics: scanned.checkErrors)
        outputs.append(String(decoding: sarif, as: UTF8.self))
        for output in outputs {
            #expect(!output.isEmpty)
            for key in keys { #expect(!output.contains(key)) }
            #expect(!output.contains("T3stOnly"), "no part of a key beyond its first three characters")
            #expect(KeyLikeText.matches(in: output).isEmpty)
        }
    }

    @Test func renderedFormats() throws {
        let findings = [
            Finding(
                ScanRule.routeWithoutAuth, "route chat has no auth",
                at: FindingLocation(file: "a,b.gwpipe", line: 3, column: 7)),
            Finding(ScanRule.worldReadableSecretFile, "100% readable", at: FindingLocation(file: "envs/x.yaml")),
        ]
        let github = FindingRenderer(format: .github).render(findings).split(separator: "\n").map(String.init)
        #expect(
            github[0].hasPrefix("::warning file=a%2Cb.gwpipe,line=3,col=7::route chat has no auth [GW-S002]%0Ahelp: "))
        #expect(github[1].hasPrefix("::warning file=envs/x.yaml::100%25 readable [GW-S008]"))
        let lines = FindingRenderer(format: .json).render(findings).split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["rule"] as? String == "GW-S002")
        #expect(first["severity"] as? String == "warning")
        #expect(first["line"] as? Int == 3)
        #expect(first["column"] as? Int == 7)
        #expect(first["file"] as? String == "a,b.gwpipe")
        let text = FindingRenderer(format: .text).render(findings)
        #expect(text.hasPrefix("a,b.gwpipe:3:7: warning: route chat has no auth [GW-S002]\n  help: add `auth KEYS`"))
        #expect(text.contains("\nenvs/x.yaml: warning: 100% readable [GW-S008]\n"))
    }
}
