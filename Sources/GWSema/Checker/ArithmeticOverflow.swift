/// Thrown while folding constant arithmetic whose result does not fit its type
/// (`9223372036854775807 + 1`, `100000d * 1000`), so the checker reports it instead of trapping.
struct ArithmeticOverflow: Error {}
