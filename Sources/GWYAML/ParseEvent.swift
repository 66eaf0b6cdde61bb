/// A libyaml parser event converted to Swift values, so the tree builder never touches C memory
/// (libyaml frees each event right after it is converted).
enum ParseEvent {
    case streamStart
    case streamEnd
    case documentStart(start: YAMLMark)
    case documentEnd
    case alias(anchor: String, start: YAMLMark)
    case scalar(YAMLScalar, anchor: String?)
    case sequenceStart(anchor: String?, tag: String?, style: YAMLCollectionStyle, start: YAMLMark)
    case sequenceEnd(end: YAMLMark)
    case mappingStart(anchor: String?, tag: String?, style: YAMLCollectionStyle, start: YAMLMark)
    case mappingEnd(end: YAMLMark)
}
