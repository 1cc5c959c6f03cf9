#!/bin/bash
# gen_chat_expected.sh [LLAMACPP_DIR] [OUT_DIR]
#
# Regenerates the llama.cpp chat-prompt references in OUT_DIR (default: this script's directory):
#   vocab-zephyr.gguf   ggml-vocab-llama-spm.gguf + tokenizer.chat_template = tmpl_zephyr.jinja
#                       (TinyLlama-1.1B-Chat-v1.0's template)
#   vocab-mistral.gguf  ggml-vocab-llama-spm.gguf + tokenizer.chat_template = tmpl_mistral.jinja
#                       (Mistral-7B-Instruct-v0.2's template)
#   vocab-phi3.gguf     ggml-vocab-phi-3.gguf     + tokenizer.chat_template = tmpl_phi3.jinja
#                       (Phi-3-mini-4k-instruct's template; replaces the older template that file holds)
#   (qwen2: ggml-vocab-qwen2.gguf as it is; tmpl_qwen2.jinja is its own template, Qwen2-Instruct's
#   ChatML with a default system prompt)
#   chat_expected.txt   for each family and conversation A, B, C the rendering of
#                       llama_chat_apply_template(tmpl, ..., add_ass=true) and its ids as
#                       llama-completion -cnv (default --no-jinja) feeds them
#                       (llama_tokenize add_special=true, parse_special=true); A_asst = A plus the
#                       assistant reply rendered with add_ass=false; B_inc = the incremental turn-2
#                       prompt of common_chat_format_single(), tokenized add_special=false,
#                       parse_special=true. See chat_ref.c for the details.
#   chat_expected_jinja.txt  the same through llama.cpp's common library with use_jinja=true
#                       (llama-completion --jinja; llama-cli/llama-server default), cnv_ref.cpp; the
#                       script also checks that the common library's legacy path (use_jinja=false,
#                       llama-completion's default) gives exactly chat_expected.txt's lines.
# Needs: llama.cpp installed by /work/shared/tools/llamacpp-setup.sh (llamacpp.env: headers and the
# prebuilt libraries; src/gguf-py; src/models/ggml-vocab-{llama-spm,phi-3}.gguf), gcc,
# /usr/bin/python3 with numpy, and a `tqdm` module (a stand-in: TQDM_DIR, default
# /work/main/tests/llamacpp/smollm). The tmpl_*.jinja files in OUT_DIR hold the templates (exact
# bytes, no trailing newline); the vocab-*.gguf files are written there too (not committed). Takes a
# few seconds. For the committed data: gen_chat_expected.sh /work/llamacpp tests/data/gguf/chat
set -euo pipefail

LLAMACPP=$(cd "${1:-/work/llamacpp}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${2:-$HERE}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
TQDM_DIR=${TQDM_DIR:-/work/main/tests/llamacpp/smollm}
PY=/usr/bin/python3
# shellcheck disable=SC1091
. "$LLAMACPP/llamacpp.env"
export PYTHONPATH=$LLAMACPP/src/gguf-py:$TQDM_DIR
MODELS=$LLAMACPP/src/models
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# shellcheck disable=SC2086
eval gcc -O1 -std=c11 -Wall $LLAMACPP_CFLAGS "$HERE/chat_ref.c" -o "$WORK/chat_ref" $LLAMACPP_LIBS -lstdc++ -lm
# shellcheck disable=SC2086
eval g++ -O0 -std=c++17 $LLAMACPP_CFLAGS -I"$LLAMACPP/src/common" -I"$LLAMACPP/src/vendor" \
    "$HERE/cnv_ref.cpp" -o "$WORK/cnv_ref" -l:libllama-common.so $LLAMACPP_LIBS

mk() {  # mk SRC_VOCAB TEMPLATE OUT_GGUF
    "$PY" "$LLAMACPP/src/gguf-py/gguf/scripts/gguf_new_metadata.py" --force \
        --chat-template-file "$2" "$1" "$3" >/dev/null 2>&1 \
        || "$PY" "$LLAMACPP/src/gguf-py/gguf/scripts/gguf_new_metadata.py" --force \
        --chat-template-file "$2" "$1" "$3"
}
mk "$MODELS/ggml-vocab-llama-spm.gguf" "$OUT/tmpl_zephyr.jinja"  "$OUT/vocab-zephyr.gguf"
mk "$MODELS/ggml-vocab-llama-spm.gguf" "$OUT/tmpl_mistral.jinja" "$OUT/vocab-mistral.gguf"
mk "$MODELS/ggml-vocab-phi-3.gguf"     "$OUT/tmpl_phi3.jinja"    "$OUT/vocab-phi3.gguf"

# every key other than tokenizer.chat_template is unchanged
"$PY" - "$MODELS" "$OUT" <<'EOF'
import sys
from gguf import GGUFReader
models, out = sys.argv[1:]
def kv(p):
    r = GGUFReader(p)
    return {k: (f.types, [bytes(f.parts[i]) for i in f.data]) for k, f in r.fields.items()
            if k not in ('tokenizer.chat_template', 'GGUF.kv_count')}
for src, dst in [('ggml-vocab-llama-spm.gguf', 'vocab-zephyr.gguf'),
                 ('ggml-vocab-llama-spm.gguf', 'vocab-mistral.gguf'),
                 ('ggml-vocab-phi-3.gguf', 'vocab-phi3.gguf')]:
    a, b = kv(f'{models}/{src}'), kv(f'{out}/{dst}')
    assert a == b, (dst, set(a) ^ set(b), [k for k in a if k in b and a[k] != b[k]])
EOF

{
    echo "# llama.cpp chat-prompt references, written by gen_chat_expected.sh (chat_ref.c)"
    echo "# llama.cpp commit $(git -C "$LLAMACPP/src" rev-parse HEAD 2>/dev/null || echo "${LLAMACPP_COMMIT:-?}")"
    echo "# FAMILY CONV rendered <C-escaped string> | FAMILY CONV ids <ids> | '# ... pieces' = comment"
    echo "# A: [system 'You are a helpful assistant.'] + user 'Hello there!' (mistral: no system)"
    echo "# B: A + assistant 'Hi! How can I help?' + user 'Tell me a joke.'   C: user 'What is 2+2?'"
    echo "# A, B, C: add_ass=true, ids = llama_tokenize(add_special=true, parse_special=true)"
    echo "# A_asst: A + assistant reply, add_ass=false (rendering only)"
    echo "# B_inc: common_chat_format_single delta (prepend \\n if A_asst ends with \\n),"
    echo "#        ids = llama_tokenize(add_special=false, parse_special=true)"
    "$WORK/chat_ref" zephyr  "$OUT/tmpl_zephyr.jinja"  "$OUT/vocab-zephyr.gguf"
    "$WORK/chat_ref" mistral "$OUT/tmpl_mistral.jinja" "$OUT/vocab-mistral.gguf"
    "$WORK/chat_ref" phi3    "$OUT/tmpl_phi3.jinja"    "$OUT/vocab-phi3.gguf"
    "$WORK/chat_ref" qwen2   "$OUT/tmpl_qwen2.jinja"   "$MODELS/ggml-vocab-qwen2.gguf"
} > "$OUT/chat_expected.txt.tmp"

# the same through libllama-common (completion.cpp's own calls), both template modes
{ for f in zephyr mistral phi3; do "$WORK/cnv_ref" $f "$OUT/vocab-$f.gguf"; done
  "$WORK/cnv_ref" qwen2 "$MODELS/ggml-vocab-qwen2.gguf"; } > "$WORK/cnv.txt"
# legacy mode must reproduce chat_ref.c's lines exactly
grep ' legacy_' "$WORK/cnv.txt" | sed 's/ legacy_\(rendered\|ids\) / \1 /' | sort > "$WORK/legacy.txt"
grep -E '^[a-z0-9]+ (A|B|C|B_inc) (rendered|ids) ' "$OUT/chat_expected.txt.tmp" | sort > "$WORK/mine.txt"
diff "$WORK/legacy.txt" "$WORK/mine.txt" || { echo "gen_chat_expected: common_chat legacy path differs from chat_ref.c" >&2; exit 1; }
{
    echo "# llama.cpp chat-prompt references, JINJA path, written by gen_chat_expected.sh (cnv_ref.cpp)"
    echo "# llama.cpp commit $(git -C "$LLAMACPP/src" rev-parse HEAD 2>/dev/null || echo "${LLAMACPP_COMMIT:-?}")"
    echo "# common_chat_templates_apply(use_jinja=true) = llama-completion --jinja, llama-cli / llama-server default."
    echo "# Same conversations and tokenization as chat_expected.txt (A, B, C: add_special=true; B_inc:"
    echo "# common_chat_format_single delta, add_special=false; parse_special=true throughout)."
    echo "# Leading bos_token text is stripped from the rendering when the vocab adds BOS (add_bos_token=true)."
    grep ' jinja_' "$WORK/cnv.txt" | sed 's/ jinja_\(rendered\|ids\) / \1 /'
} > "$OUT/chat_expected_jinja.txt"
mv "$OUT/chat_expected.txt.tmp" "$OUT/chat_expected.txt"
echo "gen_chat_expected: wrote $OUT/chat_expected{,_jinja}.txt and vocab-{zephyr,mistral,phi3}.gguf" >&2
