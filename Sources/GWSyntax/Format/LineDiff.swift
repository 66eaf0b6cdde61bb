/// A unified diff of two texts, line by line, for `gwpipe fmt --check` and golden-file tests.
///
/// Lines common to both ends are trimmed first; the rest is aligned with a longest common
/// subsequence table, which is fine for the small edits a formatter makes. Past a size limit the
/// changed middle is shown as removed then added, which is still a correct diff.
public enum LineDiff {
    enum Edit: Equatable {
        case same(String)
        case removed(String)
        case added(String)
    }

    static func edits(from old: [Substring], to new: [Substring]) -> [Edit] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
            old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        let a = Array(old[prefix..<(old.count - suffix)])
        let b = Array(new[prefix..<(new.count - suffix)])
        var result = old[..<prefix].map { Edit.same(String($0)) }
        if a.count * b.count > 4_000_000 {
            result += a.map { .removed(String($0)) } + b.map { .added(String($0)) }
        } else {
            result += alignMiddle(a, b)
        }
        result += old[(old.count - suffix)...].map { Edit.same(String($0)) }
        return result
    }

    private static func alignMiddle(_ a: [Substring], _ b: [Substring]) -> [Edit] {
        let n = a.count
        let m = b.count
        // lengths[i][j]: length of the LCS of a[i...] and b[j...].
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        if n > 0, m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
                }
            }
        }
        var edits: [Edit] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                edits.append(.same(String(a[i])))
                i += 1
                j += 1
            } else if i < n, j == m || lengths[i + 1][j] >= lengths[i][j + 1] {
                // Removals first, as diff(1) prints them.
                edits.append(.removed(String(a[i])))
                i += 1
            } else {
                edits.append(.added(String(b[j])))
                j += 1
            }
        }
        return edits
    }

    /// `--- a/PATH` / `+++ b/PATH` and `@@` hunks with three lines of context.
    public static func unified(old: String, new: String, path: String, context: Int = 3) -> String {
        let edits = edits(from: lines(old), to: lines(new))
        var out = "--- \(path)\n+++ \(path) (formatted)\n"
        var index = 0
        while index < edits.count {
            guard edits[index] != .same(edits[index].text) else {
                index += 1
                continue
            }
            // A hunk runs from `context` lines before a change to `context` lines after the last
            // change that is no more than 2 * context lines from the previous one.
            let start = max(0, index - context)
            var end = index
            var lastChange = index
            while end < edits.count, end - lastChange <= 2 * context {
                if edits[end] != .same(edits[end].text) { lastChange = end }
                end += 1
            }
            end = min(edits.count, lastChange + context + 1)
            let oldStart = edits[..<start].filter { !$0.isAdded }.count + 1
            let newStart = edits[..<start].filter { !$0.isRemoved }.count + 1
            let hunk = edits[start..<end]
            out += "@@ -\(oldStart),\(hunk.filter { !$0.isAdded }.count) +\(newStart),\(hunk.filter { !$0.isRemoved }.count) @@\n"
            for edit in hunk {
                switch edit {
                case .same(let text): out += " \(text)\n"
                case .removed(let text): out += "-\(text)\n"
                case .added(let text): out += "+\(text)\n"
                }
            }
            index = end
        }
        return out
    }

    /// The changes from `expected` to `actual`, for test failure messages.
    public static func render(expected: String, actual: String) -> String {
        unified(old: expected, new: actual, path: "expected")
    }

    private static func lines(_ text: String) -> [Substring] {
        var result = text.split(separator: "\n", omittingEmptySubsequences: false)
        if result.last == "" { result.removeLast() }
        return result.map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
    }
}

extension LineDiff.Edit {
    var text: String {
        switch self {
        case .same(let text), .removed(let text), .added(let text): text
        }
    }

    var isAdded: Bool {
        if case .added = self { return true }
        return false
    }

    var isRemoved: Bool {
        if case .removed = self { return true }
        return false
    }
}
