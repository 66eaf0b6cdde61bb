/// Where a finding points: a line and column of a file, or a whole file (a values file whose
/// permissions are the problem has no line to blame).
public struct FindingLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The path as the program names it (relative paths stay relative).
    public var file: String
    /// 1-based; `nil` for a finding about the whole file.
    public var line: Int?
    /// 1-based, counted in characters; `nil` for a finding about the whole file.
    public var column: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, or `file` for the whole file.
    public var description: String {
        guard let line else { return file }
        return "\(file):\(line):\(column ?? 1)"
    }

    /// File, then line, then column; a whole-file location comes before the file's lines.
    public static func < (lhs: FindingLocation, rhs: FindingLocation) -> Bool {
        (lhs.file, lhs.line ?? 0, lhs.column ?? 0) < (rhs.file, rhs.line ?? 0, rhs.column ?? 0)
    }
}
