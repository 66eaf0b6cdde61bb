import GWSyntax
import GWYAML

/// Turns a parsed suite document into a ``TestSuite``, collecting every problem with its position
/// instead of stopping at the first, so one run of `gwpipe test` shows all that needs fixing.
struct SuiteReader {
    let fileName: String
    private(set) var problems: [LocatedMessage] = []
    /// Known keys offered as "did you mean" for a typo in the mapping being read; a required key
    /// among them is not also reported missing (the typo is the one mistake).
    private(set) var suggestedKeys: Set<String> = []

    static let suiteKeys = ["suite", "cases"]
    static let caseKeys = ["name", "request", "expect", "mocks"]

    init(fileName: String) {
        self.fileName = fileName
    }

    // MARK: Reporting

    func location(_ mark: YAMLMark) -> SuiteLocation {
        SuiteLocation(file: fileName, line: mark.line, column: mark.column)
    }

    mutating func report(_ message: String, at node: YAMLNode) {
        problems.append(LocatedMessage(location: location(node.start), message: message))
    }

    /// Reports keys that are not scalars or not among `known` (with a did-you-mean), and returns
    /// the pairs whose keys are known, by name.
    mutating func knownPairs(of mapping: YAMLMapping, known: [String], in context: String) -> [String: YAMLMapping.Pair]
    {
        var pairs: [String: YAMLMapping.Pair] = [:]
        suggestedKeys = []
        for pair in mapping.pairs {
            guard let key = pair.key.scalarValue else {
                report("keys of \(context) are names, not \(Self.kindName(pair.key))", at: pair.key)
                continue
            }
            guard known.contains(key) else {
                let suggestion = Suggestion.nearest(to: key, among: known)
                if let suggestion { suggestedKeys.insert(suggestion) }
                let hint = suggestion.map { "did you mean '\($0)'?" } ?? "known keys: " + known.joined(separator: ", ")
                report("unknown key '\(key)' in \(context); \(hint)", at: pair.key)
                continue
            }
            pairs[key] = pair
        }
        return pairs
    }

    /// How a node is described in messages: "a list", "a mapping", "the number 5".
    static func kindName(_ node: YAMLNode) -> String {
        switch node {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar(let scalar):
            if scalar.isNull { return "nothing" }
            switch scalar.resolvedTag {
            case YAMLTag.bool: return "the boolean \(scalar.value)"
            case YAMLTag.int, YAMLTag.float: return "the number \(scalar.value)"
            default: return "'\(Self.clipped(scalar.value))'"
            }
        }
    }

    static func clipped(_ text: String, limit: Int = 60) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }

    // MARK: Suite

    mutating func read(_ document: YAMLDocument) -> TestSuite? {
        let root = document.root
        let defaultName = Self.baseName(fileName)
        guard let mapping = root.mapping else {
            if root.isNull {
                report("the suite file is empty; write `suite: NAME` and `cases:` with a list of cases", at: root)
            } else {
                report("a suite file is a mapping with `suite:` and `cases:`, not \(Self.kindName(root))", at: root)
            }
            return nil
        }
        let pairs = knownPairs(of: mapping, known: Self.suiteKeys, in: "a suite")
        var name = defaultName
        if let pair = pairs["suite"] {
            name = text(pair.value, key: "suite", describing: "the suite's name") ?? defaultName
        }
        guard let casesPair = pairs["cases"] else {
            if suggestedKeys.contains("cases") { return nil }
            report("the suite has no `cases:`; add a list of cases, each with name, request and expect", at: root)
            return nil
        }
        guard let list = casesPair.value.sequence else {
            report(
                "`cases` is a list of cases (`- name: ...`), not \(Self.kindName(casesPair.value))", at: casesPair.value
            )
            return nil
        }
        if list.items.isEmpty {
            report("`cases` is empty; a suite needs at least one case", at: casesPair.value)
        }
        var cases: [TestCase] = []
        var firstByName: [String: YAMLNode] = [:]
        for item in list.items {
            guard let testCase = readCase(item) else { continue }
            if let first = firstByName[testCase.name] {
                report(
                    "two cases are named '\(testCase.name)' (the first at \(location(first.start))); "
                        + "names must be unique",
                    at: item)
                continue
            }
            firstByName[testCase.name] = item
            cases.append(testCase)
        }
        return problems.isEmpty ? TestSuite(name: name, file: fileName, cases: cases) : nil
    }

    private mutating func readCase(_ node: YAMLNode) -> TestCase? {
        guard let mapping = node.mapping else {
            report("each case is a mapping with name, request and expect, not \(Self.kindName(node))", at: node)
            return nil
        }
        let pairs = knownPairs(of: mapping, known: Self.caseKeys, in: "a case")
        let suggested = suggestedKeys
        var name: String?
        if let pair = pairs["name"] {
            name = text(pair.value, key: "name", describing: "the case's name")
        } else if !suggested.contains("name") {
            report("this case has no `name`; add `name: what it checks`", at: node)
        }
        let label = name.map { "case '\($0)'" } ?? "this case"
        var request: TestRequest?
        if let pair = pairs["request"] {
            request = readRequest(pair.value)
        } else if !suggested.contains("request") {
            report("\(label) has no `request`; add one with at least a `path`", at: node)
        }
        var expectation: TestExpectation?
        if let pair = pairs["expect"] {
            expectation = readExpectation(pair.value)
        } else if !suggested.contains("expect") {
            report("\(label) has no `expect`; say what the answer must be, such as `expect: { status: 200 }`", at: node)
        }
        var mocks: [String] = []
        if let pair = pairs["mocks"] {
            mocks = readMocks(pair.value)
        }
        guard let name, let request, let expectation else { return nil }
        return TestCase(name: name, location: location(node.start), request: request, expectation: expectation, mocks: mocks)
    }

    /// `mocks: openai_down` or `mocks: [openai_down, slow_anthropic]`: names of the program's faults.
    private mutating func readMocks(_ node: YAMLNode) -> [String] {
        let items = node.sequence.map(\.items) ?? [node]
        var names: [String] = []
        for item in items {
            guard let name = item.scalarValue, !name.isEmpty, item.sequence == nil, item.mapping == nil else {
                report("`mocks` names the program's faults (`mock NAME { for = provider ... }`), such as `mocks: [openai_down]`", at: item)
                continue
            }
            names.append(name)
        }
        return Array(Set(names)).sorted()
    }

    private static func baseName(_ path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return last }
        return String(last[..<dot])
    }
}
