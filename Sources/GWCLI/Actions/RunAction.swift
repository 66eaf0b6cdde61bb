import Foundation
import GWPipeline
import GWPlan
import GWStateStore
import GWSyntax

/// `gwpipe run`: compiles the file (and the baseline), opens the state store, picks the console
/// output, and hands the pipeline to the interpreter. Tests call it in process with their own sink.
public struct RunAction: Sendable {
    public var file: String
    public var baseline: String?
    public var statePath: String?
    public var options: RunOptions
    public var sink: TextSink
    public var output: RunOutputStyle
    public var approver: any Approver

    public init(
        file: String, baseline: String? = nil, statePath: String? = nil, options: RunOptions, sink: TextSink = .standardOutput,
        output: RunOutputStyle = .plain, approver: any Approver = NoApprover()
    ) {
        self.file = file
        self.baseline = baseline
        self.statePath = statePath
        self.options = options
        self.sink = sink
        self.output = output
        self.approver = approver
    }

    /// Runs the pipeline; the outcome's exit code is the process's.
    public func run() async -> RunOutcome {
        let variables = options.environmentVariables
        let useColor = output == .live
        guard let (program, plan) = compile(file, label: "", useColor: useColor) else {
            return RunOutcome(runId: 0, status: .error, exitCode: 2, message: "\(file) has errors: nothing ran")
        }
        var basePlan: Plan?
        if let baseline {
            guard let (_, compiled) = compile(baseline, label: "baseline ", useColor: useColor) else {
                return RunOutcome(runId: 0, status: .error, exitCode: 2, message: "the baseline \(baseline) has errors: nothing ran")
            }
            basePlan = compiled
        }
        let path = StateStore.resolvedPath(option: statePath, environment: variables)
        let store: StateStore
        do {
            store = try StateStore.open(path: path)
        } catch {
            sink("gwpipe run: \(error)\n")
            return RunOutcome(runId: 0, status: .error, exitCode: 3, message: "\(error)")
        }
        var observers: [any RunObserver] = []
        switch output {
        case .live: observers.append(LiveTreeObserver(sink: sink))
        case .plain: observers.append(LineLogObserver(sink: sink))
        case .github: observers.append(LineLogObserver(sink: sink, github: true))
        case .quiet: break
        }
        if let events = options.eventsPath {
            do {
                observers.append(try EventsFileObserver(path: events))
            } catch {
                sink("gwpipe run: \(error)\n")
                return RunOutcome(runId: 0, status: .error, exitCode: 2, message: "\(error)")
            }
        }
        let input = PipelineInput(plan: plan, model: program.model, file: file, baseline: basePlan)
        let runner = PipelineRunner(input: input, options: options, store: store, observer: EventFanOut(observers), approver: approver)
        let outcome = await runner.run()
        if outcome.runId == 0 { sink("gwpipe run: \(outcome.message)\n") }
        return outcome
    }

    /// The compiled program, or nil after printing why not (errors, unreadable file).
    private func compile(_ path: String, label: String, useColor: Bool) -> (Compilation, Plan)? {
        let compilation: Compilation
        do {
            let reader = try SourceReader(argument: path, defaultPath: label.isEmpty ? nil : file)
            compilation = try Compilation.run(
                reader, environment: nil, environmentVariables: options.environmentVariables, secretPolicy: .requireSet)
        } catch {
            sink("gwpipe run: \(label)\(error.description)\n")
            return nil
        }
        Compilation.keepUntilExit(compilation)
        let rendered = DiagnosticRenderer(format: .text, useColor: useColor).render(compilation.diagnostics)
        if !rendered.isEmpty { sink(rendered) }
        guard let plan = compilation.plan else { return nil }
        return (compilation, plan)
    }
}
