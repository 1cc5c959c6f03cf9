#!/bin/bash
# tests/llamacpp/gen_gguf_refs.sh LLAMACPP_DIR [DATA_DIR]
#
# Regenerates the GGUF reference data in DATA_DIR (default: tests/data/gguf) from
# llama.cpp. Not run by the tests: they read what this writes and regenerate the F32/F16/BF16/Q8_0
# files themselves with `export.py --gguf`.
#
# Needs:
#   - LLAMACPP_DIR: llama.cpp installed by `bash llamacpp-setup.sh LLAMACPP_DIR` (commit de3ff81 for
#     the committed data): bin/llama-quantize, bin/llama-perplexity, llamacpp.env (headers and the
#     prebuilt libraries, to compile greedy.c), src/gguf-py, src/models/ggml-vocab-llama-bpe.gguf
#   - /usr/bin/python3 with numpy; gcc
#   - the kjv15M checkpoint, its tokenizer and held-out text: $KJV_HF (default
#     /work/shared/models/kjv15M), $KJV_TOKENIZER (/work/shared/tokenizer/tokenizer.model),
#     $KJV_VAL (/work/shared/data/kjv-val.txt)
#   - the repository's tests/data/bpe/llama3.rctk: $LLAMA3_RCTK (default
#     tests/data/bpe/llama3.rctk), checked to give the same tokenizer as llama.cpp's
#     ggml-vocab-llama-bpe.gguf
#   - optional: python3-sentencepiece (Debian), to record SentencePiece's own ids for the prompts
# About five minutes on one core (nine llama-perplexity runs). Everything llama.cpp computes runs with 1 thread.
#
# Writes to DATA_DIR:
#   kjv15M.{Q4_0,Q4_K_M,Q5_K_M,Q6_K}.gguf    llama-quantize of the export.py F32 file
#   kjv15M.<TYPE>.logits.f32                 logits at the last position of prompt 0, all 8 types
#   llama3-gguf-tiny.F32.logits.f32          the same for the random Llama 3 model
#   kjv15M.expected.json                     prompts and ids, perplexities, sha256s, settings
set -euo pipefail

[ $# -ge 1 ] || { sed -n '2,30p' "$0"; exit 2; }
LLAMACPP=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=${2:-$ROOT/tests/data/gguf}
mkdir -p "$DATA"
DATA=$(cd "$DATA" && pwd)
KJV_HF=${KJV_HF:-/work/shared/models/kjv15M}
KJV_TOKENIZER=${KJV_TOKENIZER:-/work/shared/tokenizer/tokenizer.model}
KJV_VAL=${KJV_VAL:-/work/shared/data/kjv-val.txt}
LLAMA3_RCTK=${LLAMA3_RCTK:-$ROOT/tests/data/bpe/llama3.rctk}
PY=/usr/bin/python3
# shellcheck disable=SC1091
. "$LLAMACPP/llamacpp.env"
export LLAMACPP_LIBDIR
export PYTHONPATH=$LLAMACPP/src/gguf-py
BIN=$LLAMACPP/bin
COMMIT=$(git -C "$LLAMACPP/src" rev-parse HEAD)
WORK=$(mktemp -d)
# KEEP=1 keeps the work directory (the exported files, greedy.c's JSON, the tool logs)
if [ "${KEEP:-0}" = 1 ]; then trap 'echo "gen_gguf_refs: work directory kept: $WORK" >&2' EXIT
else trap 'rm -rf "$WORK"' EXIT; fi
log() { echo "gen_gguf_refs: $*" >&2; }

log "compiling greedy.c"
# shellcheck disable=SC2086
eval gcc -O2 -std=c11 -Wall $LLAMACPP_CFLAGS "$HERE/greedy.c" -o "$WORK/greedy" $LLAMACPP_LIBS -lstdc++ -lm

KJV_PROMPTS=("In the beginning" "And the LORD said unto Moses" "Blessed are the" "The king of Babylon")
L3_PROMPTS=("The capital of France is" "def fibonacci(n): return 12345" "Grüße aus München — “quoted” text!")
KJV_TYPES=(F32 F16 BF16 Q8_0 Q4_0 Q4_K_M Q5_K_M Q6_K)

log "export.py --gguf: kjv15M F32 F16 BF16 Q8_0 (twice each: the output must not change)"
for t in F32 F16 BF16 Q8_0; do
  for run in a b; do
    $PY "$ROOT/export.py" "$WORK/$run.gguf" --gguf --hf "$KJV_HF" --tokenizer "$KJV_TOKENIZER" \
      --name kjv15M --dtype "$t" 2>/dev/null >&2
  done
  cmp "$WORK/a.gguf" "$WORK/b.gguf" || { log "export.py is not deterministic for $t"; exit 1; }
  mv "$WORK/a.gguf" "$WORK/kjv15M.$t.gguf"
done

log "llama-quantize: Q4_0 Q4_K_M Q5_K_M Q6_K from the F32 file"
for t in Q4_0 Q4_K_M Q5_K_M Q6_K; do
  "$BIN/llama-quantize" "$WORK/kjv15M.F32.gguf" "$DATA/kjv15M.$t.gguf" "$t" 1 > "$WORK/quantize.$t.log" 2>&1 ||
    { cat "$WORK/quantize.$t.log" >&2; exit 1; }
  cp "$DATA/kjv15M.$t.gguf" "$WORK/"
done

log "random Llama 3 model: from llama3.rctk and from ggml-vocab-llama-bpe.gguf (must agree)"
$PY "$ROOT/tests/make_llama3_gguf_tiny.py" "$WORK/llama3-gguf-tiny" --vocab "$LLAMA3_RCTK" >&2
$PY "$ROOT/tests/make_llama3_gguf_tiny.py" "$WORK/l3-from-gguf" --vocab "$LLAMACPP/src/models/ggml-vocab-llama-bpe.gguf" >&2
for f in config.json model.safetensors tokenizer.json tokenizer_config.json; do
  cmp "$WORK/llama3-gguf-tiny/$f" "$WORK/l3-from-gguf/$f"
done
for t in F32 Q8_0; do
  $PY "$ROOT/export.py" "$WORK/llama3-gguf-tiny.$t.gguf" --gguf --hf "$WORK/llama3-gguf-tiny" \
    --name llama3-gguf-tiny --dtype "$t" 2>/dev/null >&2
done

log "greedy (1 thread) and llama-perplexity (1 thread, -c 256)"
for t in "${KJV_TYPES[@]}"; do
  args=(); for p in "${KJV_PROMPTS[@]}"; do args+=(-p "$p"); done
  "$WORK/greedy" -m "$WORK/kjv15M.$t.gguf" -n 48 -t 1 --logits "$DATA/kjv15M.$t.logits.f32" "${args[@]}" \
    > "$WORK/greedy.kjv15M.$t.json"
  "$BIN/llama-perplexity" -m "$WORK/kjv15M.$t.gguf" -f "$KJV_VAL" -c 256 -b 256 -t 1 -fa off \
    -ctk f32 -ctv f32 > "$WORK/ppl.$t.log" 2>&1 || { tail -20 "$WORK/ppl.$t.log" >&2; exit 1; }
  grep -q 'Final estimate' "$WORK/ppl.$t.log" || { tail -20 "$WORK/ppl.$t.log" >&2; exit 1; }
  log "  $t: $(grep -o 'Final estimate: PPL = .*' "$WORK/ppl.$t.log")"
done
# the same perplexity with llama.cpp's default attention settings (flash attention auto, f16 K/V)
"$BIN/llama-perplexity" -m "$WORK/kjv15M.F32.gguf" -f "$KJV_VAL" -c 256 -b 256 -t 1 > "$WORK/ppl.F32.default.log" 2>&1
grep -q 'Final estimate' "$WORK/ppl.F32.default.log" || { tail -20 "$WORK/ppl.F32.default.log" >&2; exit 1; }
log "  F32 with llama.cpp's default attention settings: $(grep -o 'Final estimate: PPL = .*' "$WORK/ppl.F32.default.log")"
for t in F32 Q8_0; do
  args=(); for p in "${L3_PROMPTS[@]}"; do args+=(-p "$p"); done
  logits=(); [ "$t" = F32 ] && logits=(--logits "$DATA/llama3-gguf-tiny.F32.logits.f32")
  "$WORK/greedy" -m "$WORK/llama3-gguf-tiny.$t.gguf" -n 32 -t 1 "${logits[@]}" "${args[@]}" \
    > "$WORK/greedy.llama3-gguf-tiny.$t.json"
done

log "writing $DATA/kjv15M.expected.json"
$PY - "$WORK" "$DATA" "$COMMIT" "$KJV_TOKENIZER" "$KJV_VAL" "${KJV_TYPES[@]}" <<'EOF'
import collections, hashlib, json, os, re, sys
import gguf

work, data, commit, sp_model, val = sys.argv[1:6]
types = sys.argv[6:]
made_by_quantize = ("Q4_0", "Q4_K_M", "Q5_K_M", "Q6_K")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def tensor_types(path):
    r = gguf.GGUFReader(path)
    counts = collections.Counter(t.tensor_type.name for t in r.tensors)
    by_name = {t.name: t.tensor_type.name for t in r.tensors
               if t.name in ("token_embd.weight", "output.weight", "blk.0.attn_q.weight",
                             "blk.0.attn_v.weight", "blk.0.ffn_down.weight", "blk.0.ffn_up.weight")}
    return dict(sorted(counts.items())), by_name


def perplexity(log):
    text = open(log, encoding="utf-8", errors="replace").read()
    m = re.search(r"Final estimate: PPL = ([0-9.]+) \+/- ([0-9.]+)", text)
    chunks = re.search(r"calculating perplexity over (\d+) chunks, n_ctx=(\d+), batch_size=(\d+), n_seq=(\d+)", text)
    tokens = re.search(r"tokenizing the input \.\.\.\s*\n.*?tokenization took.*?\n", text, re.S)
    out = {"ppl": float(m.group(1)), "ppl_stderr": float(m.group(2))}
    if chunks:
        out.update(chunks=int(chunks.group(1)), n_ctx=int(chunks.group(2)),
                   batch_size=int(chunks.group(3)), n_seq=int(chunks.group(4)))
    return out


files, greedy, ppl = {}, {}, {}
for t in types:
    path = os.path.join(work, f"kjv15M.{t}.gguf")
    counts, some = tensor_types(path)
    files[t] = {"file": f"kjv15M.{t}.gguf", "sha256": sha256(path), "bytes": os.path.getsize(path),
                "made_by": "llama-quantize kjv15M.F32.gguf OUT " + t + " 1" if t in made_by_quantize
                else f"export.py --gguf --hf kjv15M --tokenizer tokenizer.model --name kjv15M --dtype {t}",
                "committed": t in made_by_quantize, "tensor_types": counts, "some_tensors": some,
                "logits_file": f"kjv15M.{t}.logits.f32",
                "logits_sha256": sha256(os.path.join(data, f"kjv15M.{t}.logits.f32"))}
    g = json.load(open(os.path.join(work, f"greedy.kjv15M.{t}.json")))
    greedy[t] = [{"ids": r["ids"], "text": r["text"], "min_margin": r["min_margin"]} for r in g["results"]]
    ppl[t] = perplexity(os.path.join(work, f"ppl.{t}.log"))
prompts = [{"prompt": r["prompt"], "prompt_ids": r["prompt_ids"]} for r in g["results"]]
for t in types:  # llama.cpp tokenizes the prompts the same way whatever the file type
    g = json.load(open(os.path.join(work, f"greedy.kjv15M.{t}.json")))
    assert [r["prompt_ids"] for r in g["results"]] == [p["prompt_ids"] for p in prompts], t
try:
    import sentencepiece
    sp = sentencepiece.SentencePieceProcessor(model_file=sp_model)
    for p in prompts:
        p["sentencepiece_ids"] = [sp.bos_id()] + sp.encode(p["prompt"])
        p["same_as_sentencepiece"] = p["sentencepiece_ids"] == p["prompt_ids"]
    sp_note = f"sentencepiece {sentencepiece.__version__}: BOS + sp.encode(prompt)"
except ImportError:
    sp_note = "sentencepiece not installed: not compared"
f32 = ppl["F32"]["ppl"]
for t in types:
    ppl[t]["ratio_to_f32"] = round(ppl[t]["ppl"] / f32, 6)
ppl_default = perplexity(os.path.join(work, "ppl.F32.default.log"))

l3 = {}
for t in ("F32", "Q8_0"):
    path = os.path.join(work, f"llama3-gguf-tiny.{t}.gguf")
    g = json.load(open(os.path.join(work, f"greedy.llama3-gguf-tiny.{t}.json")))
    l3[t] = {"file": f"llama3-gguf-tiny.{t}.gguf", "sha256": sha256(path), "bytes": os.path.getsize(path),
             "results": [{"ids": r["ids"], "text": r["text"], "min_margin": r["min_margin"]} for r in g["results"]]}
l3["F32"]["logits_file"] = "llama3-gguf-tiny.F32.logits.f32"
l3["F32"]["logits_sha256"] = sha256(os.path.join(data, "llama3-gguf-tiny.F32.logits.f32"))
hf_dir = os.path.join(work, "llama3-gguf-tiny")

expected = {
    "llama_cpp": {"commit": commit, "source": "node-llama-cpp 3.22.1 git bundle + its patches, "
                  "tools compiled by llamacpp-setup.sh against the prebuilt CPU libraries"},
    "kjv15M": {
        "model": "kjv15M (HF Llama, bf16, dim 288, 6 layers, 6 heads, head_dim 48, vocab 32000, tied)",
        "prompts": prompts, "n_predict": 48, "tokenization_note": sp_note,
        "greedy": greedy,
        "greedy_settings": "greedy.c: fresh context per prompt, llama_tokenize(add_special=true, "
                           "parse_special=false), prompt decoded as one batch, argmax (ties: lowest id) "
                           "48 times, no stop at EOS; 1 thread, n_ctx 256, K/V cache f32, flash attention off",
        "logits": "kjv15M.<TYPE>.logits.f32: 32000 little-endian f32, logits at the last position of "
                  "prompt 0 (" + prompts[0]["prompt"] + ")",
        "perplexity": ppl,
        "perplexity_settings": "llama-perplexity -m FILE -f kjv-val.txt -c 256 -b 256 -t 1 -fa off -ctk f32 "
                               "-ctv f32: the whole file tokenized once (BOS first), cut into chunks of 256 "
                               "tokens (the tail that does not fill a chunk is dropped), each chunk's first "
                               "token replaced by BOS, and only the second half of each chunk (positions "
                               "128..255, predicting tokens 129..256) scored",
        "perplexity_f32_llamacpp_defaults": dict(ppl_default, settings="-c 256 -b 256 -t 1 (flash attention "
                                                  "auto, K/V cache f16)"),
        "val_text_sha256": sha256(val),
        "files": files,
    },
    "llama3_gguf_tiny": {
        "model": "make_llama3_gguf_tiny.py: random weights (seeded), Llama 3.1 shape: dim 64, 2 layers, "
                 "8 heads, 2 KV heads, head_dim 8, FFN 192, vocab 128256 (Llama 3), tied, rope_theta "
                 "500000, rope_scaling llama3 (factor 32, low 1, high 4, original 8192)",
        "hf_sha256": {f: sha256(os.path.join(hf_dir, f)) for f in sorted(os.listdir(hf_dir))},
        "prompts": [{"prompt": r["prompt"], "prompt_ids": r["prompt_ids"]} for r in g["results"]],
        "n_predict": 32,
        "greedy_settings": "as for kjv15M (greedy.c, 1 thread, n_ctx 256, f32 K/V, flash attention off)",
        "files": l3,
    },
}
with open(os.path.join(data, "kjv15M.expected.json"), "w", encoding="utf-8") as f:
    json.dump(expected, f, indent=1, ensure_ascii=False)
    f.write("\n")
EOF
ls -la "$DATA" >&2
