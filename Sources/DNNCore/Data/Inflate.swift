import CZlib

/// Inflates a complete zlib stream (as MAT-files' `miCOMPRESSED` elements hold).
/// - Parameters:
///   - input: the compressed bytes.
///   - limit: the largest output accepted, against corrupt or hostile sizes.
/// - Returns: the decompressed bytes.
/// - Throws: a message string (the caller adds the file and variable) for corrupt or
///   truncated data or output beyond `limit`.
func zlibInflate(_ input: ArraySlice<UInt8>, limit: Int = 1 << 31) throws(InflateFailure) -> [UInt8] {
    var stream = z_stream()
    guard inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        throw InflateFailure(message: "zlib could not start")
    }
    defer { inflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: max(64, min(input.count * 4, limit)))
    var produced = 0
    var status: Int32 = Z_OK
    var source = Array(input)
    let inputCount = source.count
    try source.withUnsafeMutableBufferPointer { (inBuffer: inout UnsafeMutableBufferPointer<UInt8>) throws(InflateFailure) in
        stream.next_in = inBuffer.baseAddress
        stream.avail_in = UInt32(truncatingIfNeeded: inputCount)
        while true {
            if produced == output.count {
                guard output.count < limit else { throw InflateFailure(message: "compressed data expands beyond \(limit) bytes") }
                output += [UInt8](repeating: 0, count: min(output.count, limit - output.count))
            }
            let room = output.count - produced
            status = output.withUnsafeMutableBufferPointer { out in
                stream.next_out = out.baseAddress! + produced
                stream.avail_out = UInt32(truncatingIfNeeded: min(room, Int(UInt32.max)))
                let before = stream.avail_out
                let s = inflate(&stream, Z_NO_FLUSH)
                produced += Int(before - stream.avail_out)
                return s
            }
            if status == Z_STREAM_END { return }
            if status == Z_BUF_ERROR && stream.avail_in == 0 {
                throw InflateFailure(message: "compressed data is truncated")
            }
            if status != Z_OK && status != Z_BUF_ERROR {
                throw InflateFailure(message: "compressed data is corrupt (zlib error \(status))")
            }
            if stream.avail_in == 0 && stream.avail_out != 0 {
                throw InflateFailure(message: "compressed data is truncated")
            }
        }
    }
    return Array(output[0..<produced])
}

/// Why inflating failed, as a message.
struct InflateFailure: Error {
    var message: String
}
