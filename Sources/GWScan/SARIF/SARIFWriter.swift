import Foundation
import GWSema
import GWSyntax

/// Writes scan findings and checker diagnostics as one SARIF 2.1.0 log, so `gwpipe scan --sarif`
/// and `gwpipe run --sarif` hand code scanning every problem of a file at once.
///
/// The rules are the whole scan catalogue (in id order, so a rule's index never depends on what
/// was found), then each diagnostic code that occurs (`E0301`), sorted. Output is deterministic:
/// the same input gives the same bytes (sorted keys, sorted results).
public struct SARIFWriter: Sendable {
    /// Where SARIF readers send users for more about the tool.
    public static let defaultInformationURI = "https://github.com/gwpipe/gwpipe"

    public var toolVersion: String
    public var informationURI: String
    /// Absolute paths under this directory are written relative to it (`examples/x.gwpipe`).
    public var baseDirectory: String?

    public init(
        toolVersion: String, informationURI: String = SARIFWriter.defaultInformationURI,
        baseDirectory: String? = FileManager.default.currentDirectoryPath
    ) {
        self.toolVersion = toolVersion
        self.informationURI = informationURI
        self.baseDirectory = baseDirectory
    }

    /// The log of `findings` and `diagnostics` (keys in diagnostics' messages masked).
    public func log(findings: [Finding], diagnostics: [Diagnostic] = []) -> SARIFLog {
        let all = Finding.sorted(findings + diagnostics.map(Finding.init(diagnostic:)))
        var rules = ScanRule.catalogue.map(SARIFWriter.rule)
        var extra: [String: SARIFRule] = [:]
        for finding in all where ScanRule.rule(id: finding.ruleId) == nil && extra[finding.ruleId] == nil {
            extra[finding.ruleId] = SARIFWriter.rule(code: finding.ruleId, example: finding)
        }
        rules += extra.keys.sorted().compactMap { extra[$0] }
        var indexes: [String: Int] = [:]
        for (index, rule) in rules.enumerated() { indexes[rule.id] = index }
        let results = all.map { finding in
            SARIFResult(
                ruleId: finding.ruleId, ruleIndex: indexes[finding.ruleId] ?? 0,
                level: SARIFWriter.level(finding.severity),
                message: SARIFText(KeyLikeText.masked(finding.message)), locations: [location(finding.location)])
        }
        let driver = SARIFLog.Driver(name: "gwpipe", version: toolVersion, informationUri: informationURI, rules: rules)
        return SARIFLog(runs: [SARIFLog.Run(tool: SARIFLog.Tool(driver: driver), results: results)])
    }

    /// The log as indented JSON with sorted keys, ending in a newline.
    public func encode(findings: [Finding], diagnostics: [Diagnostic] = []) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(log(findings: findings, diagnostics: diagnostics))
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Writes the log to `path` atomically.
    public func write(findings: [Finding], diagnostics: [Diagnostic] = [], to path: String) throws {
        try encode(findings: findings, diagnostics: diagnostics).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    // MARK: Parts

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    static func rule(_ rule: ScanRule) -> SARIFRule {
        SARIFRule(
            id: rule.id, name: rule.name, shortDescription: SARIFText(rule.shortDescription),
            fullDescription: SARIFText(rule.fullDescription),
            defaultConfiguration: .init(level: level(rule.defaultSeverity)), help: SARIFText(rule.help))
    }

    /// Checker codes are titled in the syntax and semantic catalogues.
    static let codeTitles: [String: String] = {
        var titles: [String: String] = [:]
        for (code, title) in DiagnosticCode.syntaxCatalog + DiagnosticCode.semanticCatalog {
            titles[code.rawValue] = title
        }
        return titles
    }()

    static func rule(code: String, example: Finding) -> SARIFRule {
        let title = codeTitles[code] ?? "gwpipe check \(code)"
        let name = title.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        return SARIFRule(
            id: code, name: name, shortDescription: SARIFText(title),
            fullDescription: SARIFText("gwpipe check reports \(code): \(title)."),
            defaultConfiguration: .init(level: level(example.severity)),
            help: SARIFText(
                example.help.isEmpty ? "run `gwpipe check` on the file for the source line and hints" : example.help))
    }

    func location(_ location: FindingLocation) -> SARIFResult.Location {
        let region = location.line.map { SARIFResult.Region(startLine: $0, startColumn: location.column ?? 1) }
        return SARIFResult.Location(
            physicalLocation: .init(artifactLocation: .init(uri: uri(location.file)), region: region))
    }

    /// A relative URI reference for paths under `baseDirectory` (or already relative), else a `file://` URI.
    func uri(_ path: String) -> String {
        var relative = path
        if path.hasPrefix("/"), let base = baseDirectory {
            let root = base.hasSuffix("/") ? base : base + "/"
            if path.hasPrefix(root) { relative = String(path.dropFirst(root.count)) }
        }
        while relative.hasPrefix("./") { relative.removeFirst(2) }
        let encoded = relative.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? relative
        return relative.hasPrefix("/") ? "file://" + encoded : encoded
    }
}
