#!/usr/bin/env python3
"""Write Hugging Face checkpoints that export.py must refuse, for test_bad_arch in test_all.c.

    python3 tests/make_bad_arch.py OUT_DIR

Each case is a tiny model (vocabulary 64, so a few kilobytes) in OUT_DIR/<case>/ that differs from
a good Qwen2, Qwen3 or Llama checkpoint in one way: an architecture or config field that changes
the computation and is not implemented, a tensor the conversion would leave unused, or a tensor
of the wrong shape. OUT_DIR/manifest.txt lists, one per line and tab-separated, the case, extra
export.py arguments ("-" for none) and a piece of the error message export.py must print. The
good variants (case names starting with "good-") must convert.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_llama3_tiny import write_checkpoint  # noqa: E402

DIM, HIDDEN, LAYERS, HEADS, KV_HEADS, HEAD_DIM, VOCAB = 32, 48, 2, 4, 2, 8, 64


def model(arch, rng):
    """A good config and tensors of ARCH: llama, qwen2 or qwen3."""
    config = {"architectures": [{"llama": "LlamaForCausalLM", "qwen2": "Qwen2ForCausalLM",
                                 "qwen3": "Qwen3ForCausalLM"}[arch]], "model_type": arch,
              "hidden_size": DIM, "intermediate_size": HIDDEN, "num_hidden_layers": LAYERS,
              "num_attention_heads": HEADS, "num_key_value_heads": KV_HEADS, "vocab_size": VOCAB,
              "max_position_embeddings": 64, "rms_norm_eps": 1e-6, "rope_theta": 1e6,
              "hidden_act": "silu", "tie_word_embeddings": False, "torch_dtype": "float32"}
    if arch == "qwen3":
        config.update(head_dim=HEAD_DIM, attention_bias=False)
    if arch == "qwen2":
        config.update(use_sliding_window=False, sliding_window=64, max_window_layers=LAYERS)

    def normal(*shape):
        return (rng.standard_normal(shape) * 0.1).astype("<f4")

    q, kv = HEADS * HEAD_DIM, KV_HEADS * HEAD_DIM
    t = {"model.embed_tokens.weight": normal(VOCAB, DIM), "model.norm.weight": np.ones(DIM, "<f4"),
         "lm_head.weight": normal(VOCAB, DIM)}
    for i in range(LAYERS):
        p = f"model.layers.{i}."
        t.update({p + "input_layernorm.weight": np.ones(DIM, "<f4"),
                  p + "self_attn.q_proj.weight": normal(q, DIM), p + "self_attn.k_proj.weight": normal(kv, DIM),
                  p + "self_attn.v_proj.weight": normal(kv, DIM), p + "self_attn.o_proj.weight": normal(DIM, q),
                  p + "post_attention_layernorm.weight": np.ones(DIM, "<f4"),
                  p + "mlp.gate_proj.weight": normal(HIDDEN, DIM), p + "mlp.up_proj.weight": normal(HIDDEN, DIM),
                  p + "mlp.down_proj.weight": normal(DIM, HIDDEN)})
        if arch == "qwen2":
            t.update({p + "self_attn.q_proj.bias": normal(q), p + "self_attn.k_proj.bias": normal(kv),
                      p + "self_attn.v_proj.bias": normal(kv)})
        if arch == "qwen3":
            t.update({p + "self_attn.q_norm.weight": np.ones(HEAD_DIM, "<f4"),
                      p + "self_attn.k_norm.weight": np.ones(HEAD_DIM, "<f4")})
    return config, t


L0 = "model.layers.0.self_attn."
# (case, arch, change to the config, change to the tensors, extra export.py args, expected message)
CASES = [
    ("good-llama", "llama", {}, None, "-", ""),
    ("good-qwen2", "qwen2", {}, None, "-", ""),
    ("good-qwen3", "qwen3", {}, None, "-", ""),
    ("unknown-arch", "llama", {"architectures": ["GemmaForCausalLM"], "model_type": "gemma"}, None, "-",
     "architecture 'GemmaForCausalLM' (model_type 'gemma') is not supported"),
    ("arch-type-mismatch", "qwen2", {"model_type": "llama"}, None, "-",
     "architecture 'Qwen2ForCausalLM' (model_type 'llama') is not supported"),
    ("attention-bias", "qwen3", {"attention_bias": True}, None, "-", "attention_bias is true"),
    ("mlp-bias", "llama", {"mlp_bias": True}, None, "-", "mlp_bias is true"),
    ("qwen-sliding-window", "qwen2", {"use_sliding_window": True}, None, "-",
     "Qwen's per-layer sliding window is not implemented"),
    ("llama-sliding-window", "llama", {"sliding_window": 16}, None, "-", "sliding_window is set for a Llama model"),
    ("rope-yarn", "qwen2", {"rope_scaling": {"type": "yarn", "factor": 4.0}}, None, "-",
     "unsupported rope_scaling type 'yarn'"),
    ("partial-rotary", "llama", {"partial_rotary_factor": 0.5}, None, "-", "partial_rotary_factor 0.5"),
    ("act-gelu", "qwen3", {"hidden_act": "gelu"}, None, "-", "hidden_act 'gelu' is not implemented"),
    ("extra-tensor", "qwen3", {}, lambda t: t.update({L0 + "o_proj.bias": np.zeros(DIM, "<f4")}), "-",
     f"tensor {L0}o_proj.bias is not used by the qwen3 architecture"),
    ("bias-length", "qwen2", {}, lambda t: t.update({L0 + "q_proj.bias": np.zeros(DIM + 1, "<f4")}), "-",
     f"tensor {L0}q_proj.bias: shape [{DIM + 1}], expected [{HEADS * HEAD_DIM}]"),
    ("missing-bias", "qwen2", {}, lambda t: t.pop("model.layers.1.self_attn.k_proj.bias"), "-",
     "missing tensor model.layers.1.self_attn.k_proj.bias"),
    ("q-norm-size", "qwen3", {}, lambda t: t.update({L0 + "q_norm.weight": np.ones(DIM, "<f4")}), "-",
     f"tensor {L0}q_norm.weight: shape [{DIM}], expected [{HEAD_DIM}]"),
    ("head-dim-mismatch", "qwen3", {"head_dim": 16}, None, "-",
     f"tensor {L0}q_proj.weight: shape [{HEADS * HEAD_DIM}, {DIM}], expected [{HEADS * 16}, {DIM}]"),
    ("tied-but-different", "llama", {"tie_word_embeddings": True}, None, "-",
     "lm_head.weight differs from model.embed_tokens.weight"),
    ("legacy-qwen", "qwen2", {}, None, "--legacy v1", "cannot be written in a llama2.c format: architecture qwen2"),
    ("gguf-unused", "qwen2", {}, lambda t: t.update({"model.extra.weight": np.zeros(4, "<f4")}),
     "--gguf --tokenizer tests/data/tokenizer.model", "tensor model.extra.weight is not used by the qwen2"),
]


def main(out):
    os.makedirs(out, exist_ok=True)
    lines = []
    for i, (case, arch, config_change, tensor_change, args, message) in enumerate(CASES):
        config, tensors = model(arch, np.random.default_rng(100 + i))
        config.update(config_change)
        if tensor_change:
            tensor_change(tensors)
        os.makedirs(os.path.join(out, case), exist_ok=True)
        write_checkpoint(os.path.join(out, case), tensors, config)
        lines.append(f"{case}\t{args}\t{message}\n")
    with open(os.path.join(out, "manifest.txt"), "w") as f:
        f.writelines(lines)
    print(f"wrote {len(CASES)} checkpoints in {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/bad-arch")
