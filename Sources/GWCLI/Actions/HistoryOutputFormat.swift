/// How `history` and `stats` print: tables and sentences for people, or JSON for scripts.
public enum HistoryOutputFormat: String, Sendable, CaseIterable {
    case text
    case json
}
