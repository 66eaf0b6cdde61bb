import Foundation
import XCTest

/// Golden files under `Tests/Fixtures/report/`: compared byte for byte, rewritten by
/// `GWPIPE_UPDATE_GOLDEN=1 swift test --filter GWReportTests` (review the diff before committing).
enum Golden {
    /// The package root: this file is `Tests/GWReportTests/Golden.swift`.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/report")

    static var updating: Bool { ProcessInfo.processInfo.environment["GWPIPE_UPDATE_GOLDEN"] == "1" }

    static func assert(_ actual: String, matches name: String, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        let url = directory.appendingPathComponent(name)
        if updating {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            if (try? String(contentsOf: url, encoding: .utf8)) != actual {
                try Data(actual.utf8).write(to: url, options: .atomic)
            }
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("missing golden \(name); create it with GWPIPE_UPDATE_GOLDEN=1 swift test", file: file, line: line)
            return
        }
        guard expected != actual else { return }
        let want = expected.components(separatedBy: "\n")
        let got = actual.components(separatedBy: "\n")
        let index =
            zip(want, got).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(want.count, got.count)
        let expectedLine = index < want.count ? want[index] : "<end of file>"
        let actualLine = index < got.count ? got[index] : "<end of file>"
        XCTFail(
            """
            \(name) differs first at line \(index + 1):
            - \(expectedLine)
            + \(actualLine)
            If the new output is right: GWPIPE_UPDATE_GOLDEN=1 swift test --filter GWReportTests, then review git diff.
            """, file: file, line: line)
    }
}
