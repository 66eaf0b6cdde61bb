import GWPlan

/// Picks one upstream of an arm at random, in proportion to the weights.
enum WeightedChoice {
    /// The index of the target picked (`targets` is not empty).
    static func pick<R: RandomNumberGenerator>(_ targets: [TargetPlan], using random: inout R) -> Int {
        guard targets.count > 1 else { return 0 }
        let total = targets.reduce(0) { $0 + $1.weight }
        var point = Double.random(in: 0..<max(total, .leastNonzeroMagnitude), using: &random)
        for (index, target) in targets.enumerated() {
            if point < target.weight { return index }
            point -= target.weight
        }
        return targets.count - 1
    }
}
