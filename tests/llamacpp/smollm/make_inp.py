#!/usr/bin/env python3
"""make_inp.py BASE_INP OUT_INP: write OUT_INP = the test strings of BASE_INP (llama.cpp's
ggml-vocab-gpt-2.gguf.inp, split like tests/test-tokenizer-0.cpp on "\n__ggml_vocab_test__\n")
followed by extra strings that exercise digit handling, in the same format
(each string followed by "\n__ggml_vocab_test__\n", as convert_hf_to_gguf_update.py writes it)."""
import sys

SEP = "\n__ggml_vocab_test__\n"

EXTRA = [
    "123",
    "1234567",
    " 2024",
    "a1b2c3",
    "x 42 y",
    "3.14159",
    "1,000,000",
    "v2.0-rc1",
    "٣٤٥",                      # Arabic-Indic digits (Nd)
    "１２３",                    # fullwidth digits (Nd)
    "abc123def 456 ",
    "\n\n12\t34",
    "Ⅻ",                        # roman numeral twelve (Nl)
    "½",                        # vulgar fraction (No)
    "0",
    "007",
    " 1 2 3",
    "  99 bottles",
    "2024-06-15T12:34:56Z",
    "$19.99 (USD)",
    "+1 (555) 123-4567",
    "IPv4 192.168.0.1",
    "x²+y³=z⁴",                 # superscript digits (No)
    "①②③",                      # circled digits (No)
    "𝟙𝟚𝟛",                      # mathematical double-struck digits (Nd, 4-byte UTF-8)
    "٣٤٥abc ١٢",
    "१२३ हिन्दी ९९.९%",          # Devanagari digits
    "🚀 3 rockets 🚀🚀🚀",
    "12🦙34",
    "Ⅻ chapters, ½ cup",
    "line1\nline22\n\n333",
    "'s 5's 10'll",
    "  \t 42\n",
    "3333333333333333",
    "Hello, 世界 2024年",
    "0x1F 0b1010 1e-9",
]

base_inp, out_inp = sys.argv[1], sys.argv[2]
raw = open(base_inp, encoding="utf-8", newline="").read()
# same splitting as tests/test-tokenizer-0.cpp
base, pos = [], 0
while pos < len(raw):
    nxt = raw.find(SEP, pos)
    if nxt < 0:
        base.append(raw[pos:]); break
    base.append(raw[pos:nxt]); pos = nxt + len(SEP)
tests = base + EXTRA
for t in tests:
    assert SEP not in t + "\n" and not t.startswith("__ggml_vocab_test__\n"), repr(t)
with open(out_inp, "w", encoding="utf-8", newline="") as f:
    for t in tests:
        f.write(t)
        f.write(SEP)
print(f"make_inp: {len(base)} base + {len(EXTRA)} extra = {len(tests)} strings -> {out_inp}")
