import GWYAML

/// The GitHub Actions workflow `gwpipe ci init --github` writes: pull requests are checked, scanned
/// and diffed against their base; pushes to the release branch run the pipeline with every report
/// kept as an artifact, SARIF uploaded to code scanning, and the state store carried between runs.
struct GitHubWorkflow {
    /// The `.gwpipe` file, relative to the repository root.
    var file: String
    var branch: String
    /// The pipeline to run, when the file has several.
    var pipeline: String?
    /// Environment variables the program's secrets read, each passed from a repository secret of the same name.
    var secretVariables: [String]
    /// Shell lines that put `gwpipe` on PATH.
    var install: String

    /// Builds gwpipe from a checkout of its repository, named by the `GWPIPE_REPOSITORY` repository variable.
    static let installFromSource = """
        sudo apt-get update -q && sudo apt-get install -y -q libyaml-dev libsqlite3-dev pkg-config
        git clone --depth 1 "$GWPIPE_REPOSITORY" "$RUNNER_TEMP/gwpipe"
        swift build -c release --package-path "$RUNNER_TEMP/gwpipe" --product gwpipe
        echo "$RUNNER_TEMP/gwpipe/.build/release" >> "$GITHUB_PATH"
        """

    func yaml() throws -> String {
        let header = """
            # Written by `gwpipe ci init --github`. Pull requests: check, scan, and what the change does to
            # routing. Pushes to \(branch): the release pipeline (`gwpipe run`), reports kept as artifacts.

            """
        return header + (try YAMLEmitter().emit(document))
    }

    private var document: YAMLNode {
        let quotedFile = Self.shellQuoted(file)
        var run = "gwpipe run \(quotedFile)"
        if let pipeline { run += " --pipeline \(Self.shellQuoted(pipeline))" }
        run += " --junit gwpipe-junit.xml --sarif gwpipe.sarif --report gwpipe-report.html --events gwpipe-events.jsonl"
        var releaseEnvironment: [(YAMLNode, YAMLNode)] = []
        for variable in secretVariables {
            releaseEnvironment.append((.string(variable), .string("${{ secrets.\(variable) }}")))
        }
        let checkout: YAMLNode = ["uses": "actions/checkout@v4", "with": ["fetch-depth": 0]]
        let installStep: YAMLNode = [
            "name": "Install gwpipe", "run": .string(install + "\n", style: .literal),
            "env": ["GWPIPE_REPOSITORY": "${{ vars.GWPIPE_REPOSITORY }}"],
        ]
        let check: YAMLNode = [
            "if": "github.event_name == 'pull_request'",
            "runs-on": "ubuntu-latest",
            "steps": [
                checkout, installStep,
                ["name": "Check", "run": .string("gwpipe check \(quotedFile) --format github")],
                ["name": "Scan", "run": .string("gwpipe scan \(quotedFile) --format github")],
                [
                    "name": "What the change does to routing",
                    // `diff` exits 1 when the files differ: that is the point of a pull request.
                    "run": .string("gwpipe diff \"git:origin/${{ github.base_ref }}:\(file)\" \(quotedFile) || true"),
                ],
            ],
        ]
        let release: YAMLNode = [
            "if": "github.event_name == 'push'",
            "runs-on": "ubuntu-latest",
            "steps": [
                checkout, installStep,
                [
                    "name": "Restore the state store",
                    "uses": "actions/cache@v4",
                    "with": [
                        "path": ".gwpipe", "key": "gwpipe-state-${{ github.run_id }}", "restore-keys": "gwpipe-state-",
                    ],
                ],
                ["name": "Release", "run": .string(run), "env": .mapping(YAMLMapping(releaseEnvironment.map { (key: $0.0, value: $0.1) }))],
                [
                    "name": "Keep the reports", "if": "always()", "uses": "actions/upload-artifact@v4",
                    "with": ["name": "gwpipe-reports", "path": "gwpipe-*", "if-no-files-found": "ignore"],
                ],
                [
                    "name": "Upload findings to code scanning", "if": "always() && hashFiles('gwpipe.sarif') != ''",
                    "uses": "github/codeql-action/upload-sarif@v3", "with": ["sarif_file": "gwpipe.sarif"],
                ],
            ],
        ]
        return [
            "name": "gwpipe",
            "on": ["pull_request": .null, "push": ["branches": [.string(branch)]]],
            // Two releases of the same branch never interleave; the second waits.
            "concurrency": ["group": "gwpipe-${{ github.ref }}", "cancel-in-progress": false],
            "permissions": ["contents": "read", "security-events": "write"],
            "jobs": ["check": check, "release": release],
        ]
    }

    /// Single-quoted for the shell when it holds anything but plain path characters.
    static func shellQuoted(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || "/._-+".contains($0) }
        return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
