#!/usr/bin/env python3
"""compare_out.py INP OUT_A OUT_B NAME_A NAME_B: list the test strings of INP whose ids differ
between two .out files (one line per string); prints a summary line at the end."""
import sys
SEP = "\n__ggml_vocab_test__\n"
inp, oa, ob, na, nb = sys.argv[1:6]
raw = open(inp, encoding="utf-8", newline="").read()
tests, pos = [], 0
while pos < len(raw):  # split like tests/test-tokenizer-0.cpp
    nxt = raw.find(SEP, pos)
    if nxt < 0: tests.append(raw[pos:]); break
    tests.append(raw[pos:nxt]); pos = nxt + len(SEP)
a = open(oa, encoding="utf-8").read().split("\n")[:-1]
b = open(ob, encoding="utf-8").read().split("\n")[:-1]
assert len(tests) == len(a) == len(b), (len(tests), len(a), len(b))
n = 0
for i, (s, x, y) in enumerate(zip(tests, a, b)):
    if x != y:
        n += 1
        print(f"#{i} {s!r}\n   {na}: [{x.strip()}]\n   {nb}: [{y.strip()}]")
dups = len(tests) - len(set(tests))
print(f"{n} of {len(tests)} strings differ between {na} and {nb} ({dups} duplicate strings in {inp})")
