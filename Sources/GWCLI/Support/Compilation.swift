import Foundation
import NIOConcurrencyHelpers
import GWPlan
import GWProxy
import GWSema
import GWSyntax

/// The front half every command shares: read, parse with imports, check, and (when clean) plan.
struct Compilation {
    var model: SemanticModel
    /// `nil` when the program has errors.
    var plan: Plan?
    var diagnostics: [Diagnostic] { model.diagnostics }

    /// Compilations kept alive until the process exits. Freeing a 100k-route syntax tree, model
    /// and plan node by node takes longer than building them; the OS reclaims it all at once
    /// (clang's -disable-free does the same). Behind a lock: commands run side by side in one
    /// process (the REPL's tasks, the tests), and two unguarded appends at once corrupt the heap.
    private static let retained = NIOLockedValueBox<[Compilation]>([])

    static func keepUntilExit(_ compilation: Compilation) {
        retained.withLockedValue { $0.append(compilation) }
    }

    /// How many compilations are kept (for the tests).
    static var keptCount: Int { retained.withLockedValue { $0.count } }

    /// For commands taking one file: the compilation, or the result that reports an unreadable file (exit 2).
    static func forFile(_ path: String, environment: String?, environmentVariables: [String: String])
        -> Result<Compilation, UnreadableFile>
    {
        do {
            return .success(
                try run(SourceReader(argument: path, defaultPath: nil), environment: environment, environmentVariables: environmentVariables))
        } catch {
            return .failure(UnreadableFile(result: CommandResult(standardError: "\(error.description)\n", exitCode: ExitStatus.unreadableInput)))
        }
    }

    /// The command result of a file that could not be read.
    struct UnreadableFile: Error {
        var result: CommandResult
    }

    /// Reads the root (exit 2 when it cannot), checks, and plans when there are no errors.
    static func run(
        _ reader: SourceReader, environment: String?, environmentVariables: [String: String],
        secretPolicy: CheckOptions.SecretPolicy = .warnIfUnset
    ) throws(InputFile.ReadError) -> Compilation {
        let file: SourceFile
        if reader.gitRevision == nil {
            file = try InputFile.read(reader.rootPath)
        } else {
            do {
                file = SourceFile(name: reader.displayName, bytes: try reader.readFile(reader.rootPath))
            } catch {
                throw InputFile.ReadError(path: reader.displayName, reason: "\(error)")
            }
        }
        // Imports and values files of a git source resolve against the repository path, not the display name.
        let rootForLoading = reader.gitRevision == nil ? file : SourceFile(name: reader.rootPath, bytes: file.bytes)
        let program = ProgramLoader.load(root: rootForLoading, read: reader.readFile)
        let options = CheckOptions(
            environment: environment, secretPolicy: secretPolicy, environmentVariables: environmentVariables,
            readFile: reader.readFile, certificateProblem: UpstreamTLS.certificateProblem)
        var model = Checker.check(program, options: options)
        var plan: Plan?
        if !model.diagnostics.hasErrors {
            do {
                plan = try PlanBuilder.build(model, environment: environment)
            } catch {
                model.diagnostics.append(
                    Diagnostic(
                        .error, "E0900", "internal error while planning: \(error) (please report this)",
                        at: .init(file: program.root.file, range: .at(0))))
            }
        }
        return Compilation(model: model, plan: plan)
    }
}
