import GWScan
import GWSyntax

/// What `--sarif` writes: the check step's diagnostics and the scan step's findings.
struct SARIFInputs: Sendable {
    var diagnostics: [Diagnostic] = []
    var findings: [Finding] = []
}
