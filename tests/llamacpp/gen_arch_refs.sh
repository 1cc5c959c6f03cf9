#!/bin/bash
# tests/llamacpp/gen_arch_refs.sh LLAMACPP_DIR [DATA_DIR]
#
# Regenerates llama.cpp's outputs for the random-weight architecture models (Qwen2, Qwen3, Mistral
# with a sliding window, SmolLM2) in DATA_DIR (default: tests/data/arch). Not run by the tests:
# `make test` rebuilds the same models (tests/make_arch_models.py, seeded), converts them with
# `export.py --gguf`, and compares run.c with what this wrote and with tests/hf_reference.py.
#
# Needs: LLAMACPP_DIR from `bash llamacpp-setup.sh LLAMACPP_DIR` (llamacpp.env, src/), gcc,
# /usr/bin/python3 with numpy, and the repository's tests/data/tokenizer.model (the Llama 2
# vocabulary every model here uses). A few seconds.
#
# Writes to DATA_DIR, for each model NAME, from its F32 GGUF file (and as NAME.Q8_0.llamacpp.* from
# its Q8_0 one; export.py quantizes as ggml does):
#   NAME.llamacpp.json    {"ids": the 27 prompt ids, "greedy": 16 ids, "min_margin", "columns": C,
#                          "positions": 27, "llama_cpp": commit}
#   NAME.llamacpp.f32     logits at every prompt position for the vocabulary ids 0, C, 2C, ...
#                         (little-endian f32 [27, ceil(32000 / C)]): a sample, as the whole
#                         [27, 32000] would be 3.5 MB per model
# llama.cpp's llama architecture does not read attention.sliding_window, so its mistral-swa
# figures are full attention: the tests use them only for positions inside the window.
set -euo pipefail

[ $# -ge 1 ] || { sed -n '2,22p' "$0"; exit 2; }
LLAMACPP=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=${2:-$ROOT/tests/data/arch}
mkdir -p "$DATA"
DATA=$(cd "$DATA" && pwd)
PY=/usr/bin/python3
# shellcheck disable=SC1091
. "$LLAMACPP/llamacpp.env"
export LLAMACPP_LIBDIR
COMMIT=$(git -C "$LLAMACPP/src" rev-parse HEAD)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# the prompt of test_all.c's test_archs (27 ids of the Llama 2 vocabulary, BOS first)
IDS=1,450,3681,310,278,6114,29892,263,4086,13,1576,9038,338,2253,1363,896,30010,29879,2086,11,29871,29941,29889,29896,29946,29892,29945
COLUMNS=125
MODELS=(qwen2-gqa qwen2-mqa-tied qwen3-gqa-tied qwen3-untied mistral-swa smollm2-tied)

# shellcheck disable=SC2086
eval gcc -O2 -std=c11 -Wall $LLAMACPP_CFLAGS "$HERE/greedy.c" -o "$WORK/greedy" $LLAMACPP_LIBS -lstdc++ -lm
$PY "$ROOT/tests/make_arch_models.py" "$WORK/hf" >&2
for m in "${MODELS[@]}"; do for t in F32 Q8_0; do
  out=$DATA/$m; [ $t = F32 ] || out=$DATA/$m.$t
  $PY "$ROOT/export.py" "$WORK/$m.gguf" --gguf --hf "$WORK/hf/$m" --tokenizer "$ROOT/tests/data/tokenizer.model" \
    --dtype $t --name "$m" >/dev/null 2>&1
  "$WORK/greedy" -m "$WORK/$m.gguf" -n 16 -t 1 --ids "$IDS" --logits-all "$WORK/$m.all.f32" > "$WORK/$m.json"
  $PY - "$WORK/$m.json" "$WORK/$m.all.f32" "$out" "$COLUMNS" "$COMMIT" <<'EOF'
import json, sys
import numpy as np
src, logits, out, columns, commit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
r = json.load(open(src))["results"][0]
all_logits = np.fromfile(logits, "<f4").reshape(len(r["prompt_ids"]), -1)
all_logits[:, ::columns].astype("<f4").tofile(out + ".llamacpp.f32")
json.dump({"ids": r["prompt_ids"], "greedy": r["ids"], "min_margin": r["min_margin"], "columns": columns,
           "positions": len(r["prompt_ids"]), "llama_cpp": commit}, open(out + ".llamacpp.json", "w"))
open(out + ".llamacpp.json", "a").write("\n")
print(f"{out}: greedy {r['ids']}, min margin {r['min_margin']:.3g}", file=sys.stderr)
EOF
done; done
