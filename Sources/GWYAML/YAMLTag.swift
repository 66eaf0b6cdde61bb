/// The YAML tags that gwpipe resolves, spelled as the full URIs libyaml reports (`!!int` in the text
/// becomes ``int`` here), so callers can compare ``YAMLNode/resolvedTag`` against them.
public enum YAMLTag {
    public static let null = "tag:yaml.org,2002:null"
    public static let bool = "tag:yaml.org,2002:bool"
    public static let int = "tag:yaml.org,2002:int"
    public static let float = "tag:yaml.org,2002:float"
    public static let str = "tag:yaml.org,2002:str"
    public static let seq = "tag:yaml.org,2002:seq"
    public static let map = "tag:yaml.org,2002:map"
    /// The YAML 1.1 merge key type (`<<`).
    public static let merge = "tag:yaml.org,2002:merge"
    /// The non-specific tag `!`: "a string / sequence / mapping, do not guess".
    public static let nonSpecific = "!"
}
