import Foundation
import GWPlan
import GWStateStore
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// `run "cmd" timeout D`: a shell command in the file's folder; its exit status is the gate. Output
/// is streamed line by line to the console and kept (redacted, at most 64 KiB) with the step.
/// At the timeout the command gets SIGTERM, then SIGKILL two seconds later.
struct CommandStep {
    let context: RunContext
    let step: StepRecord
    let plan: StepPlan

    static let keptOutputBytes = 64 * 1024

    func run() async throws -> (message: String, output: String) {
        guard let command = plan.command, !command.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw PipelineError(.configuration, "\(plan.location): run needs a command")
        }
        // The run's variables, not only this process's: a run started in process (tests, embedders)
        // passes its secrets there, and its commands must see the same environment its gateways do.
        var extra: [Environment.Key: String] = [:]
        for (name, value) in context.options.environmentVariables { extra[Environment.Key(stringLiteral: name)] = value }
        extra["GWPIPE_RUN_ID"] = String(context.runId)
        for handle in await context.environments.handles {
            guard let url = handle.dataURL else { continue }
            let key = "GWPIPE_" + handle.name.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined() + "_URL"
            extra[Environment.Key(stringLiteral: key)] = url
        }
        let timeout = plan.timeoutMs.map { context.clock.seconds(milliseconds: $0) }
        let captured = CapturedOutput(limit: Self.keptOutputBytes)
        let recorder = context.recorder
        let step = self.step
        var options = PlatformOptions()
        options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: .seconds(2))]
        let directory = context.input.baseDirectory.path
        let started = Date()
        let runTask = Task {
            try await Subprocess.run(
                .path("/bin/sh"), arguments: ["-c", command], environment: .inherit.updating(extra),
                workingDirectory: FilePath(directory), platformOptions: options, input: .none, output: .sequence,
                error: .combinedWithOutput
            ) { execution in
                for try await line in execution.standardOutput.strings() {
                    let text = line.hasSuffix("\n") ? String(line.dropLast()) : line
                    captured.append(text)
                    recorder.output(text, step: step)
                }
            }
        }
        let timedOut = TimeoutFlag()
        let timer = Task {
            guard let timeout else { return }
            try await Task.sleep(nanoseconds: UInt64(min(timeout, 31_536_000) * 1_000_000_000))
            timedOut.set()
            runTask.cancel()
        }
        defer { timer.cancel() }
        let status: TerminationStatus
        do {
            status = try await withTaskCancellationHandler {
                try await runTask.value.terminationStatus
            } onCancel: {
                runTask.cancel()
            }
        } catch {
            let output = captured.text
            if timedOut.isSet {
                throw CommandFailure(message: "timed out after \(Short.duration((plan.timeoutMs ?? 0))) and was stopped: \(command)", output: output)
            }
            if Task.isCancelled { throw CancellationError() }
            throw CommandFailure(message: "could not run \(command): \(error)", output: output)
        }
        let elapsed = String(format: "%.1fs", Date().timeIntervalSince(started))
        let output = captured.text
        switch status {
        case .exited(0):
            return ("exited 0 in \(elapsed)", output)
        case .exited(127):
            throw CommandFailure(message: "command not found (exit 127): \(command)", output: output)
        case .exited(let code):
            throw CommandFailure(message: "exited \(code) after \(elapsed): \(command)", output: output)
        case .signaled(let signal):
            if timedOut.isSet {
                throw CommandFailure(message: "timed out after \(Short.duration((plan.timeoutMs ?? 0))) and was stopped: \(command)", output: output)
            }
            throw CommandFailure(message: "killed by signal \(signal): \(command)", output: output)
        }
    }
}

/// A `run` step that failed, with what it printed.
struct CommandFailure: Error {
    var message: String
    var output: String
}
