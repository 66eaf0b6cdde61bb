import Foundation
import GWPlan

/// What of a webhook URL a person may read. Webhook URLs often carry their token in the path
/// (`/services/T0/B0/XXXX`), the query (`?token=`) or the user part (`https://user:token@`), so
/// titles, messages, events and the store only ever show `scheme://host[:port]/…`.
enum NotifyURL {
    static func display(_ url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host,
            !host.isEmpty
        else { return "a webhook (its URL is not shown)" }
        var shown = "\(scheme)://" + (host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host)
        if let port = components.port { shown += ":\(port)" }
        let path = components.percentEncodedPath
        let hidden = !(path.isEmpty || path == "/") || components.percentEncodedQuery != nil || components.fragment != nil
        return shown + (hidden ? "/…" : "/")
    }

    /// How a `notify` step names its webhook: by scheme and host, or by the variable a secret URL
    /// is read from (`the webhook in $SLACK_WEBHOOK_URL`), whose value is never shown at all.
    static func display(of step: StepPlan) -> String {
        if let secret = step.urlSecret { return "the webhook in $\(secret.environmentVariable)" }
        return step.url.map { display($0) } ?? "a webhook"
    }

    /// The parts of a webhook URL that may be a credential, for the redactor: the whole URL, its
    /// query, its password, and its path when it is long enough to hold a token (a short one such
    /// as `/hooks` would mask ordinary text). Catches an HTTP error that quotes the URL.
    static func sensitiveParts(_ url: String) -> [String] {
        var parts = [url]
        guard let components = URLComponents(string: url) else { return parts }
        let path = components.percentEncodedPath
        if let query = components.percentEncodedQuery { parts += [query, path + "?" + query] }
        if path.count >= 16 { parts.append(path) }
        if let password = components.percentEncodedPassword { parts.append(password) }
        return parts
    }
}
