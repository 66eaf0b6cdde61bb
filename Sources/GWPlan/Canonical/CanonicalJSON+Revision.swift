/// The canonical JSON of a gateway revision, member by member in sorted key order.
/// `CanonicalJSONTests` checks these bytes equal `JSONEncoder` with `.sortedKeys`.
extension GatewayRevision: CanonicalJSONWritable {
    func write(to writer: inout CanonicalWriter) {
        writer.object { w in
            w.field("flags", flags) { flag, w in flag.write(to: &w) }
            w.field("gateway", gateway)
            w.field("keySets", keySets) { keys, w in w.array { w in for key in keys { w.element(); key.write(to: &w) } } }
            w.key("maxBodyBytes"); w.int64(maxBodyBytes)
            w.field("providers", providers) { provider, w in provider.write(to: &w) }
            w.field("routeTable", routeTable) { name, w in w.string(name) }
            w.field("routes", routes) { route, w in route.write(to: &w) }
        }
    }
}

extension FlagPlan: CanonicalJSONWritable {
    func write(to writer: inout CanonicalWriter) {
        writer.object { w in
            w.field("defaultOn", defaultOn)
            w.field("enableFor", enableFor)
            w.field("rolloutPercent", rolloutPercent)
            w.field("stickyBy", stickyBy)
        }
    }
}

extension KeyPlan: CanonicalJSONWritable {
    func write(to writer: inout CanonicalWriter) {
        writer.object { w in
            w.field("id", id)
            w.field("sha256", sha256)
            w.field("team", team)
        }
    }
}

extension SecretPlan: CanonicalJSONWritable {
    func write(to writer: inout CanonicalWriter) {
        writer.object { w in w.field("environmentVariable", environmentVariable) }
    }
}

extension MockBehavior: CanonicalJSONWritable {
    func write(to writer: inout CanonicalWriter) {
        writer.object { w in
            w.field("errorPercent", errorPercent)
            w.field("errorStatus", errorStatus)
            w.field("errorsAfterMs", errorsAfterMs)
            w.field("hangPercent", hangPercent)
            w.field("latencyMs", latencyMs)
            w.field("stream", stream)
            w.field("tokens", tokens)
            if let ttftMs { w.field("ttftMs", ttftMs) }
        }
    }
}

extension ProviderPlan: CanonicalJSONWritable {
    func write(to writer: inout CanonicalWriter) {
        writer.object { w in
            // Only when set: revision ids of programs without `ca_file` stay what they were.
            w.field("caCertificates", caCertificates)
            w.field("connectTimeoutMs", connectTimeoutMs)
            w.field("costPer1kTokens", costPer1kTokens)
            w.field("key", key)
            w.field("kind", kind)
            w.field("maxConnections", maxConnections)
            w.field("mock", mock)
            w.field("timeoutMs", timeoutMs)
            w.field("url", url)
        }
    }
}

extension RoutePlan: CanonicalJSONWritable {
    func write(to writer: inout CanonicalWriter) {
        writer.object { w in
            w.field("arms", arms)
            w.field("auth", auth)
            w.field("breaker", breaker)
            w.field("fallback", fallback)
            w.field("limits", limits)
            w.field("maxBodyBytes", maxBodyBytes)
            w.field("method", method)
            w.field("path", path)
            w.field("readsBody", readsBody)
            w.field("retry", retry)
            w.field("timeoutMs", timeoutMs)
        }
    }
}

extension ArmPlan: CanonicalJSONWritable {
    func write(to writer: inout CanonicalWriter) {
        writer.object { w in
            w.field("targets", targets)
            w.field("when", when)
        }
    }
}

extension TargetPlan: CanonicalJSONWritable {
    func write(to writer: inout CanonicalWriter) {
        writer.object { w in
            w.field("model", model)
            w.field("provider", provider)
            w.field("weight", weight)
        }
    }
}

extension LimitPlan: CanonicalJSONWritable {
    func write(to writer: inout CanonicalWriter) {
        writer.object { w in
            w.field("amount", amount)
            w.field("by", by)
            w.field("unit", unit)
            w.field("windowMs", windowMs)
        }
    }
}

extension RetryPlan: CanonicalJSONWritable {
    func write(to writer: inout CanonicalWriter) {
        writer.object { w in
            w.field("attempts", attempts)
            w.field("backoffMs", backoffMs)
            w.field("on", on)
        }
    }
}

extension FallbackPlan: CanonicalJSONWritable {
    func write(to writer: inout CanonicalWriter) {
        writer.object { w in
            w.field("on", on)
            w.field("providers", providers)
        }
    }
}

extension BreakerPlan: CanonicalJSONWritable {
    func write(to writer: inout CanonicalWriter) {
        writer.object { w in
            w.field("failures", failures)
            w.field("openMs", openMs)
            w.field("windowMs", windowMs)
        }
    }
}

extension Operand: CanonicalJSONWritable {
    func write(to writer: inout CanonicalWriter) {
        writer.object { w in
            switch self {
            case .model: w.field("kind", "model")
            case .path: w.field("kind", "path")
            case .method: w.field("kind", "method")
            case .keyTeam: w.field("kind", "key.team")
            case .keyId: w.field("kind", "key.id")
            case .bodyTokens: w.field("kind", "body_tokens")
            case .header(let name):
                w.field("kind", "header")
                w.field("name", name)
            case .string(let value):
                w.field("kind", "string")
                w.field("value", value)
            case .number(let value):
                w.field("kind", "number")
                w.field("value", value)
            case .strings(let values):
                w.field("kind", "strings")
                w.field("values", values)
            }
        }
    }
}

extension Predicate: CanonicalJSONWritable {
    func write(to writer: inout CanonicalWriter) {
        writer.object { w in
            switch self {
            case .constant(let value):
                w.field("op", "constant")
                w.field("value", value)
            case .and(let a, let b):
                w.field("args", [a, b])
                w.field("op", "and")
            case .or(let a, let b):
                w.field("args", [a, b])
                w.field("op", "or")
            case .not(let inner):
                w.field("args", [inner])
                w.field("op", "not")
            case .compare(let op, let lhs, let rhs):
                w.field("compare", op)
                w.field("lhs", lhs)
                w.field("op", "compare")
                w.field("rhs", rhs)
            case .contains(let operand, let values):
                w.field("op", "in")
                w.field("operand", operand)
                w.field("values", values)
            case .matches(let operand, let pattern):
                w.field("op", "matches")
                w.field("operand", operand)
                w.field("pattern", pattern)
            case .flag(let name):
                w.field("flag", name)
                w.field("op", "flag")
            }
        }
    }
}
