#!/usr/bin/env python3
"""make_test_gguf.py OUT_DIR - GGUF files for the parser tests (test_all.c reads hostile/ from tests/data/gguf/hostile).

  alltypes.gguf     gguf-py: one key per metadata type, arrays of each, nested arrays, tensors
  alltypes-v2.gguf  the same with the version field set to 2 (v2 and v3 share the layout)
  alltypes-flat.gguf the same without arrays of arrays (which ggml's reader refuses)
  bigendian.gguf    gguf-py with endianess=BIG
  hostile/NAME.gguf hand-built files, each with one defect; hostile/manifest.txt lists
                    "NAME<TAB>substring the error message must contain"
  ok/NAME.gguf      hand-built files that must load (edge cases)
"""
import os, struct, sys
sys.path.insert(0, os.path.join(os.environ.get("LLAMACPP", "/work/llamacpp"), "src/gguf-py"))
import numpy as np
import gguf

OUT = sys.argv[1]
os.makedirs(os.path.join(OUT, "hostile"), exist_ok=True)
os.makedirs(os.path.join(OUT, "ok"), exist_ok=True)

# ---- gguf-py files ---------------------------------------------------------------------------
def alltypes(path, endian=gguf.GGUFEndian.LITTLE, nested=True):
    w = gguf.GGUFWriter(path, "testarch", endianess=endian)
    V = gguf.GGUFValueType
    w.add_key_value("t.u8", 250, V.UINT8); w.add_key_value("t.i8", -120, V.INT8)
    w.add_key_value("t.u16", 65000, V.UINT16); w.add_key_value("t.i16", -32000, V.INT16)
    w.add_key_value("t.u32", 4000000000, V.UINT32); w.add_key_value("t.i32", -2000000000, V.INT32)
    w.add_key_value("t.f32", 1.5, V.FLOAT32); w.add_key_value("t.bool", True, V.BOOL)
    w.add_key_value("t.str", "h\u00e9llo", V.STRING)
    w.add_key_value("t.u64", 2**63 + 5, V.UINT64); w.add_key_value("t.i64", -2**62, V.INT64)
    w.add_key_value("t.f64", 2.0**-30, V.FLOAT64)
    w.add_key_value("t.u64small", 12345, V.UINT64)
    w.add_key_value("t.empty", "", V.STRING)
    for name, vt, vals in [("u8", V.UINT8, [1, 2, 255]), ("i8", V.INT8, [-1, 2, -128]),
                           ("u16", V.UINT16, [1, 65535]), ("i16", V.INT16, [-32768, 7]),
                           ("u32", V.UINT32, [0, 4294967295]), ("i32", V.INT32, [-5, 6, 2147483647]),
                           ("f32", V.FLOAT32, [0.25, -3.5]), ("bool", V.BOOL, [True, False, True]),
                           ("u64", V.UINT64, [1, 2**64 - 1]), ("i64", V.INT64, [-2**63, 3]),
                           ("f64", V.FLOAT64, [0.1, -1e300])]:
        w.add_key_value(f"a.{name}", vals, V.ARRAY, sub_type=vt)
    w.add_key_value("a.str", ["a", "", "xyz" * 100, "\u00fc"], V.ARRAY, sub_type=V.STRING)
    if nested:  # ggml's own reader refuses arrays of arrays
        w.add_key_value("a.nested", [[1, 2, 3], [4]], V.ARRAY)
        w.add_key_value("a.nested_str", [["p", "q"], ["r"]], V.ARRAY)
        w.add_key_value("a.deep", [[[1.5, 2.5]], [[3.5]]], V.ARRAY)
    w.add_tensor("t.f32", np.arange(64, dtype=np.float32).reshape(2, 32))
    w.add_tensor("t.f16", np.arange(96, dtype=np.float16).reshape(3, 32))
    w.add_tensor("t.3d", np.ones((2, 3, 32), dtype=np.float32))
    w.write_header_to_file(); w.write_kv_data_to_file(); w.write_tensors_to_file(); w.close()

alltypes(os.path.join(OUT, "alltypes.gguf"))
b = bytearray(open(os.path.join(OUT, "alltypes.gguf"), "rb").read())
b[4:8] = struct.pack("<I", 2)
open(os.path.join(OUT, "alltypes-v2.gguf"), "wb").write(b)
alltypes(os.path.join(OUT, "bigendian.gguf"), gguf.GGUFEndian.BIG)
alltypes(os.path.join(OUT, "alltypes-flat.gguf"), nested=False)

# ---- hand-built files --------------------------------------------------------------------------
def s(x):
    x = x.encode() if isinstance(x, str) else x
    return struct.pack("<Q", len(x)) + x

def kv_u32(k, v): return s(k) + struct.pack("<II", 4, v)
def kv_str(k, v): return s(k) + struct.pack("<I", 8) + s(v)

def tinfo(name, ne, typ, off, ndims=None):
    ndims = len(ne) if ndims is None else ndims
    return s(name) + struct.pack("<I", ndims) + b"".join(struct.pack("<Q", n) for n in ne) + struct.pack("<IQ", typ, off)

def build(kvs, tinfos, data=b"", align=32, version=3, n_kv=None, n_t=None, magic=b"GGUF"):
    h = magic + struct.pack("<IQQ", version, len(tinfos) if n_t is None else n_t, len(kvs) if n_kv is None else n_kv)
    body = h + b"".join(kvs) + b"".join(tinfos)
    body += b"\0" * ((-len(body)) % align)
    return body + data

manifest = []
def hostile(name, content, expect):
    open(os.path.join(OUT, "hostile", name + ".gguf"), "wb").write(content)
    manifest.append(f"{name}\t{expect}")
def ok(name, content):
    open(os.path.join(OUT, "ok", name + ".gguf"), "wb").write(content)

arch = kv_str("general.architecture", "x")
f32x32 = tinfo("w", [32, 2], 0, 0)
data256 = bytes(256)
ok("minimal", build([arch], [f32x32], data256))
ok("no-tensors", build([arch], []))
ok("empty", build([], []))
ok("empty-array", build([s("k") + struct.pack("<IIQ", 9, 5, 0), s("k2") + struct.pack("<IIQ", 9, 8, 0), s("k3") + struct.pack("<IIQ", 9, 9, 0)], []))
ok("align64", build([arch, kv_u32("general.alignment", 64)], [tinfo("a", [32], 0, 0), tinfo("b", [32], 0, 128)], bytes(256), align=64))
ok("align1", build([kv_u32("general.alignment", 1)], [tinfo("a", [3], 0, 0), tinfo("b", [1], 1, 12)], bytes(14), align=1))
ok("zero-size", build([arch], [tinfo("z", [0, 4], 0, 0), tinfo("w", [32], 0, 0)], bytes(128)))
ok("unordered", build([arch], [tinfo("b", [32], 0, 128), tinfo("a", [32], 0, 0)], bytes(256)))
ok("q3k-known-unsupported", build([arch], [tinfo("q", [256], 11, 0)], bytes(110)))
ok("scalar-0dims", build([arch], [tinfo("s", [], 0, 0)], bytes(4)))

hostile("magic", build([arch], [], magic=b"GGUX"), "no GGUF, RCLM or ak42 magic")  # then read as llama2.c v0
hostile("short", b"GGU", "expected a GGUF, RCLM, ak42 or llama2.c v0 header")
hostile("v1", build([arch], [], version=1), "version 1 is not supported")
hostile("v4", build([arch], [], version=4), "version 4 is not supported")
hostile("bigendian-v3", build([arch], [], version=0x03000000), "big-endian")
hostile("n_kv-huge", build([arch], [], n_kv=2**62), "metadata entries cannot fit")
hostile("n_tensors-huge", build([arch], [], n_t=2**60), "tensor infos cannot fit")
hostile("n_kv-one-more", build([arch], [], n_kv=2, align=1), "truncated")
hostile("keylen-huge", build([struct.pack("<Q", 2**63) + b"k" * 20], []), "truncated")
hostile("strlen-huge", build([s("k") + struct.pack("<IQ", 8, 2**64 - 1) + b"x" * 20], []), "truncated")
hostile("arr-count-huge", build([s("k") + struct.pack("<IIQ", 9, 4, 2**62) + b"x" * 20], []), "array of")
hostile("arr-str-count-huge", build([s("k") + struct.pack("<IIQ", 9, 8, 2**40) + b"x" * 20], []), "array of")
hostile("arr-str-elem-huge", build([s("k") + struct.pack("<IIQQ", 9, 8, 2, 2**63) + b"x" * 20], []), "runs past")
hostile("arr-arr-huge", build([s("k") + struct.pack("<IIQ", 9, 9, 2**50) + b"x" * 30], []), "array of")
deep = struct.pack("<IQ", 9, 1) * 40 + struct.pack("<IQ", 4, 0)
hostile("arr-deep", build([s("k") + struct.pack("<I", 9) + deep + b"x" * 20], []), "nested deeper")
hostile("vtype-unknown", build([s("k") + struct.pack("<II", 13, 0)], []), "unknown value type 13")
hostile("elemtype-unknown", build([s("k") + struct.pack("<IIQ", 9, 99, 1)], []), "unknown array element type 99")
hostile("bool-2", build([s("k") + struct.pack("<IB", 7, 2) + bytes(20)], []), "bool value is 2")
hostile("dup-key", build([arch, arch], []), "duplicate key")
hostile("align-3", build([kv_u32("general.alignment", 3)], []), "not a power of two")
hostile("align-0", build([kv_u32("general.alignment", 0)], []), "not a power of two")
hostile("align-str", build([kv_str("general.alignment", "32")], []), "expected u32")
hostile("type-unknown", build([arch], [tinfo("w", [32], 77, 0)], data256), "unknown ggml type 77")
hostile("type-removed", build([arch], [tinfo("w", [32], 31, 0)], data256), "no layout")
hostile("type-removed-4", build([arch], [tinfo("w", [32], 4, 0)], data256), "no layout")
hostile("ne0-not-block", build([arch], [tinfo("w", [48], 2, 0)], data256), "not a multiple of the q4_0 block size")
hostile("ndims-5", build([arch], [tinfo("w", [32, 1, 1, 1, 1], 0, 0)], data256), "5 dimensions")
hostile("ne-negative", build([arch], [tinfo("w", [32, 2**63], 0, 0)], data256), "negative")
hostile("ne-overflow", build([arch], [tinfo("w", [2**32, 2**32], 0, 0)], data256), "overflow")
hostile("bytes-overflow", build([arch], [tinfo("w", [2**40, 2**22], 0, 0)], data256), "overflow")
hostile("misaligned", build([arch], [tinfo("w", [8], 0, 4)], data256), "not a multiple of the alignment")
hostile("overlap", build([arch], [tinfo("a", [32, 2], 0, 0), tinfo("b", [32], 0, 128)], bytes(512)), "overlaps")
hostile("past-end", build([arch], [tinfo("w", [32, 3], 0, 0)], data256), "truncated: tensor 'w'")
hostile("offset-huge", build([arch], [tinfo("w", [32], 0, 2**64 - 32)], data256), "truncated: tensor 'w'")
hostile("dup-tensor", build([arch], [tinfo("w", [32], 0, 0), tinfo("w", [32], 0, 128)], data256), "duplicate tensor name 'w'")
hostile("no-data-section", build([arch], [f32x32])[:-1], "truncated")
hostile("tinfo-truncated", build([arch], [f32x32], data256)[:24 + len(arch) + 10], "truncated")
open(os.path.join(OUT, "hostile", "manifest.txt"), "w").write("\n".join(manifest) + "\n")
print(f"{OUT}: {len(manifest)} hostile files")
