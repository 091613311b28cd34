/// The dnnscript engine: matrices, numpy-compatible random numbers, datasets, networks,
/// training, gradient checking and diagnosis. It never prints.
public enum DNNCoreInfo {
    public static let version = "0.1.0"
}
