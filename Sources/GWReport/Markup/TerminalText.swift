/// Captured output of a `run` step as a person should read it in a report: a script's colour and
/// cursor codes (ANSI CSI and OSC sequences) removed, since no report viewer interprets them.
enum TerminalText {
    static func plain(_ output: String) -> String {
        guard output.unicodeScalars.contains("\u{1B}") else { return output }
        var out = String.UnicodeScalarView()
        var scalars = output.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\u{1B}" else {
                out.append(scalar)
                continue
            }
            switch scalars.next() {
            case "[":
                // CSI: parameter and intermediate bytes, then one final byte in 0x40–0x7E.
                while let next = scalars.next(), !(0x40...0x7E).contains(next.value) {}
            case "]":
                // OSC: ends at BEL or at ESC \.
                while let next = scalars.next() {
                    if next == "\u{07}" { break }
                    if next == "\u{1B}" {
                        _ = scalars.next()
                        break
                    }
                }
            case nil:
                break
            case .some:
                // A two-byte escape (ESC 7, ESC c, ...): both bytes dropped.
                break
            }
        }
        return String(out)
    }
}
