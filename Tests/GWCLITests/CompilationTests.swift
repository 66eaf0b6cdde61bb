import Foundation
import Testing

@testable import GWCLI

/// The compilations that commands keep until the process exits.
@Suite struct CompilationTests {
    /// Commands run side by side in one process (the REPL's tasks, this test suite) and each keeps
    /// its compilation: appends from several threads at once must all land, and must not corrupt
    /// the heap (unguarded, they aborted the test process with "double free or corruption").
    @Test func compilationsKeptFromManyThreadsAtOnceAllLand() throws {
        let file = BuiltExecutable.repositoryRoot.appendingPathComponent("examples/quickstart/gateway.gwpipe").path
        let compilation = try Compilation.run(SourceReader(argument: file, defaultPath: nil), environment: nil, environmentVariables: [:])
        #expect(compilation.plan != nil, "\(compilation.diagnostics)")
        let before = Compilation.keptCount
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<5_000 { Compilation.keepUntilExit(compilation) }
        }
        // Other tests may keep theirs at the same time: at least these 40 000 are there.
        #expect(Compilation.keptCount - before >= 40_000)
    }

    /// `check` parses a `ca_file`'s certificates as the gateway would: one that is PEM-shaped but
    /// not a certificate is reported at the `ca_file`, not found by the first connection.
    @Test func aCAFileWhoseCertificateTLSCannotReadIsReportedAtCheck() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gwpipe-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let program = """
            gateway "g"
            provider internal {
              kind = openai_compatible
              url = "https://llm.internal:8443"
              ca_file = "ca.pem"
            }
            route chat {
              match POST "/v1/chat/completions"
              else -> internal
            }

            """
        try program.write(to: folder.appendingPathComponent("g.gwpipe"), atomically: true, encoding: .utf8)
        let path = folder.appendingPathComponent("g.gwpipe").path
        // Base64 of bytes that are no DER certificate.
        try "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"
            .write(to: folder.appendingPathComponent("ca.pem"), atomically: true, encoding: .utf8)
        let broken = try Compilation.run(SourceReader(argument: path, defaultPath: nil), environment: nil, environmentVariables: [:])
        let diagnostic = try #require(broken.diagnostics.first { $0.code == "E0511" }, "\(broken.diagnostics)")
        #expect(diagnostic.message.hasPrefix("TLS cannot use the certificates in 'ca.pem': "), "\(diagnostic.message)")
        #expect(diagnostic.primary.file.name == path)
        #expect(broken.plan == nil)
        // The test CA parses, and its certificate goes into the plan.
        let ca = BuiltExecutable.repositoryRoot.appendingPathComponent("Tests/Fixtures/tls/ca.pem")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("ca.pem"))
        try FileManager.default.copyItem(at: ca, to: folder.appendingPathComponent("ca.pem"))
        let good = try Compilation.run(SourceReader(argument: path, defaultPath: nil), environment: nil, environmentVariables: [:])
        #expect(!good.diagnostics.contains { $0.severity == .error }, "\(good.diagnostics)")
        let certificates = good.plan?.environments.values.first?.revision.providers["internal"]?.caCertificates
        #expect(certificates?.hasPrefix("-----BEGIN CERTIFICATE-----\nMII") == true)
    }
}
