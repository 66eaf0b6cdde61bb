import Foundation
import GWPlan
import GWSema
import GWSyntax

/// Loads programs relative to the repository root, so plan goldens are machine-independent.
enum PlanTestSupport {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let readRelative: ProgramLoader.ReadFile = { path in
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : repositoryRoot.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw ProgramLoader.LoadError.missing }
        return Array(data)
    }

    static func model(_ relativePath: String) throws -> SemanticModel {
        let program = try ProgramLoader.load(root: relativePath, read: readRelative)
        return Checker.check(program, options: CheckOptions(environmentVariables: [:], readFile: readRelative))
    }

    static func model(text: String, name: String = "examples/inline.gwpipe") -> SemanticModel {
        let program = ProgramLoader.load(root: SourceFile(name: name, text: text), read: readRelative)
        return Checker.check(program, options: CheckOptions(environmentVariables: [:], readFile: readRelative))
    }

    static func plan(_ model: SemanticModel) throws -> Plan {
        try PlanBuilder.build(model)
    }

    static var examples: [String] {
        let directory = repositoryRoot.appendingPathComponent("examples")
        let names = (try? FileManager.default.subpathsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".gwpipe") }.sorted().map { "examples/\($0)" }
    }

    static var updateGoldens: Bool { ProcessInfo.processInfo.environment["GWPIPE_UPDATE_GOLDEN"] == "1" }

    /// The declarations of `text` in reverse order, each with its leading comments.
    static func reversedDeclarations(_ text: String) -> String {
        let syntax = Parser.parse(text)
        let chunks = syntax.declarations.map { declaration -> String in
            let start = declaration.trivia.leadingComments.first?.range.start ?? declaration.range.start
            let end = declaration.trivia.trailingComment?.range.end ?? declaration.range.end
            return syntax.file.text(in: SourceRange(start: start, end: end))
        }
        return chunks.reversed().joined(separator: "\n\n") + "\n"
    }
}
