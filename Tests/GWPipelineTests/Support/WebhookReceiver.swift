import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tiny HTTP server on a free loopback port for `notify`: it answers every request 200 and keeps
/// the bodies it received. Raw sockets on a thread of its own, so it needs nothing but libc.
final class WebhookReceiver: Sendable {
    let port: Int
    private let socket: Int32
    private let received = Mutex<[String]>([])

    init() throws {
        let (descriptor, port) = try LoopbackListener.open(backlog: 8)
        self.port = port
        socket = descriptor
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// The bodies received so far, in order.
    var bodies: [String] { received.withLock { $0 } }

    func stop() {
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(socket, nil, nil)
            guard connection >= 0 else { return }
            if let body = readRequest(connection) { received.withLock { $0.append(body) } }
            let answer = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"
            _ = answer.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            close(connection)
        }
    }

    /// Reads one request and returns its body (content-length or chunked), nil on a broken one.
    private func readRequest(_ connection: Int32) -> String? {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        func readMore() -> Bool {
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return false }
            data.append(contentsOf: chunk[0..<count])
            return true
        }
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        while headerEnd == nil {
            guard readMore() else { return nil }
            headerEnd = Self.find(separator, in: data)
        }
        guard let headerEnd else { return nil }
        let head = String(decoding: data[0..<headerEnd], as: UTF8.self).lowercased()
        let bodyStart = headerEnd + separator.count
        if let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        {
            while data.count - bodyStart < length {
                guard readMore() else { return nil }
            }
            return String(decoding: data[bodyStart..<(bodyStart + length)], as: UTF8.self)
        }
        guard head.contains("transfer-encoding: chunked") else { return "" }
        let end: [UInt8] = Array("0\r\n\r\n".utf8)
        while !data.suffix(end.count).elementsEqual(end) {
            guard readMore() else { return nil }
        }
        return Self.dechunk(Array(data[bodyStart...]))
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    private static func dechunk(_ bytes: [UInt8]) -> String {
        var body: [UInt8] = []
        var index = 0
        while let lineEnd = find(Array("\r\n".utf8), in: Array(bytes[index...])) {
            let sizeText = String(decoding: bytes[index..<(index + lineEnd)], as: UTF8.self)
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let start = index + lineEnd + 2
            guard start + size <= bytes.count else { break }
            body.append(contentsOf: bytes[start..<(start + size)])
            index = start + size + 2
            guard index < bytes.count else { break }
        }
        return String(decoding: body, as: UTF8.self)
    }
}
