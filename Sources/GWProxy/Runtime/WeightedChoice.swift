import GWPlan

/// Picks one upstream of an arm at random, in proportion to the weights.
enum WeightedChoice {
    static func pick<R: RandomNumberGenerator>(_ targets: [TargetPlan], using random: inout R) -> TargetPlan {
        guard targets.count > 1 else { return targets[0] }
        let total = targets.reduce(0) { $0 + $1.weight }
        var point = Double.random(in: 0..<max(total, .leastNonzeroMagnitude), using: &random)
        for target in targets {
            if point < target.weight { return target }
            point -= target.weight
        }
        return targets[targets.count - 1]
    }
}
