import ArgumentParser
import GWCLI

/// The executable's entry point: the root command's async `main`.
@main
extension GWPipeCommand {}
