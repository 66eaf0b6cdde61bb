import GWPlan
import GWSema
import GWSyntax

/// The `scan` step: security rules over a checked program and its compiled plan (see
/// `ScanRule.catalogue`). Findings point at the declarations in the `.gwpipe` sources.
///
/// Without a plan (the program has check errors) only the rules that read the sources and the
/// files they name run: a key pasted into `key = "sk-..."` is a type error and still a leak.
public struct SecurityScanner: Sendable {
    public var files: ScanFiles

    public init(files: ScanFiles = .disk) {
        self.files = files
    }

    /// Scans `model` and, when given, `plan`; findings sorted by file, line, column and rule.
    public static func scan(model: SemanticModel, plan: Plan?, files: ScanFiles = .disk) -> [Finding] {
        SecurityScanner(files: files).scan(model: model, plan: plan)
    }

    public func scan(model: SemanticModel, plan: Plan?) -> [Finding] {
        let locator = SourceLocator(model: model)
        var findings = SecurityScanner.keysInSources(model, locator)
        findings += secretFiles(model, locator)
        if let plan {
            // Environments may bind different params (a provider's url from a values file), so each
            // revision is scanned; findings that come out the same are merged by `Finding.sorted`.
            for (name, environment) in plan.environments.sorted(by: { $0.key < $1.key }) {
                findings += SecurityScanner.routes(environment.revision, locator)
                findings += SecurityScanner.providers(environment.revision, locator)
                findings += SecurityScanner.environment(name, environment, locator)
            }
        }
        return Finding.sorted(findings)
    }

    /// `60000` → `60s`, `250` → `250ms`.
    static func durationText(milliseconds: Double) -> String {
        if milliseconds >= 1000, milliseconds.truncatingRemainder(dividingBy: 1000) == 0 {
            return "\(Int(milliseconds / 1000))s"
        }
        return "\(Int(milliseconds))ms"
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ names: [String]) -> String {
        guard let last = names.last else { return "" }
        return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " and " + last
    }
}
