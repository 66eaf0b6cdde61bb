/// A fixed set of lowercase header names, asked about each header of every request and answer.
///
/// Names are grouped by length, so most headers are turned away by one array access, and the rest
/// are compared byte by byte with ASCII case folded. The HTTP parser only admits token characters
/// in names, so ASCII case is all the case there is.
struct HeaderNameSet: Sendable {
    /// `byLength[n]`: the names of `n` bytes.
    private let byLength: [[[UInt8]]]

    init(_ names: [String]) {
        var byLength = [[[UInt8]]](repeating: [], count: (names.map(\.utf8.count).max() ?? 0) + 1)
        for name in names {
            precondition(name == name.lowercased(), "header names in a HeaderNameSet are lowercase")
            byLength[name.utf8.count].append(Array(name.utf8))
        }
        self.byLength = byLength
    }

    /// Whether the `count` bytes at `bytes` (a name as read off the wire, any case) are in the set.
    func contains(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        guard count < byLength.count else { return false }
        for candidate in byLength[count] {
            let equal = candidate.withUnsafeBufferPointer { HeaderNames.equalFolded(bytes, $0.baseAddress!, count) }
            if equal { return true }
        }
        return false
    }
}
