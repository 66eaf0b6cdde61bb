import GWPlan

/// The mocked gateways one suite needs: one for its plain cases and one per distinct set of faults
/// that cases inject (`mocks: [openai_down]`), each an ephemeral ``MockedGateway`` of the same
/// revision. A case that injects a fault the program does not declare stops the start, naming
/// the case's line and the faults there are.
public final class MockedGateways: Sendable {
    /// The gateway of cases that inject nothing.
    public let plain: MockedGateway
    /// Gateways by the sorted fault names their cases inject.
    public let faulted: [[String]: MockedGateway]

    private init(plain: MockedGateway, faulted: [[String]: MockedGateway]) {
        self.plain = plain
        self.faulted = faulted
    }

    /// Starts the gateways `suite` needs for `revision` (id `id`); `faults` are the program's
    /// named faults (`Plan.mocks`).
    public static func start(
        for suite: TestSuite, revision: GatewayRevision, id: String, faults: [String: MockOverride]
    ) async throws -> MockedGateways {
        let sets = Set(suite.cases.map(\.mocks).filter { !$0.isEmpty })
        for testCase in suite.cases {
            for name in testCase.mocks where faults[name] == nil {
                let declared = faults.keys.sorted()
                throw MockedGatewayError(
                    message: "\(testCase.location): case '\(testCase.name)' injects mock '\(name)', which the program does not declare"
                        + (declared.isEmpty ? " (it declares none: add `mock \(name) { for = PROVIDER ... }`)" : " (it declares \(declared.joined(separator: ", ")))"),
                    isInputError: true)
            }
        }
        let plain = try await MockedGateway.start(revision: revision, id: id)
        var faulted: [[String]: MockedGateway] = [:]
        do {
            for names in sets.sorted(by: { $0.joined(separator: ",") < $1.joined(separator: ",") }) {
                faulted[names] = try await MockedGateway.start(
                    revision: revision, id: id, faults: names.compactMap { name in faults[name].map { (name, $0) } })
            }
        } catch {
            try? await plain.stop()
            for gateway in faulted.values { try? await gateway.stop() }
            throw error
        }
        return MockedGateways(plain: plain, faulted: faulted)
    }

    /// Where `testCase` is sent.
    public func target(for testCase: TestCase) -> ContractTarget? {
        testCase.mocks.isEmpty ? plain.target : faulted[testCase.mocks]?.target
    }

    /// The providers replaced by mocks in the plain gateway.
    public var replacedProviders: [String] { plain.replacedProviders }

    /// Stops every gateway; the first failure is rethrown after all were asked to stop.
    public func stop() async throws {
        var failure: (any Error)?
        for gateway in [plain] + Array(faulted.values) {
            do { try await gateway.stop() } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
    }
}
