#!/usr/bin/env python3
"""Export Llama-family checkpoints and tokenizers to run.c's binary files (and to GGUF).

    python3 export.py model.bin --hf DIR [--dtype fp32|q8_0] [--group-size 32|64]
    python3 export.py model.bin --hf DIR --legacy v0|v1|v2 [--group-size N]
    python3 export.py tokenizer.bin --tokenizer tokenizer.model [--legacy]
    python3 export.py tokenizer.bin --tokenizer tokenizer.json [--vocab-size N]
    python3 export.py model.gguf --gguf --hf DIR [--tokenizer FILE] [--dtype f32|f16|bf16|q8_0] [--name NAME]

--hf reads a Hugging Face checkpoint (config.json plus model.safetensors, or sharded with
model.safetensors.index.json) of LlamaForCausalLM (Llama 2/3, TinyLlama, SmolLM2),
MistralForCausalLM (with its sliding window), Qwen2ForCausalLM or Qwen3ForCausalLM, and writes
our RCLM checkpoint (v1 for the Llama layer, v2 when the model has q/k/v biases, q/k norms, RoPE
on halves or a sliding window). A config field that changes the computation and is not
implemented, or a tensor the conversion would leave unused, is an error. With --legacy it writes
one of llama2.c's formats, Llama layer only (v0: legacy f32, v1: "ak42" f32, v2: "ak42" int8
Q8_0).  --tokenizer reads a SentencePiece BPE tokenizer.model and writes our RCTK v1 tokenizer
(kind 1), or with --legacy llama2.c's tokenizer.bin; given a Hugging Face byte-level BPE
tokenizer.json (Llama 3, Qwen2/3, GPT-2, SmolLM2) it writes RCTK kind 2, padded to the model's
vocabulary size.  README.md, "File formats", specifies all of these.

--gguf writes llama.cpp's GGUF v3 instead (architecture llama for Llama and Mistral, qwen2, qwen3):
the model and its tokenizer in one file, with llama.cpp's tensor names, q/k rows permuted for
interleaved-pair RoPE in llama files (as convert_hf_to_gguf.py does; qwen2/qwen3 keep Hugging
Face's layout), norms and biases in F32 and the matrices in --dtype (default f16, as llama.cpp's
converter).  The tokenizer is --tokenizer FILE (tokenizer.model or tokenizer.json, with the
tokenizer_config.json beside it if any), by default DIR/tokenizer.model or DIR/tokenizer.json.

Only numpy is needed: safetensors and the SentencePiece protobuf are decoded here.  Tensors are
read one at a time from memory-mapped files and written out at once, so peak memory stays near
the size of the largest tensor.  Bad input gives one line "export.py: error: ..." and exit
status 1, and the output file is left untouched.
"""
import argparse
import contextlib
import json
import os
import struct
import sys
import types

try:
    import numpy as np
except ImportError:
    sys.exit("export.py: error: numpy is required (e.g. run with /usr/bin/python3)")


class ExportError(Exception):
    """Bad input; reported as a one-line error with exit status 1."""


@contextlib.contextmanager
def output_file(path):
    """Write to PATH.tmp and rename it to PATH only when everything succeeded."""
    tmp = path + ".tmp"
    try:
        try:
            f = open(tmp, "wb")
        except OSError as e:
            raise ExportError(f"cannot write {path}: {e.strerror}")
        with f:
            yield f
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise ExportError(f"cannot read {path}: {e}")


# ----------------------------------------------------------------------------------------------
# safetensors: u64 header length, JSON header {name: {dtype, shape, data_offsets}}, then data

STORED_DTYPES = {"F32": np.dtype("<f4"), "F16": np.dtype("<f2"), "BF16": np.dtype("<u2")}


def open_safetensors(path):
    """Memory-map one file; return {name: (header entry, file bytes, offset of the data)}."""
    try:
        data = np.memmap(path, dtype=np.uint8, mode="r")
    except (OSError, ValueError) as e:
        raise ExportError(f"cannot read {path}: {e}")
    if len(data) < 8:
        raise ExportError(f"{path}: not a safetensors file (too short)")
    header_len = int(data[:8].view("<u8")[0])
    try:
        header = json.loads(bytes(data[8:8 + header_len]))
    except ValueError:
        raise ExportError(f"{path}: not a safetensors file (bad header)")
    return {name: (info, data, 8 + header_len)
            for name, info in header.items() if name != "__metadata__"}


class SafetensorsCheckpoint:
    """The tensors of DIR/model.safetensors, or of the shards listed in its index.json."""

    def __init__(self, directory):
        index = os.path.join(directory, "model.safetensors.index.json")
        if os.path.exists(os.path.join(directory, "model.safetensors")):
            self.tensors = open_safetensors(os.path.join(directory, "model.safetensors"))
            return
        if not os.path.exists(index):
            raise ExportError(f"{directory}: no model.safetensors or "
                              "model.safetensors.index.json")
        weight_map = read_json(index).get("weight_map")
        if not isinstance(weight_map, dict):
            raise ExportError(f"{index}: missing 'weight_map'")
        shards = {f: open_safetensors(os.path.join(directory, f)) for f in set(weight_map.values())}
        self.tensors = {}
        for name, shard in weight_map.items():
            if name not in shards[shard]:
                raise ExportError(f"tensor {name} not found in {shard} (listed in {index})")
            self.tensors[name] = shards[shard][name]

    def __contains__(self, name):
        return name in self.tensors

    def check(self, name, shape):
        """Raise ExportError unless tensor NAME exists, is F32/F16/BF16 and has SHAPE."""
        if name not in self.tensors:
            raise ExportError(f"missing tensor {name}")
        info, data, start = self.tensors[name]
        if info.get("dtype") not in STORED_DTYPES:
            raise ExportError(f"tensor {name}: unsupported dtype {info.get('dtype')} "
                              "(supported: F32, F16, BF16)")
        if tuple(info.get("shape", ())) != tuple(shape):
            raise ExportError(f"tensor {name}: shape {info.get('shape')}, expected {list(shape)}")
        begin, end = info.get("data_offsets", (0, -1))
        if end - begin != int(np.prod(shape)) * STORED_DTYPES[info["dtype"]].itemsize or \
                start + end > len(data):
            raise ExportError(f"tensor {name}: bad data_offsets {[begin, end]}")

    def load(self, name, shape):
        """Tensor NAME as float32 of SHAPE (a view of the file when it is stored as F32)."""
        self.check(name, shape)
        info, data, start = self.tensors[name]
        begin, end = info["data_offsets"]
        raw = data[start + begin:start + end].view(STORED_DTYPES[info["dtype"]]).reshape(shape)
        if info["dtype"] == "BF16":  # bfloat16 is the top half of a float32
            bits = raw.astype(np.uint32)
            bits <<= 16
            return bits.view(np.float32)
        return raw.astype(np.float32, copy=False)


# ----------------------------------------------------------------------------------------------
# Model configuration and weights

def number(table, key, default=None, kind=int, where="config.json"):
    """TABLE[KEY] as KIND, or DEFAULT if absent or null; ExportError if missing or not a number."""
    value = table.get(key)
    if value is None:
        if default is None:
            raise ExportError(f"{where}: missing key '{key}'")
        value = default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            (kind is int and value != int(value)):
        raise ExportError(f"{where}: '{key}' must be {'an integer' if kind is int else 'a number'}"
                          f", got {value!r}")
    return kind(value)


# Hugging Face architectures, and what each adds to the Llama layer: q/k/v biases (Qwen2),
# per-head q/k RMSNorm (Qwen3), a sliding attention window (Mistral). Qwen keeps Hugging Face's
# rotate-half q/k layout (RoPE on halves); Llama and Mistral are permuted to interleaved pairs.
ARCHS = {
    "llama": types.SimpleNamespace(classes=("LlamaForCausalLM", "LLaMAForCausalLM"), gguf="llama",
                                   qkv_bias=False, qk_norm=False, halves=False),
    "mistral": types.SimpleNamespace(classes=("MistralForCausalLM",), gguf="llama",
                                     qkv_bias=False, qk_norm=False, halves=False),
    "qwen2": types.SimpleNamespace(classes=("Qwen2ForCausalLM",), gguf="qwen2",
                                   qkv_bias=True, qk_norm=False, halves=True),
    "qwen3": types.SimpleNamespace(classes=("Qwen3ForCausalLM",), gguf="qwen3",
                                   qkv_bias=False, qk_norm=True, halves=True),
}


def read_arch(cfg, where):
    """The ARCHS key of config CFG; ExportError for an architecture we do not implement."""
    classes = cfg.get("architectures") or []
    model_type = cfg.get("model_type")
    if not isinstance(classes, list) or len(classes) > 1:
        raise ExportError(f"{where}: 'architectures' must name one class, got {classes!r}")
    cls = classes[0] if classes else None
    if cls is None and model_type is None:
        return "llama"  # configs of early Llama conversions name neither
    for name, arch in ARCHS.items():
        if cls in arch.classes + (None,) and model_type in (name, None):
            return name
    supported = ", ".join(c for a in ARCHS.values() for c in a.classes[:1])
    raise ExportError(f"{where}: architecture {cls or model_type!r} (model_type {model_type!r}) is not "
                      f"supported (supported: {supported})")


def check_computation(cfg, arch, where):
    """Refuse config fields that would change the computation in ways run.c does not implement."""
    act = cfg.get("hidden_act", cfg.get("hidden_activation", "silu"))
    if act != "silu":
        raise ExportError(f"{where}: hidden_act {act!r} is not implemented (expected 'silu')")
    for key in ("attention_bias", "mlp_bias"):
        if cfg.get(key):  # Qwen2's q/k/v biases are not this flag: its modeling code always has them
            raise ExportError(f"{where}: {key} is true; biases on {'the o projection' if key == 'attention_bias' else 'the MLP'} "
                              "are not implemented")
    if cfg.get("partial_rotary_factor", 1.0) != 1.0:
        raise ExportError(f"{where}: partial_rotary_factor {cfg['partial_rotary_factor']} is not implemented")
    if arch in ("qwen2", "qwen3"):
        layer_types = cfg.get("layer_types") or []
        if cfg.get("use_sliding_window") or any(t != "full_attention" for t in layer_types):
            raise ExportError(f"{where}: use_sliding_window / sliding layer_types: Qwen's per-layer sliding "
                              "window is not implemented")
    elif arch == "llama" and cfg.get("sliding_window") is not None:
        raise ExportError(f"{where}: sliding_window is set for a Llama model (expected MistralForCausalLM)")


def read_config(directory):
    """Read DIR/config.json into a namespace with run.c's hyperparameter names."""
    where = os.path.join(directory, "config.json")
    cfg = read_json(where)
    arch = read_arch(cfg, where)
    check_computation(cfg, arch, where)
    if isinstance(cfg.get("eos_token_id"), list):  # several EOS tokens: we store the first
        cfg["eos_token_id"] = (cfg["eos_token_id"] or [None])[0]
    c = types.SimpleNamespace(
        arch=arch, **vars(ARCHS[arch]),
        dim=number(cfg, "hidden_size"), hidden_dim=number(cfg, "intermediate_size"),
        n_layers=number(cfg, "num_hidden_layers"), n_heads=number(cfg, "num_attention_heads"),
        vocab_size=number(cfg, "vocab_size"), seq_len=number(cfg, "max_position_embeddings"),
        norm_eps=number(cfg, "rms_norm_eps", kind=float),
        rope_theta=number(cfg, "rope_theta", 10000.0, float),
        bos_id=number(cfg, "bos_token_id", 1), eos_id=number(cfg, "eos_token_id", 2),
        tie=bool(cfg.get("tie_word_embeddings", False)),
        # MistralConfig's window defaults to 4096 when the key is absent; null means none
        sliding_window=(number(cfg, "sliding_window", 0) if "sliding_window" in cfg else 4096)
        if arch == "mistral" else 0)
    c.n_kv_heads = number(cfg, "num_key_value_heads", c.n_heads)
    if min(c.dim, c.hidden_dim, c.n_layers, c.n_heads, c.n_kv_heads, c.vocab_size, c.seq_len) <= 0:
        raise ExportError("config.json: model sizes must be positive")
    if c.sliding_window < 0:
        raise ExportError(f"config.json: sliding_window ({c.sliding_window}) must not be negative")
    if c.n_heads % c.n_kv_heads:
        raise ExportError(f"config.json: num_key_value_heads ({c.n_kv_heads}) does not divide "
                          f"num_attention_heads ({c.n_heads})")
    if cfg.get("head_dim") is None and c.dim % c.n_heads and arch != "qwen3":
        raise ExportError(f"config.json: hidden_size ({c.dim}) is not a multiple of "
                          f"num_attention_heads ({c.n_heads}) and head_dim is not given")
    c.head_dim = number(cfg, "head_dim", 128 if arch == "qwen3" else c.dim // c.n_heads)  # Qwen3Config's default
    if c.head_dim <= 0 or c.head_dim % 2:
        raise ExportError(f"config.json: head_dim ({c.head_dim}) must be even and positive")

    # RCLM's rope fields: (kind, factor, low_freq_factor, high_freq_factor, original seq_len)
    scaling, c.rope_scaling = cfg.get("rope_scaling"), (0, 0.0, 0.0, 0.0, 0)
    if scaling is not None:
        kind = scaling.get("rope_type", scaling.get("type")) if isinstance(scaling, dict) else None
        if kind != "llama3":
            raise ExportError(f"config.json: unsupported rope_scaling type {kind!r} "
                              "(only 'llama3' is supported)")
        where = "config.json: rope_scaling"
        c.rope_scaling = (1, *(number(scaling, k, kind=float, where=where) for k in
                               ("factor", "low_freq_factor", "high_freq_factor")),
                          number(scaling, "original_max_position_embeddings", where=where))
    return c


# Per-layer roles in RCLM file order, with their HF module names (biases and q/k norms only in the
# architectures that have them; see LlamaWeights.layer_roles).
HF_LAYER_NAMES = {
    "attn_norm": "input_layernorm",
    "wq": "self_attn.q_proj", "wk": "self_attn.k_proj", "wv": "self_attn.v_proj",
    "bq": "self_attn.q_proj", "bk": "self_attn.k_proj", "bv": "self_attn.v_proj",
    "q_norm": "self_attn.q_norm", "k_norm": "self_attn.k_norm",
    "wo": "self_attn.o_proj",
    "ffn_norm": "post_attention_layernorm",
    "w1": "mlp.gate_proj", "w2": "mlp.down_proj", "w3": "mlp.up_proj",
}
HF_NAMES = {"embed": "model.embed_tokens.weight", "final_norm": "model.norm.weight",
            "classifier": "lm_head.weight"}
BIASES = ("bq", "bk", "bv")
NORMS = ("attn_norm", "ffn_norm", "final_norm", "q_norm", "k_norm")
VECTORS = NORMS + BIASES  # written as f32 in every format


class LlamaWeights:
    """Weights by run.c role (embed, wq, ..., classifier); for Llama and Mistral wq/wk in Meta's
    layout (RoPE on interleaved pairs), for Qwen in Hugging Face's (RoPE on halves)."""

    def __init__(self, checkpoint, c):
        self.ckpt, self.c = checkpoint, c
        # A missing lm_head means the classifier is the embedding, whatever the config says.
        self.tied = c.tie or HF_NAMES["classifier"] not in checkpoint
        q_dim, kv_dim, d, h = c.n_heads * c.head_dim, c.n_kv_heads * c.head_dim, c.dim, c.hidden_dim
        self.shapes = {"embed": (c.vocab_size, d), "classifier": (c.vocab_size, d),
                       "attn_norm": (d,), "ffn_norm": (d,), "final_norm": (d,),
                       "wq": (q_dim, d), "wk": (kv_dim, d), "wv": (kv_dim, d), "wo": (d, q_dim),
                       "bq": (q_dim,), "bk": (kv_dim,), "bv": (kv_dim,),
                       "q_norm": (c.head_dim,), "k_norm": (c.head_dim,),
                       "w1": (h, d), "w2": (d, h), "w3": (h, d)}
        self.layer_roles = [r for r in HF_LAYER_NAMES if (r not in BIASES or c.qkv_bias) and
                            (r not in ("q_norm", "k_norm") or c.qk_norm)]

    def hf_tensor(self, role, layer):
        """HF tensor name and expected shape of ROLE (in LAYER, for per-layer roles)."""
        kind = "bias" if role in BIASES else "weight"
        name = HF_NAMES.get(role) or f"model.layers.{layer}.{HF_LAYER_NAMES[role]}.{kind}"
        return name, self.shapes[role]

    def roles(self):
        """Every (role, layer) to export, in RCLM file order."""
        per_layer = [(r, i) for i in range(self.c.n_layers) for r in self.layer_roles]
        classifier = [] if self.tied else [("classifier", None)]
        return [("embed", None)] + per_layer + [("final_norm", None)] + classifier

    def check_all_used(self):
        """ExportError naming any checkpoint tensor that the conversion would leave unused."""
        used = {self.hf_tensor(r, i)[0] for r, i in self.roles()}
        if self.tied and HF_NAMES["classifier"] in self.ckpt:  # saved anyway: must be the embedding
            shape = self.shapes["classifier"]
            if not np.array_equal(self.ckpt.load(HF_NAMES["classifier"], shape), self.ckpt.load(HF_NAMES["embed"], shape)):
                raise ExportError("tie_word_embeddings is true but lm_head.weight differs from "
                                  "model.embed_tokens.weight")
            used.add(HF_NAMES["classifier"])
        for name in sorted(self.ckpt.tensors):
            # rotary_emb.inv_freq: a buffer some old checkpoints saved, recomputed from rope_theta
            if name not in used and not name.endswith("self_attn.rotary_emb.inv_freq"):
                raise ExportError(f"tensor {name} is not used by the {self.c.arch} architecture "
                                  "(unknown tensors are refused, not dropped)")

    def get(self, role, layer=None):
        w = self.ckpt.load(*self.hf_tensor(role, layer))
        if role in ("wq", "wk") and not self.c.halves:
            # HF permutes each head's rows for its rotate-half RoPE; undo that as llama2.c's
            # export does, so that RoPE rotates interleaved pairs (x[2i], x[2i+1]).
            n = self.c.n_heads if role == "wq" else self.c.n_kv_heads
            hd, cols = self.c.head_dim, w.shape[1]
            w = w.reshape(n, 2, hd // 2, cols).transpose(0, 2, 1, 3).reshape(n * hd, cols)
        return w


# ----------------------------------------------------------------------------------------------
# Tensor serialisation

def quantize_q8_0(w, group_size):
    """Quantize 2-D W in groups of GROUP_SIZE along each row (the last one may be shorter).

    Returns int8 q shaped like W and float32 scales [rows, ceil(cols / group_size)], where
    scale = max|w| / 127 over the group and q = round(w / scale); an all-zero group gets scale 0.
    Works on blocks of rows to keep temporaries small.
    """
    rows, cols = w.shape
    n_groups = -(-cols // group_size)
    q = np.empty((rows, cols), np.int8)
    scales = np.empty((rows, n_groups), np.float32)
    block = max(1, (1 << 20) // cols)
    for r in range(0, rows, block):
        x = np.zeros((min(block, rows - r), n_groups * group_size), np.float32)
        x[:, :cols] = w[r:r + block]
        x = x.reshape(len(x), n_groups, group_size)
        s = np.abs(x).max(axis=2) / np.float32(127)
        qx = np.divide(x, s[:, :, None], out=np.zeros_like(x), where=s[:, :, None] > 0)
        q[r:r + block] = np.clip(np.rint(qx), -127, 127).reshape(len(x), -1)[:, :cols]
        scales[r:r + block] = s
    return q, scales


def write_array(f, a, align=1):
    """Zero-pad F to a multiple of ALIGN, then write A's elements in row-major order."""
    f.write(b"\0" * (-f.tell() % align))
    a = np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("<"))
    f.write(memoryview(a.reshape(-1)).cast("B"))


# ----------------------------------------------------------------------------------------------
# Checkpoint writers

RCLM_ALIGN = 64
RCLM_GROUP_SIZES = (32, 64)


def write_rclm(f, c, weights, quantized, group_size):
    """Our RCLM checkpoint: 256-byte header, then 64-aligned tensors layer by layer. Version 1 for
    the Llama layer (what older readers know); version 2 when the model needs its additions:
    flags bit 1 q/k/v biases, bit 2 q/k norms, bit 3 RoPE on halves, and the sliding window."""
    flags = int(weights.tied) | c.qkv_bias << 1 | c.qk_norm << 2 | c.halves << 3
    version = 2 if flags > 1 or c.sliding_window else 1
    header = struct.pack(
        "<4s13I2i2fI3fII", b"RCLM", version, 256, int(quantized), group_size if quantized else 0,
        c.dim, c.hidden_dim, c.n_layers, c.n_heads, c.n_kv_heads, c.head_dim, c.vocab_size,
        c.seq_len, flags, c.bos_id, c.eos_id, c.norm_eps, c.rope_theta,
        *c.rope_scaling, c.sliding_window)
    f.write(header.ljust(256, b"\0"))
    for role, layer in weights.roles():
        w = weights.get(role, layer)
        if role in VECTORS or not quantized:
            write_array(f, w, RCLM_ALIGN)
        else:
            q, scales = quantize_q8_0(w, group_size)
            write_array(f, q, RCLM_ALIGN)
            write_array(f, scales, RCLM_ALIGN)


def check_legacy(c):
    """llama2.c's formats hard-code these, so other values cannot be represented."""
    problems = [
        (c.arch not in ("llama", "mistral") or c.sliding_window, f"architecture {c.arch} "
         f"{'with a sliding window ' if c.sliding_window else ''}(llama2.c has Llama's layer only)"),
        (c.head_dim * c.n_heads != c.dim, f"head_dim {c.head_dim} != hidden_size / num_heads"),
        (c.rope_theta != 10000.0, f"rope_theta {c.rope_theta:g} != 10000"),
        (c.rope_scaling[0] != 0, "rope_scaling is set"),
        (c.norm_eps != 1e-5, f"rms_norm_eps {c.norm_eps:g} != 1e-5"),
        ((c.bos_id, c.eos_id) != (1, 2), f"bos/eos ids {c.bos_id}/{c.eos_id} != 1/2"),
    ]
    for bad, why in problems:
        if bad:
            raise ExportError(f"model cannot be written in a llama2.c format: {why}")


def by_kind(weights, roles):
    """(role, layer) pairs with each per-layer role repeated for all layers, as llama2.c does."""
    n = weights.c.n_layers
    return [(r, i) for r in roles for i in (range(n) if r in HF_LAYER_NAMES else [None])]


def write_legacy(f, c, weights, version, group_size):
    """llama2.c's legacy (v0) and "ak42" (v1 f32, v2 Q8_0) checkpoints."""
    dims = [c.dim, c.hidden_dim, c.n_layers, c.n_heads, c.n_kv_heads, c.vocab_size, c.seq_len]
    classifier = [] if weights.tied else [("classifier", None)]
    if version == "v0":
        if not weights.tied:
            dims[5] = -c.vocab_size  # a negative vocab_size flags the untied classifier
        f.write(struct.pack("<7i", *dims))
        for role, layer in by_kind(weights, ["embed", "attn_norm", "wq", "wk", "wv", "wo",
                                             "ffn_norm", "w1", "w2", "w3", "final_norm"]):
            write_array(f, weights.get(role, layer))
        # The RoPE tables llama2.c's model carried (unused by readers), computed as it did.
        hd = c.head_dim
        freqs = 1.0 / (np.float32(10000.0) ** (np.arange(0, hd, 2, dtype=np.float32) / hd))
        angles = np.outer(np.arange(c.seq_len, dtype=np.float32), freqs).astype(np.float32)
        write_array(f, np.cos(angles))
        write_array(f, np.sin(angles))
        for role, layer in classifier:
            write_array(f, weights.get(role, layer))
        return

    header = struct.pack("<Ii7iB", 0x616B3432, int(version[1]), *dims, int(weights.tied))
    if version == "v2":
        header += struct.pack("<i", group_size)
    f.write(header.ljust(256, b"\0"))
    for role, layer in by_kind(weights, ("attn_norm", "ffn_norm", "final_norm")):
        write_array(f, weights.get(role, layer))
    matrices = ["embed", "wq", "wk", "wv", "wo", "w1", "w2", "w3"]
    for role, layer in by_kind(weights, matrices) + classifier:
        w = weights.get(role, layer)
        if version == "v1":
            write_array(f, w)
        else:  # v2: groups run over the flattened tensor
            q, scales = quantize_q8_0(w.reshape(-1, group_size), group_size)
            write_array(f, q)
            write_array(f, scales)


def export_model(out, hf_dir, dtype, group_size, legacy):
    c = read_config(hf_dir)
    checkpoint = SafetensorsCheckpoint(hf_dir)
    weights = LlamaWeights(checkpoint, c)
    if legacy:
        check_legacy(c)
    if legacy == "v2" and group_size is None:
        # llama2.c halves 64 until it divides dim; runq.c's matmul also needs it to divide
        # hidden_dim (the input width of w2), or it silently skips the tail of each row
        group_size = 64
        while c.dim % group_size or c.hidden_dim % group_size:
            group_size //= 2
    elif not legacy:
        group_size = (group_size or 64) if dtype == "q8_0" else None
    for role, layer in weights.roles():  # check every tensor before writing anything
        name, shape = weights.hf_tensor(role, layer)
        checkpoint.check(name, shape)
        if legacy == "v2" and role not in VECTORS and shape[-1] % group_size:
            raise ExportError(f"tensor {name} {list(shape)}: row length not divisible by group "
                              f"size {group_size} (llama2.c v2 requires it)")
    weights.check_all_used()
    with output_file(out) as f:
        if legacy:
            write_legacy(f, c, weights, legacy, group_size)
        else:
            write_rclm(f, c, weights, dtype == "q8_0", group_size)
        size = f.tell()
    kind = (f"legacy {legacy}" if legacy else f"RCLM {dtype}") + \
        (f", group size {group_size}" if group_size else "")
    print(f"wrote {out} ({kind}, {'tied' if weights.tied else 'untied'} classifier, {size} bytes)")


# ----------------------------------------------------------------------------------------------
# SentencePiece tokenizer.model (protobuf wire format)

SP_NORMAL, SP_BYTE = 1, 6  # SentencePiece.Type: 1 normal ... 6 byte, the same codes as RCTK's
SP_UNIGRAM, SP_BPE = 1, 2  # TrainerSpec.ModelType


def read_varint(buf, pos):
    value = shift = 0
    while True:
        if pos >= len(buf) or shift > 63:
            raise ExportError("malformed protobuf (bad varint)")
        b = buf[pos]
        value |= (b & 0x7F) << shift
        pos, shift = pos + 1, shift + 7
        if b < 0x80:
            return value, pos


def proto_fields(buf):
    """Yield (field number, wire type, value) of a protobuf message: value is an int for
    varints and bytes otherwise (length-delimited contents, or 8/4 raw bytes for fixed64/32)."""
    pos = 0
    while pos < len(buf):
        key, pos = read_varint(buf, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = read_varint(buf, pos)
        elif wire in (1, 2, 5):  # fixed64, length-delimited, fixed32
            if wire == 2:
                size, pos = read_varint(buf, pos)
            else:
                size = 8 if wire == 1 else 4
            if pos + size > len(buf):
                raise ExportError("malformed protobuf (truncated field)")
            value, pos = bytes(buf[pos:pos + size]), pos + size
        else:
            raise ExportError(f"unsupported protobuf wire type {wire}")
        yield field, wire, value


def parse_sentencepiece(data):
    """Decode a ModelProto: pieces as (text, score, type), bos/eos ids and add_dummy_prefix."""
    sp = types.SimpleNamespace(pieces=[], bos_id=1, eos_id=2, add_dummy_prefix=True,
                               model_type=SP_UNIGRAM)  # the proto's defaults
    for field, wire, value in proto_fields(data):
        if field == 1 and wire == 2:  # SentencePiece
            piece, score, kind = None, 0.0, SP_NORMAL
            for f, w, v in proto_fields(value):
                if f == 1 and w == 2:
                    try:
                        piece = v.decode("utf-8")
                    except UnicodeDecodeError:
                        raise ExportError(f"piece {len(sp.pieces)} is not UTF-8")
                elif f == 2 and w == 5:
                    score = struct.unpack("<f", v)[0]
                elif f == 3 and w == 0:
                    kind = v
            if piece is None or not SP_NORMAL <= kind <= SP_BYTE:
                raise ExportError(f"piece {len(sp.pieces)} is malformed")
            sp.pieces.append((piece, score, kind))
        elif field == 2 and wire == 2:  # TrainerSpec: model_type, bos_id, eos_id
            for f, w, v in proto_fields(value):
                if w == 0 and f in (3, 41, 42):
                    v = v - (1 << 64) if v >= 1 << 63 else v  # int32 varints sign-extend
                    setattr(sp, {3: "model_type", 41: "bos_id", 42: "eos_id"}[f], v)
        elif field == 3 and wire == 2:  # NormalizerSpec: add_dummy_prefix
            for f, w, v in proto_fields(value):
                if f == 3 and w == 0:
                    sp.add_dummy_prefix = bool(v)
    if sp.model_type != SP_BPE:
        raise ExportError(f"model_type {sp.model_type} is not BPE ({SP_BPE}); "
                          "only BPE tokenizers are supported")
    if not sp.pieces:
        raise ExportError("no pieces")
    return sp


def read_sentencepiece(path):
    """The parsed tokenizer.model at path; errors name the file."""
    try:
        with open(path, "rb") as f:
            return parse_sentencepiece(f.read())
    except OSError as e:
        raise ExportError(f"cannot read {path}: {e}")
    except ExportError as e:
        raise ExportError(f"{path}: {e}")


def export_tokenizer(out, model_path, legacy):
    sp = read_sentencepiece(model_path)
    texts = [piece.replace("\u2581", " ").encode("utf-8") for piece, _, _ in sp.pieces]
    if legacy:
        # llama2.c's exporter wrote BOS and EOS as "\n<s>\n" and "\n</s>\n"; do the same.
        for i, text in ((sp.bos_id, b"\n<s>\n"), (sp.eos_id, b"\n</s>\n")):
            if 0 <= i < len(texts):
                texts[i] = text
    max_len = max(len(t) for t in texts)
    with output_file(out) as f:
        if legacy:
            f.write(struct.pack("<i", max_len))
        else:
            header = struct.pack("<4s5I3i2I", b"RCTK", 1, 64, len(texts), max_len,
                                 1,  # kind: SentencePiece BPE
                                 sp.bos_id, sp.eos_id, -1, int(sp.add_dummy_prefix),
                                 1)  # chat template: llama2 [INST]
            f.write(header.ljust(64, b"\0"))
        for text, (_, score, kind) in zip(texts, sp.pieces):
            fields = (score, len(text)) if legacy else (score, kind, len(text))
            f.write(struct.pack("<fi" if legacy else "<fB3xI", *fields) + text)
    print(f"wrote {out} ({'llama2.c' if legacy else 'RCTK'} tokenizer, {len(texts)} pieces, "
          f"bos {sp.bos_id}, eos {sp.eos_id})")


# ----------------------------------------------------------------------------------------------
# Byte-level BPE tokenizers (Llama 3, Qwen2/3): Hugging Face tokenizer.json -> RCTK kind 2.
# Standard library only; the format is in README.md, "Tokenizer, our format".

# The pre-tokenizer regexes we implement in C, exactly as they appear in tokenizer.json.
# Qwen2/3 differ from Llama 3 only in splitting numbers into single digits instead of runs of 1-3.
PRETOKENIZERS = {
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+": 1,
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+": 2,
}
PRETOK_GPT2, PRETOK_SMOLLM = 3, 4
NORMALIZERS = {None: 0, "NFC": 1}
TYPE_NORMAL, TYPE_UNUSED, TYPE_CONTROL, TYPE_USER_DEFINED = 1, 5, 3, 4
FLAG_ADD_BOS, FLAG_IGNORE_MERGES = 1 << 1, 1 << 2
CHAT_NONE, CHAT_LLAMA2, CHAT_LLAMA3, CHAT_CHATML = 0, 1, 2, 3


def byte_level_decoder():
    """The inverse of GPT-2's bytes_to_unicode: maps each of its 256 printable characters to a byte."""
    kept = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAC + 1)) + list(range(0xAE, 0xFF + 1))
    chars, n = {}, 0
    for b in range(256):
        if b in kept:
            chars[chr(b)] = b
        else:
            chars[chr(256 + n)] = b
            n += 1
    return chars


def pretokenizer_kind(pre):
    """Our pretokenizer code for tokenizer.json's pre_tokenizer; raises if we do not implement it."""
    steps = pre.get("pretokenizers", []) if pre and pre.get("type") == "Sequence" else [pre]
    byte_level = [s.get("type") == "ByteLevel" and s.get("use_regex", True) and not s.get("add_prefix_space")
                  for s in steps if s]
    if len(steps) == 1 and byte_level == [True]:
        return PRETOK_GPT2  # ByteLevel's own regex: GPT-2's pattern
    if (len(steps) == 2 and byte_level == [False, True] and steps[0].get("type") == "Digits"
            and steps[0].get("individual_digits")):
        return PRETOK_SMOLLM  # digits one by one, then GPT-2's pattern (SmolLM2)
    if (len(steps) == 2 and steps[0].get("type") == "Split" and steps[1].get("type") == "ByteLevel"
            and steps[0].get("behavior") == "Isolated" and not steps[0].get("invert")
            and not steps[1].get("add_prefix_space") and not steps[1].get("use_regex", True)):
        kind = PRETOKENIZERS.get(steps[0]["pattern"].get("Regex"))
        if kind:
            return kind
    raise ExportError(f"unsupported pre_tokenizer: {json.dumps(pre)[:300]}")


def chat_template_kind(template):
    """Classify a Jinja chat template by the marker tokens it writes."""
    template = template or ""
    if "<|start_header_id|>" in template:
        return CHAT_LLAMA3
    if "<|im_start|>" in template:
        return CHAT_CHATML
    if "[INST]" in template:
        return CHAT_LLAMA2
    return CHAT_NONE


def adds_bos(tok, config, bos_content):
    """Whether encoding a text prepends BOS, as Hugging Face does: tokenizer_config's add_bos_token
    if set, else whether the post-processor's template for a single text starts with the BOS token."""
    if config.get("add_bos_token") is not None:
        return bool(config["add_bos_token"])
    post = tok.get("post_processor") or {}
    for p in post.get("processors", [post]):
        if p.get("type") == "TemplateProcessing":
            first = p["single"][0]
            return "SpecialToken" in first and first["SpecialToken"]["id"] == bos_content
    return False


def token_content(value):
    """tokenizer_config stores special tokens either as a string or as an AddedToken dict."""
    return value.get("content") if isinstance(value, dict) else value



def export_bpe_tokenizer(out, json_path, vocab_size=None):
    """Write a Hugging Face byte-level BPE tokenizer.json (with the tokenizer_config.json beside
    it, for the special tokens and the chat template) as RCTK kind 2, padded with unused ids up to
    vocab_size: the model's vocabulary (config.json's vocab_size beside tokenizer.json if present,
    else the tokenizer's own size). run.c requires the two sizes to be equal."""
    where = json_path
    tok = read_json(json_path)
    directory = os.path.dirname(json_path)
    config_path = os.path.join(directory, "tokenizer_config.json")
    config = read_json(config_path) if os.path.exists(config_path) else {}
    try:
        model = tok["model"]
        if model.get("type") != "BPE" or model.get("byte_fallback") or model.get("continuing_subword_prefix") \
                or model.get("end_of_word_suffix") or (tok.get("decoder") or {}).get("type") != "ByteLevel":
            raise ExportError("not a byte-level BPE tokenizer.json (model BPE with a ByteLevel decoder)")
        pretok = pretokenizer_kind(tok.get("pre_tokenizer"))
        normalizer = tok.get("normalizer")
        norm_type = normalizer.get("type") if normalizer else None
        if norm_type not in NORMALIZERS:
            raise ExportError(f"unsupported normalizer: {norm_type}")

        # Vocabulary: model pieces are spelled in GPT-2's byte-to-unicode alphabet; store raw bytes.
        to_byte = byte_level_decoder()
        own_size = max(list(model["vocab"].values()) + [t["id"] for t in tok["added_tokens"]]) + 1
        if vocab_size is None:
            model_config = os.path.join(directory, "config.json")
            vocab_size = read_json(model_config).get("vocab_size") if os.path.exists(model_config) else None
            vocab_size = own_size if vocab_size is None else vocab_size
            where = f"{json_path} (vocab_size from {model_config})" if vocab_size != own_size else json_path
        if not isinstance(vocab_size, int) or vocab_size < own_size:
            raise ExportError(f"the tokenizer has {own_size} ids, more than the vocabulary size {vocab_size}")
        pieces = [b""] * vocab_size
        types_ = [TYPE_UNUSED] * vocab_size
        for text, i in model["vocab"].items():
            if not all(c in to_byte for c in text):
                raise ExportError(f"vocabulary piece {text!r} is not in the byte-level alphabet")
            pieces[i] = bytes(to_byte[c] for c in text)
            types_[i] = TYPE_NORMAL
        for t in tok["added_tokens"]:
            if t.get("lstrip") or t.get("rstrip") or t.get("single_word") or t.get("normalized"):
                raise ExportError(f"unsupported added token options: {t}")
            pieces[t["id"]] = t["content"].encode("utf-8")
            types_[t["id"]] = TYPE_CONTROL if t["special"] else TYPE_USER_DEFINED

        # Merges: "a b" strings (older files) or [a, b] pairs, in rank order. A space never occurs
        # inside a byte-level piece, so splitting on it is unambiguous.
        ids = model["vocab"]
        merges = []
        for m in model["merges"]:
            a, b = m.split(" ") if isinstance(m, str) else m
            if a + b not in ids:
                raise ExportError(f"merge result not in vocabulary: {a} {b}")
            merges.append((ids[a], ids[b]))
        if len(set(merges)) != len(merges):
            raise ExportError("duplicate merges")
    except (KeyError, TypeError, AttributeError, ValueError) as e:
        raise ExportError(f"{json_path}: malformed tokenizer.json ({type(e).__name__}: {e})")
    except ExportError as e:
        raise ExportError(f"{json_path}: {e}")

    id_of = {t["content"]: t["id"] for t in tok["added_tokens"]}

    def special_id(name):
        """Id of the special token that tokenizer_config names under `name`, or -1."""
        content = token_content(config.get(name))
        return id_of.get(content, ids.get(content, -1)) if content else -1

    template = config.get("chat_template")
    if isinstance(template, list):  # a list of named templates: use the default one
        template = next((t["template"] for t in template if t.get("name") == "default"), "")
    chat = chat_template_kind(template)
    # End of turn is the template's closing marker; end of text is config's eos_token unless that
    # is the end-of-turn token (Llama 3.1 and Qwen set eos_token to it), then the base model's.
    eot_id = {CHAT_LLAMA3: id_of.get("<|eot_id|>", -1), CHAT_CHATML: id_of.get("<|im_end|>", -1)}.get(chat, -1)
    eos_id = special_id("eos_token")
    if eos_id == eot_id:
        eos_id = next((id_of[s] for s in ("<|end_of_text|>", "<|endoftext|>") if s in id_of), eos_id)
    bos_id = special_id("bos_token")
    add_bos = bos_id >= 0 and adds_bos(tok, config, token_content(config.get("bos_token")))

    flags = (FLAG_ADD_BOS if add_bos else 0) | (FLAG_IGNORE_MERGES if model.get("ignore_merges") else 0)
    header = struct.pack("<4sIIIIIiiiIIIII", b"RCTK", 1, 64, vocab_size, max(len(p) for p in pieces), 2,
                         bos_id, eos_id, eot_id, flags, chat, pretok, len(merges), NORMALIZERS[norm_type])
    with output_file(out) as f:
        f.write(header.ljust(64, b"\0"))
        for p, t in zip(pieces, types_):
            f.write(struct.pack("<fBxxxI", 0.0, t, len(p)) + p)
        f.write(b"".join(struct.pack("<II", a, b) for a, b in merges))
    print(f"wrote {out} (RCTK byte-level BPE, {vocab_size} ids from {where}, {len(merges)} merges, "
          f"bos {bos_id}, eos {eos_id}, eot {eot_id}, chat template {chat})")


# ----------------------------------------------------------------------------------------------
# GGUF v3 (llama.cpp's format), architecture `llama` only: --gguf.
#
# Layout: "GGUF", u32 version 3, u64 tensor count, u64 key/value count; the key/values (u64-length
# strings, u32 value type, value); one record per tensor (name, u32 n_dims, u64 dims innermost
# first, u32 ggml type, u64 offset into the data section); zero padding to general.alignment (32);
# the tensors, each padded to 32 bytes.  Names, metadata and tensor types follow llama.cpp's
# convert_hf_to_gguf.py for LlamaForCausalLM (see /work/llamacpp/src/conversion/llama.py, base.py).

GGUF_ALIGN = 32
GGUF_QUANT_VERSION = 2  # general.quantization_version, as gguf-py writes it
GV_U8, GV_I8, GV_U16, GV_I16, GV_U32, GV_I32, GV_F32, GV_BOOL, GV_STR, GV_ARR, GV_U64, GV_I64, GV_F64 = \
    range(13)
GV_PACK = {GV_U8: "<B", GV_I8: "<b", GV_U16: "<H", GV_I16: "<h", GV_U32: "<I", GV_I32: "<i",
           GV_F32: "<f", GV_BOOL: "<?", GV_U64: "<Q", GV_I64: "<q", GV_F64: "<d"}
GV_NUMPY = {GV_U32: "<u4", GV_I32: "<i4", GV_F32: "<f4"}

# --dtype -> (general.file_type, ggml type of the weight matrices); ggml types: F32 0, F16 1,
# Q8_0 8, BF16 30; llama_ftype: ALL_F32 0, MOSTLY_F16 1, MOSTLY_Q8_0 7, MOSTLY_BF16 32.
GGML_F32, GGML_F16, GGML_Q8_0, GGML_BF16 = 0, 1, 8, 30
GGML_NAMES = {GGML_F32: "F32", GGML_F16: "F16", GGML_Q8_0: "Q8_0", GGML_BF16: "BF16"}
GGUF_DTYPES = {"f32": (0, GGML_F32), "f16": (1, GGML_F16), "bf16": (32, GGML_BF16),
               "q8_0": (7, GGML_Q8_0)}
QK8_0 = 32

# run.c role -> llama.cpp tensor name ({} is the layer)
GGUF_NAMES = {"embed": "token_embd.weight", "final_norm": "output_norm.weight",
              "classifier": "output.weight",
              "attn_norm": "blk.{}.attn_norm.weight", "wq": "blk.{}.attn_q.weight",
              "wk": "blk.{}.attn_k.weight", "wv": "blk.{}.attn_v.weight",
              "wo": "blk.{}.attn_output.weight", "ffn_norm": "blk.{}.ffn_norm.weight",
              "w1": "blk.{}.ffn_gate.weight", "w2": "blk.{}.ffn_down.weight",
              "w3": "blk.{}.ffn_up.weight",
              "bq": "blk.{}.attn_q.bias", "bk": "blk.{}.attn_k.bias", "bv": "blk.{}.attn_v.bias",
              "q_norm": "blk.{}.attn_q_norm.weight", "k_norm": "blk.{}.attn_k_norm.weight"}

# SentencePiece / llama.cpp token types
TT_NORMAL, TT_UNKNOWN, TT_CONTROL, TT_USER_DEFINED, TT_UNUSED, TT_BYTE = 1, 2, 3, 4, 5, 6


def gguf_string(s):
    b = s if isinstance(s, bytes) else s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def gguf_value(vtype, value):
    """The bytes of one value of type VTYPE; (GV_ARR, elem type) for arrays."""
    if isinstance(vtype, tuple):
        _, elem = vtype
        head = struct.pack("<IQ", elem, len(value))
        if elem == GV_STR:
            return head + b"".join(gguf_string(v) for v in value)
        if elem in GV_NUMPY:
            return head + np.asarray(value, dtype=GV_NUMPY[elem]).tobytes()
        return head + b"".join(struct.pack(GV_PACK[elem], v) for v in value)
    if vtype == GV_STR:
        return gguf_string(value)
    return struct.pack(GV_PACK[vtype], value)


def gguf_kv(key, vtype, value):
    t = GV_ARR if isinstance(vtype, tuple) else vtype
    return gguf_string(key) + struct.pack("<I", t) + gguf_value(vtype, value)


def gguf_tensor_bytes(shape, ggml_type):
    n = int(np.prod(shape))
    if ggml_type == GGML_Q8_0:
        return n // QK8_0 * (2 + QK8_0)
    return n * (4 if ggml_type == GGML_F32 else 2)


def to_bf16(w):
    """float32 -> bfloat16 bits, rounding to nearest even, NaN made quiet (as ggml and gguf-py)."""
    n = np.ascontiguousarray(w, dtype=np.float32).view(np.uint32)
    n = np.where((n & 0x7FFFFFFF) > 0x7F800000, (n & np.uint32(0xFFFF0000)) | np.uint32(64 << 16), n)
    return ((n.astype(np.uint64) + (0x7FFF + ((n >> 16) & 1))) >> 16).astype("<u2")


def to_q8_0(w):
    """ggml's block_q8_0 rows: per 32 values an f16 scale d = max|x| / 127, then 32 int8
    round(x / d) (halves away from zero), computed as ggml's quantize_row_q8_0_ref does."""
    rows, cols = w.shape
    out = np.empty((rows, cols // QK8_0 * (2 + QK8_0)), np.uint8)
    step = max(1, (1 << 20) // cols)
    for r in range(0, rows, step):
        x = np.asarray(w[r:r + step], dtype=np.float32).reshape(-1, QK8_0)
        d = np.abs(x).max(axis=1, keepdims=True) / np.float32(127)
        inv = np.divide(np.float32(1), d, out=np.zeros_like(d), where=d != 0)
        v = x * inv
        a = np.abs(v)
        fl = np.floor(a)
        q = np.sign(v) * (fl + np.floor(2 * (a - fl)))
        blocks = np.empty((len(x), 2 + QK8_0), np.uint8)
        blocks[:, :2] = d.astype("<f2").view(np.uint8)
        blocks[:, 2:] = q.astype(np.int8).view(np.uint8)
        out[r:r + step] = blocks.reshape(-1, out.shape[1])
    return out


def gguf_encode(w, ggml_type):
    if ggml_type == GGML_F32:
        return np.ascontiguousarray(w, dtype="<f4")
    if ggml_type == GGML_F16:
        return np.ascontiguousarray(w, dtype="<f2")
    if ggml_type == GGML_BF16:
        return to_bf16(w)
    return to_q8_0(w)


def llama3_rope_factors(c):
    """rope_freqs.weight for rope_scaling type llama3, computed in float32 the way
    convert_hf_to_gguf.py's LlamaModel.generate_extra_tensors does (with torch float32)."""
    _, factor, low, high, old_ctx = c.rope_scaling
    f32 = np.float32
    dim = c.head_dim
    freqs = f32(1.0) / (f32(c.rope_theta) ** (np.arange(0, dim, 2, dtype=np.float32) / f32(dim)))
    low_wavelen, high_wavelen = old_ctx / low, old_ctx / high  # python floats, as there
    out = []
    for freq in freqs:
        wavelen = f32(2 * np.pi) / freq
        if wavelen < high_wavelen:
            out.append(f32(1))
        elif wavelen > low_wavelen:
            out.append(f32(factor))
        else:
            smooth = (f32(old_ctx) / wavelen - f32(low)) / f32(high - low)
            out.append(f32(1) / ((f32(1) - smooth) / f32(factor) + smooth))
    return np.array(out, dtype=np.float32)


def chat_template_kvs(config, directory):
    """tokenizer.chat_template (and named ones) from tokenizer_config.json, or chat_template.jinja."""
    template = config.get("chat_template")
    jinja = os.path.join(directory, "chat_template.jinja")
    if template is None and os.path.exists(jinja):
        with open(jinja, encoding="utf-8") as f:
            template = f.read()
    if template is None:
        return []
    if isinstance(template, str):
        return [("tokenizer.chat_template", GV_STR, template)]
    kvs, names = [], []
    for t in template:
        name = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in t.get("name", ""))
        if not name or t.get("template") is None:
            continue
        if name == "default":
            kvs.insert(0, ("tokenizer.chat_template", GV_STR, t["template"]))
        else:
            names.append(name)
            kvs.append((f"tokenizer.chat_template.{name}", GV_STR, t["template"]))
    if names:
        kvs.append(("tokenizer.chat_templates", (GV_ARR, GV_STR), names))
    return kvs


def looks_special(text):
    """convert_hf_to_gguf.py's does_token_look_special."""
    return text in ("<pad>", "<mask>", "<2mass>", "[@BOS@]") or \
        (text.startswith("<|") and text.endswith("|>"))


def gguf_sentencepiece_vocab(path, c, model_cfg):
    """tokenizer.* key/values for a SentencePiece tokenizer.model, as _set_vocab_sentencepiece
    writes them: model "llama", pre "default", pieces as spelled (with U+2581), scores, types."""
    sp = read_sentencepiece(path)
    if len(sp.pieces) > c.vocab_size:
        raise ExportError(f"{path}: {len(sp.pieces)} pieces, more than the model's vocab_size "
                          f"{c.vocab_size}")
    directory = os.path.dirname(path)
    config_path = os.path.join(directory, "tokenizer_config.json")
    config = read_json(config_path) if os.path.exists(config_path) else {}
    n = c.vocab_size
    tokens = [f"[PAD{i}]".encode() for i in range(n)]
    scores = [-10000.0] * n
    types_ = [TT_UNUSED] * n
    unk_id = None
    for i, (piece, score, kind) in enumerate(sp.pieces):
        tokens[i], scores[i] = piece.encode("utf-8"), score
        # llama.cpp's converter asks IsUnknown/IsControl/IsUnused/IsByte: user-defined is normal
        types_[i] = kind if kind in (TT_UNKNOWN, TT_CONTROL, TT_UNUSED, TT_BYTE) else TT_NORMAL
        if kind == TT_UNKNOWN and unk_id is None:
            unk_id = i
    for key, entry in (config.get("added_tokens_decoder") or {}).items():
        i, text = int(key), entry["content"]
        if i >= n:
            raise ExportError(f"{config_path}: added token {i} {text!r} is outside the vocabulary")
        if entry.get("special") or looks_special(text):
            types_[i] = TT_CONTROL
        else:
            text = text.replace("\u2581", " ")
            types_[i] = TT_USER_DEFINED
        tokens[i], scores[i] = text.encode("utf-8"), -1000.0

    # Special ids: config.json's, as the converter reads them, else the tokenizer's own.
    def config_id(key, default):
        v = model_cfg.get(key)
        v = v[0] if isinstance(v, list) and v else v
        return v if isinstance(v, int) and 0 <= v < n else default
    kvs = [("tokenizer.ggml.model", GV_STR, "llama"), ("tokenizer.ggml.pre", GV_STR, "default"),
           ("tokenizer.ggml.tokens", (GV_ARR, GV_STR), tokens),
           ("tokenizer.ggml.scores", (GV_ARR, GV_F32), scores),
           ("tokenizer.ggml.token_type", (GV_ARR, GV_I32), types_)]
    for name, key, default in (("bos", "bos_token_id", sp.bos_id), ("eos", "eos_token_id", sp.eos_id),
                               ("unknown", "unk_token_id", unk_id), ("padding", "pad_token_id", None)):
        v = config_id(key, default if default is not None and 0 <= default < n else None)
        if v is not None:
            kvs.append((f"tokenizer.ggml.{name}_token_id", GV_U32, v))
    add_bos = config.get("add_bos_token")
    add_eos = config.get("add_eos_token")
    prefix = config.get("add_prefix_space")
    kvs += [("tokenizer.ggml.add_bos_token", GV_BOOL, add_bos if isinstance(add_bos, bool) else True),
            ("tokenizer.ggml.add_eos_token", GV_BOOL, add_eos if isinstance(add_eos, bool) else False),
            ("tokenizer.ggml.add_space_prefix", GV_BOOL,
             prefix if isinstance(prefix, bool) else sp.add_dummy_prefix)]
    kvs += chat_template_kvs(config, directory)
    if len(sp.pieces) < n:
        print(f"export.py: warning: {path} has {len(sp.pieces)} pieces, the model {n}: "
              "padded with unused [PAD<i>] tokens", file=sys.stderr)
    summary = f"SentencePiece, {len(sp.pieces)} pieces"
    return kvs, summary


# tokenizer.json pre-tokenizer (our code, see PRETOKENIZERS) and normalizer -> tokenizer.ggml.pre
GGUF_PRE = {(1, None): "llama-bpe", (2, "NFC"): "qwen2", (2, None): "qwen2"}


def gguf_bpe_vocab(json_path, c, model_cfg):
    """tokenizer.* key/values for a Hugging Face byte-level BPE tokenizer.json (with the
    tokenizer_config.json beside it), as _set_vocab_gpt2 writes them: model "gpt2", tokens in
    GPT-2's byte-to-unicode spelling, types, merges "a b", bos/eos ids, chat template."""
    tok = read_json(json_path)
    directory = os.path.dirname(json_path)
    config_path = os.path.join(directory, "tokenizer_config.json")
    config = read_json(config_path) if os.path.exists(config_path) else {}
    n = c.vocab_size
    try:
        model = tok["model"]
        if model.get("type") != "BPE" or model.get("byte_fallback") or \
                (tok.get("decoder") or {}).get("type") != "ByteLevel":
            raise ExportError("not a byte-level BPE tokenizer.json (model BPE with a ByteLevel decoder)")
        normalizer = (tok.get("normalizer") or {}).get("type")
        pre = GGUF_PRE.get((pretokenizer_kind(tok.get("pre_tokenizer")), normalizer))
        if pre is None:
            raise ExportError(f"unsupported normalizer {normalizer} with this pre-tokenizer")
        vocab, added = model["vocab"], tok.get("added_tokens", [])
        own_size = max(list(vocab.values()) + [t["id"] for t in added]) + 1
        if own_size > n:
            raise ExportError(f"the tokenizer has {own_size} ids, more than the model's vocab_size {n}")
        tokens = [None] * n
        types_ = [TT_UNUSED] * n
        for text, i in vocab.items():
            tokens[i], types_[i] = text, TT_NORMAL
        for t in added:
            text = t["content"]
            if t.get("special") or looks_special(text):
                types_[t["id"]] = TT_CONTROL
            else:
                text = text.replace("\u2581", " ")
                types_[t["id"]] = TT_USER_DEFINED
            tokens[t["id"]] = text
        tokens = [f"[PAD{i}]" if t is None else t for i, t in enumerate(tokens)]
        merges = []
        for m in model["merges"]:
            if isinstance(m, str):
                merges.append(m)
            else:  # [a, b] pairs (transformers >= 4.45): a space inside a part is spelled U+0120
                merges.append(" ".join(p.replace(" ", "\u0120") for p in m))
        id_of = {t["content"]: t["id"] for t in added}
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as e:
        raise ExportError(f"{json_path}: malformed tokenizer.json ({type(e).__name__}: {e})")
    except ExportError as e:
        raise ExportError(f"{json_path}: {e}")

    kvs = [("tokenizer.ggml.model", GV_STR, "gpt2"), ("tokenizer.ggml.pre", GV_STR, pre),
           ("tokenizer.ggml.tokens", (GV_ARR, GV_STR), tokens),
           ("tokenizer.ggml.token_type", (GV_ARR, GV_I32), types_),
           ("tokenizer.ggml.merges", (GV_ARR, GV_STR), merges)]
    # Special tokens: tokenizer_config.json's (by content), else config.json's ids.
    ids = {}
    for name, typ in (("bos", "bos"), ("eos", "eos"), ("unknown", "unk"), ("padding", "pad")):
        content = token_content(config.get(f"{typ}_token"))
        i = id_of.get(content, vocab.get(content)) if content else None
        if i is None:
            v = model_cfg.get(f"{typ}_token_id")
            v = v[0] if isinstance(v, list) and v else v
            i = v if isinstance(v, int) and 0 <= v < n else None
        if i is not None:
            ids[name] = i
            kvs.append((f"tokenizer.ggml.{name}_token_id", GV_U32, i))
    bos_content = token_content(config.get("bos_token"))
    has_template = any(p.get("type") == "TemplateProcessing" for p in
                       (tok.get("post_processor") or {}).get("processors", [tok.get("post_processor") or {}]))
    if "bos" in ids and (isinstance(config.get("add_bos_token"), bool) or has_template):
        kvs.append(("tokenizer.ggml.add_bos_token", GV_BOOL, adds_bos(tok, config, bos_content)))
    if isinstance(config.get("add_eos_token"), bool):
        kvs.append(("tokenizer.ggml.add_eos_token", GV_BOOL, config["add_eos_token"]))
    kvs += chat_template_kvs(config, directory)
    if own_size < n:
        print(f"export.py: warning: {json_path} has {own_size} ids, the model {n}: "
              "padded with unused [PAD<i>] tokens", file=sys.stderr)
    summary = f"byte-level BPE ({pre}), {own_size} ids, {len(merges)} merges"
    return kvs, summary


def find_tokenizer(hf_dir):
    for name in ("tokenizer.model", "tokenizer.json"):  # the converter's order of preference
        if os.path.exists(os.path.join(hf_dir, name)):
            return os.path.join(hf_dir, name)
    raise ExportError(f"{hf_dir}: no tokenizer.model or tokenizer.json; give --tokenizer FILE")


def export_gguf(out, hf_dir, dtype, tokenizer_path, name=None):
    cfg = read_json(os.path.join(hf_dir, "config.json"))
    c = read_config(hf_dir)
    if c.rope_scaling[0] and c.gguf != "llama":
        raise ExportError(f"{hf_dir}: llama3 rope_scaling is only written for the llama GGUF architecture")
    checkpoint = SafetensorsCheckpoint(hf_dir)
    weights = LlamaWeights(checkpoint, c)
    weights.check_all_used()
    file_type, matrix_type = GGUF_DTYPES[dtype]
    tokenizer_path = tokenizer_path or find_tokenizer(hf_dir)
    if tokenizer_path.endswith(".json"):
        tok_kvs, tok_summary = gguf_bpe_vocab(tokenizer_path, c, cfg)
    else:
        tok_kvs, tok_summary = gguf_sentencepiece_vocab(tokenizer_path, c, cfg)

    # Tensors: (name, shape, ggml type, loader); norms and 1-D tensors stay F32; a matrix whose
    # rows do not split into Q8_0 blocks falls back to F16, as in convert_hf_to_gguf.py.
    tensors = []
    if c.rope_scaling[0] == 1:
        tensors.append(("rope_freqs.weight", (c.head_dim // 2,), GGML_F32, lambda: llama3_rope_factors(c)))
    for role, layer in weights.roles():
        name, shape = weights.hf_tensor(role, layer)
        checkpoint.check(name, shape)
        gtype = GGML_F32 if role in VECTORS else matrix_type
        if gtype == GGML_Q8_0 and shape[-1] % QK8_0:
            print(f"export.py: warning: {name} {list(shape)}: rows not a multiple of {QK8_0}, "
                  "written as F16", file=sys.stderr)
            gtype = GGML_F16
        tensors.append((GGUF_NAMES[role].format(layer), shape, gtype,
                        lambda role=role, layer=layer: weights.get(role, layer)))


    name = name or os.path.basename(os.path.abspath(hf_dir))
    a = c.gguf  # the key prefix: llama (also Mistral), qwen2, qwen3
    kvs = [("general.architecture", GV_STR, a), ("general.type", GV_STR, "model"),
           ("general.name", GV_STR, name), ("general.alignment", GV_U32, GGUF_ALIGN),
           (f"{a}.block_count", GV_U32, c.n_layers), (f"{a}.context_length", GV_U32, c.seq_len),
           (f"{a}.embedding_length", GV_U32, c.dim), (f"{a}.feed_forward_length", GV_U32, c.hidden_dim),
           (f"{a}.attention.head_count", GV_U32, c.n_heads),
           (f"{a}.attention.head_count_kv", GV_U32, c.n_kv_heads),
           (f"{a}.rope.freq_base", GV_F32, c.rope_theta),
           (f"{a}.attention.layer_norm_rms_epsilon", GV_F32, c.norm_eps)]
    if cfg.get("head_dim") is not None or c.head_dim * c.n_heads != c.dim:
        kvs += [(f"{a}.attention.key_length", GV_U32, c.head_dim),
                (f"{a}.attention.value_length", GV_U32, c.head_dim)]
    if c.sliding_window:  # llama.cpp's llama architecture does not read it; run.c does
        kvs.append((f"{a}.attention.sliding_window", GV_U32, c.sliding_window))
    kvs += [("general.file_type", GV_U32, file_type), (f"{a}.vocab_size", GV_U32, c.vocab_size),
            (f"{a}.rope.dimension_count", GV_U32, c.head_dim),
            ("general.quantization_version", GV_U32, GGUF_QUANT_VERSION)] + tok_kvs

    header = [struct.pack("<4sIQQ", b"GGUF", 3, len(tensors), len(kvs))]
    header += [gguf_kv(*kv) for kv in kvs]
    offset = 0
    for tname, shape, gtype, _ in tensors:
        header.append(gguf_string(tname) + struct.pack(f"<I{len(shape)}QIQ", len(shape),
                                                       *reversed(shape), gtype, offset))
        offset += gguf_tensor_bytes(shape, gtype)
        offset += -offset % GGUF_ALIGN
    with output_file(out) as f:
        f.write(b"".join(header))
        f.write(b"\0" * (-f.tell() % GGUF_ALIGN))
        data_start = f.tell()
        for i, (tname, shape, gtype, load) in enumerate(tensors):
            print(f"export.py: [{i + 1}/{len(tensors)}] {tname} {GGML_NAMES[gtype]} "
                  f"{list(reversed(shape))}", file=sys.stderr)
            data = gguf_encode(load(), gtype)
            f.write(b"\0" * (-(f.tell() - data_start) % GGUF_ALIGN))
            f.write(memoryview(np.ascontiguousarray(data).reshape(-1)).cast("B"))
        f.write(b"\0" * (-(f.tell() - data_start) % GGUF_ALIGN))
        size = f.tell()
    print(f"wrote {out} (GGUF v3 {a} {dtype.upper()}, {len(tensors)} tensors, "
          f"{'tied' if weights.tied else 'untied'} classifier, {tok_summary}, {size} bytes)")


# ----------------------------------------------------------------------------------------------
# Command line

def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="export.py",
        description="Export a Hugging Face Llama, Mistral, Qwen2 or Qwen3 checkpoint or a tokenizer to "
                    "run.c's binary formats (see README.md, 'File formats'), or a checkpoint "
                    "and its tokenizer to llama.cpp's GGUF (--gguf).")
    p.add_argument("output", metavar="OUT", help="file to write")
    p.add_argument("--hf", metavar="DIR",
                   help="Hugging Face Llama directory (config.json + *.safetensors)")
    p.add_argument("--tokenizer", metavar="FILE",
                   help="SentencePiece tokenizer.model, or Hugging Face byte-level BPE tokenizer.json")
    p.add_argument("--gguf", action="store_true",
                   help="write GGUF v3 (llama.cpp) from --hf DIR, with the tokenizer in the same "
                        "file (--tokenizer FILE, default DIR/tokenizer.model or DIR/tokenizer.json)")
    p.add_argument("--name", metavar="NAME",
                   help="with --gguf: general.name (default: the name of the --hf directory)")
    p.add_argument("--dtype", type=str.lower, choices=("fp32", "f32", "f16", "bf16", "q8_0"),
                   help="weight type: fp32 or q8_0 for RCLM (default fp32); with --gguf f32, f16, "
                        "bf16 or q8_0 (default f16; norms are always f32)")
    p.add_argument("--group-size", type=int, metavar="N",
                   help="q8_0 group length: 32 or 64 for RCLM (default 64); for --legacy v2 "
                        "any divisor of the tensor sizes (default: 64, halved until it "
                        "divides dim, as llama2.c does)")
    p.add_argument("--legacy", nargs="?", const="tokenizer", metavar="VERSION",
                   help="write llama2.c's format instead: v0, v1 or v2 with --hf; "
                        "no VERSION with --tokenizer")
    p.add_argument("--vocab-size", type=int, metavar="N",
                   help="with --tokenizer tokenizer.json: pad to N ids, the model's vocabulary "
                        "(default: config.json's vocab_size beside tokenizer.json, else the "
                        "tokenizer's own size)")
    args = p.parse_args(argv)
    gs = args.group_size
    if args.gguf:
        if not args.hf:
            p.error("--gguf needs --hf DIR")
        if args.legacy or gs is not None or args.vocab_size is not None:
            p.error("with --gguf, only --hf, --tokenizer and --dtype may be given")
        args.dtype = {"fp32": "f32"}.get(args.dtype, args.dtype or "f16")
        return args
    if args.name is not None:
        p.error("--name applies to --gguf only")
    if bool(args.hf) == bool(args.tokenizer):
        p.error("give one of --hf DIR or --tokenizer FILE (both only with --gguf)")
    if args.dtype in ("f32", "f16", "bf16"):
        if args.dtype != "f32":
            p.error(f"--dtype {args.dtype} needs --gguf (our format has fp32 and q8_0)")
        args.dtype = "fp32"
    is_json = bool(args.tokenizer) and args.tokenizer.endswith(".json")
    if args.vocab_size is not None and not is_json:
        p.error("--vocab-size applies to --tokenizer tokenizer.json only")
    if args.vocab_size is not None and args.vocab_size <= 0:
        p.error("--vocab-size must be positive")
    if is_json:
        if args.legacy or args.dtype or gs is not None:
            p.error("with --tokenizer tokenizer.json, only --vocab-size may be given")
    elif args.tokenizer:
        if args.legacy not in (None, "tokenizer") or args.dtype or gs is not None:
            p.error("with --tokenizer, only --legacy (without a version) may be given")
    elif args.legacy not in (None, "v0", "v1", "v2"):
        p.error("--legacy needs a version with --hf: v0, v1 or v2")
    elif args.legacy and args.dtype:
        p.error("--dtype applies to our format only (llama2.c v0/v1 are f32, v2 is q8_0)")
    elif gs is not None and args.legacy != "v2" and args.dtype != "q8_0":
        p.error("--group-size needs --dtype q8_0 or --legacy v2")
    elif gs is not None and (gs <= 0 or not args.legacy and gs not in RCLM_GROUP_SIZES):
        p.error("--group-size must be 32 or 64 (any positive size with --legacy v2)")
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        if args.gguf:
            export_gguf(args.output, args.hf, args.dtype, args.tokenizer, args.name)
        elif args.tokenizer and args.tokenizer.endswith(".json"):
            export_bpe_tokenizer(args.output, args.tokenizer, args.vocab_size)
        elif args.tokenizer:
            export_tokenizer(args.output, args.tokenizer, args.legacy is not None)
        else:
            export_model(args.output, args.hf, args.dtype or "fp32", args.group_size,
                         args.legacy)
    except (ExportError, OSError) as e:
        print(f"export.py: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
