#!/bin/bash
# gen_smollm_vocab.sh — builds a GGUF vocab test case for llama.cpp's "smollm" pre-tokenizer.
#
# Output, in this script's directory:
#   ggml-vocab-smollm.gguf      copy of llama.cpp's models/ggml-vocab-gpt-2.gguf (GPT-2 byte-level BPE,
#                               vocab only, 0 tensors) where the only change is
#                               tokenizer.ggml.pre = "gpt-2" -> "smollm". Written by gguf-py's own
#                               gguf/scripts/gguf_new_metadata.py --pre-tokenizer smollm (./tqdm.py
#                               stands in for the missing tqdm module) and checked by ./verify_gguf.py:
#                               GGUFReader shows the same keys/order/types/contents/tensors, and the raw
#                               bytes equal the original with that one string swapped.
#   ggml-vocab-smollm.gguf.inp  the 46 strings of ggml-vocab-gpt-2.gguf.inp + 36 digit-handling strings
#                               (./make_inp.py); each string followed by "\n__ggml_vocab_test__\n".
#   ggml-vocab-smollm.gguf.out  llama.cpp's ids, one line per string, each id preceded by a space, no BOS.
#                               Made by ./vocab_tok_out.cpp, a small program against llama.h
#                               (llama_model_load_from_file with vocab_only=true, then
#                               llama_tokenize(add_special=false, parse_special=false), the input split like
#                               tests/test-tokenizer-0.cpp does).
#   diff-vs-gpt2.txt            strings whose ids differ between the gpt-2 and smollm pre-tokenizers.
#
# Checks (the script stops at the first failure):
#   a. vocab_tok_out reproduces llama.cpp's models/ggml-vocab-gpt-2.gguf.out byte for byte, plus the .out
#      files of starcoder/refact/command-r (which llama.cpp handles with the same regex as smollm).
#   b. llama.cpp's own tests/test-tokenizer-0.cpp, compiled here, passes on ggml-vocab-smollm.gguf.
#   c. llama-tokenize (/work/llamacpp/bin) gives the same ids for every non-empty string.
#
# Needs: /work/llamacpp (llamacpp-setup.sh: source, prebuilt libs, llama.env), g++, /usr/bin/python3 + numpy.
# Usage: ./gen_smollm_vocab.sh        (about 20 s; compiles with one job)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE"
LLAMACPP=${LLAMACPP:-/work/llamacpp}
. "$LLAMACPP/llamacpp.env"          # LLAMACPP_SRC, LLAMACPP_CFLAGS, LLAMACPP_LIBS, LLAMACPP_BIN
SRC=$LLAMACPP_SRC
MODELS=$SRC/models
PY=/usr/bin/python3
export PYTHONPATH=$SRC/gguf-py
log() { echo "== $*" >&2; }

# ---- 0. tools (one compile at a time) ----
mkdir -p build; # outputs go to this folder: copy the three ggml-vocab-smollm.* files to tests/data/gguf/vocab/
log "compiling build/vocab_tok_out and build/test-tokenizer-0"
# shellcheck disable=SC2086
g++ -O2 -std=c++17 $LLAMACPP_CFLAGS ./vocab_tok_out.cpp -o build/vocab_tok_out $LLAMACPP_LIBS
# shellcheck disable=SC2086
g++ -O2 -std=c++17 $LLAMACPP_CFLAGS -I"$SRC/common" -I"$SRC/vendor" "$SRC/tests/test-tokenizer-0.cpp" \
  -o build/test-tokenizer-0 -l:libllama-common.so $LLAMACPP_LIBS

# ---- a. the id writer reproduces llama.cpp's reference .out files ----
for v in gpt-2 starcoder refact command-r; do
  build/vocab_tok_out "$MODELS/ggml-vocab-$v.gguf" "$MODELS/ggml-vocab-$v.gguf.inp" 2>/dev/null > build/check-$v.out
  cmp build/check-$v.out "$MODELS/ggml-vocab-$v.gguf.out" || { log "FAIL: $v .out not reproduced"; exit 1; }
  log "ok: reproduced models/ggml-vocab-$v.gguf.out exactly"
done

# ---- 1. the smollm vocab ----
log "writing ggml-vocab-smollm.gguf"
PYTHONPATH=$PYTHONPATH:$HERE/tools $PY "$SRC/gguf-py/gguf/scripts/gguf_new_metadata.py" \
  --pre-tokenizer smollm --force "$MODELS/ggml-vocab-gpt-2.gguf" ggml-vocab-smollm.gguf 2>/dev/null
$PY ./verify_gguf.py "$MODELS/ggml-vocab-gpt-2.gguf" ggml-vocab-smollm.gguf tokenizer.ggml.pre smollm

# ---- 2. test strings ----
$PY ./make_inp.py "$MODELS/ggml-vocab-gpt-2.gguf.inp" ggml-vocab-smollm.gguf.inp

# ---- 3. expected ids ----
build/vocab_tok_out ggml-vocab-smollm.gguf ggml-vocab-smollm.gguf.inp > ggml-vocab-smollm.gguf.out
log "wrote ggml-vocab-smollm.gguf.out ($(wc -l < ggml-vocab-smollm.gguf.out) lines)"

# b. llama.cpp's own test reads ggml-vocab-smollm.gguf{,.inp,.out} and must pass
(cd build && ./test-tokenizer-0 "$HERE/ggml-vocab-smollm.gguf" > test-tokenizer-0.log 2>&1) \
  || { log "FAIL: test-tokenizer-0 (see build/test-tokenizer-0.log)"; exit 1; }
tail -1 build/test-tokenizer-0.log
# c. independent cross-check with llama-tokenize
$PY ./check_llama_tokenize.py "$LLAMACPP_BIN/llama-tokenize" ggml-vocab-smollm.gguf \
  ggml-vocab-smollm.gguf.inp ggml-vocab-smollm.gguf.out

# ---- differences between the gpt-2 and smollm pre-tokenizers on the same strings ----
build/vocab_tok_out "$MODELS/ggml-vocab-gpt-2.gguf" ggml-vocab-smollm.gguf.inp 2>/dev/null > build/gpt-2-on-smollm-inp.out
$PY ./compare_out.py ggml-vocab-smollm.gguf.inp build/gpt-2-on-smollm-inp.out ggml-vocab-smollm.gguf.out \
  gpt-2 smollm > diff-vs-gpt2.txt
tail -1 diff-vs-gpt2.txt
log "done"
