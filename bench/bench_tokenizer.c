/* bench_tokenizer.c - encoding speed of the two tokenizer kinds on the same text.

       make bench-tokenizer      (or: cc -O3 -o build/bench_tokenizer bench/bench_tokenizer.c -lm)

   The text is tests/data/kjv-val.txt (English prose), followed by the texts of the byte-level BPE
   test cases (many languages, code, numbers, emoji, whitespace runs), repeated up to 1 MB and
   10 MB. It is encoded with the Llama 2 SentencePiece vocabulary (tokenizer.bin) and the Llama 3
   and Qwen3 byte-level vocabularies (tests/data/bpe). Prints MB/s, best of 3 runs; 10x the text
   should take about 10x the time. Not part of `make test`: timings are not tests. */
#define RC_NO_MAIN
#include "../run.c"

static char *slurp(const char *path, size_t *len) {
    rc_Error e;
    rc_File f;
    if (rc__file_open(&f, path, 0, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        exit(1);
    }
    char *buf = malloc(f.size + 1);
    memcpy(buf, f.data, f.size);
    *len = f.size;
    rc__file_close(&f);
    return buf;
}

/* Appends the decoded texts of a "HEX<TAB>IDS" case file, one per line. */
static size_t append_cases(char *out, const char *path) {
    size_t len, w = 0;
    char *s = slurp(path, &len);
    for (size_t i = 0; i < len;) {
        size_t eol = i;
        while (eol < len && s[eol] != '\n') eol++;
        if (s[i] != '#')
            for (size_t k = i; k + 1 < eol && s[k] != '\t'; k += 2) {
                unsigned v;
                sscanf(s + k, "%2x", &v);
                out[w++] = (char)v;
            }
        out[w++] = '\n';
        i = eol + 1;
    }
    free(s);
    return w;
}

int main(void) {
    const char *toks[3] = {"tokenizer.bin", "tests/data/bpe/llama3.rctk", "tests/data/bpe/qwen3.rctk"};
    size_t n_kjv, sizes[2] = {1u << 20, 10u << 20};
    char *kjv = slurp("tests/data/kjv-val.txt", &n_kjv);
    char *seed = malloc(n_kjv + (1u << 20));
    memcpy(seed, kjv, n_kjv);
    size_t n_seed = n_kjv + append_cases(seed + n_kjv, "tests/data/bpe/llama3_cases.txt");
    char *text = malloc(sizes[1]);
    for (size_t w = 0; w < sizes[1]; w += n_seed)
        memcpy(text + w, seed, w + n_seed <= sizes[1] ? n_seed : sizes[1] - w);
    int *ids = malloc(rc_encode_bound(sizes[1]) * sizeof(int));
    for (int k = 0; k < 3; k++) {
        rc_Error e;
        rc_Tokenizer t;
        if (rc_tokenizer_load(&t, toks[k], 0, &e)) {
            fprintf(stderr, "%s\n", e.msg);
            return 1;
        }
        for (int j = 0; j < 2; j++) {
            double best = 1e30;
            size_t n = 0;
            for (int run = 0; run < 3; run++) {
                double t0 = rc__now();
                if (rc_encode(&t, text, sizes[j], 0, ids, rc_encode_bound(sizes[j]), &n, &e)) {
                    fprintf(stderr, "%s\n", e.msg);
                    return 1;
                }
                double dt = rc__now() - t0;
                if (dt < best) best = dt;
            }
            printf("%-28s %5zu MB -> %9zu tokens in %7.3f s  %6.2f MB/s\n", toks[k], sizes[j] >> 20, n, best,
                   (double)sizes[j] / best / 1e6);
        }
        rc_tokenizer_free(&t);
    }
    return 0;
}
