import GWPlan

extension PipelinePlan {
    /// Every contract suite the pipeline's steps read, as written (relative to the file's folder):
    /// `test` steps and blue-green `verify`, sorted, each once.
    var suites: [String] {
        var suites: Set<String> = []
        for step in steps + onFailure {
            if step.kind == "test", let suite = step.suite { suites.insert(suite) }
            if let verify = step.strategy?.verify { suites.insert(verify) }
        }
        return suites.sorted()
    }
}
