#!/usr/bin/env python3
"""Rebuild a Hugging Face tokenizer.json from a vocabulary-only GGUF file, with a chosen pre-tokenizer.

    python3 tests/make_bpe_tokenizer_json.py VOCAB.gguf gpt2|smollm OUT_DIR

SmolLM2's own tokenizer.json is not available offline, but its vocabulary format is GPT-2's
byte-level BPE with one difference in pre-tokenization: Sequence[Digits(individual_digits),
ByteLevel(use_regex)] (digits split one by one, then the GPT-2 pattern). This writes
OUT_DIR/tokenizer.json with the tokens and merges of VOCAB.gguf (llama.cpp's
ggml-vocab-gpt-2.gguf), control tokens as special added tokens, and the pre-tokenizer of GPT-2
("gpt2": ByteLevel alone) or of SmolLM2 ("smollm"), so that `export.py --tokenizer` can be tested
on both against llama.cpp's ids for the same strings (ggml-vocab-gpt-2.gguf.out and
ggml-vocab-smollm.gguf.out, the latter made by llama.cpp with tokenizer.ggml.pre = smollm).
Reads GGUF with a minimal parser (numpy only: no gguf-py).
"""
import json
import os
import struct
import sys

SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}


def read_gguf_kv(path):
    """The metadata key/values of a GGUF v2/v3 file (strings as str, arrays as lists)."""
    data = open(path, "rb").read()
    pos = 0

    def take(fmt):
        nonlocal pos
        v = struct.unpack_from(fmt, data, pos)[0]
        pos += struct.calcsize(fmt)
        return v

    def string():
        nonlocal pos
        n = take("<Q")
        s = data[pos:pos + n].decode("utf-8")
        pos += n
        return s

    def value(t):
        if t == 8:
            return string()
        if t == 9:
            et, n = take("<I"), take("<Q")
            return [value(et) for _ in range(n)]
        return take(SCALARS[t])

    if data[:4] != b"GGUF":
        sys.exit(f"{path}: not a GGUF file")
    pos = 4
    take("<I")
    take("<Q")
    kv = {}
    for _ in range(take("<Q")):
        key = string()
        kv[key] = value(take("<I"))
    return kv


PRE = {
    "gpt2": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
    "smollm": {"type": "Sequence", "pretokenizers": [
        {"type": "Digits", "individual_digits": True},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}]},
}


def main(vocab_path, pre, out_dir):
    kv = read_gguf_kv(vocab_path)
    if kv.get("tokenizer.ggml.model") != "gpt2":
        sys.exit(f"{vocab_path}: tokenizer.ggml.model is {kv.get('tokenizer.ggml.model')!r}, expected gpt2")
    tokens, types = kv["tokenizer.ggml.tokens"], kv["tokenizer.ggml.token_type"]
    control = [i for i, t in enumerate(types) if t == 3]
    tok = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": i, "content": tokens[i], "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for i in control],
        "normalizer": None, "pre_tokenizer": PRE[pre], "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False,
                  "vocab": {t: i for i, t in enumerate(tokens) if i not in set(control)},
                  "merges": kv["tokenizer.ggml.merges"]},
    }
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False)
    print(f"wrote {out_dir}/tokenizer.json ({len(tokens)} tokens, {len(kv['tokenizer.ggml.merges'])} merges, "
          f"pre-tokenizer {pre})")


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[2] not in PRE:
        sys.exit(__doc__)
    main(*sys.argv[1:])
