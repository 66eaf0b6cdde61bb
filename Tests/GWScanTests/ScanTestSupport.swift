import Foundation
import GWPlan
import GWScan
import GWSema
import GWSyntax
import Testing

/// Where the scan's fixtures are, how a fixture is compiled and scanned, and how goldens compare.
///
/// A fixture is scanned from a copy of `Tests/Fixtures/scan` in a temporary folder, with every
/// file's mode set to 0600 and then to what its `# scan-modes:` line asks
/// (`# scan-modes: envs/leaky.yaml=0644`), so permission findings do not depend on the umask of
/// the checkout. Paths are relative to that folder, so goldens are the same on every machine.
enum ScanFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = repositoryRoot.appendingPathComponent("Tests/Fixtures/scan")
    static let examplesGoldens = directory.appendingPathComponent("examples")

    static var updatingGoldens: Bool { ProcessInfo.processInfo.environment["GWPIPE_UPDATE_GOLDEN"] == "1" }

    static var names: [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return entries.filter { $0.hasSuffix(".gwpipe") }.map { String($0.dropLast(".gwpipe".count)) }.sorted()
    }

    static var examples: [String] {
        let folder = repositoryRoot.appendingPathComponent("examples")
        // Examples may be folders (`quickstart/gateway.gwpipe` with its baseline beside it).
        let entries = (try? FileManager.default.subpathsOfDirectory(atPath: folder.path)) ?? []
        return entries.filter { $0.hasSuffix(".gwpipe") }.sorted().map { "examples/\($0)" }
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gwpipe-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func chmod(_ url: URL, _ mode: Int) throws {
        try FileManager.default.setAttributes([.posixPermissions: NSNumber(value: mode)], ofItemAtPath: url.path)
    }

    /// Reads and stats paths relative to `root`, failing like the disk reader.
    static func reader(relativeTo root: URL) -> ProgramLoader.ReadFile {
        { path in
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw ProgramLoader.LoadError.missing
            }
            return Array(data)
        }
    }

    static func files(relativeTo root: URL, permissions: (@Sendable (String) -> Int?)? = nil) -> ScanFiles {
        let read = reader(relativeTo: root)
        return ScanFiles(
            read: read,
            permissions: permissions ?? { path in
                let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
                return ScanFiles.disk.permissions(url.path)
            })
    }

    /// What `gwpipe scan NAME.gwpipe` reports from the fixture folder: check errors, then findings.
    struct Scanned {
        var model: SemanticModel
        var plan: Plan?
        var findings: [Finding]
        var report: [Finding]
        var checkErrors: [Diagnostic]
    }

    static func scan(root name: String, in root: URL, files: ScanFiles? = nil) throws -> Scanned {
        let read = reader(relativeTo: root)
        let program = try ProgramLoader.load(root: name, read: read)
        let model = Checker.check(program, options: CheckOptions(environmentVariables: [:], readFile: read))
        let plan = model.diagnostics.hasErrors ? nil : try PlanBuilder.build(model)
        let findings = SecurityScanner.scan(model: model, plan: plan, files: files ?? self.files(relativeTo: root))
        let errors = model.diagnostics.filter { $0.severity == .error }
        return Scanned(
            model: model, plan: plan, findings: findings,
            report: Finding.sorted(errors.map(Finding.init(diagnostic:)) + findings), checkErrors: errors)
    }

    /// Scans a program given as text, written to `main.gwpipe` in a fresh folder with `files` beside it.
    static func scan(_ source: String, files extra: [String: String] = [:], modes: [String: Int] = [:]) throws
        -> Scanned
    {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, text) in extra.merging(["main.gwpipe": source], uniquingKeysWith: { $1 }) {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            try chmod(url, modes[path] ?? 0o600)
        }
        return try scan(root: "main.gwpipe", in: root)
    }

    /// Copies the fixture folder to a temporary one with the modes the fixture asks for, and scans it.
    static func scan(fixture name: String) throws -> Scanned {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for sub in ["envs", "keys"] {
            try FileManager.default.copyItem(
                at: directory.appendingPathComponent(sub), to: root.appendingPathComponent(sub))
        }
        let source = directory.appendingPathComponent("\(name).gwpipe")
        try FileManager.default.copyItem(at: source, to: root.appendingPathComponent("\(name).gwpipe"))
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { try chmod(url, 0o600) }
        }
        for (path, mode) in try modes(in: String(decoding: try Data(contentsOf: source), as: UTF8.self)) {
            try chmod(root.appendingPathComponent(path), mode)
        }
        return try scan(root: "\(name).gwpipe", in: root)
    }

    struct BadModeLine: Error, CustomStringConvertible {
        var text: String
        var description: String { "bad scan-modes entry '\(text)': write PATH=0644" }
    }

    static func modes(in source: String) throws -> [(String, Int)] {
        let prefix = "# scan-modes:"
        var modes: [(String, Int)] = []
        for line in source.split(separator: "\n") where line.hasPrefix(prefix) {
            for item in line.dropFirst(prefix.count).split(separator: " ") {
                let parts = item.split(separator: "=").map(String.init)
                guard parts.count == 2, let mode = Int(parts[1], radix: 8) else {
                    throw BadModeLine(text: String(item))
                }
                modes.append((parts[0], mode))
            }
        }
        return modes
    }

    static func render(_ findings: [Finding]) -> String {
        FindingRenderer(format: .text).render(findings)
    }

    /// Compares `actual` with the golden, or rewrites it under GWPIPE_UPDATE_GOLDEN=1.
    static func assertGolden(_ actual: String, matches golden: URL, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        if updatingGoldens {
            try FileManager.default.createDirectory(
                at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            if (try? String(contentsOf: golden, encoding: .utf8)) != actual {
                try Data(actual.utf8).write(to: golden, options: .atomic)
            }
            return
        }
        guard let expected = try? String(contentsOf: golden, encoding: .utf8) else {
            Issue.record(
                "missing golden \(golden.lastPathComponent); create it with GWPIPE_UPDATE_GOLDEN=1 swift test",
                sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record(
                """
                \(golden.lastPathComponent) differs (- expected, + actual):
                \(LineDiff.render(expected: expected, actual: actual))
                If the new output is right: GWPIPE_UPDATE_GOLDEN=1 swift test --filter GWScanTests,
                then review git diff.
                """,
                sourceLocation: sourceLocation)
        }
    }
}
