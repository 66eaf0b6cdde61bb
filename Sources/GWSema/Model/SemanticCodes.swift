import GWSyntax

/// Diagnostic codes of the checker: `E03xx` names and types, `E04xx` declarations and rules,
/// `E05xx` values, keys and imported files, `W03xx` warnings.
extension DiagnosticCode {
    public static let unknownName: DiagnosticCode = "E0301"
    public static let duplicateName: DiagnosticCode = "E0302"
    public static let wrongEntityKind: DiagnosticCode = "E0303"
    public static let typeMismatch: DiagnosticCode = "E0304"
    public static let invalidOperands: DiagnosticCode = "E0305"
    public static let unknownAttribute: DiagnosticCode = "E0306"
    public static let missingAttribute: DiagnosticCode = "E0307"
    public static let invalidEnumValue: DiagnosticCode = "E0308"
    public static let percentOutOfRange: DiagnosticCode = "E0309"
    public static let reversedRange: DiagnosticCode = "E0310"
    public static let requestPropertyOutsideRoute: DiagnosticCode = "E0311"
    public static let metricOutsideGate: DiagnosticCode = "E0312"
    public static let invalidRegex: DiagnosticCode = "E0313"
    public static let secretInString: DiagnosticCode = "E0314"
    public static let unknownFunction: DiagnosticCode = "E0315"
    public static let unknownType: DiagnosticCode = "E0316"
    public static let valueOutOfRange: DiagnosticCode = "E0317"
    public static let duplicateAttribute: DiagnosticCode = "E0318"

    public static let gatewayDeclaration: DiagnosticCode = "E0401"
    public static let limitWithoutBy: DiagnosticCode = "E0402"
    public static let retryWithoutBackoff: DiagnosticCode = "E0403"
    public static let adminWithoutToken: DiagnosticCode = "E0404"
    public static let unobservableMetric: DiagnosticCode = "E0405"
    public static let canaryStepsInvalid: DiagnosticCode = "E0406"
    public static let routeWithoutTarget: DiagnosticCode = "E0407"
    public static let duplicateStatement: DiagnosticCode = "E0408"
    public static let missingStatement: DiagnosticCode = "E0409"
    public static let invalidStrategy: DiagnosticCode = "E0410"
    public static let pipelineStructure: DiagnosticCode = "E0411"
    public static let invalidWeight: DiagnosticCode = "E0412"
    public static let invalidCondition: DiagnosticCode = "E0413"
    public static let fallbackCycle: DiagnosticCode = "E0414"
    public static let secretUnsetAtRun: DiagnosticCode = "E0415"

    public static let importCycle: DiagnosticCode = "E0501"
    public static let unreadableFile: DiagnosticCode = "E0502"
    public static let valuesNotMapping: DiagnosticCode = "E0503"
    public static let valuesUnknownKey: DiagnosticCode = "E0504"
    public static let valuesMissingParam: DiagnosticCode = "E0505"
    public static let valuesTypeMismatch: DiagnosticCode = "E0506"
    public static let invalidYAML: DiagnosticCode = "E0507"
    public static let keysFileInvalid: DiagnosticCode = "E0508"
    public static let plainKeyInKeysFile: DiagnosticCode = "E0509"
    public static let unknownEnvironment: DiagnosticCode = "E0510"
    public static let certificateFileInvalid: DiagnosticCode = "E0511"

    public static let unreachableArm: DiagnosticCode = "W0301"
    public static let duplicateRouteMatch: DiagnosticCode = "W0302"
    public static let weightsNotHundred: DiagnosticCode = "W0303"
    public static let canaryStepsNotIncreasing: DiagnosticCode = "W0304"
    public static let rolloutWithoutGate: DiagnosticCode = "W0305"
    public static let secretUnset: DiagnosticCode = "W0306"
    public static let limitsPerInstance: DiagnosticCode = "W0307"

    /// Every checker code with a title, for documentation and coverage tests.
    public static let semanticCatalog: [(DiagnosticCode, String)] = [
        (.unknownName, "unknown name"), (.duplicateName, "duplicate name"), (.wrongEntityKind, "wrong kind of entity"),
        (.typeMismatch, "type mismatch"), (.invalidOperands, "invalid operands"), (.unknownAttribute, "unknown attribute"),
        (.missingAttribute, "missing attribute"), (.invalidEnumValue, "invalid value"),
        (.percentOutOfRange, "percent outside 0-100"), (.reversedRange, "range bounds reversed"),
        (.requestPropertyOutsideRoute, "request property outside a route rule"),
        (.metricOutsideGate, "metric outside a gate"), (.invalidRegex, "invalid regular expression"),
        (.secretInString, "secret reaching a string"), (.unknownFunction, "unknown function"),
        (.unknownType, "unknown type"), (.valueOutOfRange, "value out of range"),
        (.duplicateAttribute, "attribute set twice"),
        (.gatewayDeclaration, "gateway declaration"), (.limitWithoutBy, "limit without by"),
        (.retryWithoutBackoff, "retry without backoff"), (.adminWithoutToken, "admin beyond loopback without token"),
        (.unobservableMetric, "metric the strategy cannot observe"), (.canaryStepsInvalid, "invalid canary steps"),
        (.routeWithoutTarget, "route without upstream"), (.duplicateStatement, "statement given twice"),
        (.missingStatement, "required statement missing"), (.invalidStrategy, "invalid strategy"),
        (.pipelineStructure, "invalid pipeline structure"), (.invalidWeight, "invalid weight"),
        (.invalidCondition, "invalid retry/fallback condition"), (.fallbackCycle, "fallback cycle"),
        (.secretUnsetAtRun, "secret unset"),
        (.importCycle, "import cycle"), (.unreadableFile, "unreadable file"), (.valuesNotMapping, "values not a mapping"),
        (.valuesUnknownKey, "unknown key in values"), (.valuesMissingParam, "missing param value"),
        (.valuesTypeMismatch, "values type mismatch"), (.invalidYAML, "invalid YAML"),
        (.keysFileInvalid, "invalid keys file"), (.plainKeyInKeysFile, "plain key in keys file"),
        (.unknownEnvironment, "unknown environment"), (.certificateFileInvalid, "invalid CA certificate file"),
        (.unreachableArm, "unreachable when arm"), (.duplicateRouteMatch, "duplicate route match"),
        (.weightsNotHundred, "weights not summing to 100%"), (.canaryStepsNotIncreasing, "canary steps not increasing"),
        (.rolloutWithoutGate, "rollout without gate"), (.secretUnset, "secret environment variable unset"),
        (.limitsPerInstance, "rate limits counted per instance"),
    ]
}
