import Foundation
import GWPlan
import GWSema
import GWSyntax

/// A checked program ready to run: its plan, the model the check and scan steps report on, and
/// the baseline revisions (`--baseline`) when given.
public struct PipelineInput: Sendable {
    public var plan: Plan
    public var model: SemanticModel
    /// The `.gwpipe` file as given on the command line.
    public var file: String
    public var baseline: Plan?

    public init(plan: Plan, model: SemanticModel, file: String, baseline: Plan? = nil) {
        self.plan = plan
        self.model = model
        self.file = file
        self.baseline = baseline
    }

    /// Suites, commands and values resolve against the file's folder.
    public var baseDirectory: URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().standardizedFileURL
    }

    public var diagnostics: [Diagnostic] { model.diagnostics }

    /// The environment variables the program's secrets are read from (for CI set-up, never values).
    public var secretVariables: [String] { SecretValues.variables(of: self) }
}
