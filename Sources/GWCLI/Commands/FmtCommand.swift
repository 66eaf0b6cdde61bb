import ArgumentParser

/// `gwpipe fmt [--check | --write] FILE...`
struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Print .gwpipe files in the canonical layout.",
        discussion: """
            The canonical layout: 2-space indentation, one statement a line, '=' aligned within \
            runs of attributes, single blank lines kept, comments kept where they were. Formatting \
            never changes meaning and formatting twice changes nothing.

            Without flags the formatted text goes to standard output. --check prints a diff for \
            each file that is not formatted and exits 1 (use it in CI); --write rewrites files in place. \
            Files with syntax errors are reported and left alone.
            """
    )

    @Argument(help: "The .gwpipe files to format ('-' reads standard input).")
    var files: [String]

    @Flag(name: .long, help: "Exit 1 and print a diff when a file is not formatted.")
    var check = false

    @Flag(name: .long, help: "Rewrite the files in place.")
    var write = false

    func validate() throws {
        if check && write {
            throw ValidationError("--check and --write cannot be used together")
        }
        if write && files.contains("-") {
            throw ValidationError("--write cannot rewrite standard input")
        }
    }

    func run() throws {
        let mode: FormatAction.Mode = check ? .check : write ? .write : .print
        let action = FormatAction(paths: files, mode: mode, useColor: TerminalStyle.colorAllowed())
        try CommandPrinter.emit(action.run())
    }
}
