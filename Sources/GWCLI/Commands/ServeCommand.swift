import ArgumentParser
import Foundation
import GWPlan
import GWProxy
import GWSema
import GWSyntax

/// `gwpipe serve FILE --env E [--listen HOST:PORT]`
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway an environment of a .gwpipe file describes.",
        discussion: """
            Checks the file (an unset secret is an error here), compiles the environment's \\
            revision and serves it: OpenAI and Anthropic APIs proxied by route, with auth, limits, \\
            retries, fallbacks, breakers and streaming. /healthz and /readyz answer on the same \\
            listener. Ctrl-C stops accepting connections and lets requests in flight finish.
            """
    )

    @Argument(help: "The .gwpipe file.")
    var file: String

    @Option(name: .long, help: "The environment to serve (may be left out when the file has one).")
    var env: String?

    @Option(name: .long, help: "Listen on HOST:PORT instead of the environment's `listen`.")
    var listen: String?

    func run() async throws {
        let environmentVariables = ProcessInfo.processInfo.environment
        let compilation: Compilation
        do {
            compilation = try Compilation.run(
                SourceReader(argument: file, defaultPath: nil), environment: env, environmentVariables: environmentVariables,
                secretPolicy: .requireSet)
        } catch {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitCode(ExitStatus.unreadableInput)
        }
        let renderer = DiagnosticRenderer(format: .text, useColor: TerminalStyle.colorAllowed())
        FileHandle.standardError.write(Data(renderer.render(compilation.diagnostics).utf8))
        guard let plan = compilation.plan else { throw ExitCode(ExitStatus.failure) }
        let names = plan.environments.keys.sorted()
        guard let name = env ?? (names.count == 1 ? names[0] : nil), let environment = plan.environments[name] else {
            throw ValidationError("name the environment to serve with --env (one of: \(names.joined(separator: ", ")))")
        }
        let address = listen ?? environment.listen ?? "127.0.0.1:8080"
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            throw ValidationError("listen address '\(address)' is not HOST:PORT")
        }
        let host = String(address[..<colon])
        let state = GatewayState(environment: environmentVariables)
        state.deploy(environment.revision, id: environment.revisionId)
        let server = try await GatewayServer.start(
            host: host, port: port, state: state,
            configuration: GatewayConfiguration(maxBodyBytes: Int(environment.revision.maxBodyBytes)))
        FileHandle.standardOutput.write(Data("serving \(plan.gateway) (\(name)) revision \(environment.revisionId) on http://\(host):\(server.port ?? port)\n".utf8))
        await SignalWaiter.waitForTermination()
        try await server.stop()
    }
}
