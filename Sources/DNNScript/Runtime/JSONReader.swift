/// A small JSON reader for model files. Numbers are read with Swift's correctly rounded
/// `Double(String)`, so weights written in shortest round-trip form come back bit for bit
/// (Foundation's JSONSerialization on Linux does not guarantee that).
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

struct JSONReader {
    struct Failure: Error { let message: String }
    /// Nesting deeper than this is refused (a model file needs 4 levels).
    static let maxDepth = 64

    private let bytes: [UInt8]
    private var i = 0

    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        var reader = JSONReader(bytes: bytes)
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.i == bytes.count else { throw Failure(message: "extra text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipSpace()
        guard i < bytes.count, bytes[i] == byte else { throw Failure(message: "expected '\(Character(Unicode.Scalar(byte)))' at byte \(i)") }
        i += 1
    }

    private mutating func value(depth: Int) throws -> JSONValue {
        guard depth < JSONReader.maxDepth else { throw Failure(message: "nested too deeply") }
        skipSpace()
        guard i < bytes.count else { throw Failure(message: "unexpected end of file") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var object: [String: JSONValue] = [:]
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(object) }
            repeat {
                skipSpace()
                guard case .string(let key) = try value(depth: depth + 1) else { throw Failure(message: "expected a key at byte \(i)") }
                try expect(UInt8(ascii: ":"))
                object[key] = try value(depth: depth + 1)
                skipSpace()
            } while try more(closing: UInt8(ascii: "}"))
            return .object(object)
        case UInt8(ascii: "["):
            i += 1
            var array: [JSONValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(array) }
            repeat {
                array.append(try value(depth: depth + 1))
                skipSpace()
            } while try more(closing: UInt8(ascii: "]"))
            return .array(array)
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            for (word, v) in [("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null)] {
                let w = Array(word.utf8)
                if i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w { i += w.count; return v }
            }
            throw Failure(message: "unexpected text at byte \(i)")
        default:
            let start = i
            while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
            guard let text = String(bytes: bytes[start..<i], encoding: .utf8), let d = Double(text) else {
                throw Failure(message: "unexpected text at byte \(start)")
            }
            return .number(d)
        }
    }

    private mutating func more(closing: UInt8) throws -> Bool {
        guard i < bytes.count else { throw Failure(message: "unexpected end of file") }
        if bytes[i] == UInt8(ascii: ",") { i += 1; return true }
        if bytes[i] == closing { i += 1; return false }
        throw Failure(message: "expected ',' or '\(Character(Unicode.Scalar(closing)))' at byte \(i)")
    }

    private mutating func string() throws -> String {
        i += 1
        var out: [UInt8] = []
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count {
                i += 1
                switch bytes[i] {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "u"):
                    guard i + 4 < bytes.count, let code = UInt32(String(decoding: bytes[(i + 1)...(i + 4)], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(code) else { throw Failure(message: "bad \\u escape at byte \(i)") }
                    out += Array(String(Character(scalar)).utf8)
                    i += 4
                default: out.append(bytes[i])
                }
            } else {
                out.append(bytes[i])
            }
            i += 1
        }
        guard i < bytes.count else { throw Failure(message: "unterminated string") }
        i += 1
        return String(decoding: out, as: UTF8.self)
    }
}
