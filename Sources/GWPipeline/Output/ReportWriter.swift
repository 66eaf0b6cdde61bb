import Foundation
import GWReport
import GWScan
import GWStateStore

/// Writes the files a run was asked for at its end — `--junit`, `--report`, `--sarif` — from the
/// state store's record of the run, so they say exactly what the store says. Returns the problems
/// (an unwritable path), which make the run end with exit 3 after its own outcome is recorded.
struct ReportWriter {
    let store: StateStore
    let options: RunOptions
    let context: RunContext

    func write(runId: Int64) -> [String] {
        var problems: [String] = []
        let detail: RunDetail?
        do {
            detail = try store.detail(runId: runId)
        } catch {
            return ["could not read run \(runId) back from the state store: \(error)"]
        }
        let redactor = context.recorder.redactor
        func save(_ text: String, to path: String?, what: String) {
            guard let path else { return }
            do {
                try Data(redactor.redact(text).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                problems.append("could not write the \(what) to \(path): \(error.localizedDescription)")
            }
        }
        if let detail {
            save(JUnitReport.render(detail), to: options.junitPath, what: "JUnit report")
            save(HTMLReport.render(detail), to: options.reportPath, what: "HTML report")
        }
        if let path = options.sarifPath {
            let inputs = context.sarifInputs.withLockedValue { $0 }
            do {
                let data = try SARIFWriter(toolVersion: PipelineRunner.toolVersion)
                    .encode(findings: inputs.findings, diagnostics: inputs.diagnostics)
                save(String(decoding: data, as: UTF8.self), to: path, what: "SARIF log")
            } catch {
                problems.append("could not encode the SARIF log: \(error)")
            }
        }
        return problems
    }
}
