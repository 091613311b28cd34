import DNNScript
import Foundation

/// The connection file a Jupyter client writes for its kernel: transport, address, the
/// five ports and the signing key.
public struct ConnectionInfo: Equatable, Sendable {
    /// The five channels, in the order of the file's `*_port` fields.
    public enum Channel: String, CaseIterable, Sendable {
        case shell, iopub, stdin, control, hb
    }

    /// `tcp` or `ipc`.
    public var transport: String
    /// The address to listen on (tcp), or the path prefix of the sockets (ipc).
    public var ip: String
    /// Port per channel; 0 asks the kernel to choose one (and write it back).
    public var ports: [Channel: Int]
    public var key: String
    public var signatureScheme: String

    /// Reads a connection file.
    /// - Throws: ``KernelFailure`` with exit code 66 when the file cannot be read, 65 when it
    ///   is not a valid connection file (the message names the field; it never shows the key).
    public static func read(path: String) throws -> ConnectionInfo {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let reason = !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                ? "no such file" : (isDirectory.boolValue ? "it is a directory" : "permission denied")
            throw KernelFailure(KernelFailure.noInput, "cannot read connection file '\(path)': \(reason)")
        }
        return try parse(Array(data), name: path)
    }

    /// Parses the text of a connection file named `name` (for messages).
    public static func parse(_ bytes: [UInt8], name: String) throws -> ConnectionInfo {
        func bad(_ why: String) -> KernelFailure {
            KernelFailure(KernelFailure.dataError, "connection file '\(name)': \(why)")
        }
        let json: JSONValue
        do { json = try JSONReader.parse(bytes) } catch let failure as JSONReader.Failure {
            throw bad("not JSON (\(failure.message))")
        }
        guard case .object = json else { throw bad("not a JSON object") }
        let transport = json["transport"]?.string ?? "tcp"
        guard transport == "tcp" || transport == "ipc" else { throw bad("transport '\(transport)' is neither tcp nor ipc") }
        guard let ip = json["ip"]?.string ?? (transport == "tcp" ? "127.0.0.1" : nil), !ip.isEmpty else {
            throw bad("'ip' is missing")
        }
        var ports: [Channel: Int] = [:]
        for channel in Channel.allCases {
            let field = channel.rawValue + "_port"
            guard let value = json[field] else { ports[channel] = 0; continue }
            guard let port = value.int, (0...65535).contains(port) else { throw bad("'\(field)' is not a port number") }
            ports[channel] = port
        }
        let key: String
        switch json["key"] {
        case .none, .some(.null): key = ""
        case .some(.string(let text)): key = text
        default: throw bad("'key' is not a string")
        }
        let scheme = json["signature_scheme"]?.string ?? "hmac-sha256"
        guard scheme == "hmac-sha256" else { throw bad("signature scheme '\(scheme)' is not supported (only hmac-sha256)") }
        return ConnectionInfo(transport: transport, ip: ip, ports: ports, key: key, signatureScheme: scheme)
    }

    /// The endpoint a channel binds to; port 0 becomes `*` (tcp: any free port) or the
    /// next free `-N` suffix (ipc).
    public func endpoint(_ channel: Channel) -> String {
        let port = ports[channel] ?? 0
        if transport == "ipc" {
            if port != 0 { return "ipc://\(ip)-\(port)" }
            var n = 1
            while FileManager.default.fileExists(atPath: "\(ip)-\(n)") || ports.values.contains(n) { n += 1 }
            return "ipc://\(ip)-\(n)"
        }
        let host = ip.contains(":") ? "[\(ip)]" : ip
        return "tcp://\(host):" + (port == 0 ? "*" : String(port))
    }

    /// The file's JSON with the ports as bound (written back when the kernel chose them).
    func json(kernelName: String) -> JSONValue {
        var fields: [String: JSONValue] = [
            "transport": .string(transport), "ip": .string(ip), "key": .string(key),
            "signature_scheme": .string(signatureScheme), "kernel_name": .string(kernelName),
        ]
        for (channel, port) in ports { fields[channel.rawValue + "_port"] = .number(Double(port)) }
        return .object(fields)
    }
}
