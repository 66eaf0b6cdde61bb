import GWSema
import GWSyntax

/// Pipelines: stages and parallel groups become a DAG of steps; gates compile to `GateExpression`s.
extension PlanBuilder {
    mutating func pipelinePlan(_ symbol: Symbol) throws -> PipelinePlan {
        var stages: [String] = []
        var steps: [StepPlan] = []
        var onFailure: [StepPlan] = []
        var previous: [String] = []
        for statement in symbol.body!.statements {
            switch statement.kind {
            case .stage(let name, let body):
                stages.append(name.name)
                var counter = 0
                for step in body.statements {
                    counter += 1
                    previous = try appendStep(
                        step, id: "\(name.name).\(counter)", stage: name.name, after: previous, file: symbol.file, into: &steps)
                }
            case .onFailure(let body):
                var after: [String] = []
                for (index, step) in body.statements.enumerated() {
                    after = try appendStep(step, id: "on_failure.\(index + 1)", stage: "on failure", after: after, file: symbol.file, into: &onFailure)
                }
            default:
                break
            }
        }
        return PipelinePlan(stages: stages, steps: steps, onFailure: onFailure)
    }

    /// Appends `statement` (a group fans out) and returns the ids the next step must wait for.
    private mutating func appendStep(
        _ statement: Statement, id: String, stage: String, after: [String], file: SourceFile, into steps: inout [StepPlan]
    ) throws -> [String] {
        if case .parallel(let body) = statement.kind {
            var joined: [String] = []
            for (index, child) in body.statements.enumerated() {
                joined += try appendStep(child, id: "\(id).\(index + 1)", stage: stage, after: after, file: file, into: &steps)
            }
            return joined
        }
        var step = StepPlan(id: id, kind: "", stage: stage, dependsOn: after, location: PlanBuilder.location(file, statement.range))
        switch statement.kind {
        case .check:
            step.kind = "check"
        case .scan:
            step.kind = "scan"
        case .test(let suite, let target):
            step.kind = "test"
            step.suite = PlanBuilder.string(try value(suite, in: file))
            switch target {
            case .mocks?: step.target = "mocks"
            case .environment(let environment)?: step.target = environment.name
            case nil: step.target = nil
            }
        case .run(let command, let timeout):
            step.kind = "run"
            step.command = PlanBuilder.string(try value(command, in: file))
            step.timeoutMs = try timeout.map { PlanBuilder.milliseconds(try value($0, in: file)) } ?? nil
        case .deploy(let environment):
            step.kind = "deploy"
            step.environment = environment.name
        case .rollback(let environment):
            step.kind = "rollback"
            step.environment = environment.name
        case .wait(let duration):
            step.kind = "wait"
            step.durationMs = PlanBuilder.milliseconds(try value(duration, in: file))
        case .gate(let condition, let over, let environment):
            step.kind = "gate"
            step.gate = try gatePlan(condition, in: file)
            step.overMs = try over.map { PlanBuilder.milliseconds(try value($0, in: file)) } ?? nil
            step.environment = environment?.name ?? model.symbols(of: .environment).first?.name.name
        case .approve(let condition):
            step.kind = "approve"
            step.approveWhen = condition.map { file.text(in: $0.range) }
        case .notify(let url):
            step.kind = "notify"
            let target = try value(url, in: file)
            if case .secret(let reference) = target {
                step.urlSecret = SecretPlan(environmentVariable: reference.environmentVariable)
            } else {
                step.url = PlanBuilder.string(target)
            }
        case .strategy(let kind, let target, let environment, let body):
            step.kind = "strategy"
            step.strategy = try strategyPlan(kind, target: target, environment: environment, body: body, file: file)
            step.environment = step.strategy?.environment
        default:
            throw InternalError(description: "\(step.location): not a pipeline step")
        }
        steps.append(step)
        return [id]
    }

    private mutating func strategyPlan(
        _ kind: StrategyKind, target: Identifier, environment: Identifier?, body: Block, file: SourceFile
    ) throws -> StrategyPlan {
        let environmentName = kind == .flagRollout
            ? (environment?.name ?? model.symbols(of: .environment).first?.name.name ?? PlanBuilder.defaultEnvironment)
            : target.name
        var plan = StrategyPlan(kind: kind.rawValue, environment: environmentName)
        if kind == .flagRollout { plan.flag = target.name }
        for statement in body.statements {
            switch statement.kind {
            case .attribute(let name, let expression):
                let value = try value(expression, in: file)
                switch (name.name, value) {
                case ("traffic", .synthetic(let rate)): plan.syntheticRps = rate.numeric
                case ("min_requests", _): plan.minRequests = value.numeric ?? 0
                case ("failure_limit", _): plan.failureLimit = Int(value.numeric ?? 0)
                default: break
                }
            case .step(let amount, let duration):
                let percent = try value(amount, in: file).numeric ?? 0
                let milliseconds = try duration.map { PlanBuilder.milliseconds(try value($0, in: file)) } ?? nil
                plan.steps.append(.init(percent: percent, durationMs: milliseconds ?? 0))
            case .analyze(let interval, let gates):
                plan.analysisIntervalMs = PlanBuilder.milliseconds(try value(interval, in: file))
                for gate in gates.statements {
                    if case .gate(let condition, _, _) = gate.kind { plan.gates.append(try gatePlan(condition, in: file)) }
                }
            case .abort(let condition, let duration):
                let forMs = try duration.map { PlanBuilder.milliseconds(try value($0, in: file)) } ?? nil
                plan.aborts.append(.init(gate: try gatePlan(condition, in: file), forMs: forMs ?? 0))
            case .on(let event, let action):
                if event.name == "fail" { plan.onFail = action.name } else { plan.onInconclusive = action.name }
            case .verify(let suite):
                plan.verify = PlanBuilder.string(try value(suite, in: file))
            case .keepPrevious(let duration):
                plan.keepPreviousMs = PlanBuilder.milliseconds(try value(duration, in: file))
            case .batch(let size):
                plan.batch = (try value(size, in: file)).numeric.map { Int($0) }
            case .pause(let duration):
                plan.pauseMs = PlanBuilder.milliseconds(try value(duration, in: file))
            case .health(let path):
                plan.health = PlanBuilder.string(try value(path, in: file))
            default:
                break
            }
        }
        return plan
    }

    // MARK: Gates

    mutating func gatePlan(_ condition: Expression, in file: SourceFile) throws -> GatePlan {
        GatePlan(
            source: file.text(in: condition.range), condition: try gateExpression(condition, in: file),
            location: PlanBuilder.location(file, condition.range))
    }

    /// Metrics in base units: percent for rates, milliseconds for latencies, per second for rps.
    mutating func gateExpression(_ expression: Expression, in file: SourceFile) throws -> GateExpression {
        switch expression.kind {
        case .parenthesized(let inner):
            return try gateExpression(inner, in: file)
        case .name(let name) where model.symbolTable[name.name] == nil && BuiltinNames.metrics[name.name] != nil:
            return .metric(name: name.name, side: "canary", provider: nil)
        case .member(let base, let member):
            if case .name(let side) = base.kind { return .metric(name: member.name, side: side.name, provider: nil) }
        case .call(let callee, let arguments) where callee.name == "upstream_errors":
            if case .name(let provider)? = arguments.first?.kind {
                return .metric(name: "upstream_errors", side: "canary", provider: provider.name)
            }
        case .unary(.not, let inner):
            return .not(try gateExpression(inner, in: file))
        case .binary(.and, let lhs, let rhs):
            return .and(try gateExpression(lhs, in: file), try gateExpression(rhs, in: file))
        case .binary(.or, let lhs, let rhs):
            return .or(try gateExpression(lhs, in: file), try gateExpression(rhs, in: file))
        case .binary(let op, let lhs, let rhs) where op.isComparison:
            return .compare(op.rawValue, try gateExpression(lhs, in: file), try gateExpression(rhs, in: file))
        case .binary(let op, let lhs, let rhs):
            return .arithmetic(op.rawValue, try gateExpression(lhs, in: file), try gateExpression(rhs, in: file))
        default:
            break
        }
        let constant = try value(expression, in: file)
        switch constant {
        case .bool(let flag): return .boolean(flag)
        case .duration(let nanos): return .constant(Double(nanos) / 1_000_000)
        default:
            guard let number = constant.numeric else {
                throw InternalError(description: "\(PlanBuilder.location(file, expression.range)): not a number")
            }
            return .constant(number)
        }
    }
}
