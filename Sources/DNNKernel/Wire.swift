import Crypto
import DNNScript
import Foundation

/// Signs and checks messages with HMAC-SHA256 over the connection file's key, as the
/// Jupyter messaging protocol asks. An empty key means messages are not signed.
public struct MessageSigner: Sendable {
    private let keyBytes: [UInt8]

    /// - Parameter key: the connection file's `key` (its UTF-8 bytes are the HMAC key).
    public init(key: String) {
        keyBytes = Array(key.utf8)
    }

    private var key: SymmetricKey? { keyBytes.isEmpty ? nil : SymmetricKey(data: keyBytes) }

    /// The hex digest of the four JSON frames (header, parent header, metadata, content).
    public func signature(_ parts: [[UInt8]]) -> String {
        guard let key else { return "" }
        var mac = HMAC<SHA256>(key: key)
        for part in parts { mac.update(data: part) }
        return mac.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signature` (hex) is right for `parts`; compared in constant time.
    public func isValid(_ signature: [UInt8], for parts: [[UInt8]]) -> Bool {
        guard let key else { return true }
        guard signature.count == 2 * SHA256.byteCount, let digest = Self.bytes(fromHex: signature) else { return false }
        var joined: [UInt8] = []
        for part in parts { joined += part }
        return HMAC<SHA256>.isValidAuthenticationCode(digest, authenticating: joined, using: key)
    }

    private static func bytes(fromHex hex: [UInt8]) -> [UInt8]? {
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x61...0x66: return c - 0x61 + 10
            case 0x41...0x46: return c - 0x41 + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(hex.count / 2)
        var i = 0
        while i + 1 < hex.count {
            guard let hi = nibble(hex[i]), let lo = nibble(hex[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}

/// One Jupyter message: routing identities, the four JSON parts and binary buffers.
public struct KernelMessage: Sendable {
    public var identities: [[UInt8]] = []
    public var header: JSONValue
    public var parentHeader: JSONValue = .object([:])
    public var metadata: JSONValue = .object([:])
    public var content: JSONValue
    public var buffers: [[UInt8]] = []

    /// `header.msg_type`.
    public var type: String { header["msg_type"]?.string ?? "" }
    /// `header.msg_id`.
    public var id: String { header["msg_id"]?.string ?? "" }

    public init(identities: [[UInt8]] = [], header: JSONValue, parentHeader: JSONValue = .object([:]),
                metadata: JSONValue = .object([:]), content: JSONValue) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
    }
}

/// Why a received message was dropped.
public enum WireError: Error, Equatable, CustomStringConvertible {
    case noDelimiter
    case badSignature
    case malformed(String)

    public var description: String {
        switch self {
        case .noDelimiter: return "no <IDS|MSG> delimiter"
        case .badSignature: return "a bad signature"
        case .malformed(let why): return "malformed JSON (\(why))"
        }
    }
}

/// The protocol's wire format: `[identities…, "<IDS|MSG>", signature, header, parent_header,
/// metadata, content, buffers…]`.
public struct Wire: Sendable {
    public static let delimiter = Array("<IDS|MSG>".utf8)
    /// The messaging protocol version this kernel speaks.
    public static let protocolVersion = "5.3"

    let signer: MessageSigner
    /// This kernel's session id, in every header it writes.
    let session: String
    let username: String

    public init(signer: MessageSigner, session: String = UUID().uuidString.lowercased(),
                username: String = ProcessInfo.processInfo.environment["USER"] ?? "dnnscript") {
        self.signer = signer
        self.session = session
        self.username = username
    }

    /// Reads frames as a message, checking the signature before anything is parsed.
    public func decode(_ frames: [[UInt8]]) throws -> KernelMessage {
        guard let split = frames.firstIndex(of: Self.delimiter), frames.count >= split + 6 else { throw WireError.noDelimiter }
        let parts = Array(frames[(split + 2)...(split + 5)])
        guard signer.isValid(frames[split + 1], for: parts) else { throw WireError.badSignature }
        var json: [JSONValue] = []
        for (name, part) in zip(["header", "parent_header", "metadata", "content"], parts) {
            do {
                let value = try JSONReader.parse(part)
                guard case .object = value else { throw WireError.malformed("\(name) is not an object") }
                json.append(value)
            } catch let failure as JSONReader.Failure {
                throw WireError.malformed("\(name): \(failure.message)")
            }
        }
        guard json[0]["msg_type"]?.string != nil else { throw WireError.malformed("the header has no msg_type") }
        var message = KernelMessage(identities: Array(frames[..<split]), header: json[0], parentHeader: json[1],
                                    metadata: json[2], content: json[3])
        message.buffers = Array(frames[(split + 6)...])
        return message
    }

    /// The frames of a signed message.
    public func encode(_ message: KernelMessage) -> [[UInt8]] {
        let parts = [message.header, message.parentHeader, message.metadata, message.content].map { Array($0.serialized.utf8) }
        return message.identities + [Self.delimiter, Array(signer.signature(parts).utf8)] + parts + message.buffers
    }

    /// A new message of `type` answering (or caused by) `parent`.
    public func message(_ type: String, content: JSONValue, parent: KernelMessage?,
                        metadata: JSONValue = .object([:]), identities: [[UInt8]] = []) -> KernelMessage {
        let header: JSONValue = .object([
            "msg_id": .string(UUID().uuidString.lowercased()),
            "session": .string(session),
            "username": .string(username),
            "date": .string(Self.timestamp()),
            "msg_type": .string(type),
            "version": .string(Self.protocolVersion),
        ])
        return KernelMessage(identities: identities, header: header, parentHeader: parent?.header ?? .object([:]),
                             metadata: metadata, content: content)
    }

    /// Now in ISO 8601 with microseconds, UTC.
    static func timestamp() -> String {
        var now = timeval()
        gettimeofday(&now, nil)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", parts.tm_year + 1900, parts.tm_mon + 1,
                      parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, Int(now.tv_usec))
    }
}
