import ArgumentParser

/// `gwpipe completions SHELL`
struct CompletionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions",
        abstract: "Print a shell completion script for gwpipe (bash, zsh or fish).",
        discussion: """
            Generated from the commands' own definitions, so it always matches this binary. For example:
              gwpipe completions bash > /etc/bash_completion.d/gwpipe
              gwpipe completions zsh > "${fpath[1]}/_gwpipe"
              gwpipe completions fish > ~/.config/fish/completions/gwpipe.fish
            """
    )

    @Argument(help: "The shell: bash, zsh or fish.")
    var shell: String

    func validate() throws {
        guard CompletionShell(rawValue: shell) != nil else {
            throw ValidationError("unknown shell '\(shell)': choose bash, zsh or fish")
        }
    }

    func run() throws {
        guard let completionShell = CompletionShell(rawValue: shell) else { return }
        print(GWPipeCommand.completionScript(for: completionShell))
    }
}
