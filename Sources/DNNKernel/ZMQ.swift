import CZMQ
import Foundation

/// Why the kernel cannot start or go on: a message for the user and the sysexits code the
/// executable exits with. The library never exits itself.
public struct KernelFailure: Error, Equatable, CustomStringConvertible {
    /// sysexits: 64 usage, 65 bad data, 66 no input, 69 unavailable, 71 system error, 73 cannot create.
    public var code: Int32
    public var message: String
    public init(_ code: Int32, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }

    static let usage: Int32 = 64, dataError: Int32 = 65, noInput: Int32 = 66
    static let unavailable: Int32 = 69, osError: Int32 = 71, cannotCreate: Int32 = 73
}

/// A libzmq context: the I/O threads behind every socket.
final class ZMQContext: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    init() throws {
        guard let raw = zmq_ctx_new() else { throw KernelFailure(KernelFailure.osError, "cannot create a ZeroMQ context: \(ZMQ.lastError)") }
        self.raw = raw
    }

    /// Ends the context once every socket in it is closed: blocks until their pending
    /// messages are sent, or each socket's linger has passed (a peer that is gone).
    func terminate() {
        while zmq_ctx_term(raw) != 0, zmq_errno() == EINTR {}
    }
}

enum ZMQ {
    static var lastError: String { String(cString: zmq_strerror(zmq_errno())) }
}

/// One libzmq socket in a context of its own, so it can be flushed (``closeAndFlush()``)
/// while other threads still use theirs. Not thread-safe (libzmq's rule): each is used by
/// one thread, or behind a lock.
final class ZMQSocket: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
    private let context: ZMQContext

    init(type: Int32) throws {
        context = try ZMQContext()
        guard let raw = zmq_socket(context.raw, type) else {
            throw KernelFailure(KernelFailure.osError, "cannot create a ZeroMQ socket: \(ZMQ.lastError)")
        }
        self.raw = raw
        // Pending messages are sent for at most a second after close: what bounds
        // closeAndFlush when the peer has gone.
        var linger: Int32 = 1000
        zmq_setsockopt(raw, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
    }

    /// Binds to `endpoint` (`tcp://127.0.0.1:5555`, `tcp://127.0.0.1:*`, `ipc://path`).
    /// - Returns: the endpoint bound, with the port chosen when it was `*`.
    @discardableResult
    func bind(_ endpoint: String) throws -> String {
        guard zmq_bind(raw, endpoint) == 0 else {
            // A port in use or an address that is not this machine's: the service cannot be had.
            throw KernelFailure(KernelFailure.unavailable, "cannot listen on \(endpoint): \(ZMQ.lastError)")
        }
        var buffer = [CChar](repeating: 0, count: 512)
        var size = buffer.count
        guard zmq_getsockopt(raw, ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else { return endpoint }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Sends the frames as one multipart message; retries when a signal interrupts.
    func send(_ frames: [[UInt8]]) throws {
        for (n, frame) in frames.enumerated() {
            let flags: Int32 = n == frames.count - 1 ? 0 : ZMQ_SNDMORE
            while true {
                let sent = frame.withUnsafeBytes { zmq_send(raw, $0.baseAddress, $0.count, flags) }
                if sent >= 0 { break }
                if zmq_errno() == EINTR { continue }
                throw KernelFailure(KernelFailure.osError, "cannot send: \(ZMQ.lastError)")
            }
        }
    }

    /// Receives one multipart message; nil when `wait` is false and none is queued.
    func receive(wait: Bool = true) throws -> [[UInt8]]? {
        var frames: [[UInt8]] = []
        while true {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            var got: Int32
            repeat {
                got = zmq_msg_recv(&message, raw, wait || !frames.isEmpty ? 0 : ZMQ_DONTWAIT)
            } while got < 0 && zmq_errno() == EINTR
            if got < 0 {
                if zmq_errno() == EAGAIN, frames.isEmpty { return nil }
                throw KernelFailure(KernelFailure.osError, "cannot receive: \(ZMQ.lastError)")
            }
            let size = zmq_msg_size(&message)
            let data = zmq_msg_data(&message)!.assumingMemoryBound(to: UInt8.self)
            frames.append(Array(UnsafeBufferPointer(start: data, count: size)))
            if zmq_msg_more(&message) == 0 { return frames }
        }
    }

    /// Waits until one of `sockets` has a message to read (forever for a negative timeout).
    /// - Returns: which sockets are readable.
    static func poll(_ sockets: [ZMQSocket], timeoutMilliseconds: Int) -> [Bool] {
        var items = sockets.map { zmq_pollitem_t(socket: $0.raw, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
        while true {
            let n = zmq_poll(&items, Int32(items.count), timeoutMilliseconds)
            if n >= 0 { break }
            if zmq_errno() == EINTR { continue }
            return sockets.map { _ in false }
        }
        return items.map { $0.revents & Int16(ZMQ_POLLIN) != 0 }
    }

    /// Echoes every message back to its sender until the context ends (the heartbeat).
    func echoForever() {
        while zmq_proxy(raw, raw, nil) != 0, zmq_errno() == EINTR {}
    }

    /// Closes the socket and ends its context: returns once libzmq's I/O thread has sent
    /// the messages still queued (or the linger has passed), so the process may exit next.
    func closeAndFlush() {
        zmq_close(raw)
        context.terminate()
    }
}
