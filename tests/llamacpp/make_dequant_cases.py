#!/usr/bin/env python3
"""make_dequant_cases.py - reference data for the GGUF dequantization / dot-product tests.

For every supported ggml type, writes data/<type>.gguf: a tiny llama-architecture GGUF whose
tensors blk.0.w<N>.weight (rows of N = 256, 512, 768, 2048, 5632, and 32, 96, 288 for 32-element
block types) were quantized from one f32 source (written here with gguf-py) by llama.cpp's own
`llama-quantize --pure`. Then data/expect.gguf (also gguf-py) records, from ggml itself
(dump_ggml.c linked to libggml-base and the generic libggml-cpu-x64 kernels):
    act                               f32 tensor [5632], the fixed activation vector
    cases.files                       string array: the data/<type>.gguf file names
    cases.sample_stride               u32 (61)
    <type>:<tensor>.fnv1a64           u64: FNV-1a 64 of all dequantized f32 values' bytes (LE)
    <type>:<tensor>.sample            f32 array: every 61st dequantized value (row-major)
    <type>:<tensor>.dot_ggml          f32 array, per row: ggml's vec_dot of the row with act[0..N)
                                      quantized by ggml's reference quantizer for the row's
                                      vec_dot_type (q8_0 / q8_1 / q8_K; f16 / bf16 for those)
    <type>:<tensor>.dot_exact         f32 array, per row: sum in double of dequantized * act
Usage: python3 tests/llamacpp/make_dequant_cases.py [OUT_DIR]   (default tests/data/gguf/kernels)
         (needs numpy, llama.cpp at $LLAMACPP or
/work/llamacpp set up by llamacpp-setup.sh, and gcc)."""
import os, subprocess, sys, tempfile

LLAMACPP = os.environ.get("LLAMACPP", "/work/llamacpp")
sys.path.insert(0, os.path.join(LLAMACPP, "src/gguf-py"))
import numpy as np
import gguf

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "data", "gguf", "kernels")
LIBDIR = os.path.join(LLAMACPP, "npm/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64")
QUANTIZE = os.path.join(LLAMACPP, "bin/llama-quantize")
STRIDE = 61
# file name, llama-quantize type argument, block size
TYPES = [("f32", "F32", 1), ("f16", "F16", 1), ("bf16", "BF16", 1), ("q8_0", "Q8_0", 32),
         ("q4_0", "Q4_0", 32), ("q4_1", "Q4_1", 32), ("q5_0", "Q5_0", 32), ("q5_1", "Q5_1", 32),
         ("q4_K", "Q4_K_S", 256), ("q5_K", "Q5_K_S", 256), ("q6_K", "Q6_K", 256)]
LONG = [256, 512, 768, 2048, 5632]
SHORT = [32, 96, 288]


def source_weights(n, rows, rng):
    w = rng.standard_normal((rows, n)).astype(np.float32) * np.float32(0.02 * (1 + np.arange(rows)))[:, None]
    w[0, 7::97] *= 25                           # outliers
    if rows > 1 and n >= 64:
        w[1, :64] = 0                           # all-zero blocks (d = 0)
    if rows > 2:
        w[2] = np.abs(w[2])                     # one-signed row (q4_1 / q*_K minimums)
    return w


def write_source(path, lengths):
    rng = np.random.default_rng(20240601)
    wr = gguf.GGUFWriter(path, "llama")
    wr.add_context_length(128); wr.add_embedding_length(64); wr.add_block_count(1)
    wr.add_feed_forward_length(128); wr.add_head_count(4); wr.add_head_count_kv(4)
    wr.add_layer_norm_rms_eps(1e-5); wr.add_file_type(0)
    for n in lengths:
        wr.add_tensor(f"blk.0.w{n}.weight", source_weights(n, 3 if n <= 768 else 2, rng))
    wr.write_header_to_file(); wr.write_kv_data_to_file(); wr.write_tensors_to_file(); wr.close()


def activation():
    i = np.arange(max(LONG), dtype=np.float64)
    return (np.sin(0.7 * i + 0.3) * (1 + (i % 13) / 6) + 0.05 * np.cos(0.011 * i)).astype(np.float32)


def main():
    os.makedirs(OUT, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="gguf-cases-")
    dumper = os.path.join(tmp, "dump_ggml")
    subprocess.check_call(["gcc", "-O2", "-std=c11", f"-I{LLAMACPP}/src/ggml/include",
                           os.path.join(HERE, "dump_ggml.c"), "-o", dumper, f"-L{LIBDIR}",
                           "-l:libggml-base.so", f"-Wl,-rpath,{LIBDIR}", "-ldl"])
    act = activation()
    act_path = os.path.join(tmp, "act.f32")
    act.tofile(act_path)
    ex = gguf.GGUFWriter(os.path.join(OUT, "expect.gguf"), "rc-test")
    ex.add_uint32("cases.sample_stride", STRIDE)
    ex.add_array("cases.files", [f"{t}.gguf" for t, _, _ in TYPES])
    for name, qarg, blck in TYPES:
        lengths = LONG + (SHORT if blck == 32 else [])
        src = os.path.join(tmp, f"src-{name}.gguf")
        write_source(src, lengths)
        dst = os.path.join(OUT, f"{name}.gguf")
        subprocess.check_call([QUANTIZE, "--pure", src, dst, qarg], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
        lines = subprocess.check_output([dumper, dst, act_path, os.path.join(LIBDIR, "libggml-cpu-x64.so")],
                                        text=True).splitlines()
        for head, samples in zip(lines[0::2], lines[1::2]):
            f = head.split()
            tname, ttype, nrows = f[1], f[2], int(f[4])
            assert ttype == name, (dst, tname, ttype)
            vals = [float.fromhex(v) for v in f[6:]]
            key = f"{name}:{tname}"
            ex.add_uint64(f"{key}.fnv1a64", int(f[5], 16))
            ex.add_array(f"{key}.sample", np.array([float.fromhex(v) for v in samples.split()[1:]], np.float32).tolist())
            ex.add_array(f"{key}.dot_ggml", np.array(vals[:nrows], np.float32).tolist())
            ex.add_array(f"{key}.dot_exact", np.array(vals[nrows:], np.float32).tolist())
        print(f"{dst}: {len(lines) // 2} tensors, {os.path.getsize(dst)} bytes")
    ex.add_tensor("act", act)
    ex.write_header_to_file(); ex.write_kv_data_to_file(); ex.write_tensors_to_file(); ex.close()
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f"{OUT}: {total} bytes in all")


if __name__ == "__main__":
    main()
