import Foundation

/// What git says about the commit a run deploys: recorded with every revision and deployment so
/// the history is an audit trail, and `approve when branch == "main"` has a branch to look at.
public struct GitFacts: Sendable, Hashable {
    public var commit: String?
    public var branch: String?
    public var author: String?
    public var message: String?
    public var committedAt: Date?

    public init(commit: String? = nil, branch: String? = nil, author: String? = nil, message: String? = nil, committedAt: Date? = nil) {
        self.commit = commit
        self.branch = branch
        self.author = author
        self.message = message
        self.committedAt = committedAt
    }

    /// Reads HEAD of the repository holding `directory`; empty facts outside a repository or
    /// without git. CI variables name the branch when HEAD is detached (GitHub Actions, GitLab).
    public static func read(directory: String, environment: [String: String]) -> GitFacts {
        var facts = GitFacts()
        guard let line = git(["log", "-1", "--format=%H%x1f%an <%ae>%x1f%ct%x1f%s"], in: directory) else {
            facts.branch = ciBranch(environment)
            return facts
        }
        let fields = line.split(separator: "\u{1f}", omittingEmptySubsequences: false).map(String.init)
        if fields.count == 4 {
            facts.commit = fields[0]
            facts.author = fields[1]
            facts.committedAt = TimeInterval(fields[2]).map(Date.init(timeIntervalSince1970:))
            facts.message = fields[3]
        }
        let branch = git(["rev-parse", "--abbrev-ref", "HEAD"], in: directory)
        facts.branch = branch == "HEAD" ? ciBranch(environment) : branch ?? ciBranch(environment)
        return facts
    }

    private static func ciBranch(_ environment: [String: String]) -> String? {
        environment["GITHUB_HEAD_REF"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["GITHUB_REF_NAME"] ?? environment["CI_COMMIT_REF_NAME"]
    }

    private static func git(_ arguments: [String], in directory: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
