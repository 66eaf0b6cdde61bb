/// A place in a suite file, `file:line:column`, so a failed case or a bad key can be found in the YAML.
///
/// `line` and `column` are 1-based; 0 means the problem concerns the file as a whole (it could not
/// be read), and the description then drops them.
public struct SuiteLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, or just `file` when the position is unknown.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }
}
