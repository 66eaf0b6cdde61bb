import Foundation
import NIOConcurrencyHelpers

/// Where console observers write: standard output in the CLI, a buffer in tests. Writes from many
/// tasks come out whole, one at a time.
public final class TextSink: Sendable {
    private let write: @Sendable (String) -> Void
    private let lock = NIOLock()

    public init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    public static let standardOutput = TextSink { text in FileHandle.standardOutput.write(Data(text.utf8)) }
    public static let standardError = TextSink { text in FileHandle.standardError.write(Data(text.utf8)) }

    public func callAsFunction(_ text: String) {
        lock.withLock { write(text) }
    }
}
