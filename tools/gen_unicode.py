#!/usr/bin/env python3
"""Generate the Unicode tables that the byte-level BPE tokenizer in run.c needs.

    python3 tools/gen_unicode.py              # print the generated block
    python3 tools/gen_unicode.py --update run.c   # replace the block between its markers in run.c

Uses only the standard library; the tables follow the Unicode version of this Python's
unicodedata (printed into the header). The tables answer four questions:

- Character class for the pre-tokenizer regexes of Llama 3 and Qwen2/3: \\p{L} (categories
  Lu Ll Lt Lm Lo), \\p{N} (Nd Nl No) and \\s. \\s is Unicode White_Space, which is what the
  reference regex engines use (Oniguruma in Hugging Face tokenizers, fancy-regex in tiktoken):
  U+0009..U+000D, U+0085 and the categories Zs, Zl, Zp. (JavaScript's \\s differs: it adds
  U+FEFF and drops U+0085.) unicodedata has no White_Space property, so it is derived from
  the categories; Python's str.isspace() is not used because it also accepts U+001C..U+001F.
- Case-insensitive matching of the contractions (?i:'s|'t|'re|'ve|'m|'ll|'d): the non-ASCII
  code points whose simple case folding is one of those ASCII letters (only U+017F LONG S).
- NFC normalization (Qwen2/3 tokenizers normalize input to NFC): canonical combining classes,
  canonical decompositions, primary compositions, and a quick-check set of the code points
  that can make a string change under NFC.
"""
import io
import sys
import unicodedata

MAX_CP = 0x110000
LETTER, NUMBER, SPACE = 1, 2, 3


def char_class(cp):
    """Pre-tokenizer class of a code point: LETTER, NUMBER, SPACE, or 0 for anything else."""
    cat = unicodedata.category(chr(cp))
    if cat in ("Zs", "Zl", "Zp") or 0x09 <= cp <= 0x0D or cp == 0x85:
        return SPACE
    if cat[0] == "L":
        return LETTER
    if cat[0] == "N":
        return NUMBER
    return 0


def ranges(values):
    """Run-length encode (cp, value) pairs, sorted by cp, into (first, last, value) ranges."""
    out = []
    for cp, v in values:
        if out and out[-1][1] == cp - 1 and out[-1][2] == v:
            out[-1][1] = cp
        else:
            out.append([cp, cp, v])
    return out


def canonical_decomposition(cp):
    """One level of the canonical decomposition of cp (a list of code points), or None."""
    d = unicodedata.decomposition(chr(cp))
    if not d or d.startswith("<"):
        return None
    return [int(x, 16) for x in d.split()]


def emit(name, ctype, rows, per_line, doc):
    """Print a C array of initializer rows (tuples of ints), several per line."""
    print(f"/* {doc} */")
    print(f"static const {ctype} {name}[{len(rows)}] = {{")
    for i in range(0, len(rows), per_line):
        chunk = rows[i:i + per_line]
        cells = ["{" + ",".join(f"0x{x:X}" for x in row) + "}" for row in chunk]
        print("    " + ",".join(cells) + ",")
    print("};\n")


def tables():
    """Print the tables (the generated block without its markers)."""
    classes = [(cp, char_class(cp)) for cp in range(MAX_CP)]
    class_ranges = [r for r in ranges(classes) if r[2] != 0 and r[0] >= 0x80]

    folds = [(cp, ord(chr(cp).casefold())) for cp in range(0x80, MAX_CP)
             if len(chr(cp).casefold()) == 1 and chr(cp).casefold() in "strevmld"]

    ccc_ranges = [r for r in ranges((cp, unicodedata.combining(chr(cp))) for cp in range(MAX_CP))
                  if r[2] != 0]

    # Hangul syllables decompose and compose algorithmically in the C code; skip them here.
    decomp, comp = [], []
    for cp in range(MAX_CP):
        if 0xAC00 <= cp <= 0xD7A3:
            continue
        d = canonical_decomposition(cp)
        if d is None:
            continue
        decomp.append((cp, d[0], d[1] if len(d) > 1 else 0))
        # A primary composite: a pair decomposition that NFC does not take apart (this leaves
        # out the composition exclusions and the non-starter decompositions).
        if len(d) == 2 and unicodedata.normalize("NFC", chr(cp)) == chr(cp):
            comp.append((d[0], d[1], cp))
    comp.sort()

    # Quick check: a string without any of these code points is already in NFC. They are the
    # code points with a nonzero combining class, those NFC replaces (NFC_Quick_Check=No), and
    # those that can combine with the previous character (NFC_Quick_Check=Maybe).
    seconds = {b for _, b, _ in comp} | set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))
    check = [(cp, 1) for cp in range(MAX_CP)
             if unicodedata.combining(chr(cp)) or cp in seconds
             or unicodedata.normalize("NFC", chr(cp)) != chr(cp)]
    check_ranges = [(lo, hi) for lo, hi, _ in ranges(check)]
    assert check_ranges[0][0] >= 0x300, "the C code assumes code points below U+0300 are NFC-inert"

    print(f"/* From Python {sys.version.split()[0]}'s unicodedata (Unicode {unicodedata.unidata_version}). */")
    print(f'#define RC_UNICODE_VERSION "{unicodedata.unidata_version}"\n')
    print("typedef struct { uint32_t first, last, value; } rc_UniRange;")
    print("typedef struct { uint32_t first, last; } rc_UniSpan;")
    print("typedef struct { uint32_t cp, letter; } rc_UniPair;")
    print("typedef struct { uint32_t a, b, c; } rc_UniTriple;\n")
    # the class values are run.c's enum RC_UCLASS_* (Annex C, declared before the code that uses them)
    ascii_cls = [char_class(cp) for cp in range(0x80)]
    print("/* Class of each ASCII code point (RC_UCLASS_*). */")
    print("static const unsigned char rc_uni_ascii_class[128] = {")
    for i in range(0, 128, 32):
        print("    " + ",".join(str(c) for c in ascii_cls[i:i + 32]) + ",")
    print("};\n")
    emit("rc_uni_class_ranges", "rc_UniRange", class_ranges, 6,
         "Non-ASCII letters (\\p{L}), numbers (\\p{N}) and white space (\\s): {first, last, RC_UCLASS_*}, sorted.")
    emit("rc_uni_fold_extra", "rc_UniPair", folds, 8,
         "Non-ASCII code points that case-fold to one of the ASCII letters in 's 't 're 've 'm 'll 'd: {cp, letter}.")
    emit("rc_uni_ccc_ranges", "rc_UniRange", ccc_ranges, 6,
         "Canonical combining class, where nonzero: {first, last, ccc}, sorted.")
    emit("rc_uni_decomp", "rc_UniTriple", decomp, 5,
         "Canonical decompositions, one level, Hangul syllables excluded: {cp, first, second or 0}, sorted by cp.")
    emit("rc_uni_comp", "rc_UniTriple", comp, 5,
         "Primary composites, Hangul excluded: {first, second, composite}, sorted by (first, second).")
    emit("rc_uni_nfc_check", "rc_UniSpan", check_ranges, 8,
         "Code points that may change a string under NFC: {first, last}, sorted; all are >= U+0300.")


BEGIN = "/* ---- BEGIN generated by tools/gen_unicode.py - do not edit (python3 tools/gen_unicode.py --update run.c) ---- */"
END = "/* ---- END generated by tools/gen_unicode.py ---- */"


def generate():
    """The generated block, markers included, as a string."""
    out, stdout = io.StringIO(), sys.stdout
    sys.stdout = out
    try:
        tables()
    finally:
        sys.stdout = stdout
    return BEGIN + "\n" + out.getvalue().rstrip("\n") + "\n" + END + "\n"


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--update":
        path = sys.argv[2]
        text = open(path, encoding="utf-8").read()
        start, end = text.find(BEGIN), text.find(END)
        if start < 0 or end < start:
            sys.exit(f"gen_unicode.py: error: {path} has no generated block between the markers")
        text = text[:start] + generate() + text[end + len(END) + 1:]
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    elif len(sys.argv) == 1:
        sys.stdout.write(generate())
    else:
        sys.exit("usage: gen_unicode.py [--update run.c]")


if __name__ == "__main__":
    main()
