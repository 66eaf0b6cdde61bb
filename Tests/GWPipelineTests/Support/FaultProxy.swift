import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An HTTP proxy on a free loopback port in front of one admin API, to make a `gwpipe serve`
/// instance misbehave on chosen calls: refuse them (an HTTP error) or never answer. Everything else
/// is passed through. It notes when each request arrived, so a test can tell calls made at once from
/// calls made one after another. Raw sockets, one thread per connection, one request per connection.
final class FaultProxy: Sendable {
    enum Fault: Sendable {
        /// Answer with this status and `{"error": message}`.
        case refuse(status: Int, message: String)
        /// Keep the connection open and never answer (until the proxy stops).
        case hang
    }

    /// A request as it arrived: `POST /admin/rollback`, and when.
    struct Arrival: Sendable {
        var method: String
        var path: String
        var at: Date
    }

    let port: Int
    private let backendPort: UInt16
    private let socket: Int32
    private let faults = Mutex<[String: (fault: Fault, passing: Int)]>([:])
    private let arrivals = Mutex<[Arrival]>([])
    private let open = Mutex<Set<Int32>>([])
    private let stopped = Mutex(false)

    /// `backend` like `http://127.0.0.1:9081`.
    init(backend: String) throws {
        guard let colon = backend.lastIndex(of: ":"), let port = UInt16(backend[backend.index(after: colon)...]) else {
            throw HarnessError("FaultProxy needs http://127.0.0.1:PORT, not \(backend)")
        }
        backendPort = port
        let listener = try LoopbackListener.open(backlog: 64)
        self.port = listener.port
        socket = listener.descriptor
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// From now on, `method path` (such as `POST /admin/rollback`) meets `fault` once the next
    /// `passing` such calls went through; nil passes it again.
    func set(_ fault: Fault?, on call: String, passing: Int = 0) {
        faults.withLock { $0[call] = fault.map { ($0, passing) } }
    }

    /// Requests so far, in arrival order.
    var received: [Arrival] { arrivals.withLock { $0 } }

    func arrivals(of call: String) -> [Arrival] {
        received.filter { "\($0.method) \($0.path)" == call }
    }

    /// Stops listening and drops every connection, the hanging ones too.
    func stop() {
        stopped.withLock { $0 = true }
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
        for connection in open.withLock({ $0 }) { shutdown(connection, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let connection = accept(socket, nil, nil)
            guard connection >= 0 else { return }
            open.withLock { _ = $0.insert(connection) }
            let thread = Thread { [self] in
                serve(connection)
                open.withLock { _ = $0.remove(connection) }
                close(connection)
            }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        guard let request = Self.readRequest(connection) else { return }
        let line = request.head.split(separator: "\r\n", maxSplits: 1).first.map(String.init) ?? ""
        let parts = line.split(separator: " ")
        let method = parts.first.map(String.init) ?? ""
        let target = parts.count > 1 ? String(parts[1]) : ""
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target
        arrivals.withLock { $0.append(Arrival(method: method, path: path, at: Date())) }
        let fault: Fault? = faults.withLock { faults in
            guard let entry = faults["\(method) \(path)"] else { return nil }
            if entry.passing > 0 {
                faults["\(method) \(path)"] = (entry.fault, entry.passing - 1)
                return nil
            }
            return entry.fault
        }
        switch fault {
        case .refuse(let status, let message)?:
            let body = "{\"error\":\"\(message)\"}"
            Self.send(
                "HTTP/1.1 \(status) Refused\r\ncontent-type: application/json\r\ncontent-length: \(body.utf8.count)\r\nconnection: close\r\n\r\n\(body)",
                to: connection)
        case .hang?:
            // Wait until the client gives up or the proxy stops: nothing ever comes back.
            var byte: UInt8 = 0
            while !stopped.withLock({ $0 }), recv(connection, &byte, 1, 0) > 0 {}
        case nil:
            forward(request, to: connection)
        }
    }

    /// Sends the request to the admin API with `connection: close` and copies its answer back.
    private func forward(_ request: (head: String, body: [UInt8]), to connection: Int32) {
        let backend = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard backend >= 0 else { return }
        defer { close(backend) }
        var address = LoopbackListener.address(port: backendPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(backend, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return }
        let headLines = request.head.split(separator: "\r\n").filter { !$0.lowercased().hasPrefix("connection:") }
        let head = headLines.joined(separator: "\r\n") + "\r\nconnection: close\r\n\r\n"
        Self.send(Array(head.utf8) + request.body, to: backend)
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(backend, &chunk, chunk.count, 0)
            guard count > 0 else { break }
            answer.append(contentsOf: chunk[0..<count])
        }
        Self.send(answer, to: connection)
    }

    private static func send(_ text: String, to connection: Int32) {
        send(Array(text.utf8), to: connection)
    }

    private static func send(_ bytes: [UInt8], to connection: Int32) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return }
            offset += sent
        }
    }

    /// One request: its head (without the blank line) and its body (content-length only: the
    /// admin client never chunks).
    private static func readRequest(_ connection: Int32) -> (head: String, body: [UInt8])? {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        while headerEnd == nil {
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            data.append(contentsOf: chunk[0..<count])
            headerEnd = find(separator, in: data)
        }
        guard let headerEnd else { return nil }
        let head = String(decoding: data[0..<headerEnd], as: UTF8.self)
        let bodyStart = headerEnd + separator.count
        var length = 0
        for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
            length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        while data.count - bodyStart < length {
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            data.append(contentsOf: chunk[0..<count])
        }
        return (head, Array(data[bodyStart..<(bodyStart + length)]))
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
