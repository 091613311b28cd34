import Foundation

/// A reader for MATLAB level-5 MAT-files (`save -v6` / `-v7`, scipy's `savemat`) holding
/// real, 2-D numeric matrices.
///
/// Reads little- and big-endian files, small data elements, and `miCOMPRESSED` elements
/// (zlib). Classes double, single, int8 … uint64 and logical become float64 matrices;
/// MATLAB's column-major storage becomes ``Matrix``'s row-major order. Anything else
/// (v7.3/HDF5, v4, cells, structs, objects, sparse, char, complex, n-D) is reported by a
/// thrown ``DatasetError/matFile(_:)`` naming the file and the variable.
public enum MatFile {
    /// Reads every variable of a MAT-file.
    /// - Parameters:
    ///   - path: the file.
    ///   - skipUnsupported: skip variables of unsupported kinds (char, cell, …) instead of throwing.
    /// - Returns: the variables by name.
    /// - Throws: ``DatasetError/io(_:)`` when the file cannot be read; ``DatasetError/matFile(_:)``
    ///   when it is not a readable v5 MAT-file or holds an unsupported variable.
    public static func read(path: String, skipUnsupported: Bool = false) throws -> [String: Matrix] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError.io("cannot read '\(path)'")
        }
        return try read(bytes: [UInt8](data), fileName: path, skipUnsupported: skipUnsupported)
    }

    /// Reads every variable of a MAT-file held in memory.
    /// - Parameters:
    ///   - bytes: the file's bytes.
    ///   - fileName: the name used in error messages.
    ///   - skipUnsupported: skip variables of unsupported kinds instead of throwing.
    /// - Returns: the variables by name.
    /// - Throws: ``DatasetError/matFile(_:)`` as ``read(path:skipUnsupported:)``.
    public static func read(bytes: [UInt8], fileName: String = "<bytes>",
                            skipUnsupported: Bool = false) throws -> [String: Matrix] {
        func fail(_ message: String) -> DatasetError { .matFile("\(fileName): \(message)") }
        let bigEndian = try readHeader(bytes, fail: fail)
        var variables: [String: Matrix] = [:]
        var reader = ByteReader(bytes: bytes[...], bigEndian: bigEndian, offset: 128)
        var index = 0
        while reader.remaining > 0 {
            index += 1
            let element: MatElement
            do {
                element = try reader.element()
            } catch let failure as MatFailure {
                throw fail("variable #\(index): \(failure.message)")
            }
            var payload = element.data
            var type = element.type
            if type == MatType.compressed {
                do {
                    let inflated = try zlibInflate(payload)
                    var inner = ByteReader(bytes: inflated[...], bigEndian: bigEndian, offset: 0)
                    let e = try inner.element()
                    payload = e.data
                    type = e.type
                } catch let failure as InflateFailure {
                    throw fail("variable #\(index): \(failure.message)")
                } catch let failure as MatFailure {
                    throw fail("variable #\(index): \(failure.message)")
                }
            }
            guard type == MatType.matrix else {
                throw fail("variable #\(index): expected a matrix element (type 14), found type \(type)")
            }
            do {
                let (name, matrix) = try parseMatrix(payload, bigEndian: bigEndian)
                if let matrix { variables[name] = matrix }
            } catch let failure as MatFailure {
                if failure.unsupported && skipUnsupported { continue }
                let who = failure.variable.map { "variable '\($0)'" } ?? "variable #\(index)"
                throw fail("\(who): \(failure.message)")
            }
        }
        return variables
    }

    /// Checks the 128-byte header and returns whether the file is big-endian.
    private static func readHeader(_ bytes: [UInt8], fail: (String) -> DatasetError) throws -> Bool {
        let hdf5: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]
        let text = String(decoding: bytes.prefix(116), as: UTF8.self)
        if text.hasPrefix("MATLAB 7.3") || (bytes.count >= 520 && Array(bytes[512..<520]) == hdf5)
            || bytes.starts(with: hdf5) {
            throw fail("v7.3 MAT-files are HDF5; save with -v7 or -v6")
        }
        guard text.hasPrefix("MATLAB") else {
            throw fail("not a MAT-file (no 'MATLAB 5.0 MAT-file' header; level-4 files are not supported)")
        }
        guard bytes.count >= 128 else {
            throw fail("truncated MAT-file header (\(bytes.count) of 128 bytes)")
        }
        let indicator = (bytes[126], bytes[127])
        let bigEndian: Bool
        switch indicator {
        case (0x49, 0x4d): bigEndian = false  // "IM": written little-endian
        case (0x4d, 0x49): bigEndian = true   // "MI": written big-endian
        default:
            throw fail("unsupported MAT-file header (no endian indicator)")
        }
        let version = bigEndian ? (UInt16(bytes[124]) << 8 | UInt16(bytes[125]))
                                : (UInt16(bytes[125]) << 8 | UInt16(bytes[124]))
        if version == 0x0200 { throw fail("v7.3 MAT-files are HDF5; save with -v7 or -v6") }
        guard version == 0x0100 else { throw fail("unsupported MAT-file version 0x\(String(version, radix: 16))") }
        return bigEndian
    }

    /// Parses the contents of an `miMATRIX` element; nil matrix for nothing to keep.
    private static func parseMatrix(_ payload: ArraySlice<UInt8>, bigEndian: Bool) throws -> (String, Matrix?) {
        var r = ByteReader(bytes: payload, bigEndian: bigEndian, offset: payload.startIndex)
        let flagsElement = try r.element()
        guard flagsElement.type == MatType.uint32, flagsElement.data.count >= 8 else {
            throw MatFailure("bad array flags")
        }
        let flagWord = ByteReader(bytes: flagsElement.data, bigEndian: bigEndian, offset: flagsElement.data.startIndex)
            .peekUInt32()
        let arrayClass = Int(flagWord & 0xff)
        let isComplex = flagWord & 0x800 != 0
        let dimsElement = try r.element()
        // opaque objects (MATLAB strings, tables, …) have their name where others have dimensions
        let nameElement = arrayClass == 17 ? dimsElement : try r.element()
        let name = String(decoding: nameElement.data, as: UTF8.self)
        func failure(_ message: String, unsupported: Bool = true) -> MatFailure {
            MatFailure(message, variable: name.isEmpty ? nil : name, unsupported: unsupported)
        }
        if let kind = unsupportedClasses[arrayClass] {
            throw failure("\(kind) are not supported (only numeric matrices)")
        }
        guard dimsElement.type == MatType.int32 else { throw failure("bad dimensions element", unsupported: false) }
        var dimsReader = ByteReader(bytes: dimsElement.data, bigEndian: bigEndian, offset: dimsElement.data.startIndex)
        var dims: [Int] = []
        while dimsReader.remaining >= 4 { dims.append(Int(Int32(bitPattern: try dimsReader.uint32()))) }
        guard (6...15).contains(arrayClass) else { throw failure("unknown array class \(arrayClass)", unsupported: false) }
        if isComplex { throw failure("complex matrices are not supported (real only)") }
        guard dims.count >= 2, dims.allSatisfy({ $0 >= 0 }) else { throw failure("bad dimensions \(dims)", unsupported: false) }
        if dims.count > 2 && dims[2...].contains(where: { $0 != 1 }) {
            throw failure("\(dims.map(String.init).joined(separator: "×")) arrays are not supported (2-D only)")
        }
        let (rows, cols) = (dims[0], dims[1])
        do { try Matrix.checkSize(rows: rows, cols: cols) } catch let e as MatrixError {
            throw failure(e.description, unsupported: false)
        }
        let count = rows * cols
        let realElement = try r.element()
        let values = try decodeNumbers(realElement, bigEndian: bigEndian, name: name)
        guard values.count == count else {
            throw failure("expected \(count) values for \(rows)×\(cols), found \(values.count)", unsupported: false)
        }
        var matrix = try Matrix(rows: rows, cols: cols)
        // loop over stored values, not dimensions: a 0×2²⁸ matrix must cost nothing
        for (k, v) in values.enumerated() {
            let (c, row) = k.quotientAndRemainder(dividingBy: rows)
            matrix.values[row * cols + c] = v
        }
        return (name, matrix)
    }

    private static let unsupportedClasses: [Int: String] = [
        1: "cell arrays", 2: "structs", 3: "objects", 4: "char arrays", 5: "sparse matrices",
        16: "function handles", 17: "opaque objects",
    ]

    /// Decodes a numeric data element into doubles.
    private static func decodeNumbers(_ e: MatElement, bigEndian: Bool, name: String) throws -> [Double] {
        guard let width = MatType.width[e.type] else {
            throw MatFailure("unsupported data type \(e.type)", variable: name, unsupported: false)
        }
        guard e.data.count % width == 0 else {
            throw MatFailure("data length \(e.data.count) is not a multiple of \(width)", variable: name, unsupported: false)
        }
        var r = ByteReader(bytes: e.data, bigEndian: bigEndian, offset: e.data.startIndex)
        let n = e.data.count / width
        var out = [Double]()
        out.reserveCapacity(n)
        for _ in 0..<n {
            switch e.type {
            case MatType.int8: out.append(Double(Int8(bitPattern: try r.uint8())))
            case MatType.uint8: out.append(Double(try r.uint8()))
            case MatType.int16: out.append(Double(Int16(bitPattern: try r.uint16())))
            case MatType.uint16: out.append(Double(try r.uint16()))
            case MatType.int32: out.append(Double(Int32(bitPattern: try r.uint32())))
            case MatType.uint32: out.append(Double(try r.uint32()))
            case MatType.single: out.append(Double(Float(bitPattern: try r.uint32())))
            case MatType.double: out.append(Double(bitPattern: try r.uint64()))
            case MatType.int64: out.append(Double(Int64(bitPattern: try r.uint64())))
            default: out.append(Double(try r.uint64()))  // uint64
            }
        }
        return out
    }
}

/// MAT-file data types (the `mi…` constants).
enum MatType {
    static let int8 = 1, uint8 = 2, int16 = 3, uint16 = 4, int32 = 5, uint32 = 6
    static let single = 7, double = 9, int64 = 12, uint64 = 13
    static let matrix = 14, compressed = 15
    static let width: [Int: Int] = [1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8]
}

/// One data element: its type and its bytes (padding excluded).
struct MatElement {
    var type: Int
    var data: ArraySlice<UInt8>
}

/// A reading failure inside the file; the caller adds the file name.
struct MatFailure: Error {
    var message: String
    var variable: String?
    /// True for well-formed variables of a kind the reader does not handle.
    var unsupported: Bool
    init(_ message: String, variable: String? = nil, unsupported: Bool = false) {
        self.message = message
        self.variable = variable
        self.unsupported = unsupported
    }
}

/// A bounds-checked cursor over bytes in the file's byte order.
struct ByteReader {
    let bytes: ArraySlice<UInt8>
    let bigEndian: Bool
    var offset: Int

    var remaining: Int { bytes.endIndex - offset }

    mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= remaining else {
            throw MatFailure("truncated file (needed \(n) bytes at offset \(offset - bytes.startIndex), \(max(remaining, 0)) left)")
        }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    private mutating func integer(_ n: Int) throws -> UInt64 {
        let raw = try take(n)
        var value: UInt64 = 0
        if bigEndian {
            for b in raw { value = value << 8 | UInt64(b) }
        } else {
            for b in raw.reversed() { value = value << 8 | UInt64(b) }
        }
        return value
    }

    mutating func uint8() throws -> UInt8 { UInt8(try integer(1)) }
    mutating func uint16() throws -> UInt16 { UInt16(try integer(2)) }
    mutating func uint32() throws -> UInt32 { UInt32(try integer(4)) }
    mutating func uint64() throws -> UInt64 { try integer(8) }

    /// The first 32-bit word without moving (0 when fewer than 4 bytes remain).
    func peekUInt32() -> UInt32 {
        var copy = self
        return (try? copy.uint32()) ?? 0
    }

    /// The next data element, handling the small data element format and 8-byte padding.
    mutating func element() throws -> MatElement {
        let word = try uint32()
        if word >> 16 != 0 {
            // small data element: size in the high half, type in the low half, data in 4 bytes
            let size = Int(word >> 16), type = Int(word & 0xffff)
            guard size <= 4 else { throw MatFailure("bad small data element (\(size) bytes)") }
            let data = try take(4)
            return MatElement(type: type, data: data.prefix(size))
        }
        let type = Int(word)
        let size = Int(try uint32())
        let data = try take(size)
        if type != MatType.compressed {
            let padding = (8 - size % 8) % 8
            offset += min(padding, remaining)
        }
        return MatElement(type: type, data: data)
    }
}

extension Dataset {
    /// The course's regularization data (`data.mat`): X, y as the training set and Xval,
    /// yval as the test set, transposed to examples as columns (X.T, y.T as the course does).
    /// - Parameter path: the MAT-file.
    /// - Returns: `(train, test)`.
    /// - Throws: ``DatasetError/matFile(_:)`` when a variable is missing or the shapes do
    ///   not fit (labels must be m×1 or 1×m), and any error of ``MatFile/read(path:skipUnsupported:)``.
    public static func fromCourseMat(path: String) throws -> (train: Dataset, test: Dataset) {
        let variables = try MatFile.read(path: path, skipUnsupported: true)
        func pair(_ xName: String, _ yName: String, name: String) throws -> Dataset {
            guard let x = variables[xName], let y = variables[yName] else {
                let missing = [xName, yName].filter { variables[$0] == nil }.map { "'\($0)'" }
                throw DatasetError.matFile("\(path): no variable \(missing.joined(separator: " or ")) "
                    + "(found: \(variables.keys.sorted().joined(separator: ", ")))")
            }
            guard y.rows == 1 || y.cols == 1, y.count == x.rows else {
                throw DatasetError.matFile("\(path): '\(yName)' is \(y.shape) but '\(xName)' has \(x.rows) examples (rows)")
            }
            return Dataset(unchecked: try transposedCopy(x), Matrix(row: y.values), classNames: [], name: name)
        }
        return (try pair("X", "y", name: "train"), try pair("Xval", "yval", name: "test"))
    }
}

/// The transpose by plain loops (a free function, so this file does not depend on or clash
/// with Matrix's BLAS layer).
private func transposedCopy(_ m: Matrix) throws -> Matrix {
    var out = try Matrix(rows: m.cols, cols: m.rows)
    for r in 0..<m.rows { for c in 0..<m.cols { out.values[c * m.rows + r] = m.values[r * m.cols + c] } }
    return out
}
