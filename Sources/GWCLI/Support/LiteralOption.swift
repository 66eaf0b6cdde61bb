import ArgumentParser
import GWSema
import GWSyntax

/// Reads a command-line option with the language's literal rules (`20ms..80ms`, `5%`), so flags
/// and files spell values the same way.
enum LiteralOption {
    static func value(_ text: String, option: String, expecting type: GWType) throws -> Value {
        let syntax = Parser.parse(SourceFile(name: "--\(option)", text: "let value = " + text))
        guard !syntax.diagnostics.hasErrors, syntax.declarations.count == 1,
            case .let(_, let expression) = syntax.declarations[0].kind
        else {
            throw ValidationError("--\(option): '\(text)' is not a value; write e.g. \(example(type))")
        }
        var checker = ExpressionChecker(symbols: [:], bindings: [:], reporting: false)
        let typed = checker.check(expression, in: syntax.file, context: .constant)
        guard let value = typed.value, typed.type.conforms(to: type) else {
            throw ValidationError("--\(option) expects \(type), found '\(text)'; write e.g. \(example(type))")
        }
        return value
    }

    private static func example(_ type: GWType) -> String {
        switch type {
        case .duration: "250ms or 2s"
        case .percent: "5%"
        case .range(.duration): "20ms..80ms"
        case .range(.count): "20..200"
        default: "\(type)"
        }
    }

    /// `[low, high]` milliseconds from `20ms..80ms` or `50ms`.
    static func milliseconds(_ text: String, option: String) throws -> [Double] {
        if text.contains("..") {
            guard case .range(.duration(let low), .duration(let high)) = try value(text, option: option, expecting: .range(.duration))
            else { throw ValidationError("--\(option) expects a duration range such as 20ms..80ms") }
            return [Double(low) / 1e6, Double(high) / 1e6]
        }
        guard case .duration(let nanos) = try value(text, option: option, expecting: .duration) else {
            throw ValidationError("--\(option) expects a duration such as 50ms")
        }
        return [Double(nanos) / 1e6, Double(nanos) / 1e6]
    }

    static func percent(_ text: String, option: String) throws -> Double {
        guard case .percent(let share) = try value(text, option: option, expecting: .percent) else {
            throw ValidationError("--\(option) expects a percent such as 5%")
        }
        return share
    }
}
