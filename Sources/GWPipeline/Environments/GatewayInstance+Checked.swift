import GWProxy

extension GatewayInstance {
    /// Runs one control call, turning what a gateway says into a run failure that names it:
    /// refusals are configuration errors (exit 2), everything else infrastructure (exit 3).
    func checked<T: Sendable>(
        _ action: String, _ body: @Sendable (any GatewayControl) async throws -> T
    ) async throws -> T {
        do {
            return try await body(control)
        } catch let error as PipelineError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as GatewayControlError {
            let kind: PipelineError.Kind = error.status == 401 || error.status == 403 ? .configuration : .infrastructure
            throw PipelineError(kind, "could not \(action) \(name): \(error.message)")
        } catch {
            throw PipelineError(.infrastructure, "could not \(action) \(name): \(error)")
        }
    }
}
