/// The dnnscript language: syntax, diagnostics, runtime.
public enum DNNScriptInfo {
    public static let version = "0.1.0"
}
