import Foundation
import GWSyntax

/// Reads a root `.gwpipe` file and every file it imports (relative to the importing file),
/// parsing each once, and reports unreadable imports and import cycles with the whole chain.
public struct ProgramLoader {
    /// Reads a file's bytes; injectable so tests and `git:` sources can supply content.
    public typealias ReadFile = @Sendable (String) throws -> [UInt8]

    public static let readFromDisk: ReadFile = { path in
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LoadError.missing
        }
        guard !isDirectory.boolValue else { throw LoadError.directory }
        guard let data = FileManager.default.contents(atPath: path) else { throw LoadError.unreadable }
        return Array(data)
    }

    /// Why a file could not be read.
    public enum LoadError: Error, CustomStringConvertible {
        case missing, directory, unreadable

        public var description: String {
            switch self {
            case .missing: "no such file"
            case .directory: "is a directory"
            case .unreadable: "cannot be read (permission denied?)"
            }
        }
    }

    let read: ReadFile
    var files: [SourceFileSyntax] = []
    var diagnostics: [Diagnostic] = []
    var loaded: Set<String> = []

    public init(read: @escaping ReadFile = ProgramLoader.readFromDisk) {
        self.read = read
    }

    /// Loads `path` and its imports. The root file is first in `files`.
    public static func load(root path: String, read: @escaping ReadFile = ProgramLoader.readFromDisk) throws(LoadFailure)
        -> LoadedProgram
    {
        var loader = ProgramLoader(read: read)
        let bytes: [UInt8]
        do {
            bytes = try read(path)
        } catch {
            throw LoadFailure(path: path, reason: "\(error)")
        }
        loader.visit(SourceFile(name: path, bytes: bytes), chain: [])
        return LoadedProgram(files: loader.files, diagnostics: loader.diagnostics)
    }

    /// Loads an already-read root file (stdin, `git:` sources) and its imports.
    public static func load(root file: SourceFile, read: @escaping ReadFile = ProgramLoader.readFromDisk) -> LoadedProgram {
        var loader = ProgramLoader(read: read)
        loader.visit(file, chain: [])
        return LoadedProgram(files: loader.files, diagnostics: loader.diagnostics)
    }

    /// The root file could not be read at all.
    public struct LoadFailure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): error: \(reason)" }
    }

    private mutating func visit(_ file: SourceFile, chain: [String]) {
        let key = ProgramLoader.normalize(file.name)
        loaded.insert(key)
        let syntax = Parser.parse(file)
        files.append(syntax)
        diagnostics += syntax.diagnostics
        let directory = (file.name as NSString).deletingLastPathComponent
        for declaration in syntax.declarations {
            guard case .import(let pathExpression) = declaration.kind,
                case .string(let literal) = pathExpression.kind
            else { continue }
            guard let relative = literal.constantValue, !relative.isEmpty else {
                diagnostics.append(
                    Diagnostic(
                        .error, .unreadableFile, "an import path must be a plain string",
                        at: .init(file: file, range: pathExpression.range)))
                continue
            }
            let path = relative.hasPrefix("/") ? relative : (directory.isEmpty ? relative : directory + "/" + relative)
            let importedKey = ProgramLoader.normalize(path)
            let newChain = chain + [key]
            if let cycleStart = newChain.firstIndex(of: importedKey) {
                let cycle = (newChain[cycleStart...] + [importedKey]).joined(separator: " -> ")
                diagnostics.append(
                    Diagnostic(
                        .error, .importCycle, "import cycle: \(cycle)", at: .init(file: file, range: pathExpression.range),
                        hints: ["move the shared declarations into a file that both import"]))
                continue
            }
            if loaded.contains(importedKey) { continue }
            do {
                let bytes = try read(path)
                visit(SourceFile(name: path, bytes: bytes), chain: newChain)
            } catch {
                diagnostics.append(
                    Diagnostic(
                        .error, .unreadableFile, "cannot import '\(relative)': \(error)",
                        at: .init(file: file, range: pathExpression.range),
                        hints: ["import paths are relative to the folder of the importing file, \(file.name)"]))
            }
        }
    }

    static func normalize(_ path: String) -> String {
        (path as NSString).standardizingPath
    }
}
