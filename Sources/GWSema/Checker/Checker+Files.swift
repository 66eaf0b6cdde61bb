import Foundation
import GWSyntax
import GWYAML

/// Files a program names: `keys` files (SHA-256 key hashes with teams) and environments'
/// `values` files (params by name). Problems are reported at the YAML file's line and column.
extension Checker {
    /// Reads a YAML file named by an attribute (relative to `file`); reports and returns nil when unusable.
    /// `pathRange` is the path's string in `file`; `shape` says in a hint what the file should hold.
    mutating func readYAML(_ path: String, from file: SourceFile, pathRange: SourceRange, shape: String) -> (SourceFile, YAMLNode)? {
        guard let (resolved, bytes) = readFile(path, from: file, pathRange: pathRange) else { return nil }
        let yamlFile = SourceFile(name: resolved, bytes: bytes)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            error(.invalidYAML, "'\(path)' is not valid UTF-8 text", file: file, range: pathRange)
            return nil
        }
        do {
            let document = try YAMLDocument.parse(text, fileName: resolved)
            return (yamlFile, document.root)
        } catch {
            let offset = min(max(error.offset, 0), bytes.count)
            self.error(.invalidYAML, "invalid YAML: \(error.message)", file: yamlFile,
                       range: SourceRange(start: offset, end: min(offset + 1, bytes.count)), hints: [shape])
            return nil
        }
    }

    /// The bytes of a file named by an attribute (relative to `file`) and its resolved path;
    /// reports and returns nil when it cannot be read.
    mutating func readFile(_ path: String, from file: SourceFile, pathRange: SourceRange) -> (String, [UInt8])? {
        let directory = (file.name as NSString).deletingLastPathComponent
        let resolved = path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path
        do {
            return (resolved, try options.readFile(resolved))
        } catch let failure {
            error(.unreadableFile, "cannot read '\(path)': \(failure)", file: file, range: pathRange,
                  hints: ["paths are relative to the folder of \(file.name)"])
            return nil
        }
    }

    static func range(of node: YAMLNode) -> SourceRange {
        SourceRange(start: node.start.offset, end: max(node.end.offset, node.start.offset))
    }

    // MARK: Keys

    mutating func checkKeys(_ symbol: Symbol, _ body: Block) {
        let owner = "keys \(symbol.name.name)"
        let values = checkAttributes(body, schema: .keys, owner: owner, file: symbol.file)
        guard case .string(let path)? = values["file"]?.0.value, let (_, statement) = values["file"] else { return }
        let shape = "a keys file is YAML: `keys:` then one `- sha256: <64 hex digits>` with its `team: NAME` per key"
        guard let (yamlFile, root) = readYAML(path, from: symbol.file, pathRange: valueRange(statement), shape: shape) else { return }
        guard let list = root.mapping?["keys"]?.sequence else {
            error(.keysFileInvalid, "a keys file is a mapping with a 'keys' list", file: yamlFile, range: Checker.range(of: root),
                  hints: ["write `keys:` then one `- sha256: <64 hex digits>` with its `team: NAME` per key"])
            return
        }
        var entries: [KeySet.Entry] = []
        var seen: [String: YAMLNode] = [:]
        for item in list.items {
            guard let mapping = item.mapping else {
                error(.keysFileInvalid, "each key is a mapping with sha256 and team", file: yamlFile, range: Checker.range(of: item))
                continue
            }
            if let plain = mapping["key"] ?? mapping["api_key"] {
                error(.plainKeyInKeysFile, "keys files hold SHA-256 hashes, never plain keys", file: yamlFile,
                      range: Checker.range(of: plain),
                      hints: ["replace it with `sha256: $(gwpipe keys hash THE_KEY)` and rotate the key: it was written in clear"])
                continue
            }
            guard let hashNode = mapping["sha256"], let hash = hashNode.scalarValue else {
                error(.keysFileInvalid, "this key has no sha256", file: yamlFile, range: Checker.range(of: item))
                continue
            }
            let isHex = hash.count == 64 && hash.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
            guard isHex else {
                if hash.hasPrefix("sk-") || hash.hasPrefix("gw-") || hash.count < 64 {
                    error(.plainKeyInKeysFile, "this looks like a plain API key, not its SHA-256 hash", file: yamlFile,
                          range: Checker.range(of: hashNode),
                          hints: ["store `gwpipe keys hash THE_KEY` (64 lowercase hex digits) instead, and rotate the key"])
                } else {
                    error(.keysFileInvalid, "sha256 must be 64 lowercase hex digits", file: yamlFile, range: Checker.range(of: hashNode))
                }
                continue
            }
            guard let team = mapping["team"]?.scalarValue, !team.isEmpty else {
                error(.keysFileInvalid, "this key has no team", file: yamlFile, range: Checker.range(of: item),
                      hints: ["add `team: NAME`; teams are what limits and flags use"])
                continue
            }
            if let first = seen[hash] {
                error(.keysFileInvalid, "this key hash is listed twice", file: yamlFile, range: Checker.range(of: hashNode),
                      secondary: [.init(file: yamlFile, range: Checker.range(of: first), label: "first listed here")])
                continue
            }
            seen[hash] = hashNode
            entries.append(KeySet.Entry(sha256: hash, team: team, id: mapping["id"]?.scalarValue))
        }
        keySets[symbol.name.name] = KeySet(name: symbol.name.name, entries: entries)
    }

    // MARK: CA certificates

    /// A provider's `ca_file`: PEM certificates whose blocks go into the plan (the revision carries
    /// them, so a remote `gwpipe serve` trusts what the file said without reading it). Checked for
    /// shape here, at its line in the PEM file, then parsed by `CheckOptions.certificateProblem`
    /// when the caller gives one (the CLI does). A private key in the file is refused: it would
    /// travel with every revision.
    mutating func checkCertificateFile(_ path: String, provider symbol: Symbol, pathRange: SourceRange) {
        guard let (resolved, bytes) = readFile(path, from: symbol.file, pathRange: pathRange) else { return }
        let pemFile = SourceFile(name: resolved, bytes: bytes)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            error(.certificateFileInvalid, "'\(path)' is not PEM text", file: symbol.file, range: pathRange,
                  hints: ["ca_file takes PEM certificates (-----BEGIN CERTIFICATE----- blocks); convert DER with `openssl x509 -inform der`"])
            return
        }
        var blocks: [String] = []
        var block: [Substring]?
        var offset = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let lineRange = SourceRange(start: offset, end: offset + line.utf8.count)
            offset += line.utf8.count + 1
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.hasPrefix("-----BEGIN"), trimmed.contains("PRIVATE KEY") {
                error(.certificateFileInvalid, "this file holds a private key; ca_file takes CA certificates only",
                      file: pemFile, range: lineRange,
                      hints: ["keep only the -----BEGIN CERTIFICATE----- blocks: the file goes into every revision, and a key must not"])
                return
            }
            if trimmed == "-----BEGIN CERTIFICATE-----" {
                block = [Substring(trimmed)]
            } else if trimmed == "-----END CERTIFICATE-----", var lines = block {
                lines.append(Substring(trimmed))
                blocks.append(lines.joined(separator: "\n") + "\n")
                block = nil
            } else if block != nil {
                guard trimmed.utf8.allSatisfy(Checker.isBase64Byte) else {
                    error(.certificateFileInvalid, "this certificate has a line that is not base64", file: pemFile, range: lineRange)
                    return
                }
                block?.append(Substring(trimmed))
            }
        }
        guard block == nil else {
            error(.certificateFileInvalid, "the last certificate in '\(path)' has no -----END CERTIFICATE----- line",
                  file: symbol.file, range: pathRange)
            return
        }
        guard !blocks.isEmpty else {
            error(.certificateFileInvalid, "'\(path)' holds no PEM certificate", file: symbol.file, range: pathRange,
                  hints: ["ca_file takes the CA certificates the upstream's certificate chains to, as -----BEGIN CERTIFICATE----- blocks"])
            return
        }
        let pem = blocks.joined()
        if let problem = options.certificateProblem?(pem) {
            error(.certificateFileInvalid, "TLS cannot use the certificates in '\(path)': \(problem)", file: symbol.file, range: pathRange,
                  hints: ["export the CA certificate again (PEM); `openssl x509 -in FILE -noout -text` shows whether it parses"])
            return
        }
        trustedCertificates[symbol.name.name] = pem
    }

    private static func isBase64Byte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
            true
        default:
            false
        }
    }

    // MARK: Values

    /// Binds each environment's params: defaults, then its values file. Every value is parsed with
    /// the language's literal rules and checked against the param's type.
    mutating func bindEnvironments() {
        let params = symbols(of: .param)
        var defaults: [String: Value] = [:]
        for param in params {
            var silent = ExpressionChecker(table: table, bindings: [:], reporting: false)
            if let value = silent.symbolValue(param).value { defaults[param.name.name] = value }
        }
        let environmentSymbols = symbols(of: .environment)
        if let wanted = options.environment, !environmentSymbols.contains(where: { $0.name.name == wanted }) {
            let names = environmentSymbols.map(\.name.name)
            // `--env prod` for `production`: an abbreviation is as likely as a typo.
            let abbreviated = names.filter { $0.hasPrefix(wanted) }
            let nearest = Suggestion.nearest(to: wanted, among: names) ?? (abbreviated.count == 1 ? abbreviated[0] : nil)
            let hint = nearest.map { "did you mean `--env \($0)`?" }
                ?? (names.isEmpty ? "the program declares no environment" : "environments: " + names.joined(separator: ", "))
            // The mistake is on the command line, so the location is the program's root file.
            error(.unknownEnvironment, "--env names '\(wanted)', which is not an environment of this program",
                  file: program.root.file, range: .at(0), hints: [hint])
            return
        }
        for environment in environmentSymbols {
            if let wanted = options.environment, wanted != environment.name.name { continue }
            var bound = defaults
            var valuesPath: String?
            var valuesRange = environment.name.range
            for statement in environment.body?.statements ?? [] {
                if case .attribute(let name, let value) = statement.kind, name.name == "values",
                    case .string(let literal) = value.kind, let path = literal.constantValue
                {
                    valuesPath = path
                    valuesRange = value.range
                }
            }
            let shape = "a values file is YAML: one `param_name: value` per line, such as `p99_budget: 1500ms`"
            if let valuesPath,
                let (yamlFile, root) = readYAML(valuesPath, from: environment.file, pathRange: valuesRange, shape: shape)
            {
                bindValues(root, yamlFile: yamlFile, params: params, into: &bound)
            }
            for param in params where bound[param.name.name] == nil {
                guard case .param(_, let typeSyntax, nil) = param.declaration.kind else { continue }
                error(
                    .valuesMissingParam,
                    "environment \(environment.name.name) gives no value for param '\(param.name.name)', which has no default",
                    file: environment.file, range: valuesRange,
                    hints: [valuesPath == nil
                        ? "add `values = \"envs/\(environment.name.name).yaml\"` with `\(param.name.name): ...`, or give the param a default"
                        : "add `\(param.name.name): <\(typeSyntax.name.name)>` to \(valuesPath!)"],
                    secondary: [.init(file: param.file, range: param.name.range, label: "param declared here")])
            }
            environments.append(EnvironmentBinding(name: environment.name.name, params: bound, valuesFile: valuesPath))
        }
    }

    private mutating func bindValues(_ root: YAMLNode, yamlFile: SourceFile, params: [Symbol], into bound: inout [String: Value]) {
        if root.isNull { return }
        guard let mapping = root.mapping else {
            error(.valuesNotMapping, "a values file is a mapping of param names to values", file: yamlFile,
                  range: Checker.range(of: root), hints: ["write one `param_name: value` per line"])
            return
        }
        let byName = Dictionary(uniqueKeysWithValues: params.map { ($0.name.name, $0) })
        for (keyNode, valueNode) in mapping.pairs {
            guard let key = keyNode.scalarValue else {
                error(.valuesNotMapping, "keys of a values file are param names", file: yamlFile, range: Checker.range(of: keyNode))
                continue
            }
            guard let param = byName[key], case .param(_, let typeSyntax, _) = param.declaration.kind,
                let type = ExpressionChecker.resolveType(typeSyntax)
            else {
                let hints = Suggestion.nearest(to: key, among: byName.keys).map { ["did you mean `\($0)`?"] }
                    ?? [byName.isEmpty ? "the program declares no params" : "params: " + byName.keys.sorted().joined(separator: ", ")]
                error(.valuesUnknownKey, "'\(key)' is not a param of this program", file: yamlFile, range: Checker.range(of: keyNode),
                      hints: hints)
                continue
            }
            if let value = parseValue(valueNode, type: type, param: key, yamlFile: yamlFile) {
                bound[key] = value
            }
        }
    }

    /// Parses a YAML value with the language's own literal rules (`1500ms`, `5%`, `[a, b]`).
    private mutating func parseValue(_ node: YAMLNode, type: GWType, param: String, yamlFile: SourceFile) -> Value? {
        let text: String
        switch node {
        case .scalar(let scalar):
            // A quoted scalar is a string for String params; otherwise its content is a literal.
            if type == .string, scalar.style != .plain || !(scalar.value.first.map { $0.isNumber } ?? false) {
                return .string(scalar.value)
            }
            text = scalar.value
        case .sequence(let sequence):
            guard case .list(let element) = type else {
                error(.valuesTypeMismatch, "'\(param)' expects \(type), found a list", file: yamlFile, range: Checker.range(of: node),
                      hints: ["give one value on the same line: `\(param): ...`"])
                return nil
            }
            var values: [Value] = []
            for item in sequence.items {
                guard let value = parseValue(item, type: element, param: param, yamlFile: yamlFile) else { return nil }
                values.append(value)
            }
            return .list(values)
        case .mapping:
            error(.valuesTypeMismatch, "'\(param)' expects \(type), found a mapping", file: yamlFile, range: Checker.range(of: node))
            return nil
        }
        let parsed = Parser.parse(SourceFile(name: yamlFile.name, text: "let value = " + text))
        let range = Checker.range(of: node)
        guard !parsed.diagnostics.hasErrors, parsed.declarations.count == 1,
            case .let(_, let expression) = parsed.declarations[0].kind
        else {
            reportValueMismatch(param: param, type: type, text: text, range: range, yamlFile: yamlFile)
            return nil
        }
        // A share over 100% is a percent, just an impossible one: say that rather than "expects Percent".
        if case .literal(.percent(let share)) = expression.kind, share > 100 {
            error(.percentOutOfRange, "'\(param)' is \(text), over 100%", file: yamlFile, range: range,
                  hints: ["a percent is a share between 0% and 100%"])
            return nil
        }
        var silent = ExpressionChecker(symbols: [:], bindings: [:], reporting: false)
        let typed = silent.check(expression, in: parsed.file, context: .constant)
        guard typed.type != .error, typed.type.conforms(to: type), let value = typed.value else {
            reportValueMismatch(param: param, type: type, text: text, range: range, yamlFile: yamlFile)
            return nil
        }
        return value
    }

    private mutating func reportValueMismatch(param: String, type: GWType, text: String, range: SourceRange, yamlFile: SourceFile) {
        // The value rewritten when we can tell what was meant (`1.5 seconds`), else an example of the type.
        var hints: [String] = []
        if let hint = LiteralHint.hint(for: text, expected: type) {
            hints.append(hint)
        } else {
            switch type {
            case .duration: hints.append("write a duration such as 1500ms or 1.5s")
            case .percent: hints.append("write a percent such as 5% or 0.5%")
            case .bytes: hints.append("write a size such as 512KB or 4MB")
            case .money: hints.append("write an amount such as $0.50")
            case .rate: hints.append("write a rate such as 600 requests / 1m or 50 rps")
            case .count: hints.append("write a count such as 200k or 600 requests")
            case .bool: hints.append("write true or false")
            default: break
            }
        }
        error(.valuesTypeMismatch, "'\(param)' expects \(type), found \"\(text)\"", file: yamlFile, range: range, hints: hints)
    }
}
