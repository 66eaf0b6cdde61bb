import GWSyntax

/// Pipelines: stages, steps, strategies, gates, abort conditions and their rules.
extension Checker {
    mutating func checkPipeline(_ symbol: Symbol, _ body: Block) {
        let file = symbol.file
        var stages: [String: Identifier] = [:]
        var failureBlock: Statement?
        for statement in body.statements {
            switch statement.kind {
            case .stage(let name, let stageBody):
                if let first = stages[name.name] {
                    error(.pipelineStructure, "pipeline \(symbol.name.name) has two stages named '\(name.name)'", file: file,
                          range: name.range, hints: ["stage names identify a stage in reports and `gwpipe run --resume`; rename one"],
                          secondary: [.init(file: file, range: first.range, label: "first stage '\(name.name)'")])
                }
                stages[name.name] = stages[name.name] ?? name
                if stageBody.statements.isEmpty {
                    error(.pipelineStructure, "stage \(name.name) has no steps", file: file, range: name.range,
                          hints: ["add the steps it runs (deploy, test, canary, ...), or remove the stage"])
                }
                checkSteps(stageBody, file: file, insideParallel: false)
            case .onFailure(let failureBody):
                if let failureBlock {
                    error(.pipelineStructure, "a pipeline has one 'on failure' block", file: file, range: statement.range,
                          hints: ["move these steps into the first block"],
                          secondary: [.init(file: file, range: failureBlock.range, label: "first one here")])
                }
                failureBlock = statement
                checkSteps(failureBody, file: file, insideParallel: false)
            default:
                break
            }
        }
        if stages.isEmpty {
            error(.pipelineStructure, "pipeline \(symbol.name.name) has no stages", file: file, range: symbol.name.range,
                  hints: ["add `stage NAME { ... }` with the steps to run"])
        }
    }

    private mutating func checkSteps(_ body: Block, file: SourceFile, insideParallel: Bool) {
        for statement in body.statements {
            switch statement.kind {
            case .parallel(let inner):
                if inner.statements.isEmpty {
                    error(.pipelineStructure, "this parallel group has no steps", file: file, range: statement.range)
                }
                checkSteps(inner, file: file, insideParallel: true)
            case .test(let suite, let target):
                _ = expressions.expect(suite, .string, in: file, context: .constant, what: "a test suite path")
                if case .environment(let environment)? = target {
                    _ = expressions.resolveEntity(environment, kind: .environment, file: file)
                }
            case .run(let command, let timeout):
                _ = expressions.expect(command, .string, in: file, context: .constant, what: "a run command")
                if let timeout { checkPositive(timeout, .duration, what: "a run timeout", file: file) }
            case .deploy(let environment), .rollback(let environment):
                _ = expressions.resolveEntity(environment, kind: .environment, file: file)
            case .wait(let duration):
                checkPositive(duration, .duration, what: "wait", file: file)
            case .gate(let condition, let over, let environment):
                let scope = MetricScope(hasStableSide: false, strategyName: "a one-off gate")
                _ = expressions.expect(condition, .bool, in: file, context: .metric(scope), what: "a gate")
                if let over { checkPositive(over, .duration, what: "a gate window", file: file) }
                if let environment {
                    _ = expressions.resolveEntity(environment, kind: .environment, file: file)
                } else if symbols(of: .environment).count != 1 {
                    let names = symbols(of: .environment).map(\.name.name)
                    error(.unknownEnvironment, "a one-off gate needs 'on ENV' when the file has more than one environment",
                          file: file, range: statement.range,
                          hints: names.isEmpty ? ["declare the environment the gate watches"]
                              : ["end the gate with " + names.map { "`on \($0)`" }.joined(separator: " or ")])
                }
            case .approve(let condition):
                if let condition {
                    _ = expressions.expect(condition, .bool, in: file, context: .pipeline, what: "an approve condition")
                }
            case .notify(let url):
                // A webhook URL may be a Secret (a Slack or Teams webhook is a credential): the
                // plan keeps only its variable's name and output shows it by that name.
                let typed = expressions.check(url, in: file, context: .constant)
                if typed.type == .secret || typed.type == .error { break }
                guard typed.type.conforms(to: .string) else {
                    expressions.reportMismatch(expected: "String", found: typed, expression: url, file: file, what: "notify")
                    break
                }
                if case .string(let text)? = typed.value, !(text.hasPrefix("http://") || text.hasPrefix("https://")) {
                    error(.invalidEnumValue, "notify needs an http(s) URL, found \"\(text)\"", file: file, range: url.range,
                          hints: ["notify posts to a webhook: write its URL, such as \"https://hooks.example.com/deploys\""])
                }
            case .strategy(let kind, let target, let environment, let strategyBody):
                checkStrategy(kind, target: target, environment: environment, body: strategyBody, statement: statement, file: file)
            default:
                break
            }
        }
    }

    func symbols(of kind: EntityKind) -> [Symbol] { orderedSymbols.filter { $0.kind == kind } }

    mutating func checkPositive(_ expression: Expression, _ type: GWType, what: String, file: SourceFile) {
        let typed = expressions.expect(expression, type, in: file, context: .constant, what: what)
        if let value = typed.value?.numeric, value <= 0 {
            error(.valueOutOfRange, type == .duration ? "\(what) must be longer than 0s" : "\(what) must be more than 0", file: file,
                  range: expression.range)
        }
    }

    private mutating func checkStrategy(
        _ kind: StrategyKind, target: Identifier, environment: Identifier?, body: Block, statement: Statement, file: SourceFile
    ) {
        let name: String
        switch kind {
        case .canary: name = "a canary"
        case .blueGreen: name = "a blue_green rollout"
        case .rolling: name = "a rolling rollout"
        case .flagRollout: name = "a flag rollout"
        }
        if kind == .flagRollout {
            _ = expressions.resolveEntity(target, kind: .flag, file: file)
            if let environment {
                _ = expressions.resolveEntity(environment, kind: .environment, file: file)
            } else if symbols(of: .environment).count != 1 {
                error(.unknownEnvironment, "name the environment: flag \(target.name) rollout on ENV { ... }", file: file,
                      range: target.range, hints: ["`on ENV` may be left out only when the file has one environment"])
            }
        } else if let environmentSymbol = expressions.resolveEntity(target, kind: .environment, file: file), kind == .rolling {
            checkRollingTarget(environmentSymbol, target: target, file: file)
        }
        _ = checkAttributes(body, schema: .strategy, owner: name, file: file)
        let scope = MetricScope(hasStableSide: kind == .canary || kind == .flagRollout, strategyName: name)
        var steps: [(Double, Expression)] = []
        var gates = 0
        var seenOn: [String: Statement] = [:]
        for inner in body.statements {
            switch inner.kind {
            case .step(let amount, let duration):
                if kind != .canary, kind != .flagRollout {
                    error(.invalidStrategy, "\(name) has no steps; steps belong to canaries and flag rollouts", file: file, range: inner.range)
                    continue
                }
                let typed = expressions.expect(amount, .percent, in: file, context: .constant, what: "a step")
                if case .percent(let value)? = typed.value { steps.append((value, amount)) }
                if let duration {
                    checkPositive(duration, .duration, what: "a step's duration", file: file)
                } else {
                    error(.missingStatement, "a step needs a duration: step 5% for 1m", file: file, range: inner.range)
                }
            case .analyze(let interval, let gatesBody):
                checkPositive(interval, .duration, what: "an analysis interval", file: file)
                for gate in gatesBody.statements {
                    guard case .gate(let condition, _, _) = gate.kind else { continue }
                    gates += 1
                    _ = expressions.expect(condition, .bool, in: file, context: .metric(scope), what: "a gate")
                }
            case .abort(let condition, let duration):
                gates += 1
                _ = expressions.expect(condition, .bool, in: file, context: .metric(scope), what: "an abort condition")
                if let duration { checkPositive(duration, .duration, what: "an abort duration", file: file) }
            case .on(let event, _):
                if let first = seenOn[event.name] {
                    error(.duplicateStatement, "'on \(event.name)' is given twice", file: file, range: inner.range,
                          secondary: [.init(file: file, range: first.range, label: "first given here")])
                }
                seenOn[event.name] = inner
            case .verify(let suite):
                _ = expressions.expect(suite, .string, in: file, context: .constant, what: "verify")
            case .keepPrevious(let duration):
                checkPositive(duration, .duration, what: "keep_previous", file: file)
            case .batch(let size):
                checkPositive(size, .int, what: "a batch size", file: file)
            case .pause(let duration):
                checkPositive(duration, .duration, what: "a pause", file: file)
            case .health(let path):
                let typed = expressions.expect(path, .string, in: file, context: .constant, what: "a health check path")
                if case .string(let text)? = typed.value, !text.hasPrefix("/") {
                    error(.invalidEnumValue, "a health check path starts with '/'", file: file, range: path.range,
                          hints: ["write \"/\(text)\""])
                }
            default:
                break
            }
        }
        // `canary production`: the strategy's head, not its whole multi-line body.
        let headEnd = (environment ?? target).range.end
        let head = statement.range.start <= headEnd ? SourceRange(start: statement.range.start, end: headEnd) : target.range
        checkSteps(steps, strategy: name, head: head, file: file, required: kind == .canary || kind == .flagRollout)
        if gates == 0 {
            warning(.rolloutWithoutGate, "\(name) on \(environment?.name ?? target.name) has no gate or abort condition; nothing can stop it",
                    file: file, range: head,
                    hints: ["add `analyze every 10s { gate error_rate < 1% }` or `abort when error_rate > 5% for 5s`"])
        }
    }

    private mutating func checkSteps(_ steps: [(Double, Expression)], strategy: String, head: SourceRange, file: SourceFile, required: Bool) {
        guard required else { return }
        guard !steps.isEmpty else {
            error(.canaryStepsInvalid, "\(strategy) needs at least one step", file: file, range: head,
                  hints: ["add the traffic shares to walk through, such as `step 5% for 1m` and `step 50% for 1m`"])
            return
        }
        for index in steps.indices.dropFirst() where steps[index].0 <= steps[index - 1].0 {
            error(.canaryStepsNotIncreasing,
                  "step \(Value.trim(steps[index].0))% does not increase on the step before (\(Value.trim(steps[index - 1].0))%)",
                  file: file, range: steps[index].1.range,
                  hints: ["each step sends the new revision more traffic than the last; reorder or fix the shares"],
                  secondary: [.init(file: file, range: steps[index - 1].1.range, label: "previous step")], severity: .warning)
        }
        if let (value, expression) = steps.first, value <= 0 {
            error(.canaryStepsInvalid, "the first step must send some traffic (more than 0%)", file: file, range: expression.range)
        }
    }

    /// A rolling rollout walks instances: the environment must list remote admin URLs.
    private mutating func checkRollingTarget(_ environment: Symbol, target: Identifier, file: SourceFile) {
        guard let body = environment.body else { return }
        for statement in body.statements {
            if case .attribute(let name, let value) = statement.kind, name.name == "admin", case .list = value.kind { return }
            if case .attribute(let name, let value) = statement.kind, name.name == "admin", case .string = value.kind { return }
        }
        error(.invalidStrategy, "a rolling rollout walks gateway instances, but environment \(target.name) lists no admin URLs",
              file: file, range: target.range,
              hints: ["set `admin = [\"http://127.0.0.1:9081\", ...]` in environment \(target.name), or use a canary"])
    }
}
