#!/usr/bin/env python3
"""Write tiny random-weight Hugging Face checkpoints of the Llama-family architectures we support.

    python3 tests/make_arch_models.py OUT_ROOT [--only NAME]

For each model below writes OUT_ROOT/NAME/config.json and OUT_ROOT/NAME/model.safetensors (f32,
by hand with tests/make_llama3_tiny.py's writer: numpy only). Each exercises what sets one
family apart from plain Llama, and tests/hf_reference.py is the oracle for what it should output:

  qwen2-gqa       Qwen2ForCausalLM: q/k/v biases (no o_proj bias), GQA 4:2, untied lm_head
  qwen2-mqa-tied  Qwen2ForCausalLM: one KV head for 7 query heads, head_dim 8, tied embeddings
  qwen3-gqa-tied  Qwen3ForCausalLM: q_norm/k_norm per head, head_dim 32 != hidden/heads, tied
  qwen3-untied    Qwen3ForCausalLM: head_dim 16 != hidden/heads (8), GQA 6:3, untied
  mistral-swa     MistralForCausalLM: sliding_window 8, so prompts longer than 8 tokens test it
  smollm2-tied    LlamaForCausalLM shaped like SmolLM2: MQA 3:1, rope_theta 1e5, tied

All use the Llama 2 vocabulary size (32000; pair them with the SentencePiece tokenizer, bos 1,
eos 2). Weights are seeded per model, so every run writes the same bytes.

Weight scales (times N(0,1)) are chosen so the models are not degenerate: norm weights 1 + 0.1 N
(not all ones, so a missing or misplaced norm shows), biases 0.3 (large enough to matter),
embeddings, v_proj and o_proj 0.05, q_proj and k_proj 0.15 (attention scores of order 1 rather
than near-uniform attention, so positions, RoPE and the sliding window change the output), MLP
0.25 (so the residual stream is not just the input embedding: with 0.05 everywhere the tied models
greedily repeat one token). With these, each model's 16-token greedy continuation of the 27-id
prompt 1,450,3681,...,29892,29945 (longer than mistral-swa's window) changes token at almost every
step, and its best/second-best logit gap stays above 1e-3 of max |logit| (tests/hf_reference.py
--greedy prints it as min_margin_rel), far above f32 rounding.
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_llama3_tiny import write_checkpoint  # noqa: E402  (the same safetensors writer)

VOCAB = 32000
QK_SCALE, MLP_SCALE = 0.15, 0.25  # see the module docstring; everything else is 0.05


def qwen2_config(hidden, inter, layers, heads, kv_heads, tied, ctx=256):
    # keys as in Qwen/Qwen2.5-0.5B's config.json; q/k/v biases are implied by the architecture
    return {
        "architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "attention_dropout": 0.0,
        "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu", "hidden_size": hidden,
        "initializer_range": 0.02, "intermediate_size": inter, "max_position_embeddings": ctx,
        "max_window_layers": layers, "num_attention_heads": heads, "num_hidden_layers": layers,
        "num_key_value_heads": kv_heads, "rms_norm_eps": 1e-6, "rope_theta": 1000000.0,
        "sliding_window": ctx, "tie_word_embeddings": tied, "torch_dtype": "float32",
        "use_cache": True, "use_sliding_window": False, "vocab_size": VOCAB,
    }


def qwen3_config(hidden, inter, layers, heads, kv_heads, head_dim, tied, ctx=256):
    # keys as in Qwen/Qwen3-0.6B's config.json (head_dim is explicit there too)
    return {
        "architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3", "attention_bias": False,
        "attention_dropout": 0.0, "bos_token_id": 1, "eos_token_id": 2, "head_dim": head_dim,
        "hidden_act": "silu", "hidden_size": hidden, "initializer_range": 0.02,
        "intermediate_size": inter, "max_position_embeddings": ctx, "max_window_layers": layers,
        "num_attention_heads": heads, "num_hidden_layers": layers, "num_key_value_heads": kv_heads,
        "rms_norm_eps": 1e-6, "rope_scaling": None, "rope_theta": 1000000.0, "sliding_window": None,
        "tie_word_embeddings": tied, "torch_dtype": "float32", "use_cache": True,
        "use_sliding_window": False, "vocab_size": VOCAB,
    }


def mistral_config(hidden, inter, layers, heads, kv_heads, window, ctx):
    # keys as in mistralai/Mistral-7B-v0.1's config.json (no head_dim: hidden / heads)
    return {
        "architectures": ["MistralForCausalLM"], "model_type": "mistral", "attention_dropout": 0.0,
        "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu", "hidden_size": hidden,
        "initializer_range": 0.02, "intermediate_size": inter, "max_position_embeddings": ctx,
        "num_attention_heads": heads, "num_hidden_layers": layers, "num_key_value_heads": kv_heads,
        "rms_norm_eps": 1e-6, "rope_theta": 1000000.0, "sliding_window": window,
        "tie_word_embeddings": False, "torch_dtype": "float32", "use_cache": True,
        "vocab_size": VOCAB,
    }


def smollm2_config(hidden, inter, layers, heads, kv_heads):
    # keys as in HuggingFaceTB/SmolLM2-135M's config.json
    return {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "attention_bias": False,
        "attention_dropout": 0.0, "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu",
        "hidden_size": hidden, "initializer_range": 0.02, "intermediate_size": inter,
        "is_llama_config": True, "max_position_embeddings": 256, "mlp_bias": False,
        "num_attention_heads": heads, "num_hidden_layers": layers, "num_key_value_heads": kv_heads,
        "pretraining_tp": 1, "rms_norm_eps": 1e-5, "rope_interleaved": False, "rope_scaling": None,
        "rope_theta": 100000.0, "tie_word_embeddings": True, "torch_dtype": "float32",
        "use_cache": True, "vocab_size": VOCAB,
    }


# name -> (seed, config); the seed is fixed per model so each file is reproducible on its own
MODELS = {
    "qwen2-gqa": (2001, qwen2_config(64, 160, 2, 4, 2, tied=False)),
    "qwen2-mqa-tied": (2002, qwen2_config(56, 96, 3, 7, 1, tied=True)),
    "qwen3-gqa-tied": (3001, qwen3_config(64, 128, 2, 4, 2, head_dim=32, tied=True)),
    "qwen3-untied": (3002, qwen3_config(48, 112, 2, 6, 3, head_dim=16, tied=False)),
    "mistral-swa": (4001, mistral_config(64, 128, 2, 4, 2, window=8, ctx=128)),
    "smollm2-tied": (5001, smollm2_config(48, 128, 2, 3, 1)),
    # for the chat tests: the real Qwen3 vocabulary (tests/data/bpe/qwen3.rctk, 151669 tokens) and
    # the real Qwen2 one (ggml-vocab-qwen2.gguf, 151936), with Qwen's special ids
    "qwen3-chat": (3003, dict(qwen3_config(32, 64, 2, 4, 2, head_dim=16, tied=True), vocab_size=151669,
                              bos_token_id=151643, eos_token_id=151645)),
    "qwen2-chat": (2003, dict(qwen2_config(32, 64, 2, 4, 2, tied=True), vocab_size=151936,
                              bos_token_id=151643, eos_token_id=151645)),
}


def make_tensors(config, seed):
    """The tensors transformers expects for config, named as it names them, seeded."""
    rng = np.random.default_rng(seed)
    d, ff = config["hidden_size"], config["intermediate_size"]
    heads, kv_heads = config["num_attention_heads"], config["num_key_value_heads"]
    hd = config.get("head_dim") or d // heads
    qwen2, qwen3 = config["model_type"] == "qwen2", config["model_type"] == "qwen3"

    def matrix(*shape, scale=0.05):
        return (rng.standard_normal(shape) * scale).astype("<f4")

    def norm(n):
        return (1.0 + 0.1 * rng.standard_normal(n)).astype("<f4")

    def bias(n):
        return (rng.standard_normal(n) * 0.3).astype("<f4")

    tensors = {"model.embed_tokens.weight": matrix(config["vocab_size"], d)}
    for i in range(config["num_hidden_layers"]):
        p = f"model.layers.{i}."
        tensors[p + "input_layernorm.weight"] = norm(d)
        tensors[p + "self_attn.q_proj.weight"] = matrix(heads * hd, d, scale=QK_SCALE)
        tensors[p + "self_attn.k_proj.weight"] = matrix(kv_heads * hd, d, scale=QK_SCALE)
        tensors[p + "self_attn.v_proj.weight"] = matrix(kv_heads * hd, d)
        if qwen2:  # Qwen2Attention: bias=True on q/k/v, bias=False on o_proj
            tensors[p + "self_attn.q_proj.bias"] = bias(heads * hd)
            tensors[p + "self_attn.k_proj.bias"] = bias(kv_heads * hd)
            tensors[p + "self_attn.v_proj.bias"] = bias(kv_heads * hd)
        if qwen3:  # Qwen3Attention: RMSNorm over head_dim on q and k, before RoPE
            tensors[p + "self_attn.q_norm.weight"] = norm(hd)
            tensors[p + "self_attn.k_norm.weight"] = norm(hd)
        tensors[p + "self_attn.o_proj.weight"] = matrix(d, heads * hd)
        tensors[p + "post_attention_layernorm.weight"] = norm(d)
        tensors[p + "mlp.gate_proj.weight"] = matrix(ff, d, scale=MLP_SCALE)
        tensors[p + "mlp.up_proj.weight"] = matrix(ff, d, scale=MLP_SCALE)
        tensors[p + "mlp.down_proj.weight"] = matrix(d, ff, scale=MLP_SCALE)
    tensors["model.norm.weight"] = norm(d)
    if not config["tie_word_embeddings"]:
        tensors["lm_head.weight"] = matrix(config["vocab_size"], d)
    return tensors


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_root")
    ap.add_argument("--only", choices=sorted(MODELS), help="write just this model")
    args = ap.parse_args()
    for name, (seed, config) in MODELS.items():
        if args.only and name != args.only:
            continue
        out_dir = os.path.join(args.out_root, name)
        os.makedirs(out_dir, exist_ok=True)
        tensors = make_tensors(config, seed)
        write_checkpoint(out_dir, tensors, config)
        n_params = sum(t.size for t in tensors.values())
        print(f"{out_dir}: {config['architectures'][0]}, {n_params} parameters")


if __name__ == "__main__":
    main()
