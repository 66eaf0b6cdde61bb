import ArgumentParser
import Foundation
import GWPlan

/// `gwpipe keys hash [KEY]`
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Work with the API keys files that `keys` blocks read.",
        subcommands: [HashKeyCommand.self]
    )
}

/// Prints the SHA-256 of an API key, the form a keys file stores.
struct HashKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Print the SHA-256 hash of an API key, for a keys file.",
        discussion: """
            Keys files never hold keys, only their hashes:
              keys:
                - sha256: <the output of this command>
                  team: backend
            Without an argument the key is read from standard input (so it stays out of shell history):
              printf %s "$KEY" | gwpipe keys hash
            """
    )

    @Argument(help: "The API key. Omit it to read the key from standard input.")
    var key: String?

    func run() throws {
        var text = key ?? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        if key == nil {
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        }
        guard !text.isEmpty else { throw ValidationError("no key given: pass it as an argument or on standard input") }
        print(CanonicalJSON.sha256Hex(Data(text.utf8)))
    }
}
