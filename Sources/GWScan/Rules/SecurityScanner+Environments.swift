import GWPlan
import GWSema
import GWSyntax

/// Environment rules: an admin API beyond loopback without a token (GW-S007).
extension SecurityScanner {
    static func environment(_ name: String, _ plan: EnvironmentPlan, _ locator: SourceLocator) -> [Finding] {
        guard plan.adminToken == nil, !plan.adminURLs.isEmpty else { return [] }
        let symbol = locator.symbol(name, .environment)
        // One missing token is one mistake, however many instances it exposes: report the first.
        for (index, url) in plan.adminURLs.enumerated() {
            guard let (_, host) = LoopbackHost.schemeAndHost(url), !LoopbackHost.isLoopback(host) else { continue }
            return [
                Finding(
                    .adminWithoutToken,
                    "environment \(name) drives the admin API at \(host) without an admin_token: "
                        + "whoever reaches it can deploy, move traffic and roll back",
                    at: adminLocation(index, symbol, locator))
            ]
        }
        if let listen = plan.listen, let host = LoopbackHost.host(ofListenAddress: listen),
            !LoopbackHost.isLoopback(host)
        {
            return [
                Finding(
                    .adminWithoutToken,
                    "environment \(name) serves beyond loopback (\(listen)) and drives remote admin APIs without an "
                        + "admin_token: they are safe only while every instance keeps its admin on loopback",
                    at: locator.location(ofAttribute: "listen", in: symbol))
            ]
        }
        return []
    }

    /// The URL at `index` when `admin` is a list literal, else the whole value.
    private static func adminLocation(_ index: Int, _ symbol: Symbol?, _ locator: SourceLocator) -> FindingLocation {
        guard let symbol, let value = locator.attribute("admin", of: symbol) else {
            return locator.location(of: symbol)
        }
        if case .list(let elements) = value.kind, index < elements.count {
            return locator.location(symbol.file, offset: elements[index].range.start)
        }
        return locator.location(symbol.file, offset: value.range.start)
    }
}
