import NIOHTTP1

/// The few request headers the gateway itself reads, found in one pass over the head instead of
/// one case-insensitive search per name.
struct RequestHeadFacts {
    var contentLength: Int?
    var requestID: String?
    var authorization: String?
    var apiKey: String?

    init(_ headers: HTTPHeaders) {
        for (name, value) in headers {
            switch name.utf8.count {
            case 14 where HeaderNames.equalIgnoringASCIICase(name, "content-length"): contentLength = Int(value)
            case 12 where HeaderNames.equalIgnoringASCIICase(name, "x-request-id"): if requestID == nil { requestID = value }
            case 13 where HeaderNames.equalIgnoringASCIICase(name, "authorization"): if authorization == nil { authorization = value }
            case 9 where HeaderNames.equalIgnoringASCIICase(name, "x-api-key"): if apiKey == nil { apiKey = value }
            default: continue
            }
        }
    }
}
