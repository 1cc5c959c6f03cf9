#!/usr/bin/env python3
"""An independent numpy (float64) oracle for Hugging Face decoder checkpoints.

    python3 tests/hf_reference.py DIR --ids 1,450,3681 [--logits OUT.f32] [--greedy N] [--json OUT.json]
    python3 tests/hf_reference.py --check FIXTURE_DIR [FIXTURE_DIR ...]

Re-implements the forward pass of transformers' LlamaForCausalLM, MistralForCausalLM,
Qwen2ForCausalLM and Qwen3ForCausalLM (modeling_llama.py, modeling_mistral.py, modeling_qwen2.py,
modeling_qwen3.py and masking_utils.py) from DIR/config.json and DIR/model.safetensors (F32, F16 or
BF16 tensors), with numpy only, so the C engine's tests can be checked against something that is
not the C engine and needs no torch. Everything is computed in float64; transformers' own f32
rounding is not imitated, so expect agreement with it to ~1e-6 relative, not bit for bit.

--logits writes the logits at every position of --ids, little-endian float32 [n_ids, vocab].
--greedy N continues the ids greedily for N tokens (argmax, lowest id on ties, the whole sequence
recomputed each step) and prints {"ids", "greedy", "min_margin", "min_margin_rel"}: min_margin is
the smallest gap between the best and second-best logit over the N steps, min_margin_rel the
smallest such gap divided by that step's max |logit|, i.e. how safe the greedy ids are against
an engine's rounding. --json also writes that object to a file.
--check compares against fixtures written by real transformers (config.json, model.safetensors,
logits.f32 and expected.json with input_ids, logits_shape and optionally greedy_prompt_len /
greedy_ids) and prints the errors.

Anything in the config that this file does not implement (another architecture, rope_scaling
other than llama3, attention_bias / mlp_bias true, hidden_act other than silu, Qwen's
use_sliding_window true, ...) exits with an error naming it rather than computing something else.

Importable: `forward(load(DIR), ids)` returns float64 logits [len(ids), vocab].
"""
import argparse
import json
import math
import os
import struct
import sys

import numpy as np

ARCHITECTURES = {  # architectures[0] -> model_type
    "LlamaForCausalLM": "llama", "MistralForCausalLM": "mistral",
    "Qwen2ForCausalLM": "qwen2", "Qwen3ForCausalLM": "qwen3",
}
# Defaults of the config classes (LlamaConfig, MistralConfig, Qwen2Config, Qwen3Config) for keys a
# config.json may leave out. Note MistralConfig's sliding_window defaults to 4096, not None, and
# Qwen3Config's head_dim to 128, not hidden_size / num_attention_heads.
DEFAULTS = {
    "llama": {"rope_theta": 10000.0, "rms_norm_eps": 1e-6, "tie_word_embeddings": False},
    "mistral": {"rope_theta": 10000.0, "rms_norm_eps": 1e-6, "tie_word_embeddings": False,
                "sliding_window": 4096},
    "qwen2": {"rope_theta": 10000.0, "rms_norm_eps": 1e-6, "tie_word_embeddings": False},
    "qwen3": {"rope_theta": 10000.0, "rms_norm_eps": 1e-6, "tie_word_embeddings": False,
              "head_dim": 128},
}


class Unsupported(Exception):
    """A checkpoint or config this reference does not implement."""


# --- safetensors ---------------------------------------------------------------------------

def read_safetensors(path):
    """{name: float64 array} from a .safetensors file (u64 header length, JSON header, data)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        raw = data[base + start:base + end]
        dtype, shape = info["dtype"], info["shape"]
        if dtype == "F32":
            a = np.frombuffer(raw, "<f4")
        elif dtype == "F16":
            a = np.frombuffer(raw, "<f2")
        elif dtype == "BF16":  # the top 16 bits of an f32
            a = (np.frombuffer(raw, "<u2").astype(np.uint32) << 16).view(np.float32)
        elif dtype == "F64":
            a = np.frombuffer(raw, "<f8")
        else:
            raise Unsupported(f"tensor {name}: dtype {dtype}")
        out[name] = a.astype(np.float64).reshape(shape)
    return out


# --- config --------------------------------------------------------------------------------

def resolve_config(cfg):
    """The hyperparameters the forward pass needs, or Unsupported naming what is not implemented."""
    archs = cfg.get("architectures") or []
    if len(archs) > 1:
        raise Unsupported(f"architectures {archs} (expected one)")
    if archs:
        if archs[0] not in ARCHITECTURES:
            raise Unsupported(f"architecture {archs[0]}")
        family = ARCHITECTURES[archs[0]]
        if cfg.get("model_type", family) != family:
            raise Unsupported(f"model_type {cfg['model_type']} with architecture {archs[0]}")
    else:
        family = cfg.get("model_type")
        if family not in DEFAULTS:
            raise Unsupported(f"model_type {family}")

    def get(key):
        if key in cfg:
            return cfg[key]
        if key in DEFAULTS[family]:
            return DEFAULTS[family][key]
        raise Unsupported(f"config.json has no {key}")

    if cfg.get("hidden_act", "silu") != "silu":
        raise Unsupported(f"hidden_act {cfg['hidden_act']}")
    if cfg.get("quantization_config"):
        raise Unsupported("quantization_config")
    if cfg.get("partial_rotary_factor", 1.0) != 1.0:
        raise Unsupported(f"partial_rotary_factor {cfg['partial_rotary_factor']}")
    # Qwen2 hard-codes bias=True on q/k/v (none on o_proj) whatever the config says; Llama, Mistral
    # and Qwen3 have no biases unless attention_bias / mlp_bias, which we do not implement.
    if family != "qwen2":
        for key in ("attention_bias", "mlp_bias"):
            if cfg.get(key):
                raise Unsupported(f"{key} true")
    # Qwen2/Qwen3 ignore sliding_window unless use_sliding_window (then only for layers >=
    # max_window_layers); Mistral applies config.sliding_window to every layer when it is set.
    sliding_window = None
    if family in ("qwen2", "qwen3"):
        if cfg.get("use_sliding_window"):
            raise Unsupported("use_sliding_window true")
    elif family == "mistral":
        sliding_window = get("sliding_window")

    heads = get("num_attention_heads")
    kv_heads = cfg.get("num_key_value_heads") or heads
    if heads % kv_heads:
        raise Unsupported(f"num_attention_heads {heads} not a multiple of num_key_value_heads {kv_heads}")
    # head_dim: `getattr(config, "head_dim", None) or hidden_size // num_attention_heads`
    head_dim = (cfg["head_dim"] if "head_dim" in cfg else DEFAULTS[family].get("head_dim")) \
        or get("hidden_size") // heads

    # RoPE: transformers <= 4.x keeps rope_theta and rope_scaling at the top level; 5.x may write
    # them together as rope_parameters.
    rope = {**(cfg.get("rope_parameters") or {}), **(cfg.get("rope_scaling") or {})}
    theta = cfg.get("rope_theta", rope.get("rope_theta", DEFAULTS[family]["rope_theta"]))
    rope_type = rope.get("rope_type", rope.get("type", "default"))
    if rope_type not in ("default", "llama3"):
        raise Unsupported(f"rope_scaling type {rope_type}")

    return {
        "family": family, "vocab_size": get("vocab_size"), "hidden_size": get("hidden_size"),
        "intermediate_size": get("intermediate_size"), "num_layers": get("num_hidden_layers"),
        "heads": heads, "kv_heads": kv_heads, "head_dim": head_dim,
        "eps": get("rms_norm_eps"), "tied": bool(get("tie_word_embeddings")),
        "rope_theta": float(theta), "rope": rope if rope_type == "llama3" else None,
        "sliding_window": sliding_window, "qkv_bias": family == "qwen2", "qk_norm": family == "qwen3",
    }


# --- model ---------------------------------------------------------------------------------

class Model:
    def __init__(self, hp, weights):
        self.hp, self.w = hp, weights


def load(model_dir):
    """A Model from model_dir/config.json and model_dir/model.safetensors."""
    with open(os.path.join(model_dir, "config.json")) as f:
        hp = resolve_config(json.load(f))
    tensors = read_safetensors(os.path.join(model_dir, "model.safetensors"))
    d, hd, nh, nkv = hp["hidden_size"], hp["head_dim"], hp["heads"], hp["kv_heads"]
    ff, V = hp["intermediate_size"], hp["vocab_size"]

    expected = {"model.embed_tokens.weight": (V, d), "model.norm.weight": (d,)}
    if not hp["tied"]:
        expected["lm_head.weight"] = (V, d)
    for i in range(hp["num_layers"]):
        p = f"model.layers.{i}."
        expected.update({
            p + "input_layernorm.weight": (d,), p + "post_attention_layernorm.weight": (d,),
            p + "self_attn.q_proj.weight": (nh * hd, d), p + "self_attn.k_proj.weight": (nkv * hd, d),
            p + "self_attn.v_proj.weight": (nkv * hd, d), p + "self_attn.o_proj.weight": (d, nh * hd),
            p + "mlp.gate_proj.weight": (ff, d), p + "mlp.up_proj.weight": (ff, d),
            p + "mlp.down_proj.weight": (d, ff),
        })
        if hp["qkv_bias"]:
            expected.update({p + "self_attn.q_proj.bias": (nh * hd,),
                             p + "self_attn.k_proj.bias": (nkv * hd,),
                             p + "self_attn.v_proj.bias": (nkv * hd,)})
        if hp["qk_norm"]:
            expected.update({p + "self_attn.q_norm.weight": (hd,), p + "self_attn.k_norm.weight": (hd,)})
    for name, shape in expected.items():
        if name not in tensors:
            raise Unsupported(f"model.safetensors has no {name}")
        if tuple(tensors[name].shape) != shape:
            raise Unsupported(f"{name} has shape {list(tensors[name].shape)}, expected {list(shape)}")
    # A tensor we would not use (an o_proj bias, say) means the config does not describe the file;
    # old checkpoints' rotary_emb.inv_freq buffers are recomputed by transformers too.
    for name in tensors:
        if name not in expected and not name.endswith("rotary_emb.inv_freq"):
            if name == "lm_head.weight" and hp["tied"]:
                if not np.array_equal(tensors[name], tensors["model.embed_tokens.weight"]):
                    print("warning: tie_word_embeddings is true; ignoring lm_head.weight", file=sys.stderr)
                continue
            raise Unsupported(f"unexpected tensor {name}")
    return Model(hp, tensors)


def rope_inv_freq(hp):
    """inv_freq [head_dim/2] as transformers' _compute_default_rope_parameters /
    _compute_llama3_parameters (modeling_rope_utils.py) compute it."""
    hd = hp["head_dim"]
    inv_freq = 1.0 / hp["rope_theta"] ** (np.arange(0, hd, 2, dtype=np.float64) / hd)
    r = hp["rope"]
    if r is None:
        return inv_freq
    factor, low, high = float(r["factor"]), float(r["low_freq_factor"]), float(r["high_freq_factor"])
    old_ctx = float(r["original_max_position_embeddings"])
    low_freq_wavelen, high_freq_wavelen = old_ctx / low, old_ctx / high
    wavelen = 2 * math.pi / inv_freq
    # long wavelengths are divided by factor, short ones kept, the band between interpolated
    inv_freq_llama = np.where(wavelen > low_freq_wavelen, inv_freq / factor, inv_freq)
    smooth = (old_ctx / wavelen - low) / (high - low)
    smoothed = (1 - smooth) * inv_freq_llama / factor + smooth * inv_freq_llama
    is_medium = ~(wavelen < high_freq_wavelen) & ~(wavelen > low_freq_wavelen)
    return np.where(is_medium, smoothed, inv_freq_llama)


def rms_norm(x, weight, eps):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * weight


def rotate_half(x):
    """HF's rotate_half: the pairs are (i, i + head_dim/2), not interleaved (2i, 2i+1)."""
    h = x.shape[-1] // 2
    return np.concatenate([-x[..., h:], x[..., :h]], axis=-1)


def silu(x):
    with np.errstate(over="ignore"):
        return x / (1.0 + np.exp(-x))


def forward(model, ids, last_only=False):
    """Logits [len(ids), vocab] (float64) for token ids at positions 0..len-1; with last_only,
    only the last position's, [1, vocab]. model: a Model or a checkpoint directory."""
    if not isinstance(model, Model):
        model = load(model)
    hp, w = model.hp, model.w
    ids = np.asarray(ids, dtype=np.int64)
    n, nh, nkv, hd, eps = len(ids), hp["heads"], hp["kv_heads"], hp["head_dim"], hp["eps"]
    if n == 0 or ids.min() < 0 or ids.max() >= hp["vocab_size"]:
        raise ValueError(f"ids must be non-empty and in [0, {hp['vocab_size']})")
    rep = nh // nkv

    pos = np.arange(n, dtype=np.float64)
    freqs = pos[:, None] * rope_inv_freq(hp)[None, :]
    emb = np.concatenate([freqs, freqs], axis=-1)  # [n, hd]
    cos, sin = np.cos(emb), np.sin(emb)
    # query p sees key t iff t <= p and, with a sliding window, p - t < sliding_window
    # (masking_utils.sliding_window_overlay: kv_idx > q_idx - sliding_window)
    p_idx, t_idx = np.arange(n)[:, None], np.arange(n)[None, :]
    allowed = t_idx <= p_idx
    if hp["sliding_window"] is not None:
        allowed &= (p_idx - t_idx) < hp["sliding_window"]

    h = w["model.embed_tokens.weight"][ids]  # [n, d]
    for i in range(hp["num_layers"]):
        p = f"model.layers.{i}."
        x = rms_norm(h, w[p + "input_layernorm.weight"], eps)
        q = x @ w[p + "self_attn.q_proj.weight"].T
        k = x @ w[p + "self_attn.k_proj.weight"].T
        v = x @ w[p + "self_attn.v_proj.weight"].T
        if hp["qkv_bias"]:
            q = q + w[p + "self_attn.q_proj.bias"]
            k = k + w[p + "self_attn.k_proj.bias"]
            v = v + w[p + "self_attn.v_proj.bias"]
        q = q.reshape(n, nh, hd).transpose(1, 0, 2)  # [heads, n, hd]
        k = k.reshape(n, nkv, hd).transpose(1, 0, 2)
        v = v.reshape(n, nkv, hd).transpose(1, 0, 2)
        if hp["qk_norm"]:  # Qwen3: RMSNorm over each head's head_dim, before RoPE
            q = rms_norm(q, w[p + "self_attn.q_norm.weight"], eps)
            k = rms_norm(k, w[p + "self_attn.k_norm.weight"], eps)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        # GQA: repeat_kv gives query head j the kv head j // rep
        qg = q.reshape(nkv, rep, n, hd)
        scores = np.einsum("grqd,gtd->grqt", qg, k) / math.sqrt(hd)
        scores = np.where(allowed, scores, -np.inf)
        scores -= scores.max(axis=-1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=-1, keepdims=True)
        att = np.einsum("grqt,gtd->grqd", probs, v).reshape(nh, n, hd)
        att = att.transpose(1, 0, 2).reshape(n, nh * hd)
        h = h + att @ w[p + "self_attn.o_proj.weight"].T

        x = rms_norm(h, w[p + "post_attention_layernorm.weight"], eps)
        gate = x @ w[p + "mlp.gate_proj.weight"].T
        up = x @ w[p + "mlp.up_proj.weight"].T
        h = h + (silu(gate) * up) @ w[p + "mlp.down_proj.weight"].T

    if last_only:
        h = h[-1:]
    h = rms_norm(h, w["model.norm.weight"], eps)
    head = w["model.embed_tokens.weight"] if hp["tied"] else w["lm_head.weight"]
    return h @ head.T


def greedy(model, ids, n_tokens):
    """(generated ids, min margin, min relative margin) continuing ids greedily for n_tokens."""
    if not isinstance(model, Model):
        model = load(model)
    seq, out = list(ids), []
    min_margin, min_rel = math.inf, math.inf
    for _ in range(n_tokens):
        logits = forward(model, seq, last_only=True)[0]
        best = int(np.argmax(logits))  # lowest id among equal maxima
        second = np.partition(logits, -2)[-2]
        margin = float(logits[best] - second)
        min_margin = min(min_margin, margin)
        min_rel = min(min_rel, margin / float(np.abs(logits).max()))
        out.append(best)
        seq.append(best)
    return out, min_margin, min_rel


# --- fixtures ------------------------------------------------------------------------------

def check_fixture(fixture_dir):
    """Compare against a fixture written by transformers; returns a summary dict."""
    with open(os.path.join(fixture_dir, "expected.json")) as f:
        exp = json.load(f)
    model = load(fixture_dir)
    ref = np.fromfile(os.path.join(fixture_dir, exp.get("logits_file", "logits.f32")), "<f4")
    ref = ref.reshape(exp["logits_shape"]).astype(np.float64)
    ours = forward(model, exp["input_ids"])
    err = float(np.abs(ours - ref).max())
    result = {"fixture": os.path.basename(os.path.normpath(fixture_dir)), "n_ids": len(exp["input_ids"]),
              "max_abs_err": err, "max_abs_logit": float(np.abs(ref).max()),
              "rel_err": err / float(np.abs(ref).max()),
              "argmax_agree": bool((ours.argmax(-1) == ref.argmax(-1)).all())}
    if "greedy_ids" in exp:
        k = exp["greedy_prompt_len"]
        gen, margin, rel = greedy(model, exp["greedy_ids"][:k], len(exp["greedy_ids"]) - k)
        result.update({"greedy_match": exp["greedy_ids"][:k] + gen == exp["greedy_ids"],
                       "greedy_min_margin": margin, "greedy_min_margin_rel": rel})
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", nargs="+", help="checkpoint directory (with --check: fixture directories)")
    ap.add_argument("--ids", help="comma-separated token ids")
    ap.add_argument("--logits", help="write float32 logits [n_ids, vocab] here")
    ap.add_argument("--greedy", type=int, default=0, help="continue greedily for N tokens")
    ap.add_argument("--json", help="write the result object here too")
    ap.add_argument("--check", action="store_true", help="compare against transformers fixtures")
    args = ap.parse_args()
    try:
        if args.check:
            ok = True
            for d in args.dir:
                r = check_fixture(d)
                print(json.dumps(r))
                ok &= r["rel_err"] < 1e-5 and r.get("greedy_match", True)
            return 0 if ok else 1
        if len(args.dir) != 1 or not args.ids:
            ap.error("give one DIR and --ids (or --check FIXTURE_DIR...)")
        ids = [int(t) for t in args.ids.replace(" ", "").split(",") if t]
        model = load(args.dir[0])
        if not ids or min(ids) < 0 or max(ids) >= model.hp["vocab_size"]:
            ap.error(f"--ids must be non-empty and in [0, {model.hp['vocab_size']})")
        result = {"ids": ids}
        if args.logits:
            forward(model, ids).astype("<f4").tofile(args.logits)
        if args.greedy:
            gen, margin, rel = greedy(model, ids, args.greedy)
            result.update({"greedy": gen, "min_margin": margin, "min_margin_rel": rel})
        text = json.dumps(result)
        print(text)
        if args.json:
            with open(args.json, "w") as f:
                f.write(text + "\n")
        return 0
    except Unsupported as e:
        print(f"hf_reference: unsupported: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
