import Foundation
import GWPlan
import GWProxy
import GWSema
import GWSyntax

/// Compiles gwpipe text to a revision and serves it on a free loopback port.
enum GatewayTestSupport {
    struct Compiled {
        var revision: GatewayRevision
        var id: String
    }

    static func compile(_ text: String, environment: String? = nil, files: [String: String] = [:]) throws -> Compiled {
        let read: ProgramLoader.ReadFile = { path in
            guard let content = files[path] else { throw ProgramLoader.LoadError.missing }
            return Array(content.utf8)
        }
        let program = ProgramLoader.load(root: SourceFile(name: "test.gwpipe", text: text), read: read)
        let model = Checker.check(program, options: CheckOptions(environmentVariables: [:], readFile: read))
        let errors = model.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else {
            throw CompileError(description: DiagnosticRenderer().render(errors))
        }
        let plan = try PlanBuilder.build(model, environment: environment)
        let environmentPlan = plan.environments[environment ?? plan.environments.keys.sorted()[0]]!
        return Compiled(revision: environmentPlan.revision, id: environmentPlan.revisionId)
    }

    struct CompileError: Error, CustomStringConvertible {
        var description: String
    }

    /// `threads`: event loops of the server's own (nil: the process-wide group, one loop per core).
    static func serve(_ text: String, files: [String: String] = [:], environment: [String: String] = [:], threads: Int? = nil)
        async throws -> (GatewayServer, GatewayState)
    {
        let compiled = try compile(text, files: files)
        let state = GatewayState(environment: environment)
        state.deploy(compiled.revision, id: compiled.id)
        let server = try await GatewayServer.start(host: "127.0.0.1", port: 0, state: state, threads: threads)
        return (server, state)
    }

    static let keysFile = """
        keys:
          - sha256: \(sha256("key-alpha"))
            team: alpha
          - sha256: \(sha256("key-beta"))
            team: beta
        """

    static func sha256(_ text: String) -> String {
        CanonicalJSON.sha256Hex(Data(text.utf8))
    }

    static let chatBody = #"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}"#
}
