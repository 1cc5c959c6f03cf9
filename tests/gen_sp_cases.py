#!/usr/bin/python3
"""Generate tests/data/sp_cases.txt: reference SentencePiece encodings of the Llama 2 tokenizer.

THIS SCRIPT IS NOT RUN BY `make test`.  A developer runs it once (and again only when the case
list changes); its output, tests/data/sp_cases.txt, is committed, and the C tests read that file
with no Python or SentencePiece at test time.

Requirements: Debian's python3-sentencepiece (0.1.97), used through /usr/bin/python3:

    /usr/bin/python3 tests/gen_sp_cases.py [TOKENIZER_MODEL] [--check]

TOKENIZER_MODEL defaults to $SP_MODEL, else /work/shared/tokenizer/tokenizer.model.
--check also prints (to stderr) the consistency checks described at the bottom of this file:
the invalid-UTF-8 replacement rule and the decode(encode(s)) == s round trip.

Output format, one case per line:  HEX<TAB>IDS
  HEX  lowercase hex of the input bytes (empty field for the empty string)
  IDS  the ids of sp.encode(input_bytes), space separated, WITHOUT BOS (empty for no tokens)
Lines starting with '#' are comments (only at the top of the file).

The input is passed to SentencePiece as bytes, so invalid UTF-8 reaches its normalizer, which
replaces every invalid byte by U+FFFD; the expectations keep that behaviour.

Deterministic: all random cases come from random.Random with fixed seeds, no timestamps.
"""

import os
import random
import sys

import sentencepiece as spm

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_PATH = os.path.join(HERE, "data", "sp_cases.txt")
DEFAULT_MODEL = "/work/shared/tokenizer/tokenizer.model"
KJV_PATHS = [os.path.join(HERE, "data", "kjv-val.txt"), "/work/shared/data/kjv-val.txt"]


def u(s):
    return s.encode("utf-8")


# --------------------------------------------------------------------------------------------
# Case groups.  Each returns a list of bytes.
# --------------------------------------------------------------------------------------------

PROSE = [
    "Hello world",
    "Hello, world!",
    "The quick brown fox jumps over the lazy dog.",
    "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG",
    "the quick brown fox jumps over the lazy dog",
    "Once upon a time, there was a little girl named Lily.",
    "She loved to play outside in the sunshine.",
    "\"Can I have a cookie?\" asked Tom. \"No,\" said Mom, \"it's almost dinner time.\"",
    "It's a beautiful day; isn't it? I'd say we'll go, but they've already left.",
    "Don't, won't, can't, shouldn't've, y'all, o'clock, rock 'n' roll.",
    "On 2023-07-14 at 09:30:15 UTC, the server restarted.",
    "The meeting is on March 3rd, 2024 (Sunday) at 5 p.m.",
    "Call me at +1 (555) 123-4567 or e-mail john.doe@example.com.",
    "Pi is approximately 3.14159265358979; e is about 2.71828.",
    "The price rose 12.5% to $1,234,567.89 in Q3 2021.",
    "Temperatures ranged from -40 to +45 degrees.",
    "Version 1.2.3-rc.4+build.567 was released.",
    "Mr. Smith, Mrs. Jones, Dr. Who and Prof. X met at 10 Downing St.",
    "Wait... what?! No way!!! Really???",
    "He said: 'Yes'; she said: \"No\" -- and that was that.",
    "A list: apples, oranges, pears, and bananas.",
    "Item #1: 3 x 4 = 12; item #2: 10 / 2 = 5.",
    "email@domain.org, http://www.example.com/path?query=1&b=2#frag",
    "https://github.com/karpathy/llama2.c/blob/master/run.c",
    "CamelCaseWords and snake_case_words and kebab-case-words",
    "ALL CAPS SENTENCE WITH NUMBERS 123 AND SYMBOLS !@#$%^&*()",
    "mIxEd CaSe TeXt Is HaRd To ReAd",
    "I have 3 cats, 12 dogs and 1000000 fish.",
    "The year 1999 was followed by 2000, not 19100.",
    "(parenthetical) [bracketed] {braced} <angled>",
    "Tabs\tbetween\twords",
    "Line one.\nLine two.\nLine three.",
    "Paragraph one.\n\nParagraph two.",
    "  Indented sentence with two leading spaces.",
    "Trailing spaces after this sentence.   ",
    "Multiple   spaces   between   words.",
    "a",
    "I",
    "A.",
    ".",
    "!",
    "?",
    "...",
    "0",
    "42",
    "-1",
    "1st 2nd 3rd 4th 21st 22nd 101st",
    "Hyphen-ated, en–dash, em—dash, and minus − signs.",
    "\u201cSmart quotes\u201d and \u2018single smart quotes\u2019 and the ellipsis\u2026",
    "Lily and Ben were best friends. They liked to play in the park every day.",
    "One day, a big red ball rolled down the hill and hit a tree.",
    "At 3:07am the train departed; it arrived 11h42m later, at 2:49pm.",
    "The ratio was 3:2, i.e., three to two (e.g., 6:4).",
    "U.S.A., U.K., E.U., and N.A.T.O. are abbreviations.",
    "Fahrenheit 451, Catch-22, and 1984 are novels.",
    "x=1, y=2, z=x+y; print(z) # 3",
    "What's 2+2? It's 4. What's 2*2? Also 4.",
    "The word 'newline' and the word \"tab\" appear here.",
    "Supercalifragilisticexpialidocious is a long word.",
    "Antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
]

CODE = [
    "int main(void) {\n    printf(\"hello\\n\");\n    return 0;\n}\n",
    "#include <stdio.h>\n#include <stdlib.h>\n",
    "static float *malloc_floats(size_t n) {\n\tfloat *p = malloc(n * sizeof(float));\n\tif (!p) abort();\n\treturn p;\n}",
    "for (int i = 0; i < n; i++) {\n        out[i] = x[i] * w[i];\n    }",
    "typedef struct { int dim; int n_layers; } Config;",
    "#define MAX(a, b) ((a) > (b) ? (a) : (b))",
    "/* block comment */ // line comment",
    "if (x != NULL && *x == '\\0') { return -1; }",
    "def softmax(x):\n    e = np.exp(x - x.max())\n    return e / e.sum()\n",
    "class Tokenizer:\n    def __init__(self, path):\n        self.path = path\n\n    def encode(self, s):\n        return []\n",
    "import os, sys\nfrom typing import List, Dict\n",
    "print(f\"{name!r:>10} = {value:.3f}\")",
    "lambda x: [y ** 2 for y in range(x) if y % 2 == 0]",
    "if __name__ == \"__main__\":\n\tmain()\n",
    "{\"name\": \"llama\", \"dim\": 4096, \"layers\": 32, \"eps\": 1e-05, \"tied\": false, \"x\": null}",
    "{\n  \"a\": [1, 2, 3],\n  \"b\": {\"c\": \"d\"}\n}",
    "[{\"id\":1,\"tags\":[\"x\",\"y\"]},{\"id\":2,\"tags\":[]}]",
    "#!/bin/sh\nset -eu\nfor f in *.txt; do\n  echo \"$f\"\ndone\n",
    "ls -la | grep '^d' | awk '{print $9}' > dirs.txt 2>&1",
    "export PATH=\"$HOME/bin:$PATH\" && make -j8 CFLAGS='-O2 -Wall'",
    "gcc -O3 -march=native -o run run.c -lm -fopenmp",
    "<html><body><p class=\"x\">Hi &amp; bye</p></body></html>",
    "SELECT id, name FROM users WHERE age >= 18 ORDER BY name;",
    "fn main() { let v: Vec<u8> = vec![0; 16]; println!(\"{:?}\", v); }",
    "x += 1; y -= 2; z *= 3; w /= 4; a <<= 1; b >>= 2; c &= d; e |= f; g ^= h;",
    "a->b->c; p++; --q; r == s; t != u; v <= w; x >= y; z && a || !b;",
    "\tif (a) {\n\t\tif (b) {\n\t\t\treturn c;\n\t\t}\n\t}\n",
    "    \t  \tmixed spaces and tabs indentation",
    "0x7fffffff 0xDEADBEEF 0b1010 0o777 1e-9 3.0f 1UL",
    "// TODO(user): fix this\n",
    "key: value\nlist:\n  - one\n  - two\n",
    "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-old\n+new\n",
    "```python\nprint('hi')\n```",
    "$ echo $((1 + 2)) ; cat <<EOF\nheredoc\nEOF",
    "regex: ^[A-Za-z_][A-Za-z0-9_]*$ and \\d+\\.\\d*",
]

UNICODE = [
    # accented Latin, precomposed and combining
    "caf\u00e9 na\u00efve r\u00e9sum\u00e9 fa\u00e7ade",
    "cafe\u0301 nai\u0308ve re\u0301sume\u0301",
    "e\u0301",
    "\u0301",
    "a\u0301\u0302\u0303\u0304",
    "\u00fcber M\u00fcller Stra\u00dfe \u00c4rger \u00d6l",
    "Espa\u00f1a, ma\u00f1ana, ni\u00f1o, \u00bfQu\u00e9 tal? \u00a1Hola!",
    "\u00c5ngstr\u00f6m \u00c6sir \u00d8resund \u0141\u00f3d\u017a \u010cesk\u00fd \u0218tefan \u0130stanbul",
    "Ng\u01b0\u1eddi Vi\u1ec7t Nam n\u00f3i ti\u1ebfng Vi\u1ec7t.",
    # Greek, Cyrillic, Arabic, Hebrew, Hindi, Thai
    "\u0395\u03bd \u03b1\u03c1\u03c7\u1fc7 \u1f26\u03bd \u1f41 \u03bb\u03cc\u03b3\u03bf\u03c2",
    "\u039a\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1 \u03ba\u03cc\u03c3\u03bc\u03b5! \u0391\u0392\u0393\u0394 \u03b1\u03b2\u03b3\u03b4",
    "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440! \u041a\u0430\u043a \u0434\u0435\u043b\u0430?",
    "\u0412 \u043d\u0430\u0447\u0430\u043b\u0435 \u0431\u044b\u043b\u043e \u0421\u043b\u043e\u0432\u043e, \u0438 \u0421\u043b\u043e\u0432\u043e \u0431\u044b\u043b\u043e \u0443 \u0411\u043e\u0433\u0430.",
    "\u0423\u043a\u0440\u0430\u0457\u043d\u0441\u044c\u043a\u0430 \u043c\u043e\u0432\u0430: \u0457\u0436\u0430\u043a, \u0491\u0430\u043d\u043e\u043a",
    "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645",
    "\u0641\u064a \u0627\u0644\u0628\u062f\u0621 \u062e\u0644\u0642 \u0627\u0644\u0644\u0647 \u0627\u0644\u0633\u0645\u0627\u0648\u0627\u062a \u0648\u0627\u0644\u0623\u0631\u0636",
    "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd",
    "\u05d1\u05b0\u05bc\u05e8\u05b5\u05d0\u05e9\u05b4\u05c1\u05d9\u05ea \u05d1\u05b8\u05bc\u05e8\u05b8\u05d0",
    "\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e",
    "\u092e\u0947\u0930\u093e \u0928\u093e\u092e \u0930\u093e\u092e \u0939\u0948\u0964",
    "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u0e0a\u0e32\u0e27\u0e42\u0e25\u0e01",
    "\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22\u0e44\u0e21\u0e48\u0e21\u0e35\u0e0a\u0e48\u0e2d\u0e07\u0e27\u0e48\u0e32\u0e07",
    # CJK
    "\u4f60\u597d\uff0c\u4e16\u754c\uff01",
    "\u6211\u7231\u5317\u4eac\u5929\u5b89\u95e8\u3002\u4eca\u5929\u5929\u6c14\u5f88\u597d\u3002",
    "\u592a\u521d\u6709\u9053\uff0c\u9053\u4e0e\u795e\u540c\u5728\uff0c\u9053\u5c31\u662f\u795e\u3002",
    "\u3053\u3093\u306b\u3061\u306f\u4e16\u754c",
    "\u79c1\u306f\u65e5\u672c\u8a9e\u3092\u52c9\u5f37\u3057\u3066\u3044\u307e\u3059\u3002\u30ab\u30bf\u30ab\u30ca\u3082\u3002",
    "\u30c8\u30fc\u30af\u30ca\u30a4\u30b6\u30fc\u306e\u30c6\u30b9\u30c8",
    "\uc548\ub155\ud558\uc138\uc694 \uc138\uacc4",
    "\ud55c\uad6d\uc5b4\ub294 \uc544\ub984\ub2f5\uc2b5\ub2c8\ub2e4.",
    # rare CJK (byte fallback expected)
    "\u9f98",
    "\u9f49\u9f7e\u7228",
    "\u3400\u4db5",
    "\U00020000\U0002a6d6",
    "\u5b57\U00020b9f\u5b57",
    "\uac00\ud7a3",
    "\u2f00\u2fd5",
    # emoji
    "\U0001f600",
    "I love you \u2764\ufe0f \U0001f60d\U0001f618",
    "\U0001f44d\U0001f3fb\U0001f44d\U0001f3ff",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",
    "\U0001f3f3\ufe0f\u200d\U0001f308",
    "\U0001f1fa\U0001f1f8\U0001f1ef\U0001f1f5\U0001f1e9\U0001f1ea",
    "\U0001f9d1\U0001f3fd\u200d\U0001f4bb coding",
    "\u263a \u2639 \u2600 \u2601 \u2614 \u26a1",
    "emoji\U0001f680rocket\U0001f680",
    # math and symbols
    "\u2200x \u2208 \u211d: x\u00b2 \u2265 0",
    "\u222b\u2080^\u221e e^{-x\u00b2} dx = \u221a\u03c0/2",
    "\u2211\u220f\u2202\u2207\u2206\u221e\u2248\u2260\u2264\u2265\u00b1\u00d7\u00f7",
    "\U0001d400\U0001d401\U0001d402 \U0001d538\U0001d539",
    "\u20ac100 \u00a350 \u00a51000 \u20b9500 \u20bf0.01",
    "\u00a9 2024 \u00ae \u2122 \u00a7 \u00b6 \u2020 \u2021",
    "\u2190\u2191\u2192\u2193\u21d2\u21d4",
    "\u2500\u2502\u250c\u2510\u2514\u2518\u2588\u2591",
    # the SentencePiece meta symbol and friends
    "\u2581",
    "\u2581\u2581\u2581",
    "\u2581hello",
    "hello\u2581world",
    " \u2581 ",
    "\ufffd",
    "a\ufffdb",
    "\ufffd\ufffd\ufffd",
    # zero-width and BOM
    "\u200b",
    "zero\u200bwidth\u200cnon\u200djoiner",
    "\u2060word\u2060joiner",
    "\ufeff",
    "\ufeffHello",
    "Hello\ufeff",
    "\u00a0non\u00a0breaking\u00a0space",
    "\u2003em\u2002en\u2009thin\u3000ideographic space",
    "\u200e\u200fLRM RLM",
    "\u2028line sep\u2029para sep",
    "\u0085next line",
    # outside the BMP
    "\U00010348\U00010000\U0001f0a1",
    "\U000e0001\U000e0041",
    "\U0010fffd",
    "\U000f0000 private use",
    "\ue000\uf8ff",
    "\uffff\ufffe\ufdd0",
    # tokenizer-meta strings that must be treated as ordinary text
    "<s>",
    "</s>",
    "<unk>",
    "<pad>",
    "<0x0A>",
    "<0x00>",
    "<s>Hello</s>",
    "text <s> more </s> end",
    "<0xFF><0x41>",
    " <s>",
    "\u2581<s>",
]


def group_prose():
    return [u(s) for s in PROSE]


def group_code():
    return [u(s) for s in CODE]


def group_unicode():
    return [u(s) for s in UNICODE]


def group_kjv():
    text = None
    for p in KJV_PATHS:
        if os.path.exists(p):
            with open(p, "rb") as f:
                text = f.read()
            break
    if text is None:
        raise SystemExit("kjv-val.txt not found in %r" % KJV_PATHS)
    lines = [ln for ln in text.split(b"\n") if ln.strip()]
    rng = random.Random(1611)
    picks = sorted(rng.sample(range(len(lines)), 40))
    out = [lines[0], lines[-1]] + [lines[i] for i in picks]
    # a few multi-line chunks, with the newlines
    out.append(b"\n".join(lines[10:14]))
    out.append(b"\n".join(lines[100:103]) + b"\n")
    out.append(b"\r\n".join(lines[200:203]))
    return out


def group_whitespace():
    out = []
    for n in range(1, 21):
        out.append(b" " * n)
    for n in (1, 2, 3, 4, 5, 8, 16):
        out.append(b" " * n + b"hello")
        out.append(b"hello" + b" " * n)
        out.append(b"hello" + b" " * n + b"world")
    out += [
        b" hello world ",
        b"  hello  world  ",
        b" a b c d e f g ",
        b"\t",
        b"\t\t",
        b"\t\t\t\t",
        b"\thello",
        b"hello\t",
        b"a\tb\tc",
        b" \t \t ",
        b"\t \t",
        b"\n",
        b"\n\n",
        b"\n\n\n",
        b"\n\n\n\n\n\n",
        b"a\nb",
        b"a\n\nb",
        b"a\n\n\nb",
        b"\nhello",
        b"hello\n",
        b" \n ",
        b"\n \n",
        b"\r\n",
        b"\r\n\r\n",
        b"hello\r\nworld\r\n",
        b"\r",
        b"\r\r",
        b"a\rb",
        b"hello\r",
        b"\rhello",
        b"\n\r",
        b" \r\n",
        b"\x0b\x0c",
        b"a\x0bb\x0cc",
        b" \t\n\r\x0b\x0c",
        b"end of line  \n  start of line",
    ]
    return out


def group_controls():
    out = []
    ctl = list(range(0x01, 0x20)) + [0x7F]
    for c in ctl:
        out.append(bytes([c]))
    for c in ctl:
        out.append(b"ab" + bytes([c]) + b"cd")
    out.append(b"the " + bytes(ctl) + b" end")
    out.append(b" " + bytes([0x1B]) + b"[31mred" + bytes([0x1B]) + b"[0m ")
    # NUL bytes
    out += [
        b"\x00",
        b"\x00\x00\x00",
        b"a\x00b",
        b"hello\x00world",
        b"\x00hello",
        b"hello\x00",
        b" \x00 ",
        b"\x00 \x00",
        u("caf\u00e9\x00\u4f60\u597d"),
    ]
    return out


def group_long():
    out = [
        b"a" * 200,
        b"=" * 100,
        b"-" * 80,
        b"#" * 64,
        b"ab" * 100,
        b"abc" * 67,
        b" " * 100,
        b"\n" * 50,
        b"hello " * 40,
        b"1" * 100,
        b"0" * 64,
        b"12345678901234567890123456789012345678901234567890",
        b"3.14159265358979323846264338327950288419716939937510582097494459",
        b"18446744073709551615",
        b"-9223372036854775808",
        b"0.000000000000000000000001",
        b"1,000,000,000,000",
        u("\u00e9" * 50),
        u("\u4e00" * 50),
        u("\U0001f600" * 20),
        u("\u2581" * 30),
        b"x" * 1000,
        b"Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch",
        b"Rindfleischetikettierungs\xc3\xbcberwachungsaufgaben\xc3\xbcbertragungsgesetz",
        b"thisisaverylongwordwithoutanyspacesthatgoesonandonandonandonandonandonforever",
        b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
        b"abababababababababababababababababababababababababababababababababababab",
    ]
    return out


def group_invalid_utf8():
    out = []
    for b in range(0x80, 0xC0):  # every lone continuation byte
        out.append(bytes([b]))
    out += [
        b"\x80\x80", b"\xbf\xbf\xbf", b"a\x80b", b"\x80hello", b"hello\x80", b" \x80 ",
        # overlong 2-byte leads
        b"\xc0", b"\xc1", b"\xc0\x80", b"\xc0\xaf", b"\xc1\xbf", b"a\xc0\xafb",
        # 0xf5..0xff
        b"\xf5", b"\xf6", b"\xf7", b"\xf8", b"\xf9", b"\xfa", b"\xfb", b"\xfc", b"\xfd", b"\xfe", b"\xff",
        b"\xf5\x80\x80\x80", b"\xf8\x88\x80\x80\x80", b"\xfc\x84\x80\x80\x80\x80", b"\xff\xfe", b"\xfe\xff",
        b"\xf4\x90\x80\x80",  # > U+10FFFF
        # truncated sequences at the end
        b"abc\xc3", b"abc\xe2\x82", b"abc\xe2", b"abc\xf0\x9f\x98", b"abc\xf0\x9f", b"abc\xf0",
        # truncated sequences in the middle
        b"a\xc3b", b"a\xe2\x82b", b"a\xe2b", b"a\xf0\x9f\x98b", b"a\xf0\x9fb", b"a\xf0b",
        b"\xe2\x82\xe2\x82\xac", b"\xf0\x9f\x98\xf0\x9f\x98\x80", b"\xc3\xc3\xa9",
        # alone
        b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98",
        # surrogates encoded in UTF-8 (CESU-style)
        b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xed\xa0\xbd\xed\xb8\x80", b"a\xed\xa0\x80b",
        # overlong 3- and 4-byte forms
        b"\xe0\x80\x80", b"\xe0\x80\xaf", b"\xe0\x9f\xbf", b"\xf0\x80\x80\x80", b"\xf0\x8f\xbf\xbf",
        # valid neighbours of the above (boundaries)
        b"\xc2\x80", b"\xdf\xbf", b"\xe0\xa0\x80", b"\xed\x9f\xbf", b"\xee\x80\x80", b"\xef\xbf\xbf",
        b"\xf0\x90\x80\x80", b"\xf4\x8f\xbf\xbf",
        # invalid bytes mixed with valid multi-byte text
        b"caf\xc3\xa9\xff caf\xe9", b"\xe4\xbd\xa0\x80\xe5\xa5\xbd", b"\xf0\x9f\x98\x80\x80\xf0\x9f\x98\x80",
        b"Latin-1 text: na\xefve r\xe9sum\xe9", b"\xef\xbb\xbf\xff\xfe",
        b"\x00\x80\x00", b" \xc0 \xc1 \xf5 ",
    ]
    return out


def group_random_bytes():
    rng = random.Random(20240601)
    out = []
    for _ in range(40):
        n = rng.randint(1, 40)
        out.append(bytes(rng.randrange(256) for _ in range(n)))
    # biased: valid UTF-8 fragments cut at random points plus junk
    pieces = [u("\u00e9"), u("\u4f60"), u("\U0001f600"), b"a", b" ", b"\n", b"\x80", b"\xc3", b"\xe2\x82", b"\xff",
              u("\u0416"), b"\xf0\x9f", u("\u2581"), b"\t", b"\x00"]
    for _ in range(20):
        n = rng.randint(1, 16)
        out.append(b"".join(rng.choice(pieces) for _ in range(n)))
    return out


SCRIPT_RANGES = [
    (0x20, 0x7E),       # ASCII printable
    (0x20, 0x20),       # extra weight for spaces
    (0xA0, 0xFF),       # Latin-1
    (0x100, 0x17F),     # Latin Extended-A
    (0x300, 0x36F),     # combining marks
    (0x391, 0x3C9),     # Greek
    (0x410, 0x44F),     # Cyrillic
    (0x5D0, 0x5EA),     # Hebrew
    (0x621, 0x64A),     # Arabic
    (0x905, 0x939),     # Devanagari
    (0xE01, 0xE3A),     # Thai
    (0x2000, 0x206F),   # General punctuation (incl. zero-width)
    (0x2200, 0x22FF),   # Math operators
    (0x3041, 0x3096),   # Hiragana
    (0x30A1, 0x30FA),   # Katakana
    (0x4E00, 0x9FFF),   # CJK
    (0xAC00, 0xD7A3),   # Hangul
    (0xFF01, 0xFF5E),   # Fullwidth forms
    (0x1F300, 0x1F64F), # Emoji
    (0x1F900, 0x1F9FF), # Emoji
    (0x20000, 0x2A6DF), # CJK Ext B
]


def rand_char(rng):
    lo, hi = rng.choice(SCRIPT_RANGES)
    return chr(rng.randint(lo, hi))


def group_random_unicode():
    rng = random.Random(31337)
    out = []
    for _ in range(40):
        n = rng.randint(1, 30)
        out.append(u("".join(rand_char(rng) for _ in range(n))))
    # words of one script separated by spaces
    for _ in range(10):
        words = []
        for _ in range(rng.randint(2, 6)):
            lo, hi = rng.choice(SCRIPT_RANGES)
            words.append("".join(chr(rng.randint(lo, hi)) for _ in range(rng.randint(1, 8))))
        out.append(u(" ".join(words)))
    # any scalar value (no surrogates), including unassigned / private use / noncharacters
    for _ in range(15):
        s = []
        for _ in range(rng.randint(1, 10)):
            while True:
                c = rng.randint(1, 0x10FFFF)
                if not (0xD800 <= c <= 0xDFFF):
                    break
            s.append(chr(c))
        out.append(u("".join(s)))
    return out


def group_paragraphs():
    rng = random.Random(4242)
    kjv = None
    for p in KJV_PATHS:
        if os.path.exists(p):
            with open(p, "rb") as f:
                kjv = f.read().decode("utf-8")
            break
    out = []

    def build(sentences, sep, target=2000):
        buf = ""
        while len(u(buf)) < target:
            buf += (sep if buf else "") + rng.choice(sentences)
        return u(buf)

    out.append(build(PROSE, " "))
    out.append(u(kjv[:2000]))
    out.append(build([s for s in UNICODE if len(s) > 3], " "))
    out.append(build(CODE, "\n"))
    out.append(build(PROSE[:30] + UNICODE[20:30], "\n\n"))
    return out


GROUPS = [
    ("empty", lambda: [b""]),
    ("prose", group_prose),
    ("kjv", group_kjv),
    ("code", group_code),
    ("whitespace", group_whitespace),
    ("controls+nul", group_controls),
    ("unicode", group_unicode),
    ("long", group_long),
    ("invalid_utf8", group_invalid_utf8),
    ("random_bytes", group_random_bytes),
    ("random_unicode", group_random_unicode),
    ("paragraphs", group_paragraphs),
]


def build_cases():
    cases, seen = [], set()
    for name, fn in GROUPS:
        for b in fn():
            assert isinstance(b, bytes), name
            if b not in seen:
                seen.add(b)
                cases.append(b)
    return cases


# --------------------------------------------------------------------------------------------
# Consistency checks (--check)
# --------------------------------------------------------------------------------------------

def replace_invalid_per_byte(b):
    """SentencePiece's rule: decode strict UTF-8 char by char; each byte that does not start a
    valid (shortest-form, non-surrogate, <= U+10FFFF) sequence becomes one U+FFFD."""
    out, i = [], 0
    while i < len(b):
        c = b[i]
        n = 1 if c < 0x80 else 2 if 0xC2 <= c <= 0xDF else 3 if 0xE0 <= c <= 0xEF else 4 if 0xF0 <= c <= 0xF4 else 0
        if n:
            try:
                out.append(b[i:i + n].decode("utf-8"))
                i += n
                continue
            except UnicodeDecodeError:
                pass
        out.append("\ufffd")
        i += 1
    return "".join(out)


def run_checks(sp, cases, encs):
    err = sys.stderr
    bad_rule, bad_py, roundtrip = 0, 0, []
    n_invalid = 0
    for b, ids in zip(cases, encs):
        try:
            s = b.decode("utf-8")
            valid = True
        except UnicodeDecodeError:
            valid = False
        if not valid:
            n_invalid += 1
            if sp.encode(replace_invalid_per_byte(b)) != ids:
                bad_rule += 1
                print("per-byte rule MISMATCH: %s" % b.hex(), file=err)
            if sp.encode(b.decode("utf-8", "replace")) != ids:
                bad_py += 1
        else:
            if sp.encode(s) != ids:
                print("str/bytes encode mismatch: %s" % b.hex(), file=err)
            d = sp.decode(ids)
            if d != s:
                roundtrip.append((s, d, ids))
        if 0 in ids:
            print("<unk> produced for %s" % b.hex(), file=err)
    print("invalid-UTF-8 cases: %d; mismatching the one-U+FFFD-per-invalid-byte rule: %d; "
          "mismatching Python's maximal-subpart 'replace': %d" % (n_invalid, bad_rule, bad_py), file=err)
    print("valid-UTF-8 cases where decode(encode(s)) != s: %d" % len(roundtrip), file=err)
    for s, d, ids in roundtrip:
        if len(s) > 60:  # long case: show only the first differing region
            k = next((i for i in range(min(len(s), len(d))) if s[i] != d[i]), min(len(s), len(d)))
            print("  (len %d) first difference at char %d: %r vs %r"
                  % (len(s), k, s[max(0, k - 10):k + 10], d[max(0, k - 10):k + 10]), file=err)
        else:
            print("  %r -> %s -> %r" % (s, [sp.id_to_piece(i) for i in ids], d), file=err)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    check = "--check" in sys.argv[1:]
    model = args[0] if args else os.environ.get("SP_MODEL", DEFAULT_MODEL)
    sp = spm.SentencePieceProcessor(model_file=model)
    cases = build_cases()
    encs = [sp.encode(b) for b in cases]
    lines = [
        "# SentencePiece reference encodings for the Llama 2 tokenizer (tokenizer.model, 32000 pieces).",
        "# Format: one case per line, HEX<TAB>IDS. HEX = lowercase hex of the input bytes (empty = empty "
        "string); IDS = space-separated ids of sp.encode(input_bytes), no BOS. Invalid UTF-8 bytes are "
        "passed through (SentencePiece maps each one to U+FFFD).",
        "# Generated by tests/gen_sp_cases.py with sentencepiece %s; regenerate with: "
        "/usr/bin/python3 tests/gen_sp_cases.py [path/to/tokenizer.model]  (not run by make test; "
        "output is committed). %d cases." % (spm.__version__, len(cases)),
    ]
    for b, ids in zip(cases, encs):
        lines.append("%s\t%s" % (b.hex(), " ".join(str(i) for i in ids)))
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    with open(OUT_PATH, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %s: %d cases" % (OUT_PATH, len(cases)), file=sys.stderr)
    if check:
        run_checks(sp, cases, encs)


if __name__ == "__main__":
    main()
