/// Plot descriptions and their renderers (SVG, terminal). Knows nothing of the engine.
public enum DNNPlotInfo {
    public static let version = "0.1.0"
}
