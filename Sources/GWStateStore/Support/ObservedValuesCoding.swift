import Foundation

/// The JSON text of a gate's observed values: keys sorted so equal values give equal text, and
/// non-finite numbers (an error rate over zero requests) written as strings rather than refused.
enum ObservedValuesCoding {
    private static let nonFinite = (positive: "+inf", negative: "-inf", nan: "nan")

    static func encode(_ observed: [String: Double]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite.positive, negativeInfinity: nonFinite.negative, nan: nonFinite.nan)
        return String(decoding: try encoder.encode(observed), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> [String: Double] {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positive, negativeInfinity: nonFinite.negative, nan: nonFinite.nan)
        return try decoder.decode([String: Double].self, from: Data(text.utf8))
    }
}
