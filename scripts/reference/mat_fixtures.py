#!/usr/bin/env python3
"""Small MAT-files and their scipy.io.loadmat values for MatFile's tests.

Regenerate (from the package root):
    python3 scripts/reference/mat_fixtures.py > Tests/DNNCoreTests/Fixtures/MatFixtures.swift

The files are embedded as base64 (they are a few hundred bytes each) so the test target
needs no resources. Little-endian files come from scipy.io.savemat (v5, with and without
compression, and format='4'); big-endian files are written by the small encoder below,
following the MAT-file v5 layout (tags, 8-byte padding, small data elements, miCOMPRESSED),
and checked by reading them back with scipy.io.loadmat. Expected values are what loadmat
returns, as float64 bit patterns row by row.

With the course's data.mat (DNNSCRIPT_COURSE_DATA or ../shared/course-data/data.mat) it
also records shapes, sums, first entries and FNV-1a hashes of its variables.
"""
import base64
import io
import os
import struct
import zlib

import numpy as np
import scipy.io
import scipy.sparse
from random_fixtures import fnv, bits

HEADER_TEXT = b"MATLAB 5.0 MAT-file, written by dnnscript scripts/reference/mat_fixtures.py"


def savemat_bytes(variables, **kw):
    f = io.BytesIO()
    scipy.io.savemat(f, variables, **kw)
    data = f.getvalue()
    if kw.get("format", "5") == "5":
        data = HEADER_TEXT.replace(b"mat_fixtures.py", b"mat_fixtures.py via scipy").ljust(116, b" ") + data[116:]
    return data


# --- a big-endian v5 encoder --------------------------------------------------------------
MI = {np.dtype('int8'): 1, np.dtype('uint8'): 2, np.dtype('int16'): 3, np.dtype('uint16'): 4,
      np.dtype('int32'): 5, np.dtype('uint32'): 6, np.dtype('float32'): 7, np.dtype('float64'): 9,
      np.dtype('int64'): 12, np.dtype('uint64'): 13}
MX = {np.dtype('float64'): 6, np.dtype('float32'): 7, np.dtype('int8'): 8, np.dtype('uint8'): 9,
      np.dtype('int16'): 10, np.dtype('uint16'): 11, np.dtype('int32'): 12, np.dtype('uint32'): 13,
      np.dtype('int64'): 14, np.dtype('uint64'): 15}


def be_element(mi_type, payload):
    if len(payload) <= 4:  # small data element
        return struct.pack(">HH", len(payload), mi_type) + payload + b"\0" * (4 - len(payload))
    pad = (8 - len(payload) % 8) % 8
    return struct.pack(">II", mi_type, len(payload)) + payload + b"\0" * pad


def be_matrix(name, array, stored_dtype=None):
    array = np.asarray(array)
    stored = np.dtype(stored_dtype or array.dtype)
    body = be_element(6, struct.pack(">II", MX[array.dtype], 0))
    body += be_element(5, struct.pack(">%di" % array.ndim, *array.shape))
    body += be_element(1, name.encode())
    data = array.astype(stored).T.ravel().astype(stored.newbyteorder(">")).tobytes()
    body += be_element(MI[stored], data)
    return struct.pack(">II", 14, len(body)) + body


def be_file(elements, compress=False):
    header = HEADER_TEXT.ljust(116, b" ") + b"\0" * 8 + struct.pack(">H", 0x0100) + b"MI"
    out = header
    for e in elements:
        if compress:
            z = zlib.compress(e)
            out += struct.pack(">II", 15, len(z)) + z
        else:
            out += e
    return out


# --- fixtures -----------------------------------------------------------------------------
def numeric_vars():
    a = np.array([[1.5, -2.25, 3.0], [4.0, 5.125, -6.5]])
    return {
        "d": a,
        "s": np.array([[0.1, -0.2], [1e30, 3.5]], dtype=np.float32),
        "i8": np.array([[-128, 0, 127]], dtype=np.int8),
        "u8": np.array([[0], [255], [7]], dtype=np.uint8),
        "i16": np.array([[-32768, 32767]], dtype=np.int16),
        "u16": np.array([[65535, 1]], dtype=np.uint16),
        "i32": np.array([[-2147483648, 5], [6, 2147483647]], dtype=np.int32),
        "u32": np.array([[4294967295]], dtype=np.uint32),
        "i64": np.array([[-(2**53), 2**53]], dtype=np.int64),
        "u64": np.array([[2**64 - 1, 3]], dtype=np.uint64),
        "b": np.array([[True, False, True]]),
        "scalar": np.array([[42.0]]),
        "small": np.array([[3]], dtype=np.int8),
        "empty": np.zeros((0, 0)),
        "col": np.arange(7, dtype=np.float64).reshape(7, 1) / 3,
    }


def files():
    out = []
    nv = numeric_vars()
    out.append(("v5_plain", savemat_bytes(nv, do_compression=False)))
    out.append(("v5_compressed", savemat_bytes(nv, do_compression=True)))
    be_vars = [("d", np.array([[1.5, -2.25, 3.0], [4.0, 5.125, -6.5]]), None),
               ("w", np.array([[-3, 300], [7, -1]], dtype=np.int16), None),
               ("x", np.array([[2.0, 0.5]]), 'uint8'),  # double class stored as uint8, like MATLAB does
               ("t", np.array([[9]], dtype=np.int8), None)]  # small data element
    out.append(("be_plain", be_file([be_matrix(n, a, s) for n, a, s in be_vars])))
    out.append(("be_compressed", be_file([be_matrix(n, a, s) for n, a, s in be_vars], compress=True)))
    cell = np.empty((1, 2), dtype=object)
    cell[0, 0] = np.array([[1.0]])
    cell[0, 1] = np.array([[2.0]])
    out.append(("cell", savemat_bytes({"c": cell}, do_compression=False)))
    out.append(("struct", savemat_bytes({"st": {"a": np.array([[1.0]])}}, do_compression=False)))
    out.append(("char", savemat_bytes({"name": "hello"}, do_compression=False)))
    out.append(("sparse", savemat_bytes({"sp": scipy.sparse.csc_matrix(np.eye(3))}, do_compression=False)))
    out.append(("complex", savemat_bytes({"z": np.array([[1 + 2j]])}, do_compression=False)))
    out.append(("nd", savemat_bytes({"cube": np.zeros((2, 2, 2))}, do_compression=False)))
    out.append(("v4", savemat_bytes({"a": np.array([[1.0, 2.0]])}, format='4')))
    out.append(("mixed_compressed", savemat_bytes({"a": np.array([[1.0, 2.0]]), "name": "hi"}, do_compression=True)))
    return out


def loaded(data):
    m = scipy.io.loadmat(io.BytesIO(data))
    return {k: v for k, v in m.items() if not k.startswith("__")}


def swift_matrix(a):
    a = np.asarray(a, dtype=np.float64)
    return "M(%d, %d, [%s])" % (a.shape[0], a.shape[1], ", ".join("0x%016x" % bits(float(v)) for v in a.ravel()))


def course_path():
    here = os.path.dirname(os.path.abspath(__file__))
    env = os.environ.get("DNNSCRIPT_COURSE_DATA")
    return env or os.path.join(here, "..", "..", "..", "shared", "course-data", "data.mat")


def main():
    print("// Generated by scripts/reference/mat_fixtures.py (numpy %s, scipy %s); do not edit." % (np.__version__, scipy.__version__))
    print("enum MatFixtures {")
    print("    struct M: Sendable { let rows: Int, cols: Int, bits: [UInt64]")
    print("        init(_ rows: Int, _ cols: Int, _ bits: [UInt64]) { self.rows = rows; self.cols = cols; self.bits = bits } }")
    print("    struct File: Sendable { let name: String, base64: String, expected: [String: M] }")
    print("    static let files: [File] = [")
    for name, data in files():
        expected = {}
        if name in ("v5_plain", "v5_compressed", "be_plain", "be_compressed"):
            expected = loaded(data)
        if name == "mixed_compressed":
            expected = {"a": loaded(data)["a"]}
        print("        File(name: \"%s\", base64: \"%s\", expected: [%s" % (
            name, base64.b64encode(data).decode(), "" if expected else ":]),"))
        if expected:
            for k in sorted(expected):
                print("            \"%s\": %s," % (k, swift_matrix(expected[k])))
            print("        ]),")
    print("    ]")
    path = course_path()
    if os.path.exists(path):
        m = loaded(open(path, "rb").read())
        print("    /// scipy.io.loadmat(data.mat): shape, sum, [0,0], [last,last], FNV-1a of the float64 values row by row.")
        print("    static let course: [String: (rows: Int, cols: Int, sum: Double, first: Double, last: Double, hash: UInt64)] = [")
        for k in sorted(m):
            a = np.asarray(m[k], dtype=np.float64)
            print("        \"%s\": (%d, %d, %r, %r, %r, 0x%016x)," % (k, a.shape[0], a.shape[1], float(a.sum()), float(a[0, 0]), float(a[-1, -1]), fnv([float(v) for v in a.ravel()])))
        print("    ]")
    print("}")


if __name__ == "__main__":
    main()
