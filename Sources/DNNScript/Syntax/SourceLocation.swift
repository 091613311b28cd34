/// Where a token or node came from: file, 1-based line and column, and the span it covers.
///
/// `offset` and `length` count Unicode scalars from the start of the source, so carets line
/// up with what a terminal shows for non-ASCII text.
public struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The file name as given on the command line (or `<stdin>`).
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column (Unicode scalars from the start of the line).
    public var column: Int
    /// Unicode-scalar offset of the first character from the start of the source.
    public var offset: Int
    /// Number of Unicode scalars covered.
    public var length: Int

    public init(file: String, line: Int, column: Int, offset: Int, length: Int) {
        self.file = file
        self.line = line
        self.column = column
        self.offset = offset
        self.length = length
    }

    /// `file:line:col`, the prefix of every diagnostic.
    public var description: String { "\(file):\(line):\(column)" }

    /// The span from the start of `self` to the end of `other`.
    public func through(_ other: SourceLocation) -> SourceLocation {
        guard other.offset + other.length > offset else { return self }
        var merged = self
        merged.length = other.offset + other.length - offset
        return merged
    }

    /// A zero-width location just after this span (for "expected … after" errors).
    public var end: SourceLocation {
        SourceLocation(file: file, line: line, column: column + length, offset: offset + length, length: 0)
    }

    /// A location that points at nothing in particular (for values built by builtins).
    public static let unknown = SourceLocation(file: "<builtin>", line: 0, column: 0, offset: 0, length: 0)
}
