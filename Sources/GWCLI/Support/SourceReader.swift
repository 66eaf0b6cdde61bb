import Foundation
import GWSema

/// Where a program's files come from: the working tree, or a git revision (`git:REF[:path]`)
/// so `gwpipe diff git:HEAD~1 FILE` compares what a commit changes, imports and values included.
struct SourceReader: Sendable {
    /// The root file's path (relative to the repository root for git sources).
    var rootPath: String
    /// `nil` for the working tree.
    var gitRevision: String?
    /// The repository that `gitRevision` is read from (the working directory's when no file names it).
    var repository: String = "."

    /// `FILE`, `git:REF` (with `defaultPath`), or `git:REF:path`.
    init(argument: String, defaultPath: String?) throws(InputFile.ReadError) {
        guard argument.hasPrefix("git:") else {
            rootPath = argument
            gitRevision = nil
            return
        }
        let rest = argument.dropFirst(4)
        let parts = rest.split(separator: ":", maxSplits: 1).map(String.init)
        guard let revision = parts.first, !revision.isEmpty else {
            throw InputFile.ReadError(path: argument, reason: "write git:REF or git:REF:path (git:HEAD~1:gateway.gwpipe)")
        }
        gitRevision = revision
        if parts.count == 2 {
            rootPath = parts[1]
            repository = (try? SourceReader.repositoryRoot(containing: ".")) ?? "."
        } else if let defaultPath {
            repository = try SourceReader.repositoryRoot(containing: defaultPath)
            rootPath = try SourceReader.repositoryRelative(defaultPath, root: repository)
        } else {
            throw InputFile.ReadError(path: argument, reason: "name the file: git:\(revision):path/to/file.gwpipe")
        }
    }

    /// A reader for `ProgramLoader` and `CheckOptions`.
    var readFile: ProgramLoader.ReadFile {
        guard let revision = gitRevision else { return ProgramLoader.readFromDisk }
        let repository = repository
        return { path in
            let normalized = (path as NSString).standardizingPath
            let result = try SourceReader.git(["-C", repository, "show", "\(revision):\(normalized)"])
            return Array(result)
        }
    }

    /// How the source is named in output.
    var displayName: String { gitRevision.map { "git:\($0):\(rootPath)" } ?? rootPath }

    /// The top of the git work tree that holds `path` (a file or a directory).
    static func repositoryRoot(containing path: String) throws(InputFile.ReadError) -> String {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let directory = exists && isDirectory.boolValue ? url.path : url.deletingLastPathComponent().path
        do {
            let top = try git(["-C", directory, "rev-parse", "--show-toplevel"])
            // Resolve symlinks on both sides so /tmp vs /private/tmp style aliases compare equal.
            let root = String(decoding: top, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        } catch {
            throw InputFile.ReadError(path: path, reason: "not inside a git repository")
        }
    }

    static func repositoryRelative(_ path: String, root: String) throws(InputFile.ReadError) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        guard absolute.hasPrefix(root + "/") else {
            throw InputFile.ReadError(path: path, reason: "is outside the git repository at \(root)")
        }
        return String(absolute.dropFirst(root.count + 1))
    }

    /// Why a `git` command failed, with its message.
    struct GitError: Error, CustomStringConvertible {
        var description: String
    }

    static func git(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw GitError(description: text.isEmpty ? "git \(arguments.joined(separator: " ")) failed" : text)
        }
        return data
    }
}
