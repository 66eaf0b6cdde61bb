import Crypto
import Foundation

/// The one JSON form of plans and revisions: keys sorted, no insignificant whitespace, slashes
/// unescaped, numbers in their shortest round-tripping form. Equal values give equal bytes, so a
/// revision's id (the SHA-256 of these bytes) depends only on its meaning.
public enum CanonicalJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// A revision's canonical bytes, written directly (the hot path of `check` and `plan`).
    public static func encode(_ revision: GatewayRevision) -> Data {
        withCanonicalBytes(revision) { Data($0) }
    }

    /// The canonical bytes, valid during `body` only, in a buffer sized up front from the revision
    /// (growing a multi-MB buffer by doubling showed up in profiles as copies and page faults).
    static func withCanonicalBytes<Result>(_ revision: GatewayRevision, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        var writer = CanonicalWriter(capacity: 4096 + revision.routes.count * 1024 + revision.providers.count * 256)
        revision.write(to: &writer)
        return writer.withBytes(body)
    }

    /// Indented for people (`gwpipe plan -o`), still with sorted keys so diffs are stable.
    public static func encodePretty<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return try encoder.encode(value)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDecoder().decode(type, from: data)
    }

    /// Lowercase hex SHA-256 of `data`.
    public static func sha256Hex(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// A revision's id: `sha256:` and the hex digest of its canonical JSON.
    public static func revisionId(of revision: GatewayRevision) -> String {
        // Hashed in place: a copy of a multi-MB buffer only to hash it cost page faults.
        "sha256:" + hex(withCanonicalBytes(revision) { bytes in
            var hasher = SHA256()
            hasher.update(bufferPointer: bytes)
            return hasher.finalize()
        })
    }
}
