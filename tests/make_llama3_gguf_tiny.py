#!/usr/bin/env python3
"""Write a random-weight Llama-3.1-shaped model in Hugging Face format, for the GGUF tests.

    python3 make_llama3_gguf_tiny.py OUT_DIR [--vocab tests/data/bpe/llama3.rctk | ggml-vocab-llama-bpe.gguf]

Like tests/make_llama3_tiny.py, with other sizes: the real Llama 3 vocabulary (128256 ids), dim 64,
2 layers, 8 heads and 2 KV heads (grouped-query, head_dim 8), FFN 192, tied embeddings,
rope_theta 500000 and rope_scaling of type llama3 (factor 32, low 1, high 4, original context
8192; with head_dim 8 the four rope factors take all three branches: 1, 1, smoothed, 32), and
norm weights that are not all ones. Writes config.json, model.safetensors (f32, by hand: numpy
only), tokenizer.json and tokenizer_config.json (with the Llama 3 chat template). The weights are
seeded, so every run writes the same bytes; `export.py OUT.gguf --gguf --hf OUT_DIR` converts it.

The tokenizer is rebuilt from --vocab: our RCTK file tests/data/bpe/llama3.rctk (default; run from
the repository root) or llama.cpp's models/ggml-vocab-llama-bpe.gguf (read with gguf-py, on
PYTHONPATH). The two hold the same 128256 tokens and 280147 merges, so either gives the same
tokenizer.json; the test needs no llama.cpp.
"""
import argparse
import json
import os
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_llama3_tiny import write_checkpoint  # noqa: E402  (the same safetensors writer)

DIM, HIDDEN, LAYERS, HEADS, KV_HEADS, VOCAB, CTX = 64, 192, 2, 8, 2, 128256, 2048
SEED = 20240723  # Llama 3.1's release date

LLAMA3_REGEX = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|"
                r" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
# Meta-Llama-3-8B-Instruct's chat template
LLAMA3_CHAT_TEMPLATE = (
    "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = "
    "'<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim "
    "+ '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}"
    "{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant"
    "<|end_header_id|>\n\n' }}{% endif %}")


def bytes_to_unicode():
    """GPT-2's map from each byte to a printable character."""
    kept = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAC + 1)) + list(range(0xAE, 0xFF + 1))
    table, n = {}, 0
    for b in range(256):
        if b in kept:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + n)
            n += 1
    return table


def vocab_from_rctk(path):
    """(tokens as tokenizer.json spells them, special flags, merges "a b") from an RCTK kind 2 file."""
    data = open(path, "rb").read()
    magic, _, hsize, n, _, kind = struct.unpack("<4s5I", data[:24])
    n_merges = struct.unpack("<I", data[48:52])[0]
    if magic != b"RCTK" or kind != 2:
        sys.exit(f"{path}: not an RCTK byte-level BPE tokenizer")
    enc = bytes_to_unicode()
    tokens, special, pos = [], [], hsize
    for _ in range(n):
        _, t, length = struct.unpack("<fBxxxI", data[pos:pos + 12])
        raw = data[pos + 12:pos + 12 + length]
        pos += 12 + length
        special.append(t == 3)
        tokens.append(raw.decode("utf-8") if t == 3 else "".join(enc[b] for b in raw))
    pairs = np.frombuffer(data, "<u4", 2 * n_merges, pos).reshape(-1, 2)
    return tokens, special, [f"{tokens[a]} {tokens[b]}" for a, b in pairs]


def vocab_from_gguf(path):
    import gguf  # gguf-py from llama.cpp
    r = gguf.GGUFReader(path)
    tokens = r.fields["tokenizer.ggml.tokens"].contents()
    types = r.fields["tokenizer.ggml.token_type"].contents()
    return tokens, [t == 3 for t in types], r.fields["tokenizer.ggml.merges"].contents()


def write_tokenizer(out_dir, tokens, special, merges):
    if len(tokens) != VOCAB:
        sys.exit(f"expected {VOCAB} tokens, got {len(tokens)}")
    added = [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for i, t in enumerate(tokens) if special[i]]
    bos = "<|begin_of_text|>"
    tok = {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": LLAMA3_REGEX}, "behavior": "Isolated", "invert": False},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]},
        "post_processor": {"type": "Sequence", "processors": [
            {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
            {"type": "TemplateProcessing",
             "single": [{"SpecialToken": {"id": bos, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
             "pair": [{"SpecialToken": {"id": bos, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                      {"SpecialToken": {"id": bos, "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
             "special_tokens": {bos: {"id": bos, "ids": [tokens.index(bos)], "tokens": [bos]}}}]},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                  "ignore_merges": True,
                  "vocab": {t: i for i, t in enumerate(tokens) if not special[i]},
                  "merges": list(merges)},
    }
    config = {"bos_token": bos, "eos_token": "<|end_of_text|>", "clean_up_tokenization_spaces": True,
              "model_input_names": ["input_ids", "attention_mask"], "model_max_length": CTX,
              "tokenizer_class": "PreTrainedTokenizerFast", "chat_template": LLAMA3_CHAT_TEMPLATE}
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False)
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=1, ensure_ascii=False)


def write_model(out_dir):
    config = {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_act": "silu",
        "bos_token_id": 128000, "eos_token_id": 128001, "torch_dtype": "float32",
        "vocab_size": VOCAB, "hidden_size": DIM, "intermediate_size": HIDDEN,
        "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "num_key_value_heads": KV_HEADS,
        "max_position_embeddings": CTX, "rms_norm_eps": 1e-5, "tie_word_embeddings": True,
        "rope_theta": 500000.0,
        "rope_scaling": {"rope_type": "llama3", "factor": 32.0, "low_freq_factor": 1.0,
                         "high_freq_factor": 4.0, "original_max_position_embeddings": 8192},
    }
    rng = np.random.default_rng(SEED)
    head_dim = DIM // HEADS

    def normal(std, *shape):
        return (rng.standard_normal(shape) * std).astype("<f4")

    def norm():
        return (1 + normal(0.1, DIM)).astype("<f4")

    # Layers strong enough against the (tied) embedding that greedy output depends on the context
    # instead of repeating the last token, and logits spread enough to keep clear of ties.
    tensors = {"model.embed_tokens.weight": normal(0.2, VOCAB, DIM)}
    for i in range(LAYERS):
        p = f"model.layers.{i}."
        tensors.update({
            p + "input_layernorm.weight": norm(),
            p + "self_attn.q_proj.weight": normal(0.5, HEADS * head_dim, DIM),
            p + "self_attn.k_proj.weight": normal(0.5, KV_HEADS * head_dim, DIM),
            p + "self_attn.v_proj.weight": normal(0.4, KV_HEADS * head_dim, DIM),
            p + "self_attn.o_proj.weight": normal(0.4, DIM, HEADS * head_dim),
            p + "post_attention_layernorm.weight": norm(),
            p + "mlp.gate_proj.weight": normal(0.3, HIDDEN, DIM),
            p + "mlp.up_proj.weight": normal(0.3, HIDDEN, DIM),
            p + "mlp.down_proj.weight": normal(0.3, DIM, HIDDEN),
        })
    tensors["model.norm.weight"] = norm()
    write_checkpoint(out_dir, tensors, config)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("out_dir")
    p.add_argument("--vocab", default="tests/data/bpe/llama3.rctk",
                   help="llama3.rctk (our format) or ggml-vocab-llama-bpe.gguf (needs gguf-py)")
    args = p.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    load = vocab_from_gguf if args.vocab.endswith(".gguf") else vocab_from_rctk
    write_tokenizer(args.out_dir, *load(args.vocab))
    write_model(args.out_dir)
    print(f"wrote {args.out_dir}: config.json, model.safetensors, tokenizer.json, tokenizer_config.json")


if __name__ == "__main__":
    main()
