import Foundation
import GWSyntax

/// Providers, mocks, flags and environments.
extension Checker {
    static let mockOnlyAttributes: Set<String> = ["latency", "ttft", "errors", "error_status", "hang", "stream", "tokens"]

    mutating func checkProvider(_ symbol: Symbol, _ body: Block) {
        let owner = "provider \(symbol.name.name)"
        let values = checkAttributes(body, schema: .provider, owner: owner, file: symbol.file)
        guard case .word(let kind)? = values["kind"]?.0.value else { return }
        if kind == "mock" {
            for name in ["url", "key", "ca_file"] {
                if let (_, statement) = values[name] {
                    error(.unknownAttribute, "a mock provider has no '\(name)'", file: symbol.file, range: statement.range,
                          hints: ["mocks answer in process; remove the line or change `kind`"])
                }
            }
        } else {
            if values["url"] == nil {
                error(.missingAttribute, "\(owner) needs 'url' (kind \(kind))", file: symbol.file, range: headerRange(body),
                      hints: ["add `url = \"https://...\"`"])
            }
            for (name, (_, statement)) in values where Checker.mockOnlyAttributes.contains(name) {
                error(.unknownAttribute, "'\(name)' only applies to mock providers", file: symbol.file, range: statement.range,
                      hints: ["to inject faults into a real provider in tests, declare `mock NAME { for = \(symbol.name.name) }`"])
            }
        }
        if case .string(let url)? = values["url"]?.0.value {
            if !(url.hasPrefix("http://") || url.hasPrefix("https://")) || URL(string: url)?.host == nil {
                let hints = url.contains("://") ? ["write an http:// or https:// URL"] : ["write \"https://\(url)\""]
                error(.invalidEnumValue, "'\(url)' is not an http(s) URL", file: symbol.file, range: valueRange(values["url"]!.1),
                      hints: hints)
            }
        }
        if kind != "mock", case .string(let path)? = values["ca_file"]?.0.value, let (_, statement) = values["ca_file"] {
            if case .string(let url)? = values["url"]?.0.value, !url.lowercased().hasPrefix("https://") {
                error(.unknownAttribute, "'ca_file' applies to https:// upstreams; \(owner) is plain HTTP", file: symbol.file,
                      range: statement.range, hints: ["use an https:// URL, or remove `ca_file`"])
            } else {
                checkCertificateFile(path, provider: symbol, pathRange: valueRange(statement))
            }
        }
        if case .int(let connections)? = values["max_connections"]?.0.value, connections < 1 {
            error(.valueOutOfRange, "max_connections must be at least 1", file: symbol.file, range: valueRange(values["max_connections"]!.1))
        }
        checkPositiveDuration(values["timeout"], name: "timeout", file: symbol.file)
    }

    mutating func checkPositiveDuration(_ entry: (Typed, Statement)?, name: String, file: SourceFile) {
        if let (typed, statement) = entry, case .duration(let nanos)? = typed.value, nanos <= 0 {
            error(.valueOutOfRange, "\(name) must be longer than 0s", file: file, range: valueRange(statement))
        }
    }

    mutating func checkMock(_ symbol: Symbol, _ body: Block) {
        // `for` must name a provider; `checkAttributeValue` resolves it as one.
        _ = checkAttributes(body, schema: .mock, owner: "mock \(symbol.name.name)", file: symbol.file)
    }

    mutating func checkFlag(_ symbol: Symbol, _ body: Block) {
        let owner = "flag \(symbol.name.name)"
        _ = checkAttributes(body, schema: .flag, owner: owner, file: symbol.file)
        var sticky: Statement?
        for statement in body.statements {
            switch statement.kind {
            case .enableFor(let condition):
                _ = expressions.expect(condition, .bool, in: symbol.file, context: .request, what: "'enable for'")
            case .stickyBy(let subject):
                if let sticky {
                    error(.duplicateStatement, "\(owner) is sticky by one thing only", file: symbol.file, range: statement.range,
                          secondary: [.init(file: symbol.file, range: sticky.range, label: "first given here")])
                }
                sticky = statement
                checkStickySubject(subject, file: symbol.file)
            default:
                break
            }
        }
    }

    static let stickySubjects = ["key", "key.team", "ip"]

    private mutating func checkStickySubject(_ subject: Expression, file: SourceFile) {
        let text = Checker.pathText(subject)
        guard let text, Checker.stickySubjects.contains(text) else {
            error(.invalidEnumValue, "a flag cannot be sticky by \(text.map { "'\($0)'" } ?? "this expression")", file: file,
                  range: subject.range, hints: ["sticky by key (each API key), key.team (each team) or ip (each client address)"])
            return
        }
    }

    /// `key.team` → "key.team"; nil for anything but names and members.
    static func pathText(_ expression: Expression) -> String? {
        switch expression.kind {
        case .name(let name): name.name
        case .member(let base, let member): pathText(base).map { "\($0).\(member.name)" }
        default: nil
        }
    }

    mutating func checkEnvironment(_ symbol: Symbol, _ body: Block) {
        let owner = "environment \(symbol.name.name)"
        let values = checkAttributes(body, schema: .environment, owner: owner, file: symbol.file)
        if case .string(let listen)? = values["listen"]?.0.value, HostAddress(listen) == nil {
            error(.invalidEnumValue, "'\(listen)' is not a host:port address", file: symbol.file, range: valueRange(values["listen"]!.1),
                  hints: ["write \"127.0.0.1:8080\""])
        }
        // Each admin URL with the range of its own string when written as a literal list, so a
        // diagnostic points at the URL at fault.
        var adminURLs: [(url: String, range: SourceRange)] = []
        if let (typed, statement) = values["admin"] {
            let whole = valueRange(statement)
            var elementRanges: [SourceRange] = []
            if case .attribute(_, let value) = statement.kind, case .list(let elements) = value.kind { elementRanges = elements.map(\.range) }
            switch typed.value {
            case .string(let url)?: adminURLs = [(url, whole)]
            case .list(let urls)?:
                adminURLs = urls.enumerated().compactMap { index, value in
                    guard case .string(let url) = value else { return nil }
                    return (url, index < elementRanges.count ? elementRanges[index] : whole)
                }
            default: break
            }
        }
        var reportedMissingToken = false
        for (url, range) in adminURLs {
            guard let parsed = URL(string: url), let host = parsed.host, parsed.scheme == "http" || parsed.scheme == "https" else {
                error(.invalidEnumValue, "admin '\(url)' is not an http(s) URL", file: symbol.file, range: range,
                      hints: url.contains("://") ? ["write an http:// or https:// URL"] : ["write \"http://\(url)\""])
                continue
            }
            // One missing token is one mistake, however many remote instances it exposes.
            if !HostAddress.isLoopback(host), values["admin_token"] == nil, !reportedMissingToken {
                reportedMissingToken = true
                error(
                    .adminWithoutToken, "\(owner) reaches an admin API beyond loopback (\(host)) without an admin_token",
                    file: symbol.file, range: range,
                    hints: ["add `admin_token = secret_env(\"GWPIPE_ADMIN_TOKEN\")`; admin APIs beyond loopback require a token"])
            }
        }
        if case .list(let urls)? = values["admin"]?.0.value, urls.isEmpty {
            error(.valueOutOfRange, "admin needs at least one URL", file: symbol.file, range: valueRange(values["admin"]!.1),
                  hints: ["list the instances' admin URLs, or write `admin = embedded`"])
        }
        if let (typed, statement) = values["limits_store"], case .string(let store)? = typed.value,
            case .failure(let problem) = RedisURL.parse(store)
        {
            // A URL with credentials is not repeated in the message: its password is already one copy too many.
            let shown = switch problem {
            case .credentials: "limits_store holds a user and password"
            case .scheme: "limits_store '\(store)' is not a redis:// URL"
            case .host: "limits_store '\(store)' names no usable host"
            case .port: "limits_store '\(store)' names no usable port"
            case .database: "limits_store '\(store)' names no usable database number"
            }
            let hint = problem == .scheme && !store.contains("://") ? "write \"redis://\(store)\"" : problem.hint
            error(.invalidEnumValue, shown, file: symbol.file, range: valueRange(statement), hints: [hint])
        }
        if values["limits_store"] == nil, adminURLs.count > 1 {
            warning(.limitsPerInstance, "\(owner) runs \(adminURLs.count) instances without a shared limits store; each enforces limits alone",
                    file: symbol.file, range: valueRange(values["admin"]!.1),
                    hints: ["set `limits_store = \"redis://...\"` to share rate limits across instances"])
        }
    }
}
