import Foundation
import GWSyntax
import Testing

@testable import GWSema

/// Where the checker's fixtures are, how a fixture is checked, and how goldens are compared.
///
/// Fixtures are loaded through an injected `readFile` that resolves paths against the fixture
/// folder, so every file name in a golden is relative to that folder (`envs/production.yaml:3:13`)
/// and the goldens are the same on every machine.
enum CheckFixtures {
    /// The package root: `Tests/GWSemaTests/SemaTestSupport.swift` is three levels below it.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    static let checkDirectory = repositoryRoot.appendingPathComponent("Tests/Fixtures/check")
    static let validDirectory = repositoryRoot.appendingPathComponent("Tests/Fixtures/valid")
    static let examplesDirectory = repositoryRoot.appendingPathComponent("examples")

    /// `GWPIPE_UPDATE_GOLDEN=1 swift test` rewrites expectations instead of comparing them.
    static var updatingGoldens: Bool {
        ProcessInfo.processInfo.environment["GWPIPE_UPDATE_GOLDEN"] == "1"
    }

    /// The names of the files directly in `directory` ending in `suffix`, without the suffix, sorted.
    static func names(in directory: URL, suffix: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return entries.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }.sorted()
    }

    /// Every `.gwpipe` under `examples/` (one folder per larger example), as `NAME` or `FOLDER/NAME`.
    static func exampleNames() -> [String] {
        let entries = (try? FileManager.default.subpathsOfDirectory(atPath: examplesDirectory.path)) ?? []
        return entries.filter { $0.hasSuffix(".gwpipe") }.map { String($0.dropLast(".gwpipe".count)) }.sorted()
    }

    static func text(_ url: URL) throws -> String {
        String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    /// A `readFile` that resolves relative paths against `directory`, failing like the disk reader.
    static func reader(relativeTo directory: URL) -> ProgramLoader.ReadFile {
        { path in
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw ProgramLoader.LoadError.missing
            }
            guard !isDirectory.boolValue else { throw ProgramLoader.LoadError.directory }
            return Array(try Data(contentsOf: url))
        }
    }

    /// A `readFile` over in-memory files, for unit tests.
    static func reader(files: [String: String]) -> ProgramLoader.ReadFile {
        { path in
            guard let text = files[(path as NSString).standardizingPath] else { throw ProgramLoader.LoadError.missing }
            return Array(text.utf8)
        }
    }

    /// Checks `Tests/Fixtures/check/NAME.gwpipe` as `gwpipe check NAME.gwpipe` would from that
    /// folder, with no environment variable set and the options its `# check-options:` line asks for.
    static func check(fixture name: String) throws -> SemanticModel {
        let read = reader(relativeTo: checkDirectory)
        let program = try ProgramLoader.load(root: "\(name).gwpipe", read: read)
        var options = CheckOptions(environmentVariables: [:], readFile: read)
        try FixtureOptions.parse(program.root.file).apply(to: &options)
        return Checker.check(program, options: options)
    }

    /// Checks a program given as text (and the other files it reads), for unit tests.
    static func check(
        _ source: String, files: [String: String] = [:], options: (inout CheckOptions) -> Void = { _ in }
    ) -> SemanticModel {
        let read = reader(files: files)
        let program = ProgramLoader.load(root: SourceFile(name: "main.gwpipe", text: source), read: read)
        var checkOptions = CheckOptions(environmentVariables: [:], readFile: read)
        options(&checkOptions)
        return Checker.check(program, options: checkOptions)
    }

    /// Checks a file on disk with its real paths (examples, valid fixtures).
    static func check(path url: URL, environmentVariables: [String: String] = [:]) throws -> SemanticModel {
        let program = try ProgramLoader.load(root: url.path)
        return Checker.check(program, options: CheckOptions(environmentVariables: environmentVariables))
    }

    /// The diagnostics as `gwpipe check` prints them without colour.
    static func render(_ diagnostics: [Diagnostic]) -> String {
        DiagnosticRenderer(format: .text, useColor: false).render(diagnostics)
    }

    /// Compares `actual` with the golden file, or rewrites it when updating; a mismatch is
    /// reported with a line diff and the command that accepts the new output.
    static func assertGolden(_ actual: String, matches golden: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if updatingGoldens {
            if (try? text(golden)) != actual { try Data(actual.utf8).write(to: golden, options: .atomic) }
            return
        }
        guard FileManager.default.fileExists(atPath: golden.path) else {
            Issue.record(
                "missing golden \(golden.lastPathComponent); create it with GWPIPE_UPDATE_GOLDEN=1 swift test",
                sourceLocation: sourceLocation)
            return
        }
        let expected = try text(golden)
        if expected != actual {
            Issue.record(
                """
                \(golden.lastPathComponent) differs (- expected, + actual):
                \(LineDiff.render(expected: expected, actual: actual))
                If the new output is right: GWPIPE_UPDATE_GOLDEN=1 swift test --filter GWSemaTests, then review git diff.
                """,
                sourceLocation: sourceLocation)
        }
    }

    /// The codes of the diagnostics in a rendered golden: the `[E0301]` ending each header line.
    static func codes(inRendered text: String) -> Set<String> {
        var codes: Set<String> = []
        for line in text.split(separator: "\n") where !line.hasPrefix(" ") && line.hasSuffix("]") {
            guard line.contains(": error: ") || line.contains(": warning: ") || line.contains(": note: "),
                let open = line.lastIndex(of: "[")
            else { continue }
            codes.insert(String(line[line.index(after: open)..<line.index(before: line.endIndex)]))
        }
        return codes
    }
}

/// Options a fixture asks for in a comment line `# check-options: environment=production secrets=required`,
/// standing for `gwpipe check --env production` and the strict secret policy of `serve` and `run`.
struct FixtureOptions {
    var environment: String?
    var secretPolicy: CheckOptions.SecretPolicy = .warnIfUnset

    struct UnknownOption: Error, CustomStringConvertible {
        var text: String
        var description: String { "unknown check option '\(text)' (known: environment=NAME, secrets=required)" }
    }

    static func parse(_ file: SourceFile) throws -> FixtureOptions {
        var options = FixtureOptions()
        let prefix = "# check-options:"
        for index in 1...file.lineStarts.count {
            let line = file.lineText(index)
            guard line.hasPrefix(prefix) else { continue }
            for item in line.dropFirst(prefix.count).split(separator: " ") {
                let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                switch (parts.first, parts.count == 2 ? parts[1] : nil) {
                case ("environment", let name?): options.environment = name
                case ("secrets", "required"): options.secretPolicy = .requireSet
                default: throw UnknownOption(text: String(item))
                }
            }
        }
        return options
    }

    func apply(to options: inout CheckOptions) {
        options.environment = environment
        options.secretPolicy = secretPolicy
    }
}

/// Properties every checked program has, whatever the input.
enum SemanticChecks {
    /// Every span lies within the file it names, and primary positions are real lines and columns.
    static func expectSpansInsideFiles(_ model: SemanticModel, sourceLocation: SourceLocation = #_sourceLocation) {
        for diagnostic in model.diagnostics {
            for (index, span) in ([diagnostic.primary] + diagnostic.secondary).enumerated() {
                let size = span.file.bytes.count
                #expect(
                    span.range.start >= 0 && span.range.start <= span.range.end && span.range.end <= size,
                    "\(diagnostic.code) \(index == 0 ? "primary" : "secondary") span \(span.range.start)..<\(span.range.end) outside \(span.file.name) (\(size) bytes)",
                    sourceLocation: sourceLocation)
                let position = span.start
                #expect(
                    position.line >= 1 && position.line <= span.file.lineStarts.count && position.column >= 1,
                    "\(diagnostic.code) at impossible position \(span.file.name):\(position)", sourceLocation: sourceLocation)
            }
        }
    }
}
