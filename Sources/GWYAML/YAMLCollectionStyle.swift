/// Whether a sequence or mapping is written in block style (indentation, `- item`) or flow style
/// (`[a, b]`, `{a: 1}`).
///
/// Presentation only: it never changes what a collection means, so it does not take part in
/// equality.
public enum YAMLCollectionStyle: Sendable, Hashable, CaseIterable {
    /// Indentation-based: `- item` and `key: value` lines.
    case block
    /// Bracketed: `[a, b]` and `{a: 1}`.
    case flow
}
