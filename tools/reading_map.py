#!/usr/bin/env python3
"""Keep run.c's reading map true.

    python3 tools/reading_map.py run.c            # print the map computed from the banners
    python3 tools/reading_map.py --update run.c   # rewrite the map in run.c's front matter

A part starts at a banner: a line "/* ====..." whose next line is "   NAME. Title..." where NAME is
API, Part I, Annex A..E or Appendix. The front matter runs from line 1 to the first banner. The
map lines have the form "       A-B   (N lines)  NAME: what, ..."; make test (test_all.c,
test_reading_map) checks them against the file, so a stale map fails the suite.
"""
import re
import sys

WHAT = {
    "front matter": ("what it is, build, embed, this map", "read first"),
    "API": ("public types and functions with contracts", "read first"),
    "Part I": ("load, math, state, forward, sample, generate", "read: a whole engine"),
    "Annex A": ("fast kernels: SIMD tiles, GEMM, GGUF blocks", "skip"),
    "Annex B": ("other formats: llama2.c's, GGUF", "skip"),
    "Annex C": ("tokenizers, UTF-8, NFC, pre-tokenizer", "skip"),
    "Annex D": ("chat templates, JSON mode and perplexity", "skip"),
    "Annex E": ("the command line", "skip"),
    "Appendix": ("generated Unicode tables and lookups", "skip"),
}
BANNER = re.compile(r"^   (API|Part I|Annex [A-E]|Appendix)\. ")
MAP_LINE = re.compile(r"^       \d+-\d+ +\(\d+ lines\) ")


def parts(lines):
    """[(name, first line, last line)] from the banners, 1-based."""
    starts = [("front matter", 1)]
    for i in range(len(lines) - 1):
        m = BANNER.match(lines[i + 1])
        if lines[i].startswith("/* ====") and m:
            starts.append((m.group(1), i + 1))
    return [(name, a, (starts[k + 1][1] - 1 if k + 1 < len(starts) else len(lines)))
            for k, (name, a) in enumerate(starts)]


def render(lines):
    out = []
    for name, a, b in parts(lines):
        what, how = WHAT[name]
        span = "%d-%d" % (a, b)
        out.append("       %-10s %-12s %-53s %s" % (span, "(%d lines)" % (b - a + 1), name + ": " + what, how))
    return out


def main():
    update = len(sys.argv) == 3 and sys.argv[1] == "--update"
    if not update and len(sys.argv) != 2:
        sys.exit("usage: reading_map.py [--update] run.c")
    path = sys.argv[-1]
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not update:
        print("\n".join(render(lines)))
        return
    first = next((i for i, l in enumerate(lines) if MAP_LINE.match(l)), None)
    if first is None:
        sys.exit("reading_map.py: error: %s has no reading map lines to update" % path)
    last = first
    while last + 1 < len(lines) and MAP_LINE.match(lines[last + 1]):
        last += 1
    # the map's own length cannot change the line numbers: it has one line per part
    new = render(lines)
    if len(new) != last - first + 1:
        lines[first:last + 1] = new
        new = render(lines)
    lines[first:first + len(new)] = new
    open(path, "w", encoding="utf-8").write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
