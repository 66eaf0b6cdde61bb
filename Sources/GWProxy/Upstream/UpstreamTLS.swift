import NIOCore
import NIOSSL

/// The TLS client contexts of HTTPS upstreams: one shared context trusting the system's roots,
/// and one per provider with a `ca_file`, trusting only its certificates. A context is made once
/// (per process, or per revision load) and shared by all connections: making one loads its roots,
/// which costs more than the handshake it serves.
public enum UpstreamTLS {
    /// A `ca_file` whose certificates TLS cannot use; every connection to that provider fails with it.
    struct UnusableCertificates: Error, CustomStringConvertible {
        let provider: String
        let reason: String
        var description: String { "the ca_file certificates of provider \(provider) cannot be used: \(reason)" }
    }

    /// Why TLS could not trust `caCertificates` (PEM), nil when it can: for `gwpipe check`, which
    /// then reports at the `ca_file` what every connection would otherwise fail with.
    public static func certificateProblem(_ caCertificates: String) -> String? {
        guard case .failure(let error) = context(provider: "", caCertificates: caCertificates) else { return nil }
        return (error as? UnusableCertificates)?.reason ?? "\(error)"
    }

    private static let systemRoots = Result { try NIOSSLContext(configuration: .makeClientConfiguration()) }

    /// The context for connections to `provider`: its own roots when `caCertificates` (PEM) are
    /// given, else the system's.
    static func context(provider: String, caCertificates: String?) -> Result<NIOSSLContext, any Error> {
        guard let caCertificates else { return systemRoots.mapError { $0 } }
        do {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caCertificates.utf8)))
            return .success(try NIOSSLContext(configuration: configuration))
        } catch NIOSSLError.failedToLoadCertificate {
            return .failure(UnusableCertificates(provider: provider, reason: "a certificate in it is not valid X.509"))
        } catch {
            return .failure(UnusableCertificates(provider: provider, reason: "\(error)"))
        }
    }

    /// What went wrong when `error` is a failed TLS handshake (an untrusted or expired certificate,
    /// a name mismatch, no common protocol version): the request never left, so the attempt
    /// failed like a connection that could not be opened. Nil for any other error.
    static func handshakeFailure(_ error: any Error) -> String? {
        switch error {
        case NIOSSLError.handshakeFailed(let reason): "TLS handshake failed: \(readable(reason))"
        case let error as NIOSSLExtraError: "TLS: \(error)"
        default: nil
        }
    }

    /// BoringSSL's reasons (`...:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at /path/handshake.cc:320`)
    /// as words (`certificate verify failed`), without the library's source paths.
    private static func readable(_ reason: BoringSSLError) -> String {
        let text = "\(reason)"
        let codes = text.matches(of: /OPENSSL_internal:([A-Z0-9_]+)/).map { $0.output.1.lowercased().replacing("_", with: " ") }
        return codes.isEmpty ? text : codes.joined(separator: "; ")
    }

    /// The name sent in SNI and checked against the certificate: the host, unless it is an IP
    /// literal, which SNI may not carry; the certificate is then checked against the address.
    static func serverHostname(_ host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }
}
