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

    /// The same error in Anthropic's shape, for `/v1/messages` callers:
    /// `{"type": "error", "error": {"type": ..., "message": ...}}`.
    var anthropicBody: String {
        let kind: String
        switch status.code {
        case 401: kind = "authentication_error"
        case 403: kind = "permission_error"
        case 404, 405: kind = "not_found_error"
        case 413: kind = "request_too_large"
        case 429: kind = "rate_limit_error"
        case 503, 529: kind = "overloaded_error"
        case 400..<500: kind = "invalid_request_error"
        default: kind = "api_error"
        }
        return "{\"type\":\"error\",\"error\":{\"type\":\"\(kind)\",\"message\":\(GatewayError.quote(message))}}"
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
