#!/usr/bin/env python3
"""Write a random-weight Llama-3-architecture model in Hugging Face format, for the chat test.

    python3 tests/make_llama3_tiny.py build/llama3-tiny

The real Llama 3 vocabulary (128256 ids; tests/data/bpe/llama3.rctk is its tokenizer) with tiny
dimensions: dim 64, 2 layers, 4 heads, 2 KV heads (grouped-query), FFN 128, tied embeddings,
rope_theta 500000 and rope_scaling of type llama3, as in Llama 3.2 1B/3B. Writes config.json and
model.safetensors (f32, written by hand: numpy only), which `make test` converts with export.py.
The weights are seeded, so the file is the same on every run; the chat test does not depend on
what the model says (see test_all.c, test_llama3_chat).
"""
import json
import os
import struct
import sys

import numpy as np

DIM, HIDDEN, LAYERS, HEADS, KV_HEADS, VOCAB, CTX = 64, 128, 2, 4, 2, 128256, 512


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    config = {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_act": "silu",
        "bos_token_id": 128000, "eos_token_id": [128001, 128008, 128009], "torch_dtype": "float32",
        "vocab_size": VOCAB, "hidden_size": DIM, "intermediate_size": HIDDEN,
        "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "num_key_value_heads": KV_HEADS,
        "max_position_embeddings": CTX, "rms_norm_eps": 1e-5, "tie_word_embeddings": True,
        "rope_theta": 500000.0,
        "rope_scaling": {"rope_type": "llama3", "factor": 32.0, "low_freq_factor": 1.0,
                         "high_freq_factor": 4.0, "original_max_position_embeddings": 8192},
    }
    rng = np.random.default_rng(1234)
    head_dim, kv_dim = DIM // HEADS, DIM // HEADS * KV_HEADS

    def normal(*shape):
        return (rng.standard_normal(shape) * 0.05).astype("<f4")

    tensors = {"model.embed_tokens.weight": normal(VOCAB, DIM),
               "model.norm.weight": np.ones(DIM, "<f4")}
    for i in range(LAYERS):
        p = f"model.layers.{i}."
        tensors.update({
            p + "input_layernorm.weight": np.ones(DIM, "<f4"),
            p + "self_attn.q_proj.weight": normal(HEADS * head_dim, DIM),
            p + "self_attn.k_proj.weight": normal(kv_dim, DIM),
            p + "self_attn.v_proj.weight": normal(kv_dim, DIM),
            p + "self_attn.o_proj.weight": normal(DIM, HEADS * head_dim),
            p + "post_attention_layernorm.weight": np.ones(DIM, "<f4"),
            p + "mlp.gate_proj.weight": normal(HIDDEN, DIM),
            p + "mlp.up_proj.weight": normal(HIDDEN, DIM),
            p + "mlp.down_proj.weight": normal(DIM, HIDDEN),
        })
    write_checkpoint(out_dir, tensors, config)


def write_checkpoint(out_dir, tensors, config):
    """model.safetensors (f32 tensors in order) and config.json in out_dir."""
    # safetensors: u64 header length, JSON header {name: {dtype, shape, data_offsets}}, data
    header, offset = {}, 0
    for name, t in tensors.items():
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + t.nbytes]}
        offset += t.nbytes
    blob = json.dumps(header).encode()
    blob += b" " * (-len(blob) % 8)
    with open(os.path.join(out_dir, "model.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(blob)) + blob)
        for t in tensors.values():
            f.write(t.tobytes())
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(config, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/llama3-tiny")
