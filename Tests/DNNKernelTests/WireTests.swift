import DNNKernel
import DNNScript
import Foundation
import Testing

/// The wire format and signatures of the Jupyter messaging protocol.
@Suite struct WireTests {
    // RFC 4231, test case 2: HMAC-SHA256 with key "Jefe" over "what do ya want for nothing?".
    @Test func signatureMatchesRFC4231() {
        let signer = MessageSigner(key: "Jefe")
        let parts = ["what do ya want ", "for nothing?"].map { Array($0.utf8) }
        #expect(signer.signature(parts) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(signer.isValid(Array("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843".utf8), for: parts))
        #expect(!signer.isValid(Array("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3844".utf8), for: parts))
        #expect(!signer.isValid(Array("5bdc".utf8), for: parts))
        #expect(!signer.isValid(Array(String(repeating: "zz", count: 32).utf8), for: parts))
    }

    @Test func emptyKeyMeansUnsigned() {
        let signer = MessageSigner(key: "")
        #expect(signer.signature([Array("x".utf8)]) == "")
        #expect(signer.isValid([], for: [Array("x".utf8)]))
    }

    @Test func roundTripKeepsIdentitiesAndParts() throws {
        let wire = Wire(signer: MessageSigner(key: "secret"))
        let request = wire.message("execute_request", content: .object(["code": .string("1 + 1\n\"é\" ☃ 😀")]),
                                   parent: nil, identities: [[1, 2, 3]])
        let frames = wire.encode(request)
        #expect(frames[0] == [1, 2, 3])
        #expect(frames[1] == Wire.delimiter)
        let decoded = try wire.decode(frames)
        #expect(decoded.identities == [[1, 2, 3]])
        #expect(decoded.type == "execute_request")
        #expect(decoded.content["code"]?.string == "1 + 1\n\"é\" ☃ 😀")
        #expect(decoded.header["version"]?.string == "5.3")
    }

    @Test func tamperedOrWronglySignedMessagesAreRefused() throws {
        let wire = Wire(signer: MessageSigner(key: "secret"))
        var frames = wire.encode(wire.message("execute_request", content: .object(["code": .string("1")]), parent: nil))
        frames[frames.count - 1] = Array(#"{"code":"2"}"#.utf8)
        #expect(throws: WireError.badSignature) { try wire.decode(frames) }
        let other = Wire(signer: MessageSigner(key: "other"))
        let foreign = other.encode(other.message("execute_request", content: .object([:]), parent: nil))
        #expect(throws: WireError.badSignature) { try wire.decode(foreign) }
        #expect(throws: WireError.noDelimiter) { try wire.decode([Array("hello".utf8)]) }
    }

    @Test func malformedJSONIsRefusedAfterTheSignatureCheck() throws {
        let signer = MessageSigner(key: "k")
        let parts = [#"{"msg_type":"x"}"#, "{}", "{}", "{not json"].map { Array($0.utf8) }
        let frames = [Wire.delimiter, Array(signer.signature(parts).utf8)] + parts
        #expect(throws: WireError.self) { try Wire(signer: signer).decode(frames) }
        let noType = ["{}", "{}", "{}", "{}"].map { Array($0.utf8) }
        #expect(throws: WireError.malformed("the header has no msg_type")) {
            try Wire(signer: signer).decode([Wire.delimiter, Array(signer.signature(noType).utf8)] + noType)
        }
    }

    @Test func jsonEscapesAndSurrogatePairs() throws {
        // Python's json.dumps("😀\b\u0001") (ensure_ascii) writes the emoji as a surrogate pair.
        let parsed = try JSONReader.parse(Array(#"{"s":"\ud83d\ude00\b\u0001\"\\"}"#.utf8))
        #expect(parsed["s"]?.string == "😀\u{8}\u{1}\"\\")
        #expect(JSONValue.object(["s": .string("a\"\n\u{1}")]).serialized == #"{"s":"a\"\n\u0001"}"#)
        #expect(JSONValue.array([.number(3), .number(0.5), .bool(true), .null]).serialized == "[3,0.5,true,null]")
    }
}
