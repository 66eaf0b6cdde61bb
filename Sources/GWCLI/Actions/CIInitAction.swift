import Foundation
import GWPipeline

/// `gwpipe ci init FILE --github`: writes a GitHub Actions workflow that checks pull requests and
/// runs the file's pipeline on pushes, passing each of the program's secrets from a repository
/// secret of the same name. Refuses to overwrite a workflow unless asked.
public struct CIInitAction: Sendable {
    public var file: String
    public var output: String
    public var branch: String
    public var pipeline: String?
    public var install: String?
    public var force: Bool
    public var environmentVariables: [String: String]

    public init(
        file: String, output: String = ".github/workflows/gwpipe.yml", branch: String = "main", pipeline: String? = nil,
        install: String? = nil, force: Bool = false, environmentVariables: [String: String] = [:]
    ) {
        self.file = file
        self.output = output
        self.branch = branch
        self.pipeline = pipeline
        self.install = install
        self.force = force
        self.environmentVariables = environmentVariables
    }

    public func run() -> CommandResult {
        let compilation: Compilation
        switch Compilation.forFile(file, environment: nil, environmentVariables: environmentVariables) {
        case .failure(let unreadable): return unreadable.result
        case .success(let compiled): compilation = compiled
        }
        guard let plan = compilation.plan else {
            return CommandResult(standardError: "\(file) has errors; run `gwpipe check \(file)` first\n", exitCode: ExitStatus.failure)
        }
        let pipelines = plan.pipelines.keys.sorted()
        if let pipeline, plan.pipelines[pipeline] == nil {
            return CommandResult(
                standardError: "there is no pipeline '\(pipeline)' in \(file) (known: \(pipelines.joined(separator: ", ")))\n",
                exitCode: ExitStatus.unreadableInput)
        }
        guard pipeline != nil || pipelines.count == 1 else {
            let message = pipelines.isEmpty ? "\(file) declares no pipeline to run in CI"
                : "\(file) declares several pipelines: name one with --pipeline (\(pipelines.joined(separator: ", ")))"
            return CommandResult(standardError: message + "\n", exitCode: ExitStatus.unreadableInput)
        }
        if FileManager.default.fileExists(atPath: output), !force {
            return CommandResult(standardError: "\(output) exists; pass --force to replace it\n", exitCode: ExitStatus.unreadableInput)
        }
        let input = PipelineInput(plan: plan, model: compilation.model, file: file)
        let workflow = GitHubWorkflow(
            file: file, branch: branch, pipeline: pipeline, secretVariables: input.secretVariables,
            install: install ?? GitHubWorkflow.installFromSource)
        do {
            let text = try workflow.yaml()
            let url = URL(fileURLWithPath: output)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            return CommandResult(standardError: "could not write \(output): \(error)\n", exitCode: ExitStatus.unreadableInput)
        }
        var note = "wrote \(output): pull requests are checked and scanned; pushes to \(branch) run `gwpipe run \(file)`\n"
        note += "repository secrets to set: \(input.secretVariables.joined(separator: ", "))\n"
        if install == nil { note += "repository variable to set: GWPIPE_REPOSITORY (the git URL gwpipe is built from)\n" }
        return CommandResult(standardOutput: note)
    }
}
