import Foundation

/// A small JSON reader for model files and the Jupyter kernel's messages. Numbers are read with Swift's correctly rounded
/// `Double(String)`, so weights written in shortest round-trip form come back bit for bit
/// (Foundation's JSONSerialization on Linux does not guarantee that).
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

public struct JSONReader {
    public struct Failure: Error { public let message: String }
    /// Nesting deeper than this is refused (a model file needs 4 levels).
    static let maxDepth = 64

    private let bytes: [UInt8]
    private var i = 0

    /// Parses one JSON document.
    /// - Throws: ``Failure`` with the byte where it went wrong.
    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
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
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard var code = hex4(at: i + 1) else { throw Failure(message: "bad \\u escape at byte \(i)") }
                    i += 4
                    // A UTF-16 surrogate pair (\ud83d\ude00) is one scalar.
                    if (0xD800..<0xDC00).contains(code), i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\"),
                       bytes[i + 2] == UInt8(ascii: "u"), let low = hex4(at: i + 3), (0xDC00..<0xE000).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw Failure(message: "bad \\u escape at byte \(i)") }
                    out += Array(String(Character(scalar)).utf8)
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

    private func hex4(at start: Int) -> UInt32? {
        guard start + 4 <= bytes.count else { return nil }
        return UInt32(String(decoding: bytes[start..<(start + 4)], as: UTF8.self), radix: 16)
    }
}

extension JSONValue {
    /// The JSON text: objects with their keys sorted, integral numbers without a fraction,
    /// others in shortest round-trip form; non-finite numbers (not JSON) as null.
    public var serialized: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d):
            if !d.isFinite { out += "null" } else if d == d.rounded(), abs(d) < 1e15 { out += String(Int64(d)) } else { out += "\(d)" }
        case .string(let s): JSONValue.quote(s, into: &out)
        case .array(let items):
            out += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (n, key) in fields.keys.sorted().enumerated() {
                if n > 0 { out += "," }
                JSONValue.quote(key, into: &out)
                out += ":"
                fields[key]!.write(to: &out)
            }
            out += "}"
        }
    }

    private static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// The member `key` of an object, nil otherwise.
    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// The string, when this is one.
    public var string: String? { if case .string(let s) = self { return s }; return nil }
    /// The number, when this is one.
    public var number: Double? { if case .number(let d) = self { return d }; return nil }
    /// The number as an integer, when it is an integral one in range.
    public var int: Int? {
        guard let d = number, d == d.rounded(), abs(d) < 9e15 else { return nil }
        return Int(d)
    }
    /// The boolean, when this is one.
    public var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
}
