import ArgumentParser
import Foundation
import GWPipeline
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
            Checks the file (an unset secret is an error here), compiles the environment's \
            revision and serves it: OpenAI and Anthropic APIs proxied by route, with auth, limits, \
            retries, fallbacks, breakers and streaming. /healthz and /readyz answer on the same \
            listener. Ctrl-C stops accepting connections and lets requests in flight finish.

            The admin API (status, revision upload, split, promote, rollback, flags) listens on \
            --admin, loopback by default; it requires the token from the environment's admin_token \
            or GWPIPE_ADMIN_TOKEN, and refuses to listen beyond loopback without one.

            Upstream connections are kept alive and shared by all clients; a provider's \
            max_connections (default 64) caps them, and requests beyond it wait their turn within \
            their timeout.

            Revisions and the stable one are kept under --state-dir: a restarted serve comes back \
            on its last promoted revision, not on the file.

            With the environment's limits_store = "redis://HOST:PORT[/DB]", rate limits are token \
            buckets in that Redis, shared by every instance serving the environment; otherwise each \
            instance counts alone. When Redis does not answer within 50 ms the request is served \
            unchecked (fail open), counted in gwpipe_limit_checks_unchecked_total, and a warning \
            is printed at most every 10 s.
            """
    )

    @Argument(help: "The .gwpipe file.")
    var file: String

    @Option(name: .long, help: "The environment to serve (may be left out when the file has one).")
    var env: String?

    @Option(name: .long, help: "Listen on HOST:PORT instead of the environment's `listen`.")
    var listen: String?

    @Option(name: .long, help: "Admin API address HOST:PORT (default: loopback, the data port + 1).")
    var admin: String?

    @Option(name: .long, help: "Where revisions and the stable one are kept (default: .gwpipe/serve/ENV-PORT).")
    var stateDir: String?

    @Option(name: .long, help: "Event-loop threads serving connections (default: one per core).")
    var threads: Int?

    func validate() throws {
        if let threads, !(1...256).contains(threads) {
            throw ValidationError("--threads must be between 1 and 256, not \(threads)")
        }
    }

    /// `HOST:PORT` → its parts.
    static func split(_ address: String) throws -> (host: String, port: Int) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]), (0...65535).contains(port)
        else { throw ValidationError("'\(address)' is not HOST:PORT") }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }

    /// The Redis an environment's `limits_store` names, as the gateway connects to it; nil keeps
    /// limits in process. `check` rejects a store that is not `redis://`, so this only repeats it.
    static func sharedLimits(_ limitsStore: String?) throws -> SharedLimitsConfiguration? {
        guard let limitsStore else { return nil }
        switch RedisURL.parse(limitsStore) {
        case .success(let url):
            return SharedLimitsConfiguration(host: url.host, port: url.port, database: url.database)
        case .failure(let problem):
            throw ValidationError("limits_store is not a usable redis:// URL: \(problem.hint)")
        }
    }

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
        let (host, port) = try ServeCommand.split(listen ?? environment.listen ?? "127.0.0.1:8080")
        let (adminHost, adminPort) = try ServeCommand.split(admin ?? "127.0.0.1:\(port == 0 ? 0 : port + 1)")
        let token = environment.adminTokenValue(in: environmentVariables)
        let loopback = adminHost == "localhost" || adminHost.hasPrefix("127.") || adminHost == "::1"
        guard loopback || !(token ?? "").isEmpty else {
            throw ValidationError("the admin API at \(adminHost) is beyond loopback: set GWPIPE_ADMIN_TOKEN (or the environment's admin_token)")
        }
        let directory = stateDir ?? ".gwpipe/serve/\(name)-\(port)"
        let store = try RevisionStore(directory: URL(fileURLWithPath: directory))
        let sharedLimits = try ServeCommand.sharedLimits(environment.limitsStore)
        let state = GatewayState(environment: environmentVariables, sharedLimits: sharedLimits)
        var control = EmbeddedGatewayControl(state: state, store: store)
        var servedId = environment.revisionId
        if let (revision, id) = store.recordedStable() {
            state.deploy(revision, id: id)
            servedId = id
            if id != environment.revisionId {
                FileHandle.standardError.write(Data("resuming the last promoted revision \(id) from \(directory) (the file's is \(environment.revisionId); deploy it through the pipeline)\n".utf8))
            }
        } else {
            try await control.upload(environment.revision, id: environment.revisionId)
            try await control.deploy(revisionID: environment.revisionId)
        }
        let server = try await ListenFailure.reporting("the gateway", host: host, port: port) {
            try await GatewayServer.start(
                host: host, port: port, state: state,
                configuration: GatewayConfiguration(maxBodyBytes: Int(environment.revision.maxBodyBytes)), threads: threads)
        }
        control.dataURL = "http://\(host.contains(":") ? "[\(host)]" : host):\(server.port ?? port)"
        let adminServer: AdminServer
        do {
            adminServer = try await ListenFailure.reporting(
                "the admin API", host: adminHost, port: adminPort,
                hint: admin == nil ? "the admin API listens on the data port + 1 unless --admin HOST:PORT says where" : nil
            ) {
                try await AdminServer.start(host: adminHost, port: adminPort, control: control, token: token)
            }
        } catch {
            try await server.stop()
            throw error
        }
        FileHandle.standardOutput.write(Data("serving \(plan.gateway) (\(name)) revision \(servedId) on http://\(host):\(server.port ?? port), admin on http://\(adminHost):\(adminServer.port ?? adminPort)\n".utf8))
        if let sharedLimits {
            let notice = "rate limits shared in \(sharedLimits.url) (requests are served unchecked while it does not answer)\n"
            FileHandle.standardOutput.write(Data(notice.utf8))
        }
        await SignalWaiter.waitForTermination()
        try await adminServer.stop()
        try await server.stop()
    }
}
