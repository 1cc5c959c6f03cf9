#!/usr/bin/env python3
"""check_llama_tokenize.py LLAMA_TOKENIZE VOCAB INP OUT: independent cross-check of OUT with llama.cpp's
llama-tokenize tool: each test string of INP is written to a file and tokenized with
`llama-tokenize -f FILE --ids --no-bos --no-parse-special --no-escape`; ids must equal OUT's line."""
import ast, os, subprocess, sys, tempfile
SEP = "\n__ggml_vocab_test__\n"
tok, vocab, inp, out = sys.argv[1:5]
raw = open(inp, encoding="utf-8", newline="").read()
tests, pos = [], 0
while pos < len(raw):
    nxt = raw.find(SEP, pos)
    if nxt < 0: tests.append(raw[pos:]); break
    tests.append(raw[pos:nxt]); pos = nxt + len(SEP)
lines = open(out, encoding="utf-8").read().split("\n")[:-1]
assert len(lines) == len(tests)
bad = skipped = 0
with tempfile.TemporaryDirectory() as d:
    p = os.path.join(d, "s.txt")
    for i, (s, line) in enumerate(zip(tests, lines)):
        if s == "":
            skipped += 1; continue  # llama-tokenize refuses an empty prompt
        with open(p, "w", encoding="utf-8", newline="") as f: f.write(s)
        r = subprocess.run([tok, "-m", vocab, "-f", p, "--ids", "--no-bos", "--no-parse-special",
                            "--no-escape", "--log-disable"], capture_output=True, text=True)
        got = ast.literal_eval(r.stdout.strip().splitlines()[-1]) if r.returncode == 0 and r.stdout.strip() else None
        want = [int(x) for x in line.split()]
        if got != want:
            bad += 1; print(f"#{i} {s!r}: llama-tokenize {got} != .out {want}")
print(f"llama-tokenize cross-check: {len(tests)-skipped-bad} match, {bad} mismatch, {skipped} skipped (empty)")
sys.exit(1 if bad else 0)
