import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

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
    public static func read(directory: String, environment: [String: String]) async -> GitFacts {
        var facts = GitFacts()
        guard let line = await git(["log", "-1", "--format=%H%x1f%an <%ae>%x1f%ct%x1f%s"], in: directory) else {
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
        let branch = await git(["rev-parse", "--abbrev-ref", "HEAD"], in: directory)
        facts.branch = branch == "HEAD" ? ciBranch(environment) : branch ?? ciBranch(environment)
        return facts
    }

    private static func ciBranch(_ environment: [String: String]) -> String? {
        environment["GITHUB_HEAD_REF"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["GITHUB_REF_NAME"] ?? environment["CI_COMMIT_REF_NAME"]
    }

    /// Through swift-subprocess, as `run` steps are: one mechanism spawns and reaps the run's
    /// children (Foundation.Process reaps on its own thread beside it).
    private static func git(_ arguments: [String], in directory: String) async -> String? {
        guard
            let result = try? await Subprocess.run(
                .name("git"), arguments: Arguments(["-C", directory] + arguments), input: .none,
                output: .string(limit: 64 * 1024), error: .discarded),
            result.terminationStatus == .exited(0)
        else { return nil }
        let text = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
