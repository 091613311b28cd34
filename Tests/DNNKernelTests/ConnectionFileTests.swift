import DNNKernel
import DNNScript
import Foundation
import Testing

/// Reading connection files: what Jupyter writes, and what a broken one says.
@Suite struct ConnectionFileTests {
    // The shape jupyter_client's write_connection_file produces.
    static let good = #"""
    {"shell_port": 50001, "iopub_port": 50002, "stdin_port": 50003, "control_port": 50004, "hb_port": 50005,
     "ip": "127.0.0.1", "key": "a0436f6c-1916-498b-8eb9-e81ab9368e84", "transport": "tcp",
     "signature_scheme": "hmac-sha256", "kernel_name": "dnnscript"}
    """#

    @Test func readsWhatJupyterWrites() throws {
        let info = try ConnectionInfo.parse(Array(Self.good.utf8), name: "k.json")
        #expect(info.ports[.shell] == 50001 && info.ports[.hb] == 50005)
        #expect(info.endpoint(.control) == "tcp://127.0.0.1:50004")
        #expect(info.key == "a0436f6c-1916-498b-8eb9-e81ab9368e84")
    }

    @Test func zeroPortsAreChosenByTheKernelAndIPv6IsBracketed() throws {
        let info = try ConnectionInfo.parse(Array(#"{"ip": "::1", "key": ""}"#.utf8), name: "k.json")
        #expect(info.endpoint(.shell) == "tcp://[::1]:*")
        let ipc = try ConnectionInfo.parse(Array(#"{"transport": "ipc", "ip": "/tmp/k", "shell_port": 7}"#.utf8), name: "k.json")
        #expect(ipc.endpoint(.shell) == "ipc:///tmp/k-7")
    }

    @Test(arguments: [
        ("{not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        (#"{"transport": "udp"}"#, "transport 'udp' is neither tcp nor ipc"),
        (#"{"shell_port": 70000}"#, "'shell_port' is not a port number"),
        (#"{"shell_port": "x"}"#, "'shell_port' is not a port number"),
        (#"{"key": 12345}"#, "'key' is not a string"),
        (#"{"signature_scheme": "hmac-md5"}"#, "signature scheme 'hmac-md5' is not supported"),
    ])
    func brokenFilesSayWhatIsWrongWithExit65(text: String, says: String) {
        do {
            _ = try ConnectionInfo.parse(Array(text.utf8), name: "k.json")
            Issue.record("accepted \(text)")
        } catch let failure as KernelFailure {
            #expect(failure.code == 65)
            #expect(failure.message.contains(says), "\(failure.message)")
            #expect(failure.message.hasPrefix("connection file 'k.json': "))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aMissingFileIsExit66AndTheKeyIsNeverInAMessage() throws {
        #expect(throws: KernelFailure(66, "cannot read connection file '/nonexistent/k.json': no such file")) {
            try ConnectionInfo.read(path: "/nonexistent/k.json")
        }
        do {
            _ = try ConnectionInfo.parse(Array(#"{"key": "s3cret-key", "hb_port": -1}"#.utf8), name: "k.json")
        } catch let failure as KernelFailure {
            #expect(!failure.message.contains("s3cret"))
        }
    }
}

/// `kernel install`: kernel.json as Jupyter reads it, and the locations.
@Suite struct KernelSpecTests {
    @Test func kernelJSONStartsThisBinaryWithTheConnectionFile() throws {
        let json = KernelSpec.kernelJSON(executable: "/opt/bin/dnnscript", displayName: "dnnscript", interruptMode: .message)
        let parsed = try JSONReader.parse(Array(json.serialized.utf8))
        #expect(parsed["argv"] == .array(["/opt/bin/dnnscript", "kernel", "-f", "{connection_file}"].map(JSONValue.string)))
        #expect(parsed["language"]?.string == "dnnscript")
        #expect(parsed["interrupt_mode"]?.string == "message")
    }

    @Test func installsAndUninstallsUnderAPrefix() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("kspec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let dir = try KernelSpec.install(name: "dnn-test", displayName: "DNN test", interruptMode: .signal,
                                         location: .prefix(prefix.path), executable: "/x/dnnscript")
        #expect(dir.path == prefix.appendingPathComponent("share/jupyter/kernels/dnn-test").path)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["kernel.json", "logo-32x32.png", "logo-64x64.png", "logo-svg.svg"])
        let png = try Data(contentsOf: dir.appendingPathComponent("logo-64x64.png"))
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])  // the PNG signature
        _ = try KernelSpec.uninstall(name: "dnn-test", location: .prefix(prefix.path))
        #expect(!FileManager.default.fileExists(atPath: dir.path))
        #expect(throws: KernelFailure.self) { try KernelSpec.uninstall(name: "dnn-test", location: .prefix(prefix.path)) }
        #expect(throws: KernelFailure.self) {
            try KernelSpec.install(name: "../evil", displayName: "x", interruptMode: .signal, location: .prefix(prefix.path))
        }
    }

    @Test func userLocationFollowsJupyterDataDirThenXDG() throws {
        #expect(try KernelSpec.kernelsDirectory(.user, environment: ["HOME": "/h", "JUPYTER_DATA_DIR": "/j"]).path == "/j/kernels")
        #expect(try KernelSpec.kernelsDirectory(.user, environment: ["HOME": "/h", "XDG_DATA_HOME": "/x"]).path == "/x/jupyter/kernels")
        #expect(try KernelSpec.kernelsDirectory(.user, environment: ["HOME": "/h"]).path == "/h/.local/share/jupyter/kernels")
        #expect(try KernelSpec.kernelsDirectory(.sysPrefix, environment: ["VIRTUAL_ENV": "/venv"]).path == "/venv/share/jupyter/kernels")
    }
}
