/// Escapes recorded strings (step messages, captured output, gate expressions, names) for XML and
/// HTML, so whatever a user or a subprocess wrote reads as text and never as markup.
///
/// XML 1.0 forbids most C0 control characters even as character references, and a JUnit file
/// holding one is rejected whole by most CI servers, so those become their visible Unicode "control
/// pictures" (ESC → `␛`) instead of being dropped: the reader still sees that something was there.
enum MarkupEscaping {
    /// Text content: `&`, `<` and `>` become entities.
    static func text(_ value: String) -> String {
        escape(value, inAttribute: false)
    }

    /// An attribute value between double quotes: also quotes, and tab/newline/return as character
    /// references, because an XML parser would otherwise normalise them to spaces.
    static func attribute(_ value: String) -> String {
        escape(value, inAttribute: true)
    }

    private static func escape(_ value: String, inAttribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where inAttribute: out += "&quot;"
            case "'" where inAttribute: out += "&#39;"
            case "\t" where inAttribute: out += "&#9;"
            case "\n" where inAttribute: out += "&#10;"
            case "\r" where inAttribute: out += "&#13;"
            case "\t", "\n":
                out.unicodeScalars.append(scalar)
            case "\r":
                // A lone CR would be read back as a newline by XML and HTML parsers alike; keep it explicit.
                out += "&#13;"
            default:
                out.unicodeScalars.append(visible(scalar))
            }
        }
        return out
    }

    /// The scalar itself when XML 1.0 and HTML allow it in text, else a visible stand-in.
    private static func visible(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x00..<0x20:
            // U+2400 SYMBOL FOR NULL ... U+241F SYMBOL FOR UNIT SEPARATOR, in code order.
            return Unicode.Scalar(0x2400 + scalar.value) ?? "\u{FFFD}"
        case 0x7F:
            return "\u{2421}"
        case 0x80..<0xA0, 0xFFFE, 0xFFFF:
            // C1 controls and the non-characters are allowed by XML 1.0 but rejected by many readers.
            return "\u{FFFD}"
        default:
            return scalar
        }
    }
}
