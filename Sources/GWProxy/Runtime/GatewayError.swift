import NIOHTTP1

/// An error the gateway answers itself, in the OpenAI error shape clients already parse:
/// `{"error": {"message": ..., "type": ..., "code": ...}}`.
struct GatewayError: Error, Sendable {
    var status: HTTPResponseStatus
    var type: String
    var code: String
    var message: String
    /// Seconds, for 429 answers.
    var retryAfter: Int?

    static func badRequest(_ message: String) -> GatewayError {
        GatewayError(status: .badRequest, type: "invalid_request_error", code: "bad_request", message: message)
    }

    static let unauthorized = GatewayError(
        status: .unauthorized, type: "invalid_request_error", code: "invalid_api_key",
        message: "Missing or invalid API key. Send it as `Authorization: Bearer KEY` or `x-api-key: KEY`.")

    static func noRoute(method: String, path: String) -> GatewayError {
        GatewayError(status: .notFound, type: "invalid_request_error", code: "no_route", message: "No route for \(method) \(path).")
    }

    static func methodNotAllowed(method: String, path: String, allowed: [String]) -> GatewayError {
        GatewayError(
            status: .methodNotAllowed, type: "invalid_request_error", code: "method_not_allowed",
            message: "\(path) does not accept \(method); it accepts \(allowed.joined(separator: ", ")).")
    }

    static func tooLarge(limit: Int) -> GatewayError {
        GatewayError(status: .payloadTooLarge, type: "invalid_request_error", code: "body_too_large",
                     message: "Request body is larger than \(limit) bytes.")
    }

    static func rateLimited(_ what: String, retryAfter: Double) -> GatewayError {
        GatewayError(status: .tooManyRequests, type: "rate_limit_error", code: "rate_limited",
                     message: "Rate limit exceeded: \(what).", retryAfter: max(1, Int(retryAfter.rounded(.up))))
    }

    static func upstreamFailed(_ detail: String) -> GatewayError {
        GatewayError(status: .badGateway, type: "upstream_error", code: "upstream_failed", message: "Upstream failed: \(detail).")
    }

    static func upstreamTimeout(_ provider: String) -> GatewayError {
        GatewayError(status: .gatewayTimeout, type: "upstream_error", code: "upstream_timeout", message: "Upstream \(provider) timed out.")
    }

    static func unavailable(_ detail: String) -> GatewayError {
        GatewayError(status: .serviceUnavailable, type: "upstream_error", code: "unavailable", message: detail)
    }

    /// The JSON body.
    var body: String {
        "{\"error\":{\"message\":\(GatewayError.quote(message)),\"type\":\"\(type)\",\"code\":\"\(code)\"}}"
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 { out += "\\u00" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16) } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
