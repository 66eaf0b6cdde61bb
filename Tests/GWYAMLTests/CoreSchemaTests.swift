import Testing
@testable import GWYAML

@Suite struct CoreSchemaTests {
    @Test(arguments: [
        ("~", YAMLTag.null), ("null", YAMLTag.null), ("Null", YAMLTag.null), ("NULL", YAMLTag.null), ("", YAMLTag.null),
        ("nULL", YAMLTag.str), ("none", YAMLTag.str),
        ("true", YAMLTag.bool), ("True", YAMLTag.bool), ("FALSE", YAMLTag.bool), ("tRUE", YAMLTag.str),
        ("yes", YAMLTag.str), ("on", YAMLTag.str), ("y", YAMLTag.str),
        ("0", YAMLTag.int), ("-17", YAMLTag.int), ("+3", YAMLTag.int), ("0o17", YAMLTag.int), ("0x1F", YAMLTag.int),
        ("0755", YAMLTag.int), ("0b101", YAMLTag.str), ("1_000", YAMLTag.str), ("0x", YAMLTag.str), ("-", YAMLTag.str),
        ("1.5", YAMLTag.float), ("-.5", YAMLTag.float), ("1.", YAMLTag.float), ("1e3", YAMLTag.float), ("2.5E-3", YAMLTag.float),
        (".inf", YAMLTag.float), ("-.Inf", YAMLTag.float), (".NaN", YAMLTag.float), ("-.nan", YAMLTag.str),
        (".", YAMLTag.str), ("1e", YAMLTag.str), ("1.2.3", YAMLTag.str), ("1:30", YAMLTag.str), ("1.5 seconds", YAMLTag.str),
    ])
    func plainScalarResolution(text: String, tag: String) {
        #expect(YAMLScalar(text).resolvedTag == tag)
    }

    @Test func quotedScalarsAreAlwaysStrings() {
        for style in [YAMLScalar.Style.singleQuoted, .doubleQuoted, .literal, .folded] {
            let scalar = YAMLScalar("true", style: style)
            #expect(scalar.resolvedTag == YAMLTag.str)
            #expect(scalar.boolValue == nil)
            #expect(!YAMLScalar("", style: style).isNull)
        }
    }

    @Test func typedAccessors() {
        #expect(YAMLScalar("0o17").intValue == 15)
        #expect(YAMLScalar("0x1F").intValue == 31)
        #expect(YAMLScalar("-42").intValue == -42)
        #expect(YAMLScalar("99999999999999999999").intValue == nil)
        #expect(YAMLScalar("99999999999999999999").doubleValue == 1e20)
        #expect(YAMLScalar("0xFFFFFFFFFFFFFFFFFF").doubleValue == nil)
        #expect(YAMLScalar("1e3").doubleValue == 1000)
        #expect(YAMLScalar(".5").doubleValue == 0.5)
        #expect(YAMLScalar("1.").doubleValue == 1)
        #expect(YAMLScalar("+1.5e+2").doubleValue == 150)
        #expect(YAMLScalar("-.INF").doubleValue == -.infinity)
        #expect(YAMLScalar(".nan").doubleValue?.isNaN == true)
        #expect(YAMLScalar("1.5").intValue == nil)
        #expect(YAMLScalar("True").boolValue == true)
        #expect(YAMLScalar("no").boolValue == nil)
        // An explicit core tag types the text whatever its style.
        #expect(YAMLScalar("42", style: .doubleQuoted, tag: YAMLTag.int).intValue == 42)
        #expect(YAMLScalar("42", tag: YAMLTag.str).intValue == nil)
        #expect(YAMLScalar("x", tag: YAMLTag.null).isNull)
        #expect(YAMLScalar("~", tag: "!").isNull == false)
    }

    @Test func equalityComparesMeaningNotPresentation() {
        let plain = YAMLScalar("x", start: YAMLMark(line: 1, column: 1, offset: 0))
        let quoted = YAMLScalar("x", style: .doubleQuoted, start: YAMLMark(line: 9, column: 9, offset: 99))
        #expect(plain == quoted)
        #expect(plain.hashValue == quoted.hashValue)
        #expect(YAMLScalar("true") != YAMLScalar("true", style: .singleQuoted))
        #expect(YAMLScalar("1") != YAMLScalar("1", tag: YAMLTag.str))
        #expect(YAMLScalar("x", tag: "!a") != YAMLScalar("x", tag: "!b"))
        #expect(YAMLNode.sequence(YAMLSequence(["a"], style: .flow)) == ["a"])
        #expect(YAMLNode.sequence(YAMLSequence(["a"], tag: "!list")) != ["a"])
        #expect(YAMLNode.mapping(YAMLMapping([(key: "a", value: 1), (key: "b", value: 2)])) != ["b": 2, "a": 1])
        #expect(Set<YAMLNode>(["x", .scalar(quoted), 1, "1"]).count == 3)
    }

    @Test func builders() {
        #expect(YAMLNode.string("true").scalar?.style == .doubleQuoted)
        #expect(YAMLNode.string("plain text").scalar?.style == .plain)
        #expect(YAMLNode.string("3", style: .plain).scalar?.style == .doubleQuoted)
        #expect(YAMLNode.string("a\nb", style: .literal).scalar?.style == .literal)
        #expect(YAMLNode.string("").resolvedTag == YAMLTag.str)
        #expect(YAMLNode.double(1.0).scalarValue == "1.0")
        #expect(YAMLNode.double(1e-5).doubleValue == 1e-5)
        #expect(YAMLNode.null.isNull)
        let node: YAMLNode = ["s": "1", "i": 1, "f": 1.5, "b": true, "l": [1, "x"], "m": [:]]
        #expect(node["s"]?.intValue == nil)
        #expect(node["i"]?.intValue == 1)
        #expect(node["f"]?.doubleValue == 1.5)
        #expect(node["b"]?.boolValue == true)
        #expect(node["l"]?.sequence?.count == 2)
        #expect(node["m"]?.mapping?.count == 0)
        #expect(node.start == .unknown && !node.start.isKnown)
    }
}
