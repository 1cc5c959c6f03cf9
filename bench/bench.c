/* bench.c - `make bench`: speed and memory of run.c on random-weight models of standard shapes.

   For each shape and dtype it writes a model with random weights in our RCLM format to
   build/bench/<shape>.<dtype>.bin (or .gguf; once, reused later), then, in a child process (so
   peak RSS is per model), times:
     pp128, pp512  prompt processing of 128 / 512 tokens (batched forward), tok/s
     tg128         generation of 128 tokens after a 1-token prompt, tok/s
   and, for stories110M q8_0, a table of the KV cache types (--kv f32/f16/bf16) on a 2048-token
   context: cache size, peak RSS, a 1536-token prompt and 64 tokens after it; and the cost of JSON
   mode's mask per token on Llama 3's vocabulary (tests/data/bpe/llama3.rctk), as a share of a
   llama3.2-1B q8_0 token when that row ran.
   Each file is read once before it is timed (ours and llama-bench's), with a warning on stderr if
   its pages do not all stay in the page cache; the first line names the kernels the build uses.
   Each figure is the median of BENCH_RUNS runs (default 3). The first line's memory read bandwidth
   (a 1 GiB array) and f32 FMA peak are measured at the start. Right before and after each
   generation run, the process reads the model's own weights (every matrix a token reads) on the
   same threads: "weights GB/s" gives the lowest and highest of those probes, "tg limit" is their
   median over bytes of weights per token, and "bw%" is the median over runs of each run's tg128
   against its own two probes (the host's bandwidth changes within seconds, so one probe at the
   start misjudged rows measured minutes later). pp512 GFLOP/s counts the arithmetic the prompt
   needs (prompt_flops: layer matrices, causal attention, the last token's logits).

   Shapes: stories15M, stories110M, tinyllama1.1B and llama3.2-1B are Llama-architecture (RCLM v1,
   GGUF `llama`, RoPE theta 10000 for all four). qwen3-0.6B is Qwen3's: head_dim 128 with 16 heads
   (q_dim 2048, not dim 1024), per-head q/k RMSNorm, RoPE on halves, theta 1e6, epsilon 1e-6,
   151936 tokens, tied; it is written as RCLM v2 (flags: tied, q/k norms, RoPE halves; q_norm and
   k_norm, ones, after wv) and as GGUF `qwen3` (qwen3.* keys with attention.key_length /
   value_length, blk.N.attn_q_norm / attn_k_norm).

   GGUF rows (dtypes gguf-f16, gguf-q8_0, gguf-q4_k_m) use GGUF files with random blocks of
   llama.cpp's layouts (the scales a sane constant) and the Llama 2 vocabulary of tokenizer.bin
   (SentencePiece, whatever the architecture: the tokenizer does not change the speed), padded with
   unused tokens <unusedN> up to the shape's vocabulary, so llama.cpp loads them too: with
   LLAMACPP_BENCH=/path/to/llama-bench, each GGUF row gets llama.cpp's pp512 and tg128 on the same
   file and thread count in the same run, and the ratios. gguf-q4_k_m mixes types as
   llama-quantize's Q4_K_M does: q4_K, with q6_K for the classifier (output.weight, or the
   embedding when tied) and for attn_v and ffn_down in the layers of its use_more_bits (l < n/8,
   l >= 7n/8, every third in between). The four Llama shapes keep an older approximation (q6_K in
   every even layer, a tied embedding q4_K; Shape.q4km_exact 0) so their files do not change.

   BENCH_KERNELS=1 (`make bench-kernels`) prints only a table of the matrix-vector kernels alone:
   GB/s of weights streamed per token for f32, q8_0 and GGUF q8_0 / q4_K / q6_K rows of 768,
   2048 and 5632 columns, on 1 and 2 threads, next to the bandwidth probe.
   Environment: BENCH_MODELS (comma list of shape names, default all), BENCH_DTYPES (f32, q8_0,
   gguf-f16, gguf-q8_0, gguf-q4_k_m; default all), BENCH_RUNS, LLAMACPP_BENCH, and
   OMP_NUM_THREADS for the thread count. `./run build/bench/<file>` loads the files too; an RCLM
   file whose vocabulary is not Llama 2's needs a tokenizer of its size, e.g. -z with the shape's
   GGUF file. */
#define _DEFAULT_SOURCE /* wait4 */
#define RC_NO_MAIN
#include "../run.c"

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

/* The hand-written kernels are run.c's RC__Q_KERNELS; the compiler's own vectorisation of the
   rest follows the target (-march=native). */
#if defined(__AVX512F__)
#define TARGET ", target with AVX-512F"
#else
#define TARGET ", target without AVX-512"
#endif

/* Reads the whole file once, so a whole-process timing (ours or llama-bench's) does not start
   from disk: these VMs reclaim page cache idle for about a minute. Returns the share of its
   pages resident afterwards (mincore, as fincore reports it), or -1. */
static double warm(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    static char buf[1 << 20];
    while (fread(buf, 1, sizeof buf, f) == sizeof buf) {}
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    double share = -1;
    if (size > 0) {
        void *p = mmap(NULL, (size_t)size, PROT_READ, MAP_SHARED, fileno(f), 0);
        long page = sysconf(_SC_PAGESIZE);
        size_t pages = ((size_t)size + (size_t)page - 1) / (size_t)page, in = 0;
        unsigned char *vec = p != MAP_FAILED ? malloc(pages) : NULL;
        if (vec && mincore(p, (size_t)size, vec) == 0) {
            for (size_t i = 0; i < pages; i++) in += vec[i] & 1;
            share = (double)in / (double)pages;
        }
        free(vec);
        if (p != MAP_FAILED) munmap(p, (size_t)size);
    }
    fclose(f);
    return share;
}

/* Architectures: the GGUF general.architecture (and key prefix), the RMSNorm epsilon, and the
   features that make an RCLM file version 2 (flags bit 2 q/k norms, bit 3 RoPE on halves). */
enum { ARCH_LLAMA, ARCH_QWEN3 };
static const struct {
    const char *gguf;
    float eps;
    int qk_norm, rope_halves;
} archs[] = {[ARCH_LLAMA] = {"llama", 1e-5f, 0, 0}, [ARCH_QWEN3] = {"qwen3", 1e-6f, 1, 1}};

/* q4km_exact: gguf-q4_k_m picks types as llama-quantize does (q6_K for attn_v and ffn_down in its
   use_more_bits layers, and for a tied embedding, which is the classifier); 0 keeps the first
   shapes' older approximation (q6_K in even layers, a tied embedding q4_K) so their files stay. */
typedef struct {
    const char *name;
    int dim, hidden, layers, heads, kv_heads, head_dim, vocab, tied, arch;
    float rope_theta;
    int q4km_exact;
} Shape;

static const Shape shapes[] = {
    {"stories15M", 288, 768, 6, 6, 6, 48, 32000, 1, ARCH_LLAMA, 10000.0f, 0},
    {"stories110M", 768, 2048, 12, 12, 12, 64, 32000, 1, ARCH_LLAMA, 10000.0f, 0},
    {"tinyllama1.1B", 2048, 5632, 22, 32, 4, 64, 32000, 0, ARCH_LLAMA, 10000.0f, 0},
    {"llama3.2-1B", 2048, 8192, 16, 32, 8, 64, 128256, 1, ARCH_LLAMA, 10000.0f, 0},
    {"qwen3-0.6B", 1024, 3072, 28, 16, 8, 128, 151936, 1, ARCH_QWEN3, 1e6f, 1}, /* q_dim 2048 != dim */
};

static uint64_t rng = 88172645463325252ull;
static uint64_t next_rng(void) { /* xorshift64 */
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}
static float frand(void) { /* uniform in [-0.05, 0.05): the values do not matter for speed */
    return ((float)(next_rng() >> 40) / 16777216.0f - 0.5f) * 0.1f;
}

static void pad64(FILE *f) {
    long at = ftell(f);
    for (; at % 64; at++) fputc(0, f);
}

/* Writes one matrix [rows, cols] in the model's dtype, in chunks of rows. */
static void write_matrix(FILE *f, int rows, int cols, int q8) {
    pad64(f);
    size_t n = (size_t)cols * 256;
    float *buf = malloc(n * sizeof(float));
    int8_t *qbuf = malloc(n);
    for (int r = 0; r < rows; r += 256) {
        size_t count = (size_t)(rows - r < 256 ? rows - r : 256) * cols;
        for (size_t i = 0; i < count; i++) buf[i] = frand();
        if (!q8) {
            fwrite(buf, sizeof(float), count, f);
        } else {
            for (size_t i = 0; i < count; i++) qbuf[i] = (int8_t)(buf[i] * 2540);
            fwrite(qbuf, 1, count, f);
        }
    }
    if (q8) { /* scales after the int8 values, 64 per group */
        pad64(f);
        size_t groups = (size_t)rows * ((cols + 63) / 64);
        float s = 1.0f / 2540;
        for (size_t i = 0; i < groups; i++) fwrite(&s, sizeof s, 1, f);
    }
    free(buf), free(qbuf);
}

static void write_vector(FILE *f, int n) {
    pad64(f);
    float one = 1.0f;
    for (int i = 0; i < n; i++) fwrite(&one, sizeof one, 1, f);
}

static void write_model(const char *path, const Shape *s, int q8) {
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(1);
    }
    unsigned char h[256] = {0};
    int hd = s->head_dim, qk_norm = archs[s->arch].qk_norm, halves = archs[s->arch].rope_halves;
    uint32_t flags = (uint32_t)s->tied | (uint32_t)qk_norm << 2 | (uint32_t)halves << 3;
    uint32_t u[] = {flags > 1 ? 2u : 1u, 256, (uint32_t)q8, q8 ? 64u : 0u, (uint32_t)s->dim, (uint32_t)s->hidden,
                    (uint32_t)s->layers, (uint32_t)s->heads, (uint32_t)s->kv_heads, (uint32_t)hd,
                    (uint32_t)s->vocab, 2048, flags, 1, 2};
    memcpy(h, "RCLM", 4);
    memcpy(h + 4, u, sizeof u);
    float eps = archs[s->arch].eps, theta = s->rope_theta;
    memcpy(h + 64, &eps, 4), memcpy(h + 68, &theta, 4);
    fwrite(h, 1, 256, f);
    write_matrix(f, s->vocab, s->dim, q8);
    for (int l = 0; l < s->layers; l++) {
        write_vector(f, s->dim);
        write_matrix(f, s->heads * hd, s->dim, q8);
        write_matrix(f, s->kv_heads * hd, s->dim, q8);
        write_matrix(f, s->kv_heads * hd, s->dim, q8);
        if (qk_norm) write_vector(f, hd), write_vector(f, hd); /* q_norm, k_norm */
        write_matrix(f, s->dim, s->heads * hd, q8);
        write_vector(f, s->dim);
        write_matrix(f, s->hidden, s->dim, q8);
        write_matrix(f, s->dim, s->hidden, q8);
        write_matrix(f, s->hidden, s->dim, q8);
    }
    write_vector(f, s->dim);
    if (!s->tied) write_matrix(f, s->vocab, s->dim, q8);
    fclose(f);
}

/* ---- GGUF files of random blocks ---------------------------------------------------------- */

static void put_u32(FILE *f, uint32_t v) { fwrite(&v, 4, 1, f); }
static void put_u64(FILE *f, uint64_t v) { fwrite(&v, 8, 1, f); }
static void put_str(FILE *f, const char *s, size_t n) { put_u64(f, n), fwrite(s, 1, n, f); }
static void put_key(FILE *f, const char *key, uint32_t type) { put_str(f, key, strlen(key)), put_u32(f, type); }

/* One tensor of the file: its name, ne = {cols, rows} (rows 0: a vector), ggml type. */
typedef struct {
    char name[48];
    int cols, rows, type;
} GgufTensor;

static uint64_t tensor_bytes(const GgufTensor *t) {
    const rc__GgufType *ty = rc__gguf_type((uint32_t)t->type);
    return (uint64_t)t->cols / ty->blck * ty->size * (uint64_t)(t->rows ? t->rows : 1);
}

/* One random block (or value) of a ggml type into b: f32/f16 values in [-0.05, 0.05), and for
   block types random bytes whose f16 scales (every block's first two bytes, and the K-quants'
   d/dmin, put where the layout has them) are a small constant. q4_K / q5_K weights are
   d * scale * q - dmin * min with q uniform in 0..15 / 0..31, so dmin is d times q's mean (7.5 /
   15.5): the weights then average zero like the other types'. With dmin = d every weight leaned
   positive, activations collapsed to ~1e-33 within a layer or two, and their scale products fell
   below FLT_MIN, which Intel CPUs compute through microcode assists (generation 2.3x slower on
   a Xeon with AVX-512; Zen 3 did not show it). */
static void random_block(unsigned char *b, int type, uint64_t blk) {
    for (uint64_t i = 0; i < blk; i++) b[i] = (unsigned char)next_rng();
    if (type == RC__GGML_F32) {
        float v = frand();
        memcpy(b, &v, 4);
    } else if (type == RC__GGML_F16) {
        uint16_t h = rc__q_to_f16(frand());
        memcpy(b, &h, 2);
    } else {
        uint16_t d = rc__q_to_f16(0.001f), dmin = rc__q_to_f16(type == RC__GGML_Q5_K ? 0.0155f : 0.0075f);
        size_t off = type == RC__GGML_Q6_K ? 208 : 0; /* q6_K keeps d last; q4_K/q5_K lead with d, dmin */
        memcpy(b + off, &d, 2);
        if (type == RC__GGML_Q4_K || type == RC__GGML_Q5_K) memcpy(b + 2, &dmin, 2);
    }
}

static void write_blocks(FILE *f, const GgufTensor *t) {
    const rc__GgufType *ty = rc__gguf_type((uint32_t)t->type);
    uint64_t n = tensor_bytes(t), blk = ty->size;
    unsigned char *b = malloc(blk);
    for (uint64_t at = 0; at < n; at += blk) {
        random_block(b, t->type, blk);
        fwrite(b, 1, blk, f);
    }
    free(b);
}

/* llama-quantize's use_more_bits: the layers where Q4_K_M gives attn_v and ffn_down q6_K. */
static int more_bits(int l, int n) { return l < n / 8 || l >= 7 * n / 8 || (l - n / 8) % 3 == 2; }

/* Writes a GGUF of shape s in its architecture (keys "<arch>.*"; qwen3 adds attn_q_norm and
   attn_k_norm): matrices of type `type`, or the Q4_K_M mix when q4km; norms F32 ones; the
   vocabulary of tokenizer.bin (Llama 2), padded with unused tokens to the shape's size, so
   llama.cpp loads the file. */
static void write_gguf(const char *path, const Shape *s, int type, int q4km) {
    rc_Error e;
    rc_Tokenizer tok;
    if (rc_tokenizer_load(&tok, "tokenizer.bin", 0, &e) || tok.vocab_size > s->vocab) {
        fprintf(stderr, "bench: GGUF rows need the Llama 2 vocabulary (tokenizer.bin) and a shape of at least its "
                "32000 tokens\n");
        exit(1);
    }
    const char *arch = archs[s->arch].gguf;
    int hd = s->head_dim, qk_norm = archs[s->arch].qk_norm, n = 0;
    GgufTensor *t = calloc((size_t)s->layers * 11 + 3, sizeof *t);
    int emb = q4km ? (s->q4km_exact && s->tied ? RC__GGML_Q6_K : RC__GGML_Q4_K) : type;
    int out = q4km ? RC__GGML_Q6_K : type;
    snprintf(t[n].name, 48, "token_embd.weight"), t[n].cols = s->dim, t[n].rows = s->vocab, t[n++].type = emb;
    for (int l = 0; l < s->layers; l++) {
        int more = s->q4km_exact ? more_bits(l, s->layers) : l % 2 == 0;
        int big = q4km && more ? RC__GGML_Q6_K : q4km ? RC__GGML_Q4_K : type, q = q4km ? RC__GGML_Q4_K : type;
        struct { const char *name; int cols, rows, type, need; } L[] = {
            {"attn_norm", s->dim, 0, RC__GGML_F32, 1}, {"attn_q", s->dim, s->heads * hd, q, 1},
            {"attn_k", s->dim, s->kv_heads * hd, q, 1}, {"attn_v", s->dim, s->kv_heads * hd, big, 1},
            {"attn_q_norm", hd, 0, RC__GGML_F32, qk_norm}, {"attn_k_norm", hd, 0, RC__GGML_F32, qk_norm},
            {"attn_output", s->heads * hd, s->dim, q, 1}, {"ffn_norm", s->dim, 0, RC__GGML_F32, 1},
            {"ffn_gate", s->dim, s->hidden, q, 1}, {"ffn_down", s->hidden, s->dim, big, 1},
            {"ffn_up", s->dim, s->hidden, q, 1}};
        for (size_t k = 0; k < sizeof L / sizeof L[0]; k++) {
            if (!L[k].need) continue;
            snprintf(t[n].name, 48, "blk.%d.%s.weight", l, L[k].name);
            t[n].cols = L[k].cols, t[n].rows = L[k].rows, t[n++].type = L[k].type;
        }
    }
    snprintf(t[n].name, 48, "output_norm.weight"), t[n].cols = s->dim, t[n].rows = 0, t[n++].type = RC__GGML_F32;
    if (!s->tied) snprintf(t[n].name, 48, "output.weight"), t[n].cols = s->dim, t[n].rows = s->vocab, t[n++].type = out;
    /* integer keys (need: written at all; head lengths only when they are not dim / heads, the
       RoPE base only when it is not llama.cpp's default), then epsilon, RoPE base, tokenizer */
    int own_hd = hd != s->dim / s->heads || s->dim % s->heads, own_theta = s->rope_theta != 10000.0f;
    struct { const char *key; uint32_t v; int need, arch; } hp[] = {
        {"context_length", 2048, 1, 1}, {"embedding_length", (uint32_t)s->dim, 1, 1},
        {"block_count", (uint32_t)s->layers, 1, 1}, {"feed_forward_length", (uint32_t)s->hidden, 1, 1},
        {"attention.head_count", (uint32_t)s->heads, 1, 1}, {"attention.head_count_kv", (uint32_t)s->kv_heads, 1, 1},
        {"rope.dimension_count", (uint32_t)hd, 1, 1}, {"attention.key_length", (uint32_t)hd, own_hd, 1},
        {"attention.value_length", (uint32_t)hd, own_hd, 1}, {"tokenizer.ggml.bos_token_id", 1, 1, 0},
        {"tokenizer.ggml.eos_token_id", 2, 1, 0}};
    uint64_t n_kv = 6 + (uint64_t)own_theta;
    for (size_t k = 0; k < sizeof hp / sizeof hp[0]; k++) n_kv += (uint64_t)hp[k].need;
    FILE *f = fopen(path, "wb");
    if (!f) perror(path), exit(1);
    fwrite("GGUF", 1, 4, f), put_u32(f, 3), put_u64(f, (uint64_t)n), put_u64(f, n_kv);
    put_key(f, "general.architecture", 8), put_str(f, arch, strlen(arch));
    char key[96];
    for (size_t k = 0; k < sizeof hp / sizeof hp[0]; k++) {
        if (!hp[k].need) continue;
        if (hp[k].arch) snprintf(key, sizeof key, "%s.%s", arch, hp[k].key);
        else snprintf(key, sizeof key, "%s", hp[k].key);
        put_key(f, key, 4), put_u32(f, hp[k].v);
    }
    float eps = archs[s->arch].eps;
    snprintf(key, sizeof key, "%s.attention.layer_norm_rms_epsilon", arch);
    put_key(f, key, 6), fwrite(&eps, 4, 1, f);
    if (own_theta) snprintf(key, sizeof key, "%s.rope.freq_base", arch), put_key(f, key, 6), fwrite(&s->rope_theta, 4, 1, f);
    put_key(f, "tokenizer.ggml.model", 8), put_str(f, "llama", 5);
    put_key(f, "tokenizer.ggml.tokens", 9), put_u32(f, 8), put_u64(f, (uint64_t)s->vocab);
    for (int i = 0; i < tok.vocab_size; i++) { /* spaces as SentencePiece spells them */
        size_t len = (size_t)tok.piece_len[i], w = 0;
        char sp[4096];
        for (size_t k = 0; k < len && w + 3 < sizeof sp; k++)
            if (tok.piece[i][k] == ' ') memcpy(sp + w, "\xE2\x96\x81", 3), w += 3;
            else sp[w++] = tok.piece[i][k];
        put_str(f, sp, w);
    }
    for (int i = tok.vocab_size; i < s->vocab; i++) { /* padding, which no text encodes to */
        char sp[32];
        put_str(f, sp, (size_t)snprintf(sp, sizeof sp, "<unused%d>", i - tok.vocab_size));
    }
    float zero = 0;
    put_key(f, "tokenizer.ggml.scores", 9), put_u32(f, 6), put_u64(f, (uint64_t)s->vocab);
    fwrite(tok.score, 4, (size_t)tok.vocab_size, f);
    for (int i = tok.vocab_size; i < s->vocab; i++) fwrite(&zero, 4, 1, f);
    put_key(f, "tokenizer.ggml.token_type", 9), put_u32(f, 5), put_u64(f, (uint64_t)s->vocab);
    for (int i = 0; i < s->vocab; i++) put_u32(f, i < tok.vocab_size ? tok.type[i] : RC_TOK_UNUSED);
    uint64_t off = 0;
    for (int i = 0; i < n; i++) {
        put_str(f, t[i].name, strlen(t[i].name));
        put_u32(f, t[i].rows ? 2 : 1), put_u64(f, (uint64_t)t[i].cols);
        if (t[i].rows) put_u64(f, (uint64_t)t[i].rows);
        put_u32(f, (uint32_t)t[i].type), put_u64(f, off);
        off += (tensor_bytes(&t[i]) + 31) / 32 * 32;
    }
    for (long at = ftell(f); at % 32; at++) fputc(0, f);
    for (int i = 0; i < n; i++) {
        if (t[i].rows == 0) { /* norms: ones */
            float one = 1.0f;
            for (int k = 0; k < t[i].cols; k++) fwrite(&one, 4, 1, f);
        } else {
            write_blocks(f, &t[i]);
        }
        for (uint64_t b = tensor_bytes(&t[i]); b % 32; b++) fputc(0, f);
    }
    fclose(f);
    free(t);
    rc_tokenizer_free(&tok);
}

/* Floating-point operations of an n-token prompt (2 per multiply-add): every layer matrix for each
   token, the classifier for the last token only, and causal attention (scores and weighted
   values: 4 * q_dim per token per visible position). */
static double prompt_flops(const rc_Model *m, int n) {
    const rc_Config *c = &m->config;
    double qd = (double)c->n_heads * c->head_dim, kvd = (double)c->n_kv_heads * c->head_dim;
    double layer = c->dim * (qd + 2 * kvd) + qd * c->dim + 3.0 * c->dim * c->hidden_dim;
    double attention = 4.0 * qd * ((double)n * (n + 1) / 2);
    return c->n_layers * (2.0 * n * layer + attention) + 2.0 * c->vocab_size * c->dim;
}

/* The memory a matrix's product reads: its weights, and for q8_0 its scales too; the number of
   regions (1 or 2) into at[] / len[]. */
static int matrix_regions(const rc_Matrix *w, const unsigned char **at, size_t *len) {
    if (w->g) return at[0] = w->g, len[0] = (size_t)w->rows * w->row_bytes, 1;
    if (w->f) return at[0] = (const unsigned char *)w->f, len[0] = (size_t)w->rows * w->cols * 4, 1;
    at[0] = (const unsigned char *)w->q, len[0] = (size_t)w->rows * w->cols;
    at[1] = (const unsigned char *)w->s, len[1] = (size_t)w->rows * ((w->cols + w->gs - 1) / w->gs) * 4;
    return 2;
}

/* Bytes of a matrix in memory. */
static double matrix_bytes(const rc_Matrix *w) {
    const unsigned char *at[2];
    size_t len[2];
    double total = 0;
    for (int i = 0, n = matrix_regions(w, at, len); i < n; i++) total += (double)len[i];
    return total;
}

/* The matrices one generated token reads, into w[7 * n_layers + 1]: every layer's, then the
   classifier (the embedding table only for one row, counted as a whole matrix when tied, as the
   classifier reads it). Returns their number. */
static int token_matrices(const rc_Model *m, const rc_Matrix **w) {
    int n = 0;
    for (int l = 0; l < m->config.n_layers; l++) {
        const rc_Layer *L = &m->layers[l];
        const rc_Matrix *lw[7] = {&L->wq, &L->wk, &L->wv, &L->wo, &L->w1, &L->w2, &L->w3};
        for (int k = 0; k < 7; k++) w[n++] = lw[k];
    }
    w[n++] = &m->classifier;
    return n;
}

/* Bytes of weights one generated token reads. */
static double bytes_per_token(const rc_Model *m) {
    const rc_Matrix **w = malloc((7 * (size_t)m->config.n_layers + 1) * sizeof *w);
    if (!w) {
        fprintf(stderr, "bench: out of memory\n");
        exit(1);
    }
    double total = 0;
    for (int i = 0, n = token_matrices(m, w); i < n; i++) total += matrix_bytes(w[i]);
    free(w);
    return total;
}

/* Sum of the 64-bit words of p[0..n) (a tail under 8 bytes left out): one pass over memory in
   integer additions, so that no float among the weights (a NaN, a subnormal) slows it. */
static uint64_t sum_words(const unsigned char *p, size_t n) {
    uint64_t total = 0;
    size_t i = 0;
#if defined(__GNUC__)
    typedef uint64_t u64x4 __attribute__((vector_size(32)));
    u64x4 acc[4] = {{0}};
    for (size_t whole = n - n % 128; i < whole; i += 128)
        for (int k = 0; k < 4; k++) {
            u64x4 v;
            memcpy(&v, p + i + 32 * k, sizeof v);
            acc[k] += v;
        }
    for (int k = 0; k < 4; k++)
        for (int l = 0; l < 4; l++) total += acc[k][l];
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, p + i, sizeof v);
        total += v;
    }
    return total;
}

/* GB/s at which this process's threads read the bytes bytes_per_token counts (every layer matrix
   and the classifier, where the model holds them), best of 3 passes: the bandwidth limit of
   generation on these weights, probed right before and after each generation run because this
   host's bandwidth changes within seconds. It allocates only the list of regions, not a buffer,
   so peak RSS stays the model's. */
static double weights_gbs(const rc_Model *m) {
    const size_t cap = 7 * (size_t)m->config.n_layers + 1;
    const rc_Matrix **w = malloc(cap * sizeof *w);
    const unsigned char **at = malloc(2 * cap * sizeof *at);
    size_t *len = malloc(2 * cap * sizeof *len), n = 0;
    if (!w || !at || !len) {
        fprintf(stderr, "bench: out of memory\n");
        exit(1);
    }
    double bytes = 0;
    for (int i = 0, nw = token_matrices(m, w); i < nw; i++) n += (size_t)matrix_regions(w[i], at + n, len + n);
    for (size_t i = 0; i < n; i++) bytes += (double)len[i];
    double best = 0;
    for (int it = 0; it < 3; it++) {
        double t0 = rc__now();
        uint64_t total = 0;
        for (size_t i = 0; i < n; i++) {
            const size_t chunk = 262144, chunks = (len[i] + chunk - 1) / chunk;
#pragma omp parallel for reduction(+ : total) schedule(dynamic, 1)
            for (size_t c = 0; c < chunks; c++)
                total += sum_words(at[i] + c * chunk, len[i] - c * chunk < chunk ? len[i] - c * chunk : chunk);
        }
        double gbs = bytes / (rc__now() - t0) / 1e9;
        if (total != 1 && gbs > best) best = gbs; /* (total used, so the sums are not optimised away) */
    }
    free(w), free(at), free(len);
    return best;
}

/* n bytes advised for transparent huge pages, as rc_model_load holds the weights, so the kernels'
   table streams from the memory generation reads (on a Xeon VM the GGUF kernels read 4-15% more
   GB/s this way than from malloc's 4 KiB pages; the bandwidth probe the same). Free with
   huge_free. */
static void *huge_alloc(size_t n) {
    void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    madvise(p, n, MADV_HUGEPAGE); /* where THP is off, plain pages: the figures then say so */
    return p;
}
static void huge_free(void *p, size_t n) {
    if (p) munmap(p, n);
}

/* Memory read bandwidth in GB/s: threads sum a 1 GiB array in 256 KiB chunks, best of 5. */
static double bandwidth(void) {
    size_t n = (size_t)1 << 28, chunk = 65536;
    float *a = huge_alloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++) a[i] = 1.0f;
    double best = 0;
    for (int it = 0; it < 5; it++) {
        double t0 = rc__now();
        uint64_t total = 0;
#pragma omp parallel for reduction(+ : total) schedule(dynamic, 1) /* as generation shares work: see rc__matvec */
        for (size_t c = 0; c < n / chunk; c++) total += sum_words((const unsigned char *)(a + c * chunk), chunk * sizeof(float));
        double gbs = n * sizeof(float) / (rc__now() - t0) / 1e9;
        if (total > 0 && gbs > best) best = gbs;
    }
    huge_free(a, n * sizeof(float));
    return best;
}

/* Peak f32 multiply-add throughput in GFLOP/s: independent vector FMA chains on every thread, in
   the widest vectors the target has (the GEMM's two-panel tile uses 16 lanes with AVX-512). */
static double fma_peak(void) {
#if defined(__GNUC__)
#ifdef __AVX512F__
    typedef float f32v __attribute__((vector_size(64)));
#else
    typedef float f32v __attribute__((vector_size(32)));
#endif
    double best = 0;
    for (int it = 0; it < 3; it++) {
        double t0 = rc__now(), sink = 0;
        long iters = 20000000;
#pragma omp parallel reduction(+ : sink)
        {
            f32v a[12], m = (f32v){0} + 1.0000001f;
            for (int k = 0; k < 12; k++) a[k] = (f32v){0} + (float)k;
            for (long i = 0; i < iters; i++)
                for (int k = 0; k < 12; k++) a[k] = a[k] * m + m;
            for (int k = 0; k < 12; k++) sink += a[k][0];
        }
#ifdef _OPENMP
        int threads = omp_get_max_threads();
#else
        int threads = 1;
#endif
        double flops = 2.0 * (sizeof(f32v) / 4) * 12 * (double)iters * threads / (rc__now() - t0) / 1e9;
        if (sink != 0 && flops > best) best = flops;
    }
    return best;
#else
    return 0;
#endif
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof(double), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Runs the measurements for one model into line: "pp128 pp512 tg128 bytes flops512 probe lo hi
   frac": medians of the runs, where probe is weights_gbs around a generation run (the mean of the
   one before and the one after), lo and hi the extremes of those probes, and frac a run's tg128 as
   a fraction of its own limit (probe / bytes per token). */
static void measure(const char *path, int runs, char *line, size_t cap) {
    rc_Error e;
    rc_Model m;
    rc_State s;
    if (rc_model_load(&m, path, &e) || rc_state_init(&s, &m, 640, &e)) {
        fprintf(stderr, "bench: %s\n", e.msg);
        exit(1);
    }
    int tokens[512];
    for (int i = 0; i < 512; i++) tokens[i] = (i * 7919) % m.config.vocab_size;
    double pp[2][16], tg[16], probe[16], frac[16], lo = 1e30, hi = 0, bytes = bytes_per_token(&m);
    int lens[2] = {128, 512};
    for (int r = 0; r < runs; r++) {
        for (int k = 0; k < 2; k++) {
            double t0 = rc__now();
            rc_forward(&s, tokens, lens[k], 0, RC_LOGITS_LAST, NULL, &e);
            pp[k][r] = lens[k] / (rc__now() - t0);
        }
        rc_Sampler smp;
        rc_sampler_init(&smp, m.config.vocab_size, &(rc_SamplerParams){.top_p = 1, .repeat_penalty = 1}, &e);
        int tok = 1;
        const double before = weights_gbs(&m), t0 = rc__now();
        for (int i = 0; i < 128; i++) {
            rc_forward(&s, &tok, 1, i, RC_LOGITS_LAST, NULL, &e);
            tok = rc_sample(&smp, s.logits);
        }
        tg[r] = 128 / (rc__now() - t0);
        const double after = weights_gbs(&m);
        probe[r] = (before + after) / 2, lo = fmin(lo, fmin(before, after)), hi = fmax(hi, fmax(before, after));
        frac[r] = tg[r] * bytes / (probe[r] * 1e9);
        rc_sampler_free(&smp);
    }
    snprintf(line, cap, "%f %f %f %f %f %f %f %f %f\n", median(pp[0], runs), median(pp[1], runs), median(tg, runs), bytes,
             prompt_flops(&m, 512), median(probe, runs), lo, hi, median(frac, runs));
    rc_state_free(&s);
    rc_model_free(&m);
}

/* Runs fn in a child process and returns its one-line result in out, its peak RSS in *rss_mb.
   Children keep OpenMP out of the parent: a process that forks after starting OpenMP's threads
   leaves the child's runtime waiting for threads that do not exist. */
static int in_child(void (*fn)(const char *, int, char *, size_t), const char *path, int runs, char *out,
                    size_t cap, double *rss_mb) {
    int fds[2];
    if (pipe(fds)) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        char line[256] = {0};
        close(fds[0]);
        fn(path, runs, line, sizeof line);
        size_t len = strlen(line);
        _exit(write(fds[1], line, len) == (ssize_t)len ? 0 : 1);
    }
    close(fds[1]);
    memset(out, 0, cap);
    ssize_t got = read(fds[0], out, cap - 1);
    close(fds[0]);
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    *rss_mb = ru.ru_maxrss / 1024.0;
    return got > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* The KV cache table: a long context (KV_CTX positions, a KV_PROMPT-token prompt, then KV_GEN
   generated) with the cache type of kv_type, set before the child forks. */
#define KV_CTX 2048
#define KV_PROMPT 1536
#define KV_GEN 64
static int kv_type;
static void measure_kv(const char *path, int runs, char *line, size_t cap) {
    rc_Error e;
    rc_Model m;
    rc_State s;
    if (rc_model_load(&m, path, &e) || rc_state_init_kv(&s, &m, KV_CTX, kv_type, &e)) {
        fprintf(stderr, "bench: %s\n", e.msg);
        exit(1);
    }
    static int tokens[KV_PROMPT];
    for (int i = 0; i < KV_PROMPT; i++) tokens[i] = (i * 7919) % m.config.vocab_size;
    double pp[16], tg[16];
    for (int r = 0; r < runs; r++) {
        double t0 = rc__now();
        rc_forward(&s, tokens, KV_PROMPT, 0, RC_LOGITS_LAST, NULL, &e);
        pp[r] = KV_PROMPT / (rc__now() - t0);
        t0 = rc__now();
        for (int i = 0; i < KV_GEN; i++) rc_forward(&s, tokens + i, 1, KV_PROMPT + i, RC_LOGITS_LAST, NULL, &e);
        tg[r] = KV_GEN / (rc__now() - t0);
    }
    uint64_t kv_bytes;
    rc_state_bytes(&m.config, KV_CTX, 1, kv_type, &kv_bytes);
    snprintf(line, cap, "%f %f %f\n", median(pp, runs), median(tg, runs), (double)kv_bytes);
    rc_state_free(&s);
    rc_model_free(&m);
}

static void machine(const char *path, int runs, char *line, size_t cap) {
    (void)path, (void)runs;
#ifdef _OPENMP
    int threads = omp_get_max_threads();
#else
    int threads = 1;
#endif
    snprintf(line, cap, "%d %f %f\n", threads, bandwidth(), fma_peak());
}

/* ---- `make bench-kernels`: GB/s of weights each matrix-vector kernel streams -------------- */

/* Best of 15 of one token through rc__matmul, as generation calls it: GB/s of weights. */
static double kernel_gbs(rc__Batch *in, const rc_Matrix *w, const float *x, float *out) {
    double best = 0;
    for (int it = 0; it < 15; it++) {
        double t0 = rc__now();
        rc__matmul(in, x, 1, 1, (const rc_Matrix *[]){w}, (float *[]){out});
        double gbs = matrix_bytes(w) / (rc__now() - t0) / 1e9;
        if (gbs > best) best = gbs;
    }
    return best;
}

/* Each kernel on a matrix of ~460 MB (beyond any cache) for three row lengths, on 1 and 2
   threads, with the bandwidth probe on the same thread counts; a table row per kernel. */
static void kernel_table(void) {
    static const struct { const char *name; int type; } ks[] = {
        {"f32 (rows in order)", -1}, {"q8_0, RCLM groups of 32 (rows in order)", -2},
        {"gguf q8_0", RC__GGML_Q8_0}, {"gguf q4_K", RC__GGML_Q4_K}, {"gguf q6_K", RC__GGML_Q6_K}};
    static const int cols_set[] = {768, 2048, 5632};
    const size_t size = (size_t)460 << 20, max_cols = 5632;
    unsigned char *mem = huge_alloc(size);
    float *scales = malloc(size / 32 * sizeof(float) + 64), *x = malloc(max_cols * sizeof(float));
    float *out = malloc(size / 400 * sizeof(float)); /* rows: at most size / the smallest row (q4_K of 768) */
    rc__Batch in = {.xq = malloc(max_cols * sizeof(int16_t)), .xs = malloc(max_cols * sizeof(float)),
                    .act = malloc((size_t)rc__q_act_bytes(RC__GGML_Q4_K, max_cols) + 64)};
    for (size_t i = 0; i < max_cols; i++) x[i] = frand();
    for (size_t i = 0; i < size / 32; i++) scales[i] = 0.001f;
    int max_threads = 1;
#ifdef _OPENMP
    max_threads = omp_get_max_threads() < 2 ? omp_get_max_threads() : 2;
#endif
    printf("| kernel | threads | cols 768 | cols 2048 | cols 5632 |\n|---|---|---|---|---|\n");
    for (int t = 1; t <= max_threads; t++) {
#ifdef _OPENMP
        omp_set_num_threads(t);
#endif
        printf("| memory read bandwidth (probe) | %d | %.1f | | |\n", t, bandwidth());
    }
    for (size_t k = 0; k < sizeof ks / sizeof ks[0]; k++) {
        int type = ks[k].type;
        if (type == -1) for (size_t i = 0; i < size / 4; i++) ((float *)mem)[i] = frand();
        else if (type == -2) for (size_t i = 0; i < size; i++) mem[i] = (unsigned char)next_rng();
        else {
            uint64_t blk = rc__gguf_type((uint32_t)type)->size;
            for (size_t at = 0; at + blk <= size; at += blk) random_block(mem + at, type, blk);
        }
        for (int t = 1; t <= max_threads; t++) {
#ifdef _OPENMP
            omp_set_num_threads(t);
#endif
            in.n_threads = t;
            printf("| %s | %d |", ks[k].name, t);
            for (size_t c = 0; c < sizeof cols_set / sizeof cols_set[0]; c++) {
                int cols = cols_set[c];
                rc_Matrix w = {.cols = cols, .gs = 32};
                if (type == -1) w.f = (const float *)mem, w.rows = (int)(size / 4 / cols);
                else if (type == -2) w.q = (const int8_t *)mem, w.s = scales, w.rows = (int)(size / cols);
                else {
                    const rc__GgufType *ty = rc__gguf_type((uint32_t)type);
                    w.g = mem, w.type = type, w.row_bytes = (size_t)cols / ty->blck * ty->size;
                    w.rows = (int)(size / w.row_bytes);
                }
                printf(" %.1f |", kernel_gbs(&in, &w, x, out));
                fflush(stdout);
            }
            printf("\n");
        }
    }
    huge_free(mem, size), free(scales), free(x), free(out), free(in.xq), free(in.xs), free(in.act);
}

/* A CSV field as a number, quotes or not. */
static double csv_num(const char *f) { return atof(f + (f[0] == '"')); }

/* llama.cpp's pp512 and tg128 (tok/s) on the same file: llama-bench's CSV, columns by name from
   its header line. */
static int llamacpp_bench(const char *bin, const char *path, int threads, int runs, double *pp, double *tg) {
    char cmd[1024], line[4096];
    snprintf(cmd, sizeof cmd, "%s -m %s -p 512 -n 128 -t %d -r %d -o csv 2>/dev/null", bin, path, threads, runs);
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    int col[3] = {-1, -1, -1}, got = 0, header = 1; /* n_prompt, n_gen, avg_ts */
    static const char *const names[3] = {"n_prompt", "n_gen", "avg_ts"};
    while (fgets(line, sizeof line, p)) {
        char *field[128];
        int nf = 0;
        for (char *t = strtok(line, ",\n"); t && nf < 128; t = strtok(NULL, ",\n")) field[nf++] = t;
        if (header) {
            for (int j = 0; j < nf; j++)
                for (int k = 0; k < 3; k++)
                    if (strstr(field[j], names[k]) && strlen(field[j]) <= strlen(names[k]) + 2) col[k] = j;
            header = 0;
            continue;
        }
        if (col[0] < 0 || col[1] < 0 || col[2] < 0 || col[0] >= nf || col[1] >= nf || col[2] >= nf) continue;
        double np = csv_num(field[col[0]]), ng = csv_num(field[col[1]]), ts = csv_num(field[col[2]]);
        if (np > 0 && ng == 0) *pp = ts, got |= 1;
        if (ng > 0 && np == 0) *tg = ts, got |= 2;
    }
    return pclose(p) == 0 && got == 3 ? 0 : -1;
}

static int listed(const char *list, const char *name) {
    if (!list) return 1;
    size_t n = strlen(name);
    for (const char *p = list; (p = strstr(p, name)); p += n)
        if ((p == list || p[-1] == ',') && (p[n] == 0 || p[n] == ',')) return 1;
    return 0;
}

/* The prefill GEMM this build and machine run. */
static const char *gemm_note(void) {
#if RC__Q_AMX
    if (rc__q_amx())
        return "AMX tiles: int8 for GGUF q8_0, q4_0, q4_1, q5_0, q5_1 and K-quants and RCLM q8_0 (int16 activations), "
               "bf16 for GGUF BF16; f32 otherwise";
#endif
    return !RC__Q_I8GEMM ? "f32"
         : RC__Q_HAS_VNNI ? "int8 for GGUF q8_0 and K-quants, f32 otherwise"
         : RC__Q_W16 ? "int8 for GGUF K-quants, int16 for GGUF and RCLM q8_0, f32 otherwise"
                     : "int8 for GGUF K-quants, f32 otherwise";
}

int main(void) {
    if (getenv("BENCH_KERNELS")) { /* make bench-kernels: the kernel table alone */
        printf("GB/s of weights streamed by one token's matrix-vector product, best of 15 (~460 MB per matrix)\n\n");
        kernel_table();
        return 0;
    }
    double json_ref_tg = 0; /* llama3.2-1B q8_0 tg128, for the JSON mask's share */
    const char *models = getenv("BENCH_MODELS"), *dtypes = getenv("BENCH_DTYPES");
    int runs = getenv("BENCH_RUNS") ? atoi(getenv("BENCH_RUNS")) : 3;
    if (runs < 1 || runs > 16) runs = 3;
    if (system("mkdir -p build/bench") != 0) return 1;
    char buf[256];
    double rss, bw, peak;
    int threads;
    if (in_child(machine, "", 0, buf, sizeof buf, &rss) || sscanf(buf, "%d %lf %lf", &threads, &bw, &peak) != 3)
        return 1;
#ifdef _OPENMP
    const char *build = "OpenMP";
#else
    const char *build = "no OpenMP";
#endif
    printf("build: %s, kernels: %s%s, prefill GEMM: %s, threads: %d, memory read bandwidth: %.1f GB/s, f32 FMA peak: "
           "%.0f GFLOP/s, runs per figure: %d (median)\n\n", build, RC__Q_KERNELS, TARGET, gemm_note(), threads, bw, peak, runs);
    const char *llamacpp = getenv("LLAMACPP_BENCH");
    printf("| model | dtype | weights GB | pp128 tok/s | pp512 tok/s | pp512 GFLOP/s | tg128 tok/s | weights GB/s "
           "| tg limit tok/s | bw%% | peak RSS MB |%s\n",
           llamacpp ? " llama.cpp pp512 | llama.cpp tg128 | ours / llama.cpp pp512 | tg128 |" : "");
    printf("|---|---|---|---|---|---|---|---|---|---|---|%s\n", llamacpp ? "---|---|---|---|" : "");
    fflush(stdout);
    static const struct { const char *name; int gguf, type, q4km; } dts[] = {
        {"f32", 0, 0, 0}, {"q8_0", 0, 1, 0}, {"gguf-f16", 1, RC__GGML_F16, 0}, {"gguf-q8_0", 1, RC__GGML_Q8_0, 0},
        {"gguf-q4_k_m", 1, RC__GGML_Q4_K, 1}};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        for (size_t d = 0; d < sizeof dts / sizeof dts[0]; d++) {
            const char *dt = dts[d].name;
            const Shape *sh = &shapes[i];
            if (!listed(models, sh->name) || !listed(dtypes, dt)) continue;
            /* GGUF rows: K-quant rows of 256, and at least the vocabulary of tokenizer.bin */
            if (dts[d].gguf && (sh->dim % 256 || sh->hidden % 256 || sh->heads * sh->head_dim % 256 || sh->vocab < 32000))
                continue;
            char path[256];
            /* (.r2: Q4_K_M files made since the zero-mean weights of random_block; older ones differ) */
            snprintf(path, sizeof path, "build/bench/%s.%s%s.%s", sh->name, dt, dts[d].q4km ? ".r2" : "",
                     dts[d].gguf ? "gguf" : "bin");
            if (access(path, R_OK) != 0) {
                if (dts[d].gguf) write_gguf(path, sh, dts[d].type, dts[d].q4km);
                else write_model(path, sh, dts[d].type);
            }
            double pp128, pp512, tg, bytes, flops512, probe, lo, hi, frac, resident = warm(path);
            if (resident >= 0 && resident < 0.99)
                fprintf(stderr, "bench: %s: only %.0f%% of it stays in the page cache; timings include disk reads\n",
                        path, 100 * resident);
            if (in_child(measure, path, runs, buf, sizeof buf, &rss) ||
                sscanf(buf, "%lf %lf %lf %lf %lf %lf %lf %lf %lf", &pp128, &pp512, &tg, &bytes, &flops512, &probe, &lo, &hi,
                       &frac) != 9) {
                printf("| %s | %s | failed |\n", sh->name, dt);
                continue;
            }
            double lpp = 0, ltg = 0;
            if (strcmp(sh->name, "llama3.2-1B") == 0 && strcmp(dt, "q8_0") == 0) json_ref_tg = tg;
            printf("| %s | %s | %.2f | %.1f | %.1f | %.0f | %.1f | %.1f-%.1f | %.1f | %.0f%% | %.0f |", sh->name, dt,
                   bytes / 1e9, pp128, pp512, flops512 * pp512 / 512 / 1e9, tg, lo, hi, probe * 1e9 / bytes, 100 * frac, rss);
            if (llamacpp && dts[d].gguf && warm(path) >= 0 && llamacpp_bench(llamacpp, path, threads, runs, &lpp, &ltg) == 0)
                printf(" %.1f | %.1f | %.2f | %.2f |", lpp, ltg, pp512 / lpp, tg / ltg);
            else if (llamacpp)
                printf(" - | - | - | - |");
            printf("\n");
            fflush(stdout);
        }
    }
    /* JSON mode's mask on Llama 3's 128256-token vocabulary, per token, against the llama3.2-1B
       q8_0 row's generation speed when it ran */
    rc_Tokenizer jt;
    rc_Error je;
    if (rc_tokenizer_load(&jt, "tests/data/bpe/llama3.rctk", 0, &je) == 0) {
        unsigned char *plain = malloc((size_t)jt.vocab_size);
        float *logits = malloc((size_t)jt.vocab_size * sizeof(float));
        rc__json_plain(&jt, plain);
        /* a fixed walk through the grammar's states: object, key, string, number, array, literal */
        const char *text = "{\"name\": \"a longer string value\", \"n\": -12.5e3, \"list\": [1, true, null, {\"k\": \"v\"}]}";
        rc__Json j = {0};
        double t0 = rc__now();
        int steps = 0;
        for (int r = 0; r < 4; r++) {
            memset(&j, 0, sizeof j);
            for (const char *p = text; *p; p++, steps++) {
                for (int i = 0; i < jt.vocab_size; i++) logits[i] = 0;
                rc__json_mask(&j, &jt, plain, -1, 64, logits);
                rc__json_feed(&j, p, 1);
            }
        }
        double ms = 1e3 * (rc__now() - t0) / steps;
        printf("\nJSON mode mask, Llama 3 vocabulary (%d tokens): %.3f ms per token", jt.vocab_size, ms);
        if (json_ref_tg > 0) printf(", %.1f%% of a llama3.2-1B q8_0 token (%.1f tok/s above)", 100 * ms * json_ref_tg / 1e3, json_ref_tg);
        printf("\n");
        free(plain), free(logits), rc_tokenizer_free(&jt);
    }
    /* the KV cache's element type on a long context (stories110M: a large cache for its weights) */
    if (listed(models, "stories110M") && listed(dtypes, "q8_0")) {
        const char *path = "build/bench/stories110M.q8_0.bin";
        if (access(path, R_OK) != 0) write_model(path, &shapes[1], 1);
        printf("\nKV cache, stories110M q8_0, context %d: a %d-token prompt, then %d tokens after it\n\n", KV_CTX,
               KV_PROMPT, KV_GEN);
        printf("| --kv | KV cache MB | peak RSS MB | pp%d tok/s | tg%d at %d tok/s |\n|---|---|---|---|---|\n",
               KV_PROMPT, KV_GEN, KV_PROMPT);
        const char *names[] = {"f32", "f16", "bf16"};
        for (kv_type = RC_KV_F32; kv_type <= RC_KV_BF16; kv_type++) {
            double pp, tg, kv;
            if (in_child(measure_kv, path, runs, buf, sizeof buf, &rss) || sscanf(buf, "%lf %lf %lf", &pp, &tg, &kv) != 3)
                printf("| %s | failed |\n", names[kv_type]);
            else
                printf("| %s | %.0f | %.0f | %.1f | %.1f |\n", names[kv_type], kv / 1048576.0, rss, pp, tg);
            fflush(stdout);
        }
    }
    return 0;
}
