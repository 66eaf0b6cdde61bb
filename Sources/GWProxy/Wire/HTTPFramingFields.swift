/// What a head's framing fields (`content-length`, `transfer-encoding`, `connection`) say, read
/// field by field; the same rules for requests and answers.
struct HTTPFramingFields {
    var contentLength: Int?
    /// Whether a `transfer-encoding` was present, and whether its last coding is `chunked`
    /// (RFC 9112 §6.3: the codings of a later field come after an earlier one's).
    var hasTransferEncoding = false
    var chunked = false
    var connectionClose = false
    var connectionKeepAlive = false

    /// Notes the field if it is one of the three; tells whether it was.
    mutating func note(_ reader: HTTPHeadReader, name: Range<Int>, value: Range<Int>) throws(HTTPWireError) -> Bool {
        switch name.count {
        case 14 where reader.nameIs(name, "content-length"):
            let length = try HTTPHeadReader.contentLength(reader.bytes(value))
            if let earlier = contentLength, earlier != length { throw .invalidContentLength }
            if hasTransferEncoding { throw .conflictingFraming }
            contentLength = length
        case 17 where reader.nameIs(name, "transfer-encoding"):
            if contentLength != nil { throw .conflictingFraming }
            hasTransferEncoding = true
            chunked = HTTPHeadReader.lastToken(of: reader.bytes(value)).map { HTTPHeadReader.equalFolded($0, "chunked") } ?? false
        case 10 where reader.nameIs(name, "connection"):
            HTTPHeadReader.forEachToken(of: reader.bytes(value)) { token in
                if HTTPHeadReader.equalFolded(token, "close") { connectionClose = true }
                if HTTPHeadReader.equalFolded(token, "keep-alive") { connectionKeepAlive = true }
            }
        default:
            return false
        }
        return true
    }

    /// Whether the connection stays open after this message: HTTP/1.1 unless `connection: close`,
    /// HTTP/1.0 only with `connection: keep-alive`.
    func keepsAlive(minorVersion: Int) -> Bool {
        !connectionClose && (minorVersion >= 1 || connectionKeepAlive)
    }
}
