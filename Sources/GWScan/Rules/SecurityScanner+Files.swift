import Foundation
import GWSema
import GWSyntax

/// Rules over text: a key written in a `.gwpipe` source (GW-S001), and a world-readable values
/// or keys file holding one (GW-S008).
extension SecurityScanner {
    /// Others may read it: the `o+r` bit.
    static let worldReadable = 0o004

    /// Every key-like run in every file of the program (the root and its imports), comments
    /// included: a key in a comment is just as leaked.
    static func keysInSources(_ model: SemanticModel, _ locator: SourceLocator) -> [Finding] {
        var findings: [Finding] = []
        var scanned = Set<String>()
        for syntax in model.program.files where scanned.insert(syntax.file.name).inserted {
            for match in KeyLikeText.matches(in: syntax.file.bytes) {
                findings.append(
                    Finding(
                        .providerKeyInSource,
                        "\(match.redacted) looks like \(match.kind) written into the source; "
                            + "read it from the environment with secret NAME = env(\"VAR\")",
                        at: locator.location(syntax.file, offset: match.offset)))
            }
        }
        return findings
    }

    func secretFiles(_ model: SemanticModel, _ locator: SourceLocator) -> [Finding] {
        var named: [(path: String, what: String)] = []
        for symbol in model.orderedSymbols {
            let attribute: String
            switch symbol.kind {
            case .environment: attribute = "values"
            case .keys: attribute = "file"
            default: continue
            }
            guard let path = locator.constantString(attribute, of: symbol) else { continue }
            named.append(
                (SecurityScanner.resolve(path, from: symbol.file), symbol.kind == .keys ? "keys file" : "values file"))
        }
        var findings: [Finding] = []
        var seen = Set<String>()
        for (path, what) in named where seen.insert(path).inserted {
            guard let mode = files.permissions(path), mode & SecurityScanner.worldReadable != 0,
                let bytes = try? files.read(path)
            else { continue }
            let matches = KeyLikeText.matches(in: bytes)
            guard let first = matches.first else { continue }
            let line = SourceFile(name: path, bytes: bytes).position(of: first.offset).line
            var message =
                "\(what) \(path) is readable by every user (mode \(SecurityScanner.octal(mode))) and holds "
                + "\(first.redacted) on line \(line), which looks like \(first.kind)"
            if matches.count > 1 { message += " (and \(matches.count - 1) more)" }
            findings.append(
                Finding(
                    .worldReadableSecretFile, message, at: FindingLocation(file: path),
                    help:
                        "`chmod 600 \(path)`, move the key into the environment with "
                        + "`secret NAME = env(\"VAR\")`, and rotate it"
                ))
        }
        return findings
    }

    /// A path as the checker resolves it: relative to the folder of the file that names it.
    static func resolve(_ path: String, from file: SourceFile) -> String {
        let directory = (file.name as NSString).deletingLastPathComponent
        return path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path
    }

    /// `0o644` → `0644`.
    static func octal(_ mode: Int) -> String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
