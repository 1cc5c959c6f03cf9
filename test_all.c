/* test_all.c - the test suite: `make test` builds the test models with export.py, then runs this.

   Every test asserts a real output against an outside reference: logits and greedy ids from Hugging
   Face transformers (tests/data/fixtures), token ids from SentencePiece (tests/data/sp_cases.txt),
   llama2.c's own greedy ids (stories260K), the reference perplexity of kjv15M, and the exact
   message and exit code for bad input. Prints one line per failure and ends with
   "N passed, M failed"; exits 1 on any failure.

   Paths: test data in tests/data/, exported models in build/ (see the Makefile). */
#define RC_NO_MAIN
#define RC_MAX_STATE_BYTES (4ull << 30)  /* so the "state too large" check fires on any machine */
#include "run.c"
#include "fuzz/expect_decoded.h"

#include <ctype.h>
#include <sys/wait.h>

static int n_pass, n_fail;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (cond) {                                                                                \
            n_pass++;                                                                              \
        } else {                                                                                   \
            n_fail++;                                                                              \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                                            \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
        }                                                                                          \
    } while (0)

/* ---- small helpers: files, JSON arrays, running the CLI ---------------------------------- */

static char *slurp(const char *path, size_t *len) {
    rc_Error e;
    rc_File f;
    if (rc__file_open(&f, path, 0, &e)) return NULL;
    char *buf = malloc(f.size + 1);
    if (f.size) memcpy(buf, f.data, f.size);
    buf[f.size] = 0;
    if (len) *len = f.size;
    rc__file_close(&f);
    return buf;
}

static void spit(const char *path, const void *data, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f) {
        printf("cannot write %s\n", path);
        exit(1);
    }
    fwrite(data, 1, len, f);
    fclose(f);
}

/* The integers of the JSON array under "key" (first occurrence), at most cap. */
static int json_ints(const char *json, const char *key, int *out, int cap) {
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\"", key);
    const char *p = strstr(json, pat);
    if (!p || !(p = strchr(p, '['))) return -1;
    int n = 0;
    for (p++; *p && *p != ']' && n < cap;) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p) {
            p++;
            continue;
        }
        out[n++] = (int)v;
        p = end;
    }
    return n;
}

static double json_number(const char *json, const char *key) {
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\"", key);
    const char *p = strstr(json, pat);
    if (!p || !(p = strchr(p + strlen(pat), ':'))) return NAN;
    return strtod(p + 1, NULL);
}

/* The CLI under test: $RUN_BIN (make test-asan points it at the sanitized build), else ./run. */
static const char *run_bin(void) {
    const char *b = getenv("RUN_BIN");
    return b && *b ? b : "./run";
}

/* Runs a shell command; returns its exit status and its stdout+stderr (caller frees). */
static int run_cmd(const char *cmd, char **output) {
    char full[4096];
    snprintf(full, sizeof full, "%s > build/tmp/cmd.out 2>&1", cmd);
    int st = system(full);
    *output = slurp("build/tmp/cmd.out", NULL);
    if (!*output) *output = calloc(1, 1);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* Greedy-decodes up to n_new tokens after prompt[0..n_prompt) with the library loop. */
static int collect(void *user, int token, const char *text, size_t len) {
    (void)text, (void)len;
    int *buf = user;
    if (token >= 0) buf[1 + buf[0]++] = token;
    return 0;
}

static int greedy(const rc_Model *m, rc_State *s, const int *prompt, int n_prompt, int n_new, int *out) {
    rc_Error e;
    rc_Sampler smp;
    rc_Stats st;
    int *buf = calloc((size_t)n_new + 1, sizeof(int));
    rc_SamplerParams sp = rc_sampler_defaults();
    sp.temperature = 0;
    rc_sampler_init(&smp, m->config.vocab_size, &sp, &e);
    rc_GenParams g = {.max_new = n_new};
    int rc = rc_generate(s, NULL, &smp, prompt, n_prompt, 0, &g, collect, buf, &st, &e);
    if (rc) printf("generate: %s\n", e.msg);
    int n = buf[0];
    memcpy(out, buf + 1, (size_t)n * sizeof(int));
    if (st.hit_eos) out[n++] = st.pending;  /* HF's greedy output includes the EOS it stopped at */
    free(buf);
    rc_sampler_free(&smp);
    return rc ? -1 : n;
}

/* ---- Hugging Face fixtures: logits at every position and greedy continuations ------------- */

/* q8_0 logit tolerance. The issue asks for 2% of max|logit|, but on these random-weight fixtures
   8-bit weights alone, with exact f32 activations, already measure 2.3-2.8% (group 64; group 32 is
   no better), and an MSE-optimal scale search gains ~1%: no round-to-nearest int8 scheme reaches
   2%. Activations (int16) add nothing measurable on top, so this bounds our own error. */
#define Q8_TOLERANCE 0.03
/* A half-precision KV cache against transformers' f32 logits (x max|logit|); measured in README "Generation controls" */
#define KV_F16_TOLERANCE 1.5e-3
#define KV_BF16_TOLERANCE 1.5e-2

static const char *fixtures[] = {"a-mha", "a-gqa-tied", "a-llama3-rope", "a-odd", "a-long"};

/* Compares the model's logits for the fixture's input_ids against logits.f32 and its greedy
   continuation against greedy_ids. tol: allowed |diff| as a fraction of the largest |logit|;
   exact_new: how many generated ids must match exactly (-1: all). */
/* One fixture model against transformers' logits (within tol x max|logit|) and greedy ids (all,
   or the first exact_new), with a KV cache of kv_type. */
static void test_fixture(const char *name, const char *model_path, double tol, int exact_new, int kv_type) {
    char path[512];
    snprintf(path, sizeof path, "tests/data/fixtures/%s/expected.json", name);
    char *json = slurp(path, NULL);
    CHECK(json, "%s: missing", path);
    if (!json) return;
    static int input[4096], want[4096], got[4096];
    int n_in = json_ints(json, "input_ids", input, 4096);
    int n_want = json_ints(json, "greedy_ids", want, 4096);
    int n_prompt = (int)json_number(json, "greedy_prompt_len");
    rc_Error e;
    rc_Model m;
    rc_State s;
    int ok = rc_model_load(&m, model_path, &e) == 0;
    CHECK(ok, "%s: %s", model_path, e.msg);
    if (!ok) return free(json);
    ok = rc_state_init_kv(&s, &m, 0, kv_type, &e) == 0;
    CHECK(ok, "%s: state: %s", model_path, e.msg);
    if (!ok) return rc_model_free(&m), free(json);
    int V = m.config.vocab_size;
    const char *kv_name = kv_type == RC_KV_F16 ? " (KV f16)" : kv_type == RC_KV_BF16 ? " (KV bf16)" : "";
    snprintf(path, sizeof path, "tests/data/fixtures/%s/logits.f32", name);
    size_t ref_len = 0;
    float *ref = (float *)slurp(path, &ref_len);
    CHECK(ref && ref_len == (size_t)n_in * V * sizeof(float), "%s: %zu bytes, expected %d x %d floats",
          path, ref_len, n_in, V);
    float *logits = malloc((size_t)n_in * V * sizeof(float));
    if (ref && ref_len == (size_t)n_in * V * sizeof(float) &&
        rc_forward(&s, input, n_in, 0, RC_LOGITS_ALL, logits, &e) == 0) {
        double amax = 0, worst = 0;
        int worst_at = 0;
        for (size_t i = 0; i < (size_t)n_in * V; i++) amax = fmax(amax, fabs(ref[i]));
        for (size_t i = 0; i < (size_t)n_in * V; i++)
            if (fabs(logits[i] - ref[i]) > worst) worst = fabs(logits[i] - ref[i]), worst_at = (int)(i / V);
        CHECK(worst <= tol * amax, "%s%s: logits differ by %.3g at position %d (limit %.3g = %g x max|logit| %.3g)",
              model_path, kv_name, worst, worst_at, tol * amax, tol, amax);
        if (kv_type != RC_KV_F32) printf("fixture %s%s: logits within %.2g of max|logit|\n", model_path, kv_name, worst / amax);
        /* the same logits one token at a time (the decode path) */
        float *row = malloc((size_t)V * sizeof(float));
        double worst1 = 0;
        for (int i = 0; i < n_in; i++) {
            rc_forward(&s, input + i, 1, i, RC_LOGITS_ALL, row, &e);
            for (int v = 0; v < V; v++) worst1 = fmax(worst1, fabs(row[v] - ref[(size_t)i * V + v]));
        }
        CHECK(worst1 <= tol * amax, "%s%s: token-by-token logits differ by %.3g (limit %.3g)", model_path, kv_name,
              worst1, tol * amax);
        free(row);
    } else {
        CHECK(0, "%s: forward failed: %s", model_path, e.msg);
    }
    int n_new = n_want - n_prompt;
    int n_got = greedy(&m, &s, want, n_prompt, n_new, got);
    int check = exact_new < 0 || exact_new > n_new ? n_new : exact_new;
    int same = n_got >= check;
    for (int i = 0; same && i < check; i++) same = got[i] == want[n_prompt + i];
    CHECK(same, "%s%s: greedy ids differ from Hugging Face's within the first %d generated", model_path, kv_name, check);
    free(logits), free(ref), free(json);
    rc_state_free(&s);
    rc_model_free(&m);
}

static void test_fixtures(void) {
    char path[256];
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        snprintf(path, sizeof path, "build/%s.f32.bin", fixtures[i]);
        test_fixture(fixtures[i], path, 1e-4, -1, RC_KV_F32);
        /* a half-precision KV cache: keys and values rounded once (f16: 11 bits, bf16: 8) */
        test_fixture(fixtures[i], path, KV_F16_TOLERANCE, 16, RC_KV_F16);
        test_fixture(fixtures[i], path, KV_BF16_TOLERANCE, 16, RC_KV_BF16);
        snprintf(path, sizeof path, "build/%s.q8_0.bin", fixtures[i]);
        test_fixture(fixtures[i], path, Q8_TOLERANCE, 8, RC_KV_F32);
    }
    /* llama2.c's formats, written by export.py --legacy (untied MHA; tied GQA) */
    test_fixture("a-mha", "build/a-mha.v0.bin", 1e-4, -1, RC_KV_F32);
    test_fixture("a-long", "build/a-long.ak42v1.bin", 1e-4, -1, RC_KV_F32);
    test_fixture("a-long", "build/a-long.ak42v2.bin", Q8_TOLERANCE, 8, RC_KV_F32);
}

/* ---- Qwen2, Qwen3, Mistral, SmolLM2: random-weight models against two oracles ------------

   tests/make_arch_models.py writes each model in Hugging Face format; make converts it to RCLM
   (export.py --hf) and GGUF (export.py --gguf), and runs tests/hf_reference.py, a numpy
   re-implementation of transformers' modeling code, for logits at every position of the prompt
   and 16 greedy ids. tests/data/arch has llama.cpp's logits (a sample of vocabulary columns) and
   greedy ids for the GGUF files (tests/llamacpp/gen_arch_refs.sh). llama.cpp's llama
   architecture ignores attention.sliding_window, so for mistral-swa it is compared only inside
   the window; the window itself is checked against the numpy oracle and by turning it off. */

/* each model, its sliding window, and whether its layer needs RCLM v2 */
static const struct { const char *name; int window, v2; } arch_models[] = {
    {"qwen2-gqa", 0, 1}, {"qwen2-mqa-tied", 0, 1}, {"qwen3-gqa-tied", 0, 1}, {"qwen3-untied", 0, 1},
    {"mistral-swa", 8, 1}, {"smollm2-tied", 0, 0}};

typedef struct {
    int ids[64], n_ids, greedy[16], n_greedy; /* the prompt, and 16 greedy ids after it */
    float *logits;                            /* [n_ids, vocab] numpy, or [n_ids, cols] llama.cpp */
    int cols, stride;                         /* llama.cpp: every stride-th vocabulary id */
} ArchRef;

/* Reads a reference: ids and greedy ids from json_path, logits from logits_path. */
static int arch_ref(ArchRef *r, const char *json_path, const char *logits_path, int vocab) {
    char *json = slurp(json_path, NULL);
    memset(r, 0, sizeof *r);
    if (!json) return -1;
    r->n_ids = json_ints(json, "ids", r->ids, 64);
    r->n_greedy = json_ints(json, "greedy", r->greedy, 16);
    double stride = json_number(json, "columns"); /* only llama.cpp's files sample the columns */
    free(json);
    r->stride = stride > 0 && stride < vocab ? (int)stride : 0;
    r->cols = r->stride > 0 ? (vocab + r->stride - 1) / r->stride : vocab;
    size_t len = 0;
    r->logits = (float *)slurp(logits_path, &len);
    if (!r->logits || r->n_ids <= 0 || len != (size_t)r->n_ids * r->cols * sizeof(float)) return -1;
    return 0;
}

/* max |got - want| over positions [0, n_pos) and the reference's columns, and max |want| */
static double arch_diff(const float *got, int vocab, const ArchRef *r, int n_pos, double *amax) {
    double worst = 0;
    *amax = 0;
    for (int p = 0; p < n_pos; p++)
        for (int c = 0; c < r->cols; c++) {
            double want = r->logits[(size_t)p * r->cols + c];
            double g = got[(size_t)p * vocab + (r->stride > 0 ? c * r->stride : c)];
            *amax = fmax(*amax, fabs(want));
            worst = fmax(worst, fabs(g - want));
        }
    return worst;
}

/* One converted file of a model: logits for the prompt as one batch and token by token against
   the numpy oracle (within np_tol x max|logit|) and, when cpp is given, llama.cpp's on the same
   file (cpp_tol[0] for the batch, cpp_tol[1] token by token, cpp_tol[2] token by token when the
   file holds F16 matrices; positions inside the window only, when there is one); greedy ids
   equal the numpy oracle's with f32 weights, and llama.cpp's for at least cpp_greedy of 16. */
static void test_arch_file(const char *path, const char *format, const ArchRef *np, double np_tol, const ArchRef *cpp,
                           const double *cpp_tol, int cpp_greedy, int window) {
    rc_Error e;
    rc_Model m;
    rc_State s;
    int ok = rc_model_load(&m, path, &e) == 0;
    CHECK(ok, "%s: %s", path, e.msg);
    if (!ok) return;
    ok = rc_state_init(&s, &m, 64, &e) == 0;
    CHECK(ok && strcmp(m.format, format) == 0 && m.config.sliding_window == window, "%s: format %s (want %s), "
          "sliding window %d (want %d) %s", path, m.format, format, m.config.sliding_window, window, ok ? "" : e.msg);
    if (!ok) return rc_model_free(&m);
    int V = m.config.vocab_size, n = np->n_ids, f16 = 0;
    for (int l = 0; l < m.config.n_layers; l++) {
        const rc_Layer *L = &m.layers[l];
        const rc_Matrix *w[] = {&L->wq, &L->wk, &L->wv, &L->wo, &L->w1, &L->w2, &L->w3};
        for (int i = 0; i < 7; i++) f16 |= w[i]->g && w[i]->type == RC__GGML_F16;
    }
    float *all = malloc((size_t)n * V * sizeof(float)), *one = malloc((size_t)n * V * sizeof(float));
    double amax = 0, worst[4] = {0};
    ok = rc_forward(&s, np->ids, n, 0, RC_LOGITS_ALL, all, &e) == 0; /* a batch: the GEMM and tiled attention */
    for (int i = 0; ok && i < n; i++) /* token by token: the decode kernels */
        ok = rc_forward(&s, np->ids + i, 1, i, RC_LOGITS_ALL, one + (size_t)i * V, &e) == 0;
    CHECK(ok, "%s: forward: %s", path, e.msg);
    if (ok) {
        worst[0] = arch_diff(all, V, np, n, &amax);
        worst[1] = arch_diff(one, V, np, n, &amax);
        CHECK(worst[0] <= np_tol * amax && worst[1] <= np_tol * amax, "%s: logits differ from the numpy reference "
              "by %.3g (batch), %.3g (token by token); limit %.3g = %g x %.3g", path, worst[0], worst[1],
              np_tol * amax, np_tol, amax);
        if (cpp) {
            worst[2] = arch_diff(all, V, cpp, window ? window : n, &amax);
            worst[3] = arch_diff(one, V, cpp, window ? window : n, &amax);
            double token_tol = cpp_tol[f16 ? 2 : 1];
            CHECK(worst[2] <= cpp_tol[0] * amax && worst[3] <= token_tol * amax, "%s: logits differ from llama.cpp's "
                  "by %.3g (batch; limit %.3g), %.3g (token by token; limit %.3g)", path, worst[2], cpp_tol[0] * amax,
                  worst[3], token_tol * amax);
        }
    }
    int got[32], n_got = greedy(&m, &s, np->ids, n, 16, got), same_np = n_got == 16, same_cpp = 0;
    for (int i = 0; same_np && i < 16; i++) same_np = got[i] == np->greedy[i];
    while (cpp && same_cpp < n_got && got[same_cpp] == cpp->greedy[same_cpp]) same_cpp++;
    CHECK(np_tol > 1e-4 || same_np, "%s: greedy ids differ from the numpy reference's", path);
    CHECK(!cpp || window || same_cpp >= cpp_greedy, "%s: greedy ids equal llama.cpp's for %d tokens (want %d)", path,
          same_cpp, cpp_greedy);
    printf("arch %s: logits within %.2g (numpy) of max|logit|", path, fmax(worst[0], worst[1]) / amax);
    if (cpp) printf(", %.2g / %.2g (llama.cpp: batch / token by token)", worst[2] / amax, worst[3] / amax);
    printf("; greedy ids equal for %s (numpy)", same_np ? "all 16" : "not all");
    if (cpp && !window) printf(", %d (llama.cpp)", same_cpp);
    printf("\n");
    if (window && np_tol <= 1e-4) { /* the same model without its window: equal inside it, different beyond */
        m.config.sliding_window = 0;
        ok = rc_forward(&s, np->ids, n, 0, RC_LOGITS_ALL, one, &e) == 0;
        double inside = 0, beyond = 0;
        for (size_t i = 0; ok && i < (size_t)n * V; i++) {
            double d = fabs(one[i] - all[i]);
            if (i < (size_t)window * V) inside = fmax(inside, d);
            else beyond = fmax(beyond, d);
        }
        CHECK(ok && inside == 0 && beyond > 0.05 * amax, "%s: without the window of %d, logits change by %.3g inside "
              "it (want 0) and %.3g beyond (want > %.3g)", path, window, inside, beyond, 0.05 * amax);
    }
    free(all), free(one);
    rc_state_free(&s);
    rc_model_free(&m);
}

/* q8_0 weights against the f32 numpy oracle: these models' larger weight scales make the 8-bit
   rounding worth up to 8% of max|logit| here (measured), far below what a missing bias, norm or
   window changes (30-130%). Against llama.cpp on the same Q8_0 GGUF file, token by token (the
   same arithmetic: activations quantized to q8_0) agrees within 3e-7 when every row is Q8_0.
   Two things differ by design: for batches we dequantize the weights and keep f32 activations
   (llama.cpp quantizes them to 8 bits: 2-5% apart), and in models whose rows are not multiples
   of 32 export.py writes those matrices as F16, for which llama.cpp rounds activations to f16 and
   we do not (up to 3%). So the prompt's first token, computed by a batch, may already differ. */
#define ARCH_Q8_TOLERANCE 0.15

static void test_archs(void) {
    for (size_t k = 0; k < sizeof arch_models / sizeof arch_models[0]; k++) {
        const char *name = arch_models[k].name;
        char jp[256], lp[256], path[256];
        ArchRef np, cpp, cpp8;
        snprintf(jp, sizeof jp, "build/arch/%s.ref.json", name);
        snprintf(lp, sizeof lp, "build/arch/%s.ref.f32", name);
        int ok = arch_ref(&np, jp, lp, 32000) == 0;
        snprintf(jp, sizeof jp, "tests/data/arch/%s.llamacpp.json", name);
        snprintf(lp, sizeof lp, "tests/data/arch/%s.llamacpp.f32", name);
        ok = arch_ref(&cpp, jp, lp, 32000) == 0 && cpp.stride > 0 && ok;
        snprintf(jp, sizeof jp, "tests/data/arch/%s.Q8_0.llamacpp.json", name);
        snprintf(lp, sizeof lp, "tests/data/arch/%s.Q8_0.llamacpp.f32", name);
        ok = arch_ref(&cpp8, jp, lp, 32000) == 0 && cpp8.stride > 0 && ok;
        int same = ok && np.n_ids == cpp.n_ids && np.n_ids == cpp8.n_ids && np.n_greedy == 16 && cpp.n_greedy == 16;
        for (int i = 0; same && i < np.n_ids; i++) same = np.ids[i] == cpp.ids[i] && np.ids[i] == cpp8.ids[i];
        CHECK(same, "%s: the numpy and llama.cpp references are missing or were made for other prompts", name);
        int window = arch_models[k].window, v2 = arch_models[k].v2;
        if (same) {
            /* the two oracles agree with each other (inside the window for mistral-swa) */
            double amax, worst = arch_diff(np.logits, 32000, &cpp, window ? window : np.n_ids, &amax);
            int greedy_same = 1;
            for (int i = 0; !window && i < 16; i++) greedy_same &= np.greedy[i] == cpp.greedy[i];
            CHECK(worst <= 1e-5 * amax && greedy_same, "%s: numpy and llama.cpp disagree (logits by %.3g of %.3g, "
                  "greedy ids %s)", name, worst, amax, greedy_same ? "same" : "different");
            snprintf(path, sizeof path, "build/arch/%s.f32.bin", name);
            /* export.py writes matrices whose rows are not multiples of 32 as F16 in the Q8_0 file */
            const double f32_tol[3] = {1e-4, 1e-4, 1e-4}, q8_tol[3] = {0.08, 1e-5, 0.05};
            test_arch_file(path, v2 ? "RCLM v2" : "RCLM v1", &np, 1e-4, NULL, NULL, 0, window);
            snprintf(path, sizeof path, "build/arch/%s.F32.gguf", name);
            test_arch_file(path, "GGUF v3", &np, 1e-4, &cpp, f32_tol, 16, window);
            snprintf(path, sizeof path, "build/arch/%s.q8_0.bin", name);
            test_arch_file(path, v2 ? "RCLM v2" : "RCLM v1", &np, ARCH_Q8_TOLERANCE, NULL, NULL, 0, window);
            snprintf(path, sizeof path, "build/arch/%s.Q8_0.gguf", name);
            test_arch_file(path, "GGUF v3", &np, ARCH_Q8_TOLERANCE, &cpp8, q8_tol, 4, window);
        }
        free(np.logits), free(cpp.logits), free(cpp8.logits);
    }
}

/* ---- llama2.c's stories260K (legacy v0, GQA): its own greedy ids from BOS ----------------- */

static void test_stories260k(void) {
    char *json = slurp("tests/data/stories260K.expected.json", NULL);
    static int want[1024], got[1024];
    int n_want = json ? json_ints(json, "greedy_ids", want, 1024) : 0;
    rc_Error e;
    rc_Model m;
    rc_State s;
    int ok = rc_model_load(&m, "tests/data/stories260K.bin", &e) == 0 && rc_state_init(&s, &m, 0, &e) == 0;
    CHECK(ok && n_want > 1, "stories260K: %s", e.msg);
    if (!ok) return free(json);
    CHECK(strcmp(m.format, "llama2.c v0") == 0 && m.config.n_kv_heads == 4, "stories260K: read as %s", m.format);
    int n = greedy(&m, &s, want, 1, n_want - 1, got);
    int same = n == n_want - 1;
    for (int i = 0; same && i < n; i++) same = got[i] == want[1 + i];
    CHECK(same, "stories260K: greedy ids differ from llama2.c's (%d generated)", n);
    rc_state_free(&s);
    rc_model_free(&m);
    free(json);
}

/* ---- kjv15M: the real model, greedy text and perplexity --------------------------------- */

/* The first KJV_PREFIX_BYTES of kjv-val.txt and their f32 perplexity from the normal build (whose
   full-text perplexity matches Hugging Face's reference). */
#define KJV_PREFIX_BYTES 2048
#define KJV_PREFIX_PPL 23.8698

static double kjv_ppl(const char *model_path, const char *text_path) {
    char *out;
    char cmd[512];
    /* a GGUF file brings its own vocabulary */
    snprintf(cmd, sizeof cmd, "%s %s %s -m ppl -f %s", run_bin(), model_path,
             strstr(model_path, ".gguf") ? "" : "-z tokenizer.bin", text_path);
    int rc = run_cmd(cmd, &out);
    const char *p = strstr(out, "perplexity: ");
    double ppl = rc == 0 && p ? atof(p + 12) : NAN;
    CHECK(rc == 0 && p, "%s: exit %d, output: %.300s", cmd, rc, out);
    free(out);
    return ppl;
}

static void test_kjv(void) {
    char *json = slurp("tests/data/kjv15M/reference.json", NULL);
    static int want[512], prompt[16];
    int n_want = json ? json_ints(json, "greedy_ids", want, 512) : 0;
    int n_prompt = json ? json_ints(json, "prompt_ids", prompt, 16) : 0;
    CHECK(n_want > 68 && n_prompt == 4, "kjv15M reference.json unreadable");
    if (n_want <= 68) return free(json);
    /* the CLI end to end: text prompt -> ids -> 64 greedy tokens */
    char *out;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s build/kjv15M.f32.bin -z tokenizer.bin -i \"In the beginning\" -t 0 -n 64 -o ids", run_bin());
    int rc = run_cmd(cmd, &out);
    int got[128], n = 0;
    for (char *p = out; n < 128;) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p) break;
        got[n++] = (int)v, p = end;
    }
    int same = rc == 0 && n == 64;
    for (int i = 0; same && i < 64; i++) same = got[i] == want[4 + i];
    CHECK(same, "kjv15M: greedy ids for \"In the beginning\" differ from Hugging Face's (exit %d, %d ids)", rc, n);
    free(out);
    snprintf(cmd, sizeof cmd, "%s build/kjv15M.f32.bin -z tokenizer.bin -m tokenize -i \"In the beginning\"", run_bin());
    rc = run_cmd(cmd, &out);
    CHECK(rc == 0 && strncmp(out, "1 512 278 6763\n", 15) == 0, "kjv15M: tokenize gave %.100s", out);
    free(out);
    double ref = json_number(json, "value");
    /* RC_TEST_PPL_BYTES=N (make test-asan) scores only the first N bytes of kjv-val.txt, which is
       checked against the full-speed build's perplexity of that prefix instead of HF's reference */
    const char *short_env = getenv("RC_TEST_PPL_BYTES");
    long short_bytes = short_env ? atol(short_env) : 0;
    const char *text_path = "tests/data/kjv-val.txt";
    if (short_bytes > 0) {
        CHECK(short_bytes == KJV_PREFIX_BYTES, "RC_TEST_PPL_BYTES must be %d (the prefix with a known "
              "perplexity), got %ld", KJV_PREFIX_BYTES, short_bytes);
        size_t len;
        char *text = slurp(text_path, &len);
        text_path = "build/tmp/kjv-prefix.txt";
        spit(text_path, text, len < KJV_PREFIX_BYTES ? len : KJV_PREFIX_BYTES);
        free(text);
        ref = KJV_PREFIX_PPL;
    }
    double f32 = kjv_ppl("build/kjv15M.f32.bin", text_path), q8 = kjv_ppl("build/kjv15M.q8_0.bin", text_path);
    CHECK(fabs(f32 - ref) <= 0.05, "kjv15M f32 perplexity %.4f of %s, reference %.4f +- 0.05", f32, text_path, ref);
    CHECK(fabs(q8 - f32) <= 0.005 * f32, "kjv15M q8_0 perplexity %.4f is not within 0.5%% of f32 %.4f", q8, f32);
    printf("kjv15M perplexity: f32 %.4f (reference %.4f), q8_0 %.4f\n", f32, ref, q8);
    free(json);
}

/* ---- Tokenizer against SentencePiece ---------------------------------------------------- */

static int unhex(const char *s, size_t n, char *out) {
    for (size_t i = 0; i + 1 < n + 1 && i < n; i += 2) {
        unsigned v;
        if (sscanf(s + i, "%2x", &v) != 1) return -1;
        out[i / 2] = (char)v;
    }
    return (int)(n / 2);
}

/* The SentencePiece cases with the Llama 2 vocabulary from `path`: our tokenizer.bin, or
   llama.cpp's ggml-vocab-llama-spm.gguf (the GGUF reader builds the same tables). */
static void test_tokenizer(const char *path) {
    rc_Error e;
    rc_Tokenizer t;
    int ok = rc_tokenizer_load(&t, path, 32000, &e) == 0;
    CHECK(ok, "%s: %s", path, e.msg);
    if (!ok) return;
    size_t len;
    char *cases = slurp("tests/data/sp_cases.txt", &len);
    CHECK(cases != NULL, "tests/data/sp_cases.txt missing");
    int n_cases = 0, n_bad = 0, n_round = 0, n_round_bad = 0;
    char *text = malloc(len + 1), *dec = malloc(4 * len + 16);
    int *want = malloc((len + 1) * sizeof(int)), *got = malloc(rc_encode_bound(len) * sizeof(int));
    for (char *line = cases; line && *line;) {
        char *eol = strchr(line, '\n');
        if (eol) *eol = 0;
        if (*line != '#') {
            char *tab = strchr(line, '\t');
            int n_text = tab ? unhex(line, (size_t)(tab - line), text) : -1;
            int n_want = 0;
            for (char *p = tab ? tab + 1 : line; tab;) {
                char *end;
                long v = strtol(p, &end, 10);
                if (end == p) break;
                want[n_want++] = (int)v, p = end;
            }
            size_t n_got;
            int rc = n_text >= 0 ? rc_encode(&t, text, (size_t)n_text, 0, got, rc_encode_bound((size_t)n_text), &n_got, &e) : -1;
            int same = rc == 0 && (int)n_got == n_want;
            for (int i = 0; same && i < n_want; i++) same = got[i] == want[i];
            n_cases++;
            if (!same && n_bad++ < 5) printf("FAIL tokenizer case %d: \"%.60s\"\n", n_cases, line);
            /* decode inverts encode for valid UTF-8 (U+2581 reads back as the space it stands for) */
            int valid = 1;
            for (int i = 0; valid && i < n_text;) {
                size_t cl = rc__utf8_len((unsigned char *)text + i, (size_t)(n_text - i));
                valid = cl > 0 && !(cl == 3 && memcmp(text + i, "\xE2\x96\x81", 3) == 0);
                i += (int)cl;
            }
            if (rc == 0 && valid) {
                size_t w = 0, plen;
                int prev = t.bos_id;
                for (size_t i = 0; i < n_got; prev = got[i++]) {
                    const char *p = rc_decode(&t, prev, got[i], &plen);
                    memcpy(dec + w, p, plen), w += plen;
                }
                n_round++;
                if (w != (size_t)n_text || memcmp(dec, text, w) != 0) n_round_bad++;
            }
        }
        line = eol ? eol + 1 : NULL;
    }
    CHECK(n_cases >= 300 && n_bad == 0, "%s: %d of %d cases differ from SentencePiece", path, n_bad, n_cases);
    CHECK(n_round >= 200 && n_round_bad == 0, "%s: decode(encode(s)) != s for %d of %d strings", path,
          n_round_bad, n_round);
    printf("tokenizer %s: %d SentencePiece cases, %d round trips\n", path, n_cases, n_round);
    free(text), free(dec), free(want), free(got), free(cases);
    rc_tokenizer_free(&t);
}

/* ---- Byte-level BPE (Llama 3, Qwen3) against Hugging Face tokenizers ---------------------- */

/* Reads a case file of "HEX<TAB>IDS" lines: each text must encode to the ids (with control tokens
   recognised if `flags` has RC_ENC_SPECIAL) and, for valid UTF-8 without special tokens, decode
   back to itself (in NFC if the tokenizer normalizes). Returns the number of cases. */
static int bpe_cases(const rc_Tokenizer *t, const char *path, int flags, int *n_round) {
    size_t len;
    char *cases = slurp(path, &len);
    CHECK(cases != NULL, "%s missing", path);
    if (!cases) return 0;
    rc_Error e;
    int n_cases = 0, n_bad = 0, n_round_bad = 0;
    char *text = malloc(len + 1), *dec = malloc(4 * len + 16);
    int *want = malloc((len + 1) * sizeof(int)), *got = malloc(rc_encode_bound(len) * sizeof(int));
    *n_round = 0;
    for (char *line = cases; line && *line;) {
        char *eol = strchr(line, '\n');
        if (eol) *eol = 0;
        char *tab = strchr(line, '\t');
        if (*line != '#' && tab) {
            int n_text = unhex(line, (size_t)(tab - line), text), n_want = 0;
            for (char *p = tab + 1;;) {
                char *end;
                long v = strtol(p, &end, 10);
                if (end == p) break;
                want[n_want++] = (int)v, p = end;
            }
            size_t n_got;
            int rc = rc_encode(t, text, (size_t)n_text, flags, got, rc_encode_bound((size_t)n_text), &n_got, &e);
            int same = rc == 0 && (int)n_got == n_want;
            for (int i = 0; same && i < n_want; i++) same = got[i] == want[i];
            n_cases++;
            if (!same && n_bad++ < 5) printf("FAIL %s case %d: \"%.60s\"\n", path, n_cases, line);
            int valid = !(flags & RC_ENC_SPECIAL);
            for (int i = 0; valid && i < n_text;) {
                size_t cl = rc__utf8_len((unsigned char *)text + i, (size_t)(n_text - i));
                valid = cl > 0;
                i += (int)cl;
            }
            if (rc == 0 && valid) {
                unsigned char *orig;
                size_t orig_len, w = 0, plen;
                expect_decoded(t, (unsigned char *)text, (size_t)n_text, &orig, &orig_len);
                for (size_t i = 0; i < n_got; i++) {
                    const char *p = rc_decode(t, i ? got[i - 1] : -1, got[i], &plen);
                    memcpy(dec + w, p, plen), w += plen;
                }
                (*n_round)++;
                if (w != orig_len || memcmp(dec, orig, w) != 0) n_round_bad++;
                free(orig);
            }
        }
        line = eol ? eol + 1 : NULL;
    }
    CHECK(n_bad == 0, "%s: %d of %d cases differ from the reference ids", path, n_bad, n_cases);
    CHECK(n_round_bad == 0, "%s: decode(encode(s)) != s for %d of %d strings", path, n_round_bad, *n_round);
    free(text), free(dec), free(want), free(got), free(cases);
    return n_cases;
}

/* The reference conversation of tests/gen_bpe_cases.mjs (tests/data/bpe/NAME_chat_expected.txt). */
static const char *chat_system = "You are a helpful assistant. Answer briefly.";
static const char *chat_user1 = "What is the capital of France? ", *chat_user2 = "And of Germany?\n";
static const char *chat_reply = "The capital of France is Paris.";

/* Reads the ids of the expected rendering: the first line that is not a comment, after its tab. */
static int read_expected_ids(const char *path, int *ids, int cap) {
    char *txt = slurp(path, NULL);
    int n = -1;
    for (char *line = txt; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (*line == '#' || !strchr(line, '\t')) continue;
        char *p = strchr(line, '\t') + 1, *end;
        for (n = 0; n < cap; n++, p = end) {
            long v = strtol(p, &end, 10);
            if (end == p) break;
            ids[n] = (int)v;
        }
        break;
    }
    free(txt);
    return n;
}

/* The chat template as the engine feeds it: turn 1's prompt, the assistant's reply (here the
   reference's reply text, encoded), then turn 2's prompt, which closes the reply with the
   template's end-of-turn token, must equal the reference rendering of the whole conversation. */
static void bpe_chat(const rc_Tokenizer *t, const char *expected_path) {
    int want[512], n_want = read_expected_ids(expected_path, want, 512);
    rc_Ids a = {0}, b = {0};
    rc_Error e;
    int ok = rc_chat_prompt(t, chat_system, chat_user1, 1, -1, 0, &a, &e) == 0 &&
             rc__ids_text(&a, t, "", chat_reply, strlen(chat_reply), 0, &e) == 0 &&
             rc_chat_prompt(t, chat_system, chat_user2, 0, t->eot_id, 1, &b, &e) == 0;
    int same = ok && n_want > 0 && (int)(a.n + b.n) == n_want;
    for (int i = 0; same && i < n_want; i++) same = want[i] == (i < (int)a.n ? a.v[i] : b.v[i - a.n]);
    CHECK(same, "%s: the chat template's ids differ from the reference (%d ids, want %d) %s", expected_path,
          (int)(a.n + b.n), n_want, ok ? "" : e.msg);
    free(a.v), free(b.v);
}

static void test_bpe(void) {
    /* the third: the Llama 3 vocabulary as llama.cpp's GGUF, on the same Hugging Face cases */
    const char *names[3] = {"llama3", "qwen3", "llama3"};
    for (int k = 0; k < 3; k++) {
        char path[128], cases[128];
        rc_Error e;
        rc_Tokenizer t;
        snprintf(path, sizeof path, k < 2 ? "tests/data/bpe/%s.rctk" : "tests/data/gguf/vocab/ggml-vocab-llama-bpe.gguf",
                 names[k]);
        int ok = rc_tokenizer_load(&t, path, 0, &e) == 0;
        CHECK(ok, "%s: %s", path, e.msg);
        if (!ok) continue;
        int n_round, n_special_round;
        snprintf(cases, sizeof cases, "tests/data/bpe/%s_cases.txt", names[k]);
        int n = bpe_cases(&t, cases, 0, &n_round);
        snprintf(cases, sizeof cases, "tests/data/bpe/%s_special_cases.txt", names[k]);
        int n_special = bpe_cases(&t, cases, RC_ENC_SPECIAL, &n_special_round);
        CHECK(n >= 500 && n_round >= 400 && n_special >= 20, "%s: only %d cases, %d round trips, %d special",
              names[k], n, n_round, n_special);
        printf("%s: %d cases, %d round trips, %d special-token cases\n", path, n, n_round, n_special);
        snprintf(cases, sizeof cases, "tests/data/bpe/%s_chat_expected.txt", names[k]);
        if (k < 2) bpe_chat(&t, cases); /* the vocabulary-only GGUF has no chat template */
        rc_tokenizer_free(&t);
    }
    /* -m tokenize needs no model; special tokens are text unless -S */
    char *out;
    int rc = run_cmd("./run -z tests/data/bpe/llama3.rctk -m tokenize -i \"<|eot_id|>Hello world\"", &out);
    CHECK(rc == 0 && strcmp(out, "27 91 68 354 851 91 29 9906 1917\n") == 0, "llama3 tokenize: %.200s", out);
    free(out);
    rc = run_cmd("./run -z tests/data/bpe/llama3.rctk -m tokenize -S -i \"<|eot_id|>Hello world\"", &out);
    CHECK(rc == 0 && strcmp(out, "128009 9906 1917\n") == 0, "llama3 tokenize -S: %.200s", out);
    free(out);
    rc = run_cmd("./run -z tests/data/bpe/qwen3.rctk -m tokenize -i \"Hello world\"", &out);
    CHECK(rc == 0 && strcmp(out, "9707 1879\n") == 0, "qwen3 tokenize: %.200s", out);
    free(out);
}

/* ---- Chat with a Llama-3-architecture model and the real Llama 3 vocabulary -------------- */

/* The ids of each "prompt ids: ..." line of `text` (from -v), concatenated into ids; *n_turns
   gets the number of lines and starts[k] where turn k begins. */
static int prompt_id_lines(const char *text, int *ids, int cap, int *starts, int max_turns, int *n_turns) {
    int n = 0;
    *n_turns = 0;
    for (const char *p = strstr(text, "prompt ids:"); p && *n_turns < max_turns; p = strstr(p, "prompt ids:")) {
        starts[(*n_turns)++] = n;
        p += strlen("prompt ids:");
        for (char *end;; p = end) {
            long v = strtol(p, &end, 10);
            if (end == p || n >= cap) break;
            ids[n++] = (int)v;
            if (*end == '\n') break;
        }
    }
    return n;
}

static int expect_ids(const char *text, const char *key, int *out, int cap);

/* A two-turn chat through the CLI (-m chat -v prints the ids of each turn's prompt) against a
   reference rendering want[n_want] of [system, user1, assistant, user2] by the tokenizer's own
   chat template. The random model's reply differs from the reference's assistant text, and its
   tokens are fed as sampled, so the check is on what the template frames around it: turn 1's
   prompt equals the reference up to the first assistant header (`header`, 3 ids), exactly; turn
   2's prompt equals the reference from the end-of-turn token `eot` that closes the assistant
   message to the end, exactly, preceded only by the reply's last token when that token was not an
   end token (a reply cut short by -n, not yet in the KV cache). */
static void chat_cli(const char *model, const char *tok, const int *want, int n_want, const int *header, int eot,
                     int eos, const char *system, const char *user1, const char *user2) {
    int turn1 = -1, close = -1;
    for (int i = 0; i + 2 < n_want && turn1 < 0; i++)
        if (want[i] == header[0] && want[i + 1] == header[1] && want[i + 2] == header[2]) turn1 = i + 3;
    for (int i = turn1; turn1 > 0 && i < n_want && close < 0; i++)
        if (want[i] == eot) close = i;
    CHECK(turn1 > 0 && close > turn1, "%s chat: no assistant turn found in the reference", model);
    if (close < 0) return;
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "{ printf '%s' | ./run %s -z %s -m chat -t 0 -n 8 -v -y \"%s\" -i \"%s\" "
             ">build/tmp/chat.out 2>build/tmp/chat.err; }", user2, model, tok, system, user1);
    int rc = run_cmd(cmd, &out);
    free(out);
    char *err = slurp("build/tmp/chat.err", NULL);
    int got[1024], starts[4], n_turns, n_got = prompt_id_lines(err ? err : "", got, 1024, starts, 4, &n_turns);
    CHECK(rc == 0 && n_turns == 2, "%s chat: exit %d, %d turns: %.300s", model, rc, n_turns, err ? err : "");
    if (n_turns == 2) {
        int ok1 = starts[1] == turn1;
        for (int i = 0; ok1 && i < turn1; i++) ok1 = got[i] == want[i];
        CHECK(ok1, "%s chat: turn 1's prompt ids differ from the reference's first %d ids", model, turn1);
        int n2 = n_got - starts[1], tail = n_want - close, skip = n2 - tail;
        int ok2 = (skip == 0 || (skip == 1 && got[starts[1]] != eot && got[starts[1]] != eos));
        for (int i = 0; ok2 && i < tail; i++) ok2 = got[starts[1] + skip + i] == want[close + i];
        CHECK(ok2, "%s chat: turn 2's prompt ids (%d) differ from the reference's last %d ids", model, n2, tail);
    }
    free(err);
}

/* build/llama3-tiny.f32.bin (tests/make_llama3_tiny.py, converted by export.py) with the real
   Llama 3 vocabulary, against tests/data/bpe/llama3_chat_expected.txt; then Qwen models with the
   real Qwen3 vocabulary (tests/data/bpe/qwen3_chat_cli_expected.txt, Qwen3's template) and the real
   Qwen2 one (llama.cpp's ggml-vocab-qwen2.gguf with its own template, which adds a default system
   prompt; tests/data/gguf/chat/chat_expected.txt) */
static void test_llama3_chat(void) {
    int want[512], n_want = read_expected_ids("tests/data/bpe/llama3_chat_expected.txt", want, 512);
    chat_cli("build/llama3-tiny.f32.bin", "tests/data/bpe/llama3.rctk", want, n_want, (const int[]){78191, 128007, 271},
             128009, 128001, chat_system, chat_user1, "And of Germany?\\n");
    const int chatml[3] = {151644, 77091, 198}; /* <|im_start|> assistant \n */
    n_want = read_expected_ids("tests/data/bpe/qwen3_chat_cli_expected.txt", want, 512);
    chat_cli("build/arch/qwen3-chat.f32.bin", "tests/data/bpe/qwen3.rctk", want, n_want, chatml, 151645, 151643,
             chat_system, chat_user1, "And of Germany?\\n");
    char *exp = slurp("tests/data/gguf/chat/chat_expected.txt", NULL);
    n_want = exp ? expect_ids(exp, "qwen2 B ids", want, 512) : -1;
    free(exp);
    chat_cli("build/arch/qwen2-chat.f32.bin", "tests/data/gguf/vocab/ggml-vocab-qwen2.gguf", want, n_want, chatml,
             151645, 151643, "You are a helpful assistant.", "Hello there!", "Tell me a joke.\\n");
    /* without -y, Qwen2's template supplies its system prompt */
    char *out;
    int rc = run_cmd("{ printf '' | ./run build/arch/qwen2-chat.f32.bin -z tests/data/gguf/vocab/ggml-vocab-qwen2.gguf "
                     "-m chat -t 0 -n 2 -v -i \"What is 2+2?\" 2>&1 >/dev/null; }", &out);
    exp = slurp("tests/data/gguf/chat/chat_expected.txt", NULL);
    int n_c = exp ? expect_ids(exp, "qwen2 C ids", want, 512) : -1, got[512], starts[2], n_turns;
    int n_got = prompt_id_lines(out, got, 512, starts, 2, &n_turns);
    CHECK(rc == 0 && n_c > 0 && n_got == n_c && memcmp(got, want, (size_t)n_c * sizeof(int)) == 0,
          "qwen2 chat without -y: the prompt differs from the template's rendering with its default system prompt "
          "(%d ids, want %d): %.300s", n_got, n_c, out);
    free(out), free(exp);
    /* the context runs out: a clear message, exit 0 */
    rc = run_cmd("{ yes 'Tell me more about the capitals of Europe, please.' | head -50 | ./run "
                 "build/llama3-tiny.f32.bin -z tests/data/bpe/llama3.rctk -m chat -t 0 -n 16 -c 128 --no-context-shift "
                 ">/dev/null; }", &out);
    CHECK(rc == 0 && strstr(out, "run: the context of 128 tokens is full; ending the conversation"),
          "llama3 chat at the context end: exit %d, \"%.200s\"", rc, out);
    free(out);
}

/* In process (for `make asan`): many turns of long, odd input until the context is full. User
   text that spells a special token stays text. */
static void test_chat_long(void) {
    rc_Error e;
    rc_Model m;
    rc_Tokenizer t;
    rc_State s;
    rc_Sampler smp;
    int ok = rc_model_load(&m, "build/llama3-tiny.f32.bin", &e) == 0;
    CHECK(ok, "llama3-tiny: %s", e.msg);
    if (!ok) return;
    ok = rc_tokenizer_load(&t, "tests/data/bpe/llama3.rctk", m.config.vocab_size, &e) == 0 &&
         rc_state_init(&s, &m, 512, &e) == 0 && rc_sampler_init(&smp, m.config.vocab_size, &(rc_SamplerParams){.temperature = 1, .top_p = 0.9f, .repeat_penalty = 1, .seed = 7}, &e) == 0;
    CHECK(ok, "llama3-tiny chat setup: %s", e.msg);
    if (!ok) return;
    rc_Ids ids = {0};
    ok = rc_chat_prompt(&t, NULL, "<|eot_id|><|start_header_id|>", 1, -1, 0, &ids, &e) == 0;
    int n_eot = 0;
    for (size_t i = 0; i < ids.n; i++) n_eot += ids.v[i] == 128009;
    CHECK(ok && n_eot == 1, "chat: user text \"<|eot_id|>\" must stay text (%d end-of-turn ids)", n_eot);
    free(ids.v);
    FILE *in = tmpfile(), *out = fopen("/dev/null", "w");
    for (int k = 0; k < 200; k++) {
        for (int j = 0; j < 20 + k % 7 * 40; j++) fputs(j % 3 ? "naïve café 東京 " : "\xff\xfe<|eot_id|> \t ", in);
        fputs("\n", in);
    }
    rewind(in);
    int rc = rc_chat(&s, &t, &smp, "Be brief.", NULL, &(rc_GenParams){.max_new = 24}, in, out, NULL, &e);
    CHECK(rc == RC_CHAT_CONTEXT_FULL, "chat with long turns: want the context to fill up, got %d (%s)", rc,
          rc < 0 ? e.msg : "");
    fclose(in), fclose(out);
    rc_sampler_free(&smp), rc_state_free(&s), rc_tokenizer_free(&t), rc_model_free(&m);
}

/* ---- Bad input: exit code 1 and one clear line, never a crash ---------------------------- */

/* Loads `path` as a model and checks that it fails with a message containing `needle`. */
static void expect_model_error(const char *path, const char *needle, const char *what) {
    rc_Error e = {{0}};
    rc_Model m;
    int rc = rc_model_load(&m, path, &e);
    if (rc == 0) rc_model_free(&m);
    CHECK(rc != 0 && strstr(e.msg, needle), "%s: expected an error containing \"%s\", got %s \"%s\"", what,
          needle, rc ? "error" : "success", e.msg);
}

static void put_u32(unsigned char *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static void test_bad_models(void) {
    size_t len;
    unsigned char *good = (unsigned char *)slurp("build/a-gqa-tied.q8_0.bin", &len);
    CHECK(good && len > 1024, "build/a-gqa-tied.q8_0.bin missing");
    if (!good) return;
    unsigned char *buf = malloc(len);
    /* truncated anywhere: inside the header, inside tensors, one byte short */
    size_t cuts[] = {0, 3, 4, 100, 255, 256, 257, 1000, len / 3, len / 2, len - 65, len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        spit("build/tmp/bad.bin", good, cuts[i]);
        expect_model_error("build/tmp/bad.bin", cuts[i] < 4 ? "too small" : "truncated", "truncated checkpoint");
    }
    struct { size_t off; uint32_t value; const char *needle; } fields[] = {
        {4, 7, "version 7"},            {8, 64, "header_size 64"},
        {12, 9, "dtype 9"},             {16, 0, "group_size = 0"},
        {20, 0, "dim = 0"},             {20, 0x7fffffff, "dim = 2147483647"},
        {20, 0xffffffffu, "absurd"},    {28, 100000, "n_layers = 100000"},
        {32, 5, "not a multiple of n_kv_heads"}, {36, 0, "n_kv_heads = 0"},
        {40, 3, "head_dim = 3 must be even"}, {44, 1u << 30, "vocab_size"},
        {48, 0, "seq_len = 0"},         {56, 99999, "bos_id"},
        {72, 5, "rope_scaling 5"},      {24, 100, "does not match"},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        memcpy(buf, good, len);
        put_u32(buf + fields[i].off, fields[i].value);
        spit("build/tmp/bad.bin", buf, len);
        expect_model_error("build/tmp/bad.bin", fields[i].needle, "corrupt header field");
    }
    memcpy(buf, good, len);
    memcpy(buf, "RCLX", 4);  /* an unknown magic falls through to llama2.c v0, which must reject it */
    spit("build/tmp/bad.bin", buf, len);
    expect_model_error("build/tmp/bad.bin", "read as a llama2.c v0 header", "wrong magic");
    spit("build/tmp/bad.bin", good, len), spit("build/tmp/bad2.bin", good, len);
    FILE *f = fopen("build/tmp/bad.bin", "ab");
    fputc(0, f), fclose(f);
    expect_model_error("build/tmp/bad.bin", "does not match", "trailing byte");
    expect_model_error("build/tmp/does-not-exist.bin", "cannot open", "missing file");
    expect_model_error("build", "not a regular file", "directory as model");
    free(buf), free(good);
}

static void test_bad_tokenizers(void) {
    size_t len;
    char *good = slurp("tokenizer.bin", &len);
    rc_Error e = {{0}};
    rc_Tokenizer t;
    CHECK(good != NULL, "tokenizer.bin missing");
    if (!good) return;
    int rc = rc_tokenizer_load(&t, "tokenizer.bin", 32001, &e);
    CHECK(rc && strstr(e.msg, "tokenizer has 32000 tokens but the model's vocabulary has 32001"),
          "vocab mismatch: %s", e.msg);
    size_t cuts[] = {2, 40, 64, 100, len / 2, len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        spit("build/tmp/tok.bin", good, cuts[i]);
        rc = rc_tokenizer_load(&t, "build/tmp/tok.bin", 0, &e);
        if (!rc) rc_tokenizer_free(&t);
        CHECK(rc && (strstr(e.msg, "truncated") || strstr(e.msg, "too small")),
              "tokenizer cut at %zu: %s", cuts[i], rc ? e.msg : "loaded");
    }
    memcpy(good + 64 + 8, "\xff\xff\xff\x7f", 4);  /* first token's length: 2^31 - 1 */
    spit("build/tmp/tok.bin", good, len);
    rc = rc_tokenizer_load(&t, "build/tmp/tok.bin", 0, &e);
    CHECK(rc && strstr(e.msg, "has length 2147483647"), "corrupt token length: %s", rc ? e.msg : "loaded");
    free(good);
}

/* The CLI: exit status 1 and one line naming the problem. */
static void expect_cli(const char *args, int want_rc, const char *needle) {
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "%s %s", run_bin(), args);
    int rc = run_cmd(cmd, &out);
    CHECK(rc == want_rc && strstr(out, needle), "`%s`: exit %d (want %d), output \"%.200s\" lacks \"%s\"", cmd,
          rc, want_rc, out, needle);
    free(out);
}

static void test_cli(void) {
    const char *m = "build/a-gqa-tied.f32.bin";
    char args[512];
    expect_cli("-h", 0, "Usage:");
    expect_cli("", 1, "missing MODEL");
    expect_cli("build/tmp/nope.bin", 1, "build/tmp/nope.bin: cannot open");
    expect_cli("tests/data", 1, "tests/data: not a regular file");
    snprintf(args, sizeof args, "%s -I 1 -t -1", m), expect_cli(args, 1, "-t expects a number");
    snprintf(args, sizeof args, "%s -I 1 -p 2", m), expect_cli(args, 1, "-p expects a number in (0, 1]");
    snprintf(args, sizeof args, "%s -I 1 -n -5", m), expect_cli(args, 1, "-n expects an integer");
    snprintf(args, sizeof args, "%s -I 1 -k 0", m), expect_cli(args, 1, "-k expects an integer");
    snprintf(args, sizeof args, "%s -I 1 -x 3", m), expect_cli(args, 1, "unknown flag -x");
    snprintf(args, sizeof args, "%s -I 1 -m dance", m), expect_cli(args, 1, "-m must be");
    snprintf(args, sizeof args, "%s -I \"1 999\" -o ids", m), expect_cli(args, 1, "not a list of token ids in [0, 320)");
    snprintf(args, sizeof args, "%s -I 1 -o ids -z build/tmp/nope.bin", m);
    expect_cli(args, 0, "");  /* ids in, ids out: no tokenizer needed */
    snprintf(args, sizeof args, "%s -i hello", m);
    expect_cli(args, 1, "tokenizer has 32000 tokens but the model's vocabulary has 320");
    expect_cli("build/kjv15M.q8_0.bin -i \"In the beginning God created the heaven and the earth\" -c 8", 1,
               "the prompt is 11 tokens, longer than the context of 8 tokens");
    /* a prompt of exactly the context still yields one token */
    snprintf(args, sizeof args, "%s -I \"1 2 3 4\" -c 4 -o ids -t 0", m);
    expect_cli(args, 0, "generated: 1 tokens");
}

/* ---- The bad-input matrix: every format cut at many offsets, header fields corrupted -------- */

typedef struct {
    size_t start, end;
} Span;

/* The byte ranges of a loaded model's tensors in its file (a q8_0 matrix gives two). */
static int add_span(Span *sp, int n, const rc_Model *m, const void *p, uint64_t bytes) {
    if (!p) return n;
    size_t start = (size_t)((const unsigned char *)p - m->file.data);
    sp[n].start = start, sp[n].end = start + (size_t)bytes;
    return n + 1;
}
static int matrix_spans(Span *sp, int n, const rc_Model *m, const rc_Matrix *w) {
    if (w->f) return add_span(sp, n, m, w->f, (uint64_t)w->rows * w->cols * 4);
    n = add_span(sp, n, m, w->q, (uint64_t)w->rows * w->cols);
    return add_span(sp, n, m, w->s, (uint64_t)w->rows * ((w->cols + w->gs - 1) / w->gs) * 4);
}
static int model_spans(const rc_Model *m, Span *sp) {
    int n = matrix_spans(sp, 0, m, &m->embedding);
    for (int l = 0; l < m->config.n_layers; l++) {
        const rc_Layer *L = &m->layers[l];
        int d = m->config.dim;
        n = add_span(sp, n, m, L->attn_norm, (uint64_t)d * 4);
        n = add_span(sp, n, m, L->ffn_norm, (uint64_t)d * 4);
        const rc_Matrix *w[] = {&L->wq, &L->wk, &L->wv, &L->wo, &L->w1, &L->w2, &L->w3};
        for (int k = 0; k < 7; k++) n = matrix_spans(sp, n, m, w[k]);
    }
    n = add_span(sp, n, m, m->final_norm, (uint64_t)m->config.dim * 4);
    if (!m->config.tied) n = matrix_spans(sp, n, m, &m->classifier);
    return n;
}

static int cmp_size_desc(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* Cuts `path` at every header byte and at the start, start + 1, middle and end - 1 of every
   tensor; each cut must fail to load with "truncated" (or "too small" for a few bytes). The file
   is written once and shortened with truncate(), longest cut first. */
static void test_truncations(const char *path, size_t header) {
    rc_Error e = {{0}};
    rc_Model m;
    size_t len;
    char *good = slurp(path, &len);
    int ok = good && rc_model_load(&m, path, &e) == 0;
    CHECK(ok, "%s: %s", path, e.msg);
    if (!ok) return free(good);
    static Span sp[1024];
    int n_sp = model_spans(&m, sp);
    size_t *cuts = malloc((header + 4 * (size_t)n_sp + 1) * sizeof(size_t));
    size_t n_cuts = 0;
    for (size_t i = 0; i < header; i++) cuts[n_cuts++] = i;
    for (int i = 0; i < n_sp; i++) {
        size_t c[4] = {sp[i].start, sp[i].start + 1, (sp[i].start + sp[i].end) / 2, sp[i].end - 1};
        for (int k = 0; k < 4; k++) cuts[n_cuts++] = c[k];
    }
    cuts[n_cuts++] = len - 1;
    rc_model_free(&m);
    qsort(cuts, n_cuts, sizeof(size_t), cmp_size_desc);
    spit("build/tmp/cut.bin", good, len);
    int bad = 0, tried = 0;
    for (size_t i = 0; i < n_cuts; i++) {
        if (i > 0 && cuts[i] == cuts[i - 1]) continue;
        if (truncate("build/tmp/cut.bin", (off_t)cuts[i]) != 0) {
            bad++;
            continue;
        }
        tried++;
        int rc = rc_model_load(&m, "build/tmp/cut.bin", &e);
        if (rc == 0) rc_model_free(&m);
        int good_msg = rc != 0 && strncmp(e.msg, "build/tmp/cut.bin: ", 19) == 0 &&
                       (strstr(e.msg, "truncated") || strstr(e.msg, "too small"));
        if (!good_msg && bad++ < 3)
            printf("FAIL %s cut at %zu of %zu bytes: %s\n", path, cuts[i], len, rc ? e.msg : "loaded");
    }
    CHECK(bad == 0 && tried > (int)header, "%s: %d of %d truncations not reported as truncated", path, bad, tried);
    free(cuts), free(good);
}

/* Writes `good` with the i32 at `off` replaced by each of `values` and expects an error naming
   `needle` (NULL: any error). */
static void corrupt_i32(const char *what, const unsigned char *good, size_t len, size_t off,
                        const int32_t *values, int n, const char *needle) {
    unsigned char *buf = malloc(len);
    for (int i = 0; i < n; i++) {
        memcpy(buf, good, len);
        put_u32(buf + off, (uint32_t)values[i]);
        spit("build/tmp/bad.bin", buf, len);
        char label[160];
        snprintf(label, sizeof label, "%s: i32 at %zu = %d", what, off, (int)values[i]);
        expect_model_error("build/tmp/bad.bin", needle ? needle : "build/tmp/bad.bin: ", label);
    }
    free(buf);
}

static const char *cut_files[] = {"build/a-gqa-tied.q8_0.bin", "build/a-mha.f32.bin", "build/a-odd.q8_0.bin",
                                  "build/a-mha.v0.bin", "build/a-long.ak42v1.bin", "build/a-long.ak42v2.bin"};

static const int32_t absurd[] = {0, -1, INT32_MIN, INT32_MAX, 1 << 30};

static void test_bad_headers(void) {
    truncate("build/tmp/bad.bin", 0);
    /* llama2.c v0: a bare 7-int header; ak42 v1/v2: the same 7 ints at offset 8 */
    const char *names[] = {"dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab", "seq_len"};
    const char *files[] = {"build/a-mha.v0.bin", "build/a-long.ak42v1.bin", "build/a-long.ak42v2.bin"};
    for (int f = 0; f < 3; f++) {
        size_t len;
        unsigned char *good = (unsigned char *)slurp(files[f], &len);
        CHECK(good != NULL, "%s missing", files[f]);
        if (!good) continue;
        size_t base = f == 0 ? 0 : 8;
        for (int i = 0; i < 7; i++) corrupt_i32(files[f], good, len, base + 4 * (size_t)i, absurd, 5, names[i]);
        /* head counts that do not divide: dim 64 by 3 heads; 4 query heads over 3 kv heads */
        int32_t three = 3;
        corrupt_i32(files[f], good, len, base + 12, &three, 1, "is not a multiple of n_heads 3");
        corrupt_i32(files[f], good, len, base + 16, &three, 1, "not a multiple of n_kv_heads = 3");
        if (f == 0) {
            corrupt_i32(files[f], good, len, 0, absurd, 1, "read as a llama2.c v0 header");
        } else {
            int32_t versions[] = {0, 3, -1};
            corrupt_i32(files[f], good, len, 4, versions, 3, "ak42 version");
        }
        if (f == 2) { /* group_size at offset 37, unaligned */
            unsigned char *buf = malloc(len);
            int32_t gs[] = {0, -1, 1 << 30, 7, 48};
            const char *want[] = {"group_size = 0", "group_size = -1", "group_size = 1073741824",
                                  "group_size 7 does not divide", "group_size 48 does not divide"};
            for (int i = 0; i < 5; i++) {
                memcpy(buf, good, len);
                put_u32(buf + 37, (uint32_t)gs[i]);
                spit("build/tmp/bad.bin", buf, len);
                expect_model_error("build/tmp/bad.bin", want[i], "ak42 v2 group_size");
            }
            free(buf);
        }
        free(good);
    }
    /* RCLM: every u32 shape field absurd, floats NaN / out of range */
    size_t len;
    unsigned char *good = (unsigned char *)slurp("build/a-mha.f32.bin", &len);
    CHECK(good != NULL, "build/a-mha.f32.bin missing");
    if (!good) return;
    const char *rclm[] = {"dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "head_dim", "vocab_size"};
    for (int i = 0; i < 7; i++) {
        int32_t v[] = {0, 1 << 30, -1};
        corrupt_i32("RCLM", good, len, 20 + 4 * (size_t)i, v, 2, rclm[i]);
        corrupt_i32("RCLM", good, len, 20 + 4 * (size_t)i, v + 2, 1, "absurd");
    }
    int32_t seq[] = {0, -1, 1 << 30};
    corrupt_i32("RCLM", good, len, 48, seq, 3, "seq_len");
    int32_t nan_bits = 0x7fc00000, zero = 0, huge = 0x7f800000 /* inf */;
    corrupt_i32("RCLM", good, len, 64, &nan_bits, 1, "norm_eps");
    corrupt_i32("RCLM", good, len, 64, &zero, 1, "norm_eps");
    corrupt_i32("RCLM", good, len, 68, &nan_bits, 1, "rope_theta");
    corrupt_i32("RCLM", good, len, 68, &huge, 1, "rope_theta");
    int32_t ids[] = {-1, 300, INT32_MIN};
    corrupt_i32("RCLM", good, len, 56, ids, 3, "bos_id");
    corrupt_i32("RCLM", good, len, 60, ids, 3, "eos_id");
    int32_t one = 1;
    corrupt_i32("RCLM", good, len, 72, &one, 1, "invalid llama3 rope scaling parameters");
    corrupt_i32("RCLM", good, len, 12, &one, 1, "q8_0 group_size = 0");  /* f32 data called q8_0 */
    /* wrong magic / version */
    int32_t ver[] = {0, 3, -1};
    corrupt_i32("RCLM", good, len, 4, ver, 3, "RCLM version");
    free(good);

    /* empty files, directories */
    spit("build/tmp/empty.bin", "", 0);
    expect_model_error("build/tmp/empty.bin", "too small to be a checkpoint (0 bytes", "empty model");
    expect_model_error("tests", "tests: not a regular file", "directory as model");

    /* a header whose seq_len asks for a KV cache larger than memory: refused before any malloc */
    unsigned char *kjv = (unsigned char *)slurp("build/kjv15M.q8_0.bin", &len);
    if (kjv) {
        put_u32(kjv + 48, 1u << 22);
        spit("build/tmp/kjv-huge-ctx.bin", kjv, len);
        rc_Error e = {{0}};
        rc_Model m;
        rc_State s;
        int rc = rc_model_load(&m, "build/tmp/kjv-huge-ctx.bin", &e);
        CHECK(rc == 0, "kjv15M with seq_len 2^22 should load: %s", e.msg);
        if (rc == 0) {
            rc = rc_state_init(&s, &m, 0, &e);
            if (rc == 0) rc_state_free(&s);
            CHECK(rc != 0 && strstr(e.msg, "a context of 4194304 tokens needs") && strstr(e.msg, "use a shorter context"),
                  "huge KV cache: %s", rc ? e.msg : "allocated");
            rc = rc_state_init(&s, &m, 64, &e);  /* a short context is fine */
            CHECK(rc == 0, "kjv15M -c 64: %s", e.msg);
            if (rc == 0) rc_state_free(&s);
            rc_model_free(&m);
        }
        free(kjv);
    }
    /* state size arithmetic saturates instead of wrapping */
    rc_Config big = {.dim = 1 << 16, .hidden_dim = 1 << 18, .n_layers = 1024, .n_heads = 1024,
                     .n_kv_heads = 1024, .head_dim = 4096, .vocab_size = 1 << 22, .seq_len = 1 << 22};
    uint64_t kv;
    CHECK(rc_state_bytes(&big, 0, 4096, RC_KV_F32, &kv) > (1ull << 50) && kv > (1ull << 50), "rc_state_bytes wrapped");
}

/* RCTK -> llama2.c's tokenizer.bin: i32 max_token_length, then f32 score, i32 len, bytes. */
static size_t to_llama2c_tokenizer(const unsigned char *rctk, size_t len, unsigned char *out, int limit) {
    size_t w = 4, off = 64;
    put_u32(out, 64);
    for (int i = 0; off + 12 <= len && i < limit; i++) {
        uint32_t n = rc__u32(rctk + off + 8);
        memcpy(out + w, rctk + off, 4);
        put_u32(out + w + 4, n);
        memcpy(out + w + 8, rctk + off + 12, n);
        w += 8 + n, off += 12 + n;
    }
    return w;
}

static void expect_tok_error(const char *path, int model_vocab, const char *needle, const char *what) {
    rc_Error e = {{0}};
    rc_Tokenizer t;
    int rc = rc_tokenizer_load(&t, path, model_vocab, &e);
    if (rc == 0) rc_tokenizer_free(&t);
    CHECK(rc != 0 && strstr(e.msg, needle), "%s: expected an error containing \"%s\", got %s \"%s\"", what,
          needle, rc ? "error" : "success", e.msg);
}

/* Cuts a tokenizer at every header byte and around many record boundaries. */
static void tok_truncations(const char *what, const unsigned char *good, size_t len, size_t header,
                            size_t rec_head, int model_vocab) {
    size_t cuts[4096], n = 0;
    for (size_t i = 0; i < header; i++) cuts[n++] = i;
    size_t off = header;
    for (int r = 0; off + rec_head <= len && n + 8 < 4096; r++) {
        size_t l = rc__u32(good + off + rec_head - 4);
        if (r < 300 || r % 97 == 0) {
            size_t c[4] = {off + 1, off + rec_head - 1, off + rec_head, off + rec_head + l - (l > 0)};
            for (int k = 0; k < 4; k++) if (c[k] < len) cuts[n++] = c[k];
        }
        off += rec_head + l;
    }
    cuts[n++] = len - 1;
    spit("build/tmp/tokcut.bin", good, len);
    qsort(cuts, n, sizeof(size_t), cmp_size_desc);
    int bad = 0, tried = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && cuts[i] == cuts[i - 1]) continue;
        truncate("build/tmp/tokcut.bin", (off_t)cuts[i]);
        tried++;
        rc_Error e = {{0}};
        rc_Tokenizer t;
        int rc = rc_tokenizer_load(&t, "build/tmp/tokcut.bin", model_vocab, &e);
        if (rc == 0) rc_tokenizer_free(&t);
        int ok = rc != 0 && (strstr(e.msg, "truncated") || strstr(e.msg, "too small"));
        if (!ok && bad++ < 3) printf("FAIL %s cut at %zu: %s\n", what, cuts[i], rc ? e.msg : "loaded");
    }
    CHECK(bad == 0 && tried > 500, "%s: %d of %d truncations not reported", what, bad, tried);
}

static void test_bad_tokenizer_matrix(void) {
    size_t len;
    unsigned char *good = (unsigned char *)slurp("tokenizer.bin", &len);
    CHECK(good != NULL, "tokenizer.bin missing");
    if (!good) return;
    unsigned char *buf = malloc(len + 64);
    tok_truncations("RCTK tokenizer", good, len, 64, 12, 0);
    /* header fields */
    struct { size_t off; uint32_t v; const char *needle; } f[] = {
        {4, 2, "RCTK version 2"}, {8, 32, "header_size 32"}, {20, 3, "tokenizer kind 3"}, {20, 2, "pretokenizer 0 at offset 44"},
        {12, 0, "vocab_size 0 is out of range"}, {12, 1u << 23, "vocab_size 8388608 is out of range"},
        {12, 0xffffffffu, "vocab_size 4294967295"}, {12, 32001, "truncated: header says 32001 tokens, file holds 32000"},
        {24, 32000, "special token ids bos 32000"}, {28, 0x80000000u, "special token ids"},
        {32, (uint32_t)-2, "eot -2"},
        /* first record (score, type, pad, len at 64 + 8): corrupt lengths and types */
        {72, (uint32_t)-1, "has length -1"}, {72, 0x7fffffff, "has length 2147483647"},
        {72, (uint32_t)len, "but only"}, {68, 0, "unknown type 0"}, {68, 7, "unknown type 7"},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        memcpy(buf, good, len);
        put_u32(buf + f[i].off, f[i].v);
        spit("build/tmp/tok.bin", buf, len);
        expect_tok_error("build/tmp/tok.bin", 0, f[i].needle, "RCTK header/record field");
    }
    /* byte tokens must read <0xAB>: "<0x-1>" (sscanf %2X takes a sign) once wrote byte_id[0xFFFFFFFF] */
    size_t off = 64;
    int id = 0;
    for (; off + 12 <= len && id < 3; id++) off += 12 + rc__u32(good + off + 8);  /* token 3 = <0x00> */
    CHECK(memcmp(good + off + 12, "<0x00>", 6) == 0, "token 3 is not <0x00>");
    const char *bad_bytes[] = {"<0x-1>", "<0xZZ>", "<0x+F>", "[0x00]"};
    for (int i = 0; i < 4; i++) {
        memcpy(buf, good, len);
        memcpy(buf + off + 12, bad_bytes[i], 6);
        spit("build/tmp/tok.bin", buf, len);
        expect_tok_error("build/tmp/tok.bin", 0, "byte token 3 has malformed text", bad_bytes[i]);
    }
    /* llama2.c's tokenizer format */
    unsigned char *l2 = malloc(len);
    size_t l2len = to_llama2c_tokenizer(good, len, l2, 32000);
    spit("build/tmp/tok-l2c.bin", l2, l2len);
    rc_Error e = {{0}};
    rc_Tokenizer t;
    int rc = rc_tokenizer_load(&t, "build/tmp/tok-l2c.bin", 32000, &e);
    CHECK(rc == 0 && t.vocab_size == 32000 && t.byte_id[0] == 3, "llama2.c tokenizer: %s", e.msg);
    if (rc == 0) rc_tokenizer_free(&t);
    tok_truncations("llama2.c tokenizer", l2, l2len, 4, 8, 32000);
    /* shorter than the model's vocabulary */
    spit("build/tmp/tok.bin", l2, to_llama2c_tokenizer(good, len, buf, 1000));
    expect_tok_error("build/tmp/tok.bin", 32000, "the model's vocabulary needs 32000 tokens, file holds 1000",
                     "short llama2.c tokenizer");
    int32_t maxlens[] = {0, -1, 1 << 20};
    for (int i = 0; i < 3; i++) {
        memcpy(buf, l2, l2len);
        put_u32(buf, (uint32_t)maxlens[i]);
        spit("build/tmp/tok.bin", buf, l2len);
        expect_tok_error("build/tmp/tok.bin", 32000, "not a tokenizer", "llama2.c max_token_length");
    }
    memcpy(buf, l2, l2len);
    put_u32(buf + 8, (uint32_t)-7);
    spit("build/tmp/tok.bin", buf, l2len);
    expect_tok_error("build/tmp/tok.bin", 32000, "token 0 at offset 4 has length -7", "llama2.c negative length");
    /* in llama2.c's format "<0x-1>" is just text: loads, and is not a byte token */
    memcpy(buf, l2, l2len);
    size_t o2 = 4;
    for (int i = 0; i < 3; i++) o2 += 8 + rc__u32(l2 + o2 + 4);
    memcpy(buf + o2 + 8, "<0x-1>", 6);
    spit("build/tmp/tok.bin", buf, l2len);
    rc = rc_tokenizer_load(&t, "build/tmp/tok.bin", 32000, &e);
    CHECK(rc == 0 && t.type[3] == RC_TOK_NORMAL && t.byte_id[0] == -1, "llama2.c \"<0x-1>\": %s", rc ? e.msg : "");
    if (rc == 0) rc_tokenizer_free(&t);
    /* a 1-token llama2.c vocabulary has no BOS (id 1) or EOS (id 2) */
    spit("build/tmp/tok.bin", buf, to_llama2c_tokenizer(good, len, buf, 1));
    rc = rc_tokenizer_load(&t, "build/tmp/tok.bin", 0, &e);
    CHECK(rc == 0 && t.bos_id == -1, "1-token llama2.c tokenizer: %s", rc ? e.msg : "bos kept");
    if (rc == 0) {
        int ids[8];
        size_t n;
        rc = rc_encode(&t, "a", 1, RC_ENC_BOS, ids, 8, &n, &e);  /* no BOS to add: none added */
        int in_range = rc == 0;
        for (size_t i = 0; in_range && i < n; i++) in_range = ids[i] >= 0 && ids[i] < t.vocab_size;
        CHECK(in_range, "encode without BOS: %s", rc ? e.msg : "id outside the vocabulary");
        rc_tokenizer_free(&t);
    }
    /* empty files, directories */
    expect_tok_error("build/tmp/empty.bin", 0, "too small to be a tokenizer (0 bytes)", "empty tokenizer");
    expect_tok_error("tests", 0, "tests: not a regular file", "directory as tokenizer");
    free(l2), free(buf), free(good);
}

/* rc__expf against libm's expf over its whole range (x <= 0 from softmax, up to 40 from SwiGLU),
   rc__softmax's flush of tiny weights, and rc__swiglu against silu(g) * u in double: relative
   error 4e-7, and for g below -40, where the cap moves silu, an absolute error under 1e-15 |g|. */
static void test_elementwise(void) {
    double worst_exp = 0, worst_silu = 0;
    for (float x = -87.0f; x <= 40.0f; x += 0.0137f) {
        double err = fabs(rc__expf(x) - exp((double)x)) / exp((double)x);
        worst_exp = err > worst_exp ? err : worst_exp;
    }
    enum { N = 4096 };
    static float g[N], u[N];
    for (int i = 0; i < N; i++) g[i] = -1000.0f + 2000.0f * (float)i / (N - 1) * (float)i / (N - 1), u[i] = 0.75f;
    g[0] = 0.0f, g[1] = 1e-3f, g[2] = -1e-3f, g[3] = -39.0f, g[4] = -41.0f, g[5] = 88.0f;
    float out[N];
    memcpy(out, g, sizeof out);
    rc__swiglu(out, u, N);
    int bad = 0;
    for (int i = 0; i < N; i++) {
        double ref = (double)g[i] / (1.0 + exp(-(double)g[i])) * u[i];
        double err = fabs(out[i] - ref);
        if (g[i] >= -40.0f) worst_silu = fmax(worst_silu, err / fmax(fabs(ref), 1e-30));
        else bad += !(err <= 1e-15 * fabs(g[i])) || !isfinite(out[i]);
    }
    /* softmax over scores 0 .. -99: weights of more than ln(1e25) = 57.6 below the max are 0, the
       rest within 1e-6 of the exact ones */
    float sm[100];
    for (int i = 0; i < 100; i++) sm[i] = -(float)i;
    rc__softmax(sm, 100);
    double z = 0, worst_sm = 0;
    for (int i = 0; i < 100; i++) z += exp(-(double)i);
    int sm_bad = 0;
    for (int i = 0; i < 100; i++) {
        double ref = exp(-(double)i) / z;
        if (i <= 57) worst_sm = fmax(worst_sm, fabs(sm[i] - ref) / ref);
        else sm_bad += sm[i] != 0.0f;
    }
    CHECK(worst_sm < 1e-6 && sm_bad == 0, "rc__softmax: relative error %.3g, %d tiny weights not 0", worst_sm, sm_bad);
    CHECK(worst_exp < 4e-7, "rc__expf: relative error %.3g against exp over [-87, 40]", worst_exp);
    CHECK(worst_silu < 4e-7 && bad == 0, "rc__swiglu: relative error %.3g, %d values below gate -40 off", worst_silu, bad);
    printf("exp, swiglu: within %.2g and %.2g of double\n", worst_exp, worst_silu);
}

/* rc__matmul against a double-precision reference over shapes that hit every remainder of both
   kernels (GEMV: RC_STREAMS f32 rows in one loop; GEMM tiles of RC_GEMM_TR rows x RC_GEMM_TT tokens, half
   tiles, several blocks of RC_GEMM_MC rows per thread (203 rows) and chunks of columns (600:
   RC_GEMM_KC; 4200: a batch of RC_GEMM_FEW or fewer); short last q8_0 groups), in f32 and q8_0
   (groups of 32, and of 64 where the columns allow: 256 columns take the AMX tiles' two-group
   steps and their last short tile, 1088 their chunks of 512 columns). The error is measured relative to sum |w| |x| of the same
   dot product. Batches that the int16 tiles take (AMX, or AVX2 without VNNI: rc__q_gemm_act)
   must also give generation's sums (rc__row_q8 on the token's int16 groups) within 2e-6. */
static void test_matmul(void) {
    static const int rows_set[] = {1, 5, 6, 7, 13, 40, 203}, cols_set[] = {1, 7, 32, 45, 100, 256, 600, 1088, 4200};
    static const int batch_set[] = {1, 2, 3, 4, 7, 8, 15, 16, 17, 33, RC_MAX_BATCH};
    int max_rows = 203, max_cols = 4200, max_b = RC_MAX_BATCH, threads = rc__max_threads(), n_i16 = 0;
    int16_t *gq = malloc(sizeof(int16_t) * max_cols); /* one token's int16 groups, as generation's */
    float *gs_scales = malloc(sizeof(float) * max_cols);
    float *w = malloc(sizeof(float) * max_rows * max_cols), *x = malloc(sizeof(float) * max_b * max_cols);
    float *out = malloc(sizeof(float) * max_b * max_rows), *scales = malloc(sizeof(float) * max_rows * max_cols);
    int8_t *q = malloc((size_t)max_rows * max_cols);
    rc__Batch in = {.xt = malloc(sizeof(float) * RC_PANELS_PAD(max_b) * max_cols),
                    .xq = malloc(sizeof(int16_t) * max_b * max_cols), .xs = malloc(sizeof(float) * max_b * max_cols),
                    .wbuf = malloc(sizeof(float) * threads * RC_GEMM_WBUF(max_cols)), .n_threads = threads};
    uint32_t seed = 1;
    int n_cases = 0, n_bad = 0;
    char worst_case[128] = "";
    for (size_t ri = 0; ri < sizeof rows_set / sizeof *rows_set; ri++)
        for (size_t ci = 0; ci < sizeof cols_set / sizeof *cols_set; ci++)
            for (size_t bi = 0; bi < sizeof batch_set / sizeof *batch_set; bi++)
                for (int q8 = 0; q8 < 3; q8++) {
                    int rows = rows_set[ri], cols = cols_set[ci], B = batch_set[bi], gs = q8 == 2 ? 64 : 32;
                    if ((q8 == 2 && cols % 64) || rows * cols > 203 * 600) continue; /* the widest: few rows */
                    rc_Matrix m = {.rows = rows, .cols = cols, .gs = gs};
                    for (int i = 0; i < rows * cols; i++) {
                        seed = seed * 1664525u + 1013904223u;
                        q[i] = (int8_t)((int)(seed >> 24) - 128 + (seed >> 24 == 0)); /* -127..127 */
                        w[i] = (float)(int)(seed >> 8) / 16777216.0f - 0.5f;
                    }
                    for (int i = 0; i < B * cols; i++) {
                        seed = seed * 1664525u + 1013904223u;
                        x[i] = (float)(int)(seed >> 8) / 4194304.0f - 2.0f;
                    }
                    if (q8) { /* w becomes the exact dequantized weights */
                        int groups = (cols + gs - 1) / gs;
                        for (int r = 0; r < rows; r++)
                            for (int g = 0; g < groups; g++) scales[r * groups + g] = 0.001f * (float)(1 + (r + g) % 5);
                        for (int r = 0; r < rows; r++)
                            for (int k = 0; k < cols; k++)
                                w[r * cols + k] = (float)q[r * cols + k] * scales[r * groups + k / gs];
                        m.q = q, m.s = scales;
                    } else {
                        m.f = w;
                    }
                    rc__matmul(&in, x, B, 1, (const rc_Matrix *[]){&m}, &out);
                    const int i16 = B >= RC_GEMM_MIN && rc__q_gemm_act(&m) != 0;
                    n_i16 += i16;
                    double worst = 0, worst_gen = 0;
                    for (int b = 0; b < B; b++) {
                        if (i16) rc__quantize(gq, gs_scales, x + (size_t)b * cols, 1, cols, gs);
                        for (int r = 0; r < rows; r++) {
                            double ref = 0, mag = 1e-30;
                            for (int k = 0; k < cols; k++) {
                                ref += (double)w[r * cols + k] * x[b * cols + k];
                                mag += fabs((double)w[r * cols + k] * x[b * cols + k]);
                            }
                            double err = fabs(out[b * rows + r] - ref) / mag;
                            if (err > worst) worst = err;
                            if (i16) {
                                err = fabs(out[b * rows + r] - rc__row_q8(gq, gs_scales, &m, r)) / mag;
                                worst_gen = err > worst_gen ? err : worst_gen;
                            }
                        }
                    }
                    n_cases++;
                    if (worst > (q8 ? 1e-4 : 1e-5) || worst_gen > 2e-6) { /* int16 activations round at 1/32767 of a group's max */
                        n_bad++;
                        snprintf(worst_case, sizeof worst_case, "%s rows %d cols %d batch %d: relative error %.3g (%.3g from generation's)",
                                 q8 ? (gs == 64 ? "q8_0 g64" : "q8_0 g32") : "f32", rows, cols, B, worst, worst_gen);
                    }
                }
    CHECK(n_bad == 0, "matmul: %d of %d shapes wrong, e.g. %s", n_bad, n_cases, worst_case);
    printf("matmul: %d shapes of f32 and q8_0 rows, %d of them through int16 tiles (%s)\n", n_cases, n_i16,
           RC__Q_AMX ? "AMX" : RC__Q_W16 ? "AVX2" : "none in this build");
    free(gq), free(gs_scales), free(w), free(x), free(out), free(scales), free(q), free(in.xt), free(in.xq), free(in.xs), free(in.wbuf);
}

/* Generation's matrix-vector products give the same floats on any number of threads, however
   rc__matvec's shares fall (they go to whichever thread asks first, so the rows a kernel loop
   takes together change from run to run): f32 rows, RCLM q8_0 rows in whole groups (fused) and
   with a short last group, GGUF F16 and Q8_0 rows, and q4_K next to q6_K in one call (a Q4_K_M
   mix). Rows of 512 and enough of them for several shares of RC_MV_SHARE bytes; 1 to 4 threads
   (more than the cores, so timing varies), each 8 times, against 1 thread; on 1 thread, each row
   is the float its kernel gives for the row alone (runs of rows in one loop change none). */
static void test_matvec_threads(void) {
    enum { ROWS = 700, COLS = 512, BMAX = 3 };
    static float w[ROWS * COLS], scales[ROWS * COLS / 32], x[BMAX * COLS], ref[2][BMAX * ROWS], out[2][BMAX * ROWS];
    static int8_t q[ROWS * COLS];
    static unsigned char g[2][ROWS * COLS * 2];
    uint32_t seed = 7;
    for (int i = 0; i < ROWS * COLS; i++) {
        seed = seed * 1664525u + 1013904223u;
        q[i] = (int8_t)((int)(seed >> 24) - 128 + (seed >> 24 == 0));
        w[i] = (float)(int)(seed >> 8) / 16777216.0f - 0.5f;
    }
    for (int i = 0; i < ROWS * COLS / 32; i++) scales[i] = 0.001f * (float)(1 + i % 5);
    for (int i = 0; i < BMAX * COLS; i++) x[i] = (float)(i % 97) / 48.0f - 1.0f;
    int threads0 = rc__max_threads(), cases = 0, bad = 0;
    long alone = 0; /* rows compared with the same row computed alone */
    char what[160] = "";
    rc__Batch in = {.xq = malloc(sizeof(int16_t) * BMAX * COLS), .xs = malloc(sizeof(float) * BMAX * COLS),
                    .act = malloc((size_t)BMAX * (rc__q_act_bytes(RC__GGML_F16, COLS) + rc__q_act_bytes(RC__GGML_Q4_K, COLS))),
                    .n_threads = 1};
    for (int kind = 0; kind < 6; kind++) {
        rc_Matrix m[2] = {{.rows = ROWS, .cols = COLS, .gs = 32}, {.rows = ROWS / 2, .cols = COLS, .gs = 32}};
        int n_w = 1;
        const char *name = (const char *[]){"f32", "q8_0", "q8_0, short last group", "GGUF F16", "GGUF Q8_0", "GGUF q4_K + q6_K"}[kind];
        if (kind == 0) m[0].f = w;
        if (kind == 1 || kind == 2) m[0].q = q, m[0].s = scales, m[0].cols = kind == 2 ? COLS - 7 : COLS;
        if (kind >= 3) { /* random blocks, each block's f16 scales a sane 2^-15 */
            const uint32_t types[2] = {kind == 3 ? RC__GGML_F16 : kind == 4 ? RC__GGML_Q8_0 : RC__GGML_Q4_K,
                                       kind == 5 ? RC__GGML_Q6_K : RC__GGML_Q8_0};
            n_w = kind == 5 ? 2 : 1;
            for (int k = 0; k < n_w; k++) {
                const rc__GgufType *t = &rc__gguf_types[types[k]];
                m[k].type = (int)types[k], m[k].g = g[k], m[k].row_bytes = COLS / t->blck * t->size;
                for (size_t i = 0; i < (size_t)m[k].rows * m[k].row_bytes; i++) seed = seed * 1664525u + 1013904223u, g[k][i] = (unsigned char)(seed >> 24);
                for (size_t b = 0; b < (size_t)m[k].rows * COLS / t->blck; b++) {
                    unsigned char *blk = g[k] + b * t->size;
                    uint16_t half = 0x0400 + (uint16_t)(b % 512); /* F16: small normal values */
                    if (types[k] == RC__GGML_F16) memcpy(blk, &half, 2);
                    else if (types[k] == RC__GGML_Q6_K) memcpy(blk + t->size - 2, &(uint16_t){0x0200}, 2);
                    else memcpy(blk, &(uint16_t){0x0200}, 2);
                    if (types[k] == RC__GGML_Q4_K) memcpy(blk + 2, &(uint16_t){0x0200}, 2);
                }
            }
        }
        for (int B = 1; B <= BMAX; B += 2)
            for (int threads = 1; threads <= 4; threads++)
                for (int rep = 0; rep < (threads == 1 ? 1 : 8); rep++) {
#ifdef _OPENMP
                    omp_set_num_threads(threads);
#endif
                    const rc_Matrix *ws[2] = {&m[0], &m[1]};
                    rc__matmul(&in, x, B, n_w, ws, threads == 1 ? (float *[]){ref[0], ref[1]} : (float *[]){out[0], out[1]});
                    cases += threads > 1;
                    for (int k = 0; k < n_w && threads == 1; k++) /* each row as it is alone */
                        for (int b = 0; b < B; b++)
                            for (int r = 0; r < m[k].rows; r++) {
                                const int cols = m[k].cols, groups = (cols + 31) / 32;
                                float one;
                                if (m[k].f) rc__rows_f32(&one, x + (size_t)b * cols, &(const float *){w + (size_t)r * cols}, cols, 1);
                                else if (m[k].q) one = rc__row_q8(in.xq + (size_t)b * cols, in.xs + (size_t)b * groups, &m[k], r);
                                else one = rc__q_vec_dot((uint32_t)m[k].type, m[k].g + (size_t)r * m[k].row_bytes,
                                                         in.act + (size_t)b * rc__q_act_bytes((uint32_t)m[k].type, cols), cols);
                                alone += 1;
                                if (memcmp(&one, &ref[k][(size_t)b * m[k].rows + r], sizeof one)) {
                                    bad++;
                                    snprintf(what, sizeof what, "%s, batch %d, row %d of matrix %d: %a, alone %a", name, B,
                                             r, k, ref[k][(size_t)b * m[k].rows + r], one);
                                }
                            }
                    for (int k = 0; k < n_w && threads > 1; k++)
                        if (memcmp(ref[k], out[k], sizeof(float) * (size_t)B * m[k].rows)) {
                            bad++;
                            snprintf(what, sizeof what, "%s, batch %d, %d threads: not as on 1 thread", name, B, threads);
                        }
                }
    }
#ifdef _OPENMP
    omp_set_num_threads(threads0);
#endif
    (void)threads0;
    CHECK(bad == 0 && alone > 0, "matvec threads: %d of %d runs and %ld rows differ, e.g. %s", bad, cases, alone, what);
    printf("matvec: %d runs on 2-4 threads compared with 1 thread, %ld rows with each row alone\n", cases, alone);
    free(in.xq), free(in.xs), free(in.act);
}

/* The sampler never indexes outside its candidates, even for NaN logits or a 1-token vocabulary. */
static void test_sampler_edges(void) {
    rc_Error e;
    rc_Sampler s;
    float one[1] = {0.5f};
    rc_sampler_init(&s, 1, &(rc_SamplerParams){.temperature = 1, .top_p = 0.5f, .repeat_penalty = 1, .seed = 7}, &e);
    CHECK(rc_sample(&s, one) == 0, "1-token vocabulary with top-p");
    rc_sampler_free(&s);
    float nan4[4] = {NAN, NAN, NAN, NAN}; /* nothing to draw: -1, never an index outside */
    rc_sampler_init(&s, 4, &(rc_SamplerParams){.temperature = 1, .top_p = 0.9f, .repeat_penalty = 1, .seed = 7}, &e);
    int id = rc_sample(&s, nan4);
    CHECK(id == -1, "NaN logits gave id %d (want -1)", id);
    rc_sampler_free(&s);
    float nan4b[4] = {NAN, NAN, NAN, NAN};
    rc_sampler_init(&s, 4, &(rc_SamplerParams){.temperature = 1, .top_p = 1, .top_k = 2, .repeat_penalty = 1, .seed = 7}, &e);
    id = rc_sample(&s, nan4b);
    CHECK(id == -1, "NaN logits with top-k gave id %d (want -1)", id);
    rc_sampler_free(&s);
    /* the streaming printer turns bytes that can never start a character into U+FFFD at once */
    rc_Utf8 u = {{0}, 0};
    char out[64];
    size_t w = rc_utf8_feed(&u, "\xF8\x80", 2, out);
    CHECK(w == 6 && memcmp(out, "\xEF\xBF\xBD\xEF\xBF\xBD", 6) == 0 && u.n == 0, "F8 80 -> %zu bytes", w);
}

/* The sampler chain against hand-computed distributions: each stage alone, the order (top-p and
   min-p see the distribution before temperature), ties, NaN, everything masked, the penalties'
   rules and window, seeds, the draw's frequencies, and the parameter checks. */
static int survivors(const rc_SamplerParams *p, const float *logits4, int *ids, float *w) {
    rc_Error e;
    rc_Sampler s;
    float l[4];
    memcpy(l, logits4, sizeof l);
    if (rc_sampler_init(&s, 4, p, &e)) return -1;
    rc__bias_and_penalties(&s, l);
    int k = rc__survivors(&s, l);
    float total = 0;
    for (int i = 0; i < k; i++) total += s.cand[i].prob;
    for (int i = 0; i < k; i++) ids[i] = s.cand[i].id, w[i] = s.cand[i].prob / total;
    rc_sampler_free(&s);
    return k;
}

static void expect_survivors(const char *what, const rc_SamplerParams *p, const float *logits4, int k_want,
                             const int *ids_want, const double *w_want) {
    int ids[4];
    float w[4];
    int k = survivors(p, logits4, ids, w);
    int ok = k == k_want;
    for (int i = 0; ok && i < k; i++) ok = ids[i] == ids_want[i] && fabs(w[i] - w_want[i]) < 1e-5;
    CHECK(ok, "sampler %s: %d survivors (want %d): id %d p %.6f, id %d p %.6f (want id %d p %.6f)", what, k,
          k_want, k > 0 ? ids[0] : -1, k > 0 ? (double)w[0] : 0.0, k > 1 ? ids[1] : -1, k > 1 ? (double)w[1] : 0.0,
          ids_want[0], w_want[0]);
}

/* rc__top_p_prefix (top-p from the k most probable, k = 256, 1024, ..., sorted by qsort) against
   rc__candidates (every candidate, radix-sorted when there are 4096 or more): the same first
   candidates, as many as top-p keeps, for peaked and flat distributions over 20000 tokens (one
   round, two, or -1: more than a sixteenth of the vocabulary), with a cutoff that stops the list,
   and with ties (broken by id in both). */
static void test_top_p_prefix(void) {
    enum { V = 20000 };
    static float probs[V];
    static const float spread[] = {0.5f, 1.5f, 3, 12}, top_ps[] = {0.5f, 0.9f, 0.99f}, cutoffs[] = {0, 2e-4f};
    int bad = 0, unsorted = 0, rounds = 0, whole = 0, cut = 0, cases = 0;
    uint64_t rng = 99;
    for (size_t a = 0; a < 4; a++)
        for (size_t b = 0; b < 3; b++)
            for (size_t c = 0; c < 2; c++)
                for (int ties = 0; ties < 2; ties++) {
                    static double l[V];
                    double z = 0;
                    for (int i = 0; i < V; i++) {
                        double u = rc__random(&rng) + rc__random(&rng) + rc__random(&rng) - 1.5;
                        l[i] = ties ? round(u * spread[a] * 4) / 4 : u * spread[a];
                        z += exp(l[i]);
                    }
                    for (int i = 0; i < V; i++) probs[i] = (float)(exp(l[i]) / z);
                    rc_Error e;
                    rc_Sampler s, t;
                    rc_SamplerParams p = {.temperature = 1, .top_p = top_ps[b], .repeat_penalty = 1};
                    rc_sampler_init(&s, V, &p, &e), rc_sampler_init(&t, V, &p, &e);
                    int m = rc__top_p_prefix(&s, probs, V, cutoffs[c]), all = rc__candidates(&t, probs, V, cutoffs[c]);
                    for (int i = 0; i + 1 < all; i++) unsorted += rc__candidate_desc(&t.cand[i], &t.cand[i + 1]) >= 0;
                    int want = all;
                    float mass = 0;
                    for (int i = 0; i < all; i++)
                        if ((mass += t.cand[i].prob) >= p.top_p) {
                            want = i + 1;
                            break;
                        }
                    cases++;
                    if (m < 0) whole++;
                    else {
                        bad += m != want || memcmp(s.cand, t.cand, sizeof(rc__Candidate) * (size_t)m) != 0;
                        rounds += m > 256, cut += want == all && all < V;
                    }
                    rc_sampler_free(&s), rc_sampler_free(&t);
                }
    CHECK(bad == 0 && unsorted == 0 && rounds > 0 && whole > 0 && cut > 0, "sampler: top-p's prefix differs from "
          "the full sort in %d of %d cases, %d neighbours out of order in the full sorts (%d cases needed more than one "
          "round, %d all, %d stopped at the cutoff; want each > 0)", bad, cases, unsorted, rounds, whole, cut);
}

static void test_sampler_chain(void) {
    const float l[4] = {1, 2, 3, 4};
    double z = exp(1) + exp(2) + exp(3) + exp(4);
    rc_SamplerParams base = {.temperature = 1, .top_p = 1, .repeat_penalty = 1};
    rc_SamplerParams p = base;
    expect_survivors("softmax", &p, l, 4, (int[]){3, 2, 1, 0}, (double[]){exp(4) / z, exp(3) / z, exp(2) / z, exp(1) / z});
    p = base, p.top_k = 2; /* e^4, e^3 renormalised */
    double z2 = exp(4) + exp(3);
    expect_survivors("top-k 2", &p, l, 2, (int[]){3, 2}, (double[]){exp(4) / z2, exp(3) / z2});
    p = base, p.top_p = 0.7f; /* 0.644 < 0.7 <= 0.644 + 0.237 */
    expect_survivors("top-p 0.7", &p, l, 2, (int[]){3, 2}, (double[]){exp(4) / z2, exp(3) / z2});
    p = base, p.top_p = 0.6f;
    expect_survivors("top-p 0.6", &p, l, 1, (int[]){3}, (double[]){1});
    p = base, p.min_p = 0.3f; /* keeps p >= 0.3 * 0.644 = 0.193: ids 3 and 2 */
    expect_survivors("min-p 0.3", &p, l, 2, (int[]){3, 2}, (double[]){exp(4) / z2, exp(3) / z2});
    p = base, p.min_p = 0.05f; /* 0.032 < 0.05 * 0.644 = 0.0322 < 0.087: drops id 0 alone */
    double z3 = exp(4) + exp(3) + exp(2);
    expect_survivors("min-p 0.05", &p, l, 3, (int[]){3, 2, 1}, (double[]){exp(4) / z3, exp(3) / z3, exp(2) / z3});
    /* temperature comes last: at T = 10 top-p 0.7 still keeps two (the flattened distribution would
       need three), weighted e^0.4 : e^0.3 */
    p = base, p.top_p = 0.7f, p.temperature = 10;
    double zt = exp(0.4) + exp(0.3);
    expect_survivors("top-p then temperature", &p, l, 2, (int[]){3, 2}, (double[]){exp(0.4) / zt, exp(0.3) / zt});
    p = base, p.top_k = 3, p.temperature = 0.5f;
    double zh = exp(8) + exp(6) + exp(4);
    expect_survivors("top-k then temperature 0.5", &p, l, 3, (int[]){3, 2, 1}, (double[]){exp(8) / zh, exp(6) / zh, exp(4) / zh});
    /* ties: the lowest id first, in top-k and in greedy */
    const float tie[4] = {1, 1, 1, 1};
    p = base, p.top_k = 2;
    expect_survivors("ties, top-k 2", &p, tie, 2, (int[]){0, 1}, (double[]){0.5, 0.5});
    p = base, p.temperature = 0;
    expect_survivors("ties, greedy", &p, tie, 1, (int[]){0}, (double[]){1});
    /* NaN never survives; everything -inf (or NaN) leaves nothing */
    const float nan_l[4] = {NAN, 1, NAN, 0};
    p = base;
    expect_survivors("NaN", &p, nan_l, 2, (int[]){1, 3}, (double[]){exp(1) / (exp(1) + 1), 1 / (exp(1) + 1)});
    const float none[4] = {-INFINITY, NAN, -INFINITY, -INFINITY};
    int ids[4];
    float w[4];
    CHECK(survivors(&p, none, ids, w) == 0, "sampler: all logits -inf/NaN must leave no survivor");
    rc_LogitBias ban_all[4] = {{0, -INFINITY}, {1, -INFINITY}, {2, -INFINITY}, {3, -INFINITY}};
    p = base, p.bias = ban_all, p.n_bias = 4;
    CHECK(survivors(&p, l, ids, w) == 0, "sampler: banning every token must leave no survivor");
    p.temperature = 0;
    CHECK(survivors(&p, l, ids, w) == 0, "sampler: banning every token must leave no survivor (greedy)");
    /* logit bias: +3 on id 0 makes it the argmax; -inf on id 3 leaves 2 the argmax */
    p = base, p.temperature = 0, p.bias = (rc_LogitBias[]){{0, 3.5f}}, p.n_bias = 1;
    expect_survivors("bias +3.5 on 0, greedy", &p, l, 1, (int[]){0}, (double[]){1});
    p.bias = (rc_LogitBias[]){{3, -INFINITY}};
    expect_survivors("ban 3, greedy", &p, l, 1, (int[]){2}, (double[]){1});
    /* penalties: llama.cpp's repetition rule, then OpenAI's; only tokens in the last N count */
    rc_Error e;
    rc_Sampler s;
    rc_SamplerParams pp = base;
    pp.repeat_penalty = 2, pp.frequency_penalty = 0.5f, pp.presence_penalty = 0.25f, pp.repeat_last_n = 4;
    CHECK(rc_sampler_init(&s, 4, &pp, &e) == 0, "sampler init: %s", e.msg);
    int seq[] = {0, 0, 0, 3, 2, 3, 1}; /* the last 4: 3 2 3 1 */
    for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++) rc_sampler_accept(&s, seq[i]);
    float pl[4] = {1, 2, -1, 4};
    rc__bias_and_penalties(&s, pl);
    /* id 0: not recent; 1: 2/2 - 0.5 - 0.25; 2: -1*2 - 0.5 - 0.25; 3: 4/2 - 2*0.5 - 0.25 */
    CHECK(pl[0] == 1 && fabsf(pl[1] - 0.25f) < 1e-6f && fabsf(pl[2] + 2.75f) < 1e-6f && fabsf(pl[3] - 0.75f) < 1e-6f,
          "penalties: got %g %g %g %g, want 1 0.25 -2.75 0.75", (double)pl[0], (double)pl[1], (double)pl[2],
          (double)pl[3]);
    s.p.temperature = 0; /* greedy sees the penalised logits: id 0 now wins over 3 */
    float gl[4] = {1, 2, -1, 4};
    CHECK(rc_sample(&s, gl) == 0, "greedy after penalties: want id 0");
    rc_sampler_reset(&s);
    float rl[4] = {1, 2, -1, 4};
    CHECK(rc_sample(&s, rl) == 3, "after rc_sampler_reset the penalties are gone: want id 3");
    rc_sampler_free(&s);
    /* a seed makes the draws reproducible; the frequencies follow the survivors' weights */
    rc_Sampler a, b;
    rc_SamplerParams sd = base;
    sd.top_k = 2, sd.seed = 42;
    rc_sampler_init(&a, 4, &sd, &e), rc_sampler_init(&b, 4, &sd, &e);
    int same = 1, n3 = 0, N = 20000;
    for (int i = 0; i < N; i++) {
        float x[4], y[4];
        memcpy(x, l, sizeof x), memcpy(y, l, sizeof y);
        int ia = rc_sample(&a, x), ib = rc_sample(&b, y);
        same &= ia == ib;
        n3 += ia == 3;
    }
    CHECK(same, "two samplers with seed 42 drew different tokens");
    CHECK(fabs((double)n3 / N - exp(4) / z2) < 0.015, "top-k 2 drew id 3 %.4f of the time (want %.4f)",
          (double)n3 / N, exp(4) / z2);
    rc_sampler_free(&a), rc_sampler_free(&b);
    /* parameter checks name the bad one */
    struct { rc_SamplerParams p; const char *needle; } bad[] = {
        {{.temperature = 1, .top_p = 1, .repeat_penalty = 1, .min_p = 2}, "min-p 2 out of range"},
        {{.temperature = 1, .top_p = 1, .repeat_penalty = 0}, "repeat penalty 0 out of range"},
        {{.temperature = 1, .top_p = 1, .repeat_penalty = 1, .repeat_last_n = -1}, "repeat-last-n -1"},
        {{.temperature = 1, .top_p = 1, .repeat_penalty = 1, .frequency_penalty = 3}, "frequency penalty 3"},
        {{.temperature = 1, .top_p = 1, .repeat_penalty = 1, .bias = (rc_LogitBias[]){{4, 1}}, .n_bias = 1},
         "logit bias 0 for token 4"},
        {{.temperature = 1, .top_p = 1, .repeat_penalty = 1, .bias = (rc_LogitBias[]){{1, NAN}}, .n_bias = 1},
         "logit bias 0 for token 1"},
        {{.temperature = -1, .top_p = 1, .repeat_penalty = 1}, "temperature -1"},
        {{.temperature = 1, .top_p = 0, .repeat_penalty = 1}, "top-p 0"},
        {{.temperature = 1, .top_p = 1, .repeat_penalty = 1, .top_k = 5}, "top-k 5 out of range"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = rc_sampler_init(&s, 4, &bad[i].p, &e);
        CHECK(rc != 0 && strstr(e.msg, bad[i].needle), "sampler params %zu: want \"%s\", got %s", i, bad[i].needle,
              rc ? e.msg : "accepted");
        if (rc == 0) rc_sampler_free(&s);
    }
}

/* Text of a generation, collected from rc_generate's emit; ends[i]: bytes after token i. */
typedef struct {
    char text[8192];
    size_t len;
    int ids[1024], n;
} GenText;

static int gen_text_emit(void *user, int token, const char *text, size_t len) {
    GenText *g = user;
    if (g->len + len < sizeof g->text) memcpy(g->text + g->len, text, len), g->len += len;
    if (token >= 0 && g->n < 1024) g->ids[g->n++] = token;
    return 0;
}

/* First position of a 4-gram of ids[0..n) that occurred before, or -1. */
static int repeated_4gram(const int *ids, int n) {
    for (int i = 4; i + 4 <= n; i++)
        for (int j = 0; j < i; j++)
            if (memcmp(ids + i, ids + j, 4 * sizeof(int)) == 0) return i;
    return -1;
}

/* Greedy (plus the given penalties and stop strings) on kjv15M after `prompt`, into *out. */
static int kjv_generate(rc_Model *m, rc_Tokenizer *t, const char *prompt, float repeat, const char *const *stop,
                        int n_stop, int n_new, GenText *out, rc_Stats *st) {
    rc_Error e;
    rc_State s;
    rc_Sampler smp;
    rc_Ids ids = {0};
    rc_SamplerParams sp = rc_sampler_defaults();
    sp.temperature = 0, sp.repeat_penalty = repeat;
    memset(out, 0, sizeof *out);
    int rc = rc_state_init(&s, m, 0, &e) || rc_sampler_init(&smp, m->config.vocab_size, &sp, &e) ||
             rc_encode_ids(t, prompt, strlen(prompt), RC_ENC_BOS, &ids, &e);
    rc_GenParams g = {.max_new = n_new, .stop = stop, .n_stop = n_stop};
    if (!rc) rc = rc_generate(&s, t, &smp, ids.v, (int)ids.n, 0, &g, gen_text_emit, out, st, &e);
    if (rc) printf("kjv generate: %s\n", e.msg);
    rc_ids_free(&ids), rc_sampler_free(&smp), rc_state_free(&s);
    return rc;
}

/* rc_model_load_mode: RC_LOAD_COPY reads a file of 2 MiB or more into huge-page memory (Linux),
   RC_LOAD_MAP uses it in place; both give the same logits bit for bit, and so do ./run with and
   without --mmap. A smaller file stays mapped; an unknown mode is an error. */
static void test_load_modes(void) {
    const char *files[] = {"models/kjv15M.q8_0.bin", "build/gguf/kjv15M.Q8_0.gguf", "build/a-mha.f32.bin"};
    for (int f = 0; f < 3; f++) {
        rc_Model m[2];
        rc_State s[2];
        rc_Error e;
        float *logits[2];
        const int ids[4] = {1, 45, 36, 31}; /* within every vocabulary here (a-mha: 300) */
        int ok = 1;
        for (int k = 0; k < 2; k++) {
            ok = ok && rc_model_load_mode(&m[k], files[f], k ? RC_LOAD_MAP : RC_LOAD_COPY, &e) == 0 &&
                 rc_state_init(&s[k], &m[k], 16, &e) == 0 && rc_forward(&s[k], ids, 4, 0, RC_LOGITS_LAST, NULL, &e) == 0;
            if (!ok) break;
            logits[k] = s[k].logits;
        }
        if (!ok) {
            CHECK(0, "load modes: %s", e.msg);
            return;
        }
#if defined(__linux__) && defined(MADV_HUGEPAGE) /* and a kernel with transparent huge pages */
        const int want = m[0].file.size >= ((size_t)2 << 20) && access("/sys/kernel/mm/transparent_hugepage", F_OK) == 0;
#else
        const int want = 0;
#endif
        const int same = memcmp(logits[0], logits[1], (size_t)m[0].config.vocab_size * sizeof(float)) == 0;
        CHECK(m[0].file.huge == want && m[1].file.huge == 0 && same,
              "load modes, %s (%zu bytes): RC_LOAD_COPY huge %d (expected %d), RC_LOAD_MAP huge %d, logits %s",
              files[f], m[0].file.size, m[0].file.huge, want, m[1].file.huge, same ? "equal" : "differ");
        for (int k = 0; k < 2; k++) rc_state_free(&s[k]), rc_model_free(&m[k]);
    }
    rc_Model bad;
    rc_Error e;
    CHECK(rc_model_load_mode(&bad, files[0], 7, &e) != 0 && strstr(e.msg, "unknown load mode 7"),
          "rc_model_load_mode with mode 7: expected an error, got \"%s\"", e.msg);
    char cmd[512], *out[2];
    int rc[2];
    for (int k = 0; k < 2; k++) {
        snprintf(cmd, sizeof cmd, "%s models/kjv15M.q8_0.bin%s -I \"1 450 3681\" -o ids -t 0 -n 12", run_bin(),
                 k ? " --mmap" : "");
        rc[k] = run_cmd(cmd, &out[k]);
        out[k][strcspn(out[k], "\n")] = 0; /* the ids; the stats line after it differs */
    }
    CHECK(rc[0] == 0 && rc[1] == 0 && strlen(out[0]) > 20 && strcmp(out[0], out[1]) == 0,
          "./run with and without --mmap: exit %d / %d, ids \"%s\" / \"%s\"", rc[0], rc[1], out[0], out[1]);
    free(out[0]), free(out[1]);
}

/* Penalties and stop strings on the real kjv15M model and Llama 2 vocabulary. */
static void test_generation_controls(void) {
    rc_Error e;
    rc_Model m;
    rc_Tokenizer t;
    if (rc_model_load(&m, "models/kjv15M.q8_0.bin", &e) || rc_tokenizer_load(&t, "tokenizer.bin", m.config.vocab_size, &e)) {
        CHECK(0, "kjv15M: %s", e.msg);
        return;
    }
    GenText plain, pen, cut;
    rc_Stats st;
    /* greedy "The king of Babylon" repeats a 4-gram within 64 tokens; --repeat-penalty 1.3 stops that */
    kjv_generate(&m, &t, "The king of Babylon", 1, NULL, 0, 64, &plain, &st);
    kjv_generate(&m, &t, "The king of Babylon", 1.3f, NULL, 0, 64, &pen, &st);
    CHECK(plain.n == 64 && repeated_4gram(plain.ids, 64) >= 0, "kjv15M greedy: expected a repeated 4-gram in "
          "64 tokens without a penalty: \"%.120s\"", plain.text);
    int at = repeated_4gram(pen.ids, pen.n);
    CHECK(pen.n == 64 && at < 0, "kjv15M with repeat penalty 1.3: a 4-gram repeats at token %d: \"%.200s\"", at, pen.text);
    /* stop strings, chosen from the plain text: one split across two tokens, one a prefix of
       another that never completes, one that never occurs */
    GenText ref;
    kjv_generate(&m, &t, "And God said", 1, NULL, 0, 96, &ref, &st);
    size_t ends[1024], w = 0;
    for (int i = 0; i < ref.n; i++) {
        size_t plen;
        rc_decode(&t, i ? ref.ids[i - 1] : 3, ref.ids[i], &plen); /* 3: any id that is not BOS */
        ends[i] = (w += plen);
    }
    int j; /* a token boundary well inside the text with 3 bytes either side that first occur there */
    char split[8], longer[16];
    for (j = 20; j < ref.n - 2; j++) {
        if (ends[j] < 3 || ends[j] + 3 > ref.len) continue;
        memcpy(split, ref.text + ends[j] - 3, 6), split[6] = 0;
        if (!strchr(split, '\'') && (size_t)(strstr(ref.text, split) - ref.text) == ends[j] - 3) break;
    }
    CHECK(j < ref.n - 2, "stop strings: no usable token boundary in \"%.100s\"", ref.text);
    snprintf(longer, sizeof longer, "%sQQQ", split); /* has split as a prefix, never completes */
    size_t want_len = ends[j] - 3;
    const char *stops[] = {"never in the text!", longer, split};
    kjv_generate(&m, &t, "And God said", 1, stops, 3, 96, &cut, &st);
    CHECK(cut.len == want_len && memcmp(cut.text, ref.text, want_len) == 0 && st.stop == 2,
          "stop strings {\"%s\", \"%s\"}: %zu bytes (want %zu, the text before the split one), stop %d: \"%.*s\"",
          longer, split, cut.len, want_len, st.stop, (int)cut.len, cut.text);
    /* a stop string that is only ever a prefix at the very end: held back, then given out in full */
    char tail[16];
    snprintf(tail, sizeof tail, "%.2sZZ", ref.text + ref.len - 2);
    const char *tail_stop[] = {tail};
    kjv_generate(&m, &t, "And God said", 1, tail_stop, 1, 96, &cut, &st);
    CHECK(cut.len == ref.len && memcmp(cut.text, ref.text, ref.len) == 0 && st.stop == -1,
          "stop string \"%s\" that never completes: the output must be whole (%zu of %zu bytes)", tail, cut.len,
          ref.len);
    /* the CLI: --stop cuts stdout byte-exactly, after the prompt's echo */
    char cmd[512], *out;
    snprintf(cmd, sizeof cmd, "{ %s models/kjv15M.q8_0.bin -i \"And God said\" -t 0 -n 96 --stop '%s' --stop zzzz 2>/dev/null; }",
             run_bin(), split);
    int rc = run_cmd(cmd, &out);
    char want[8192];
    snprintf(want, sizeof want, "And God said%.*s\n", (int)want_len, ref.text);
    CHECK(rc == 0 && strcmp(out, want) == 0, "CLI --stop '%s': exit %d, \"%.200s\"", split, rc, out);
    free(out);
    rc_tokenizer_free(&t), rc_model_free(&m);
}

/* Context shift: layer 0's keys after a shift equal those computed at the new positions (every
   RoPE layout and frequency rule), values move unchanged; generation and chat go on past the
   context. */
static void test_context_shift(void) {
    const char *models[] = {"build/a-gqa-tied.f32.bin", "build/a-llama3-rope.f32.bin", "build/arch/qwen3-gqa-tied.f32.bin",
                            "build/arch/qwen2-gqa.f32.bin"};
    for (size_t k = 0; k < sizeof models / sizeof models[0]; k++) {
        rc_Error e;
        rc_Model m;
        rc_State a, b;
        if (rc_model_load(&m, models[k], &e)) {
            CHECK(0, "%s", e.msg);
            continue;
        }
        int ctx = m.config.seq_len < 96 ? m.config.seq_len : 96, keep = 3, drop = ctx / 3, n = ctx;
        int *tok = malloc((size_t)n * sizeof(int));
        for (int i = 0; i < n; i++) tok[i] = (i * 7919 + 13) % m.config.vocab_size;
        int ok = rc_state_init(&a, &m, ctx, &e) == 0 && rc_state_init(&b, &m, ctx, &e) == 0 &&
                 rc_forward(&a, tok, n, 0, RC_LOGITS_LAST, NULL, &e) == 0 &&
                 rc_context_shift(&a, keep, drop, n, &e) == 0 &&
                 /* b: the kept tokens, then the moved ones fed directly at their new positions */
                 rc_forward(&b, tok, keep, 0, RC_LOGITS_LAST, NULL, &e) == 0 &&
                 rc_forward(&b, tok + keep + drop, n - keep - drop, keep, RC_LOGITS_LAST, NULL, &e) == 0;
        CHECK(ok, "%s: context shift setup: %s", models[k], e.msg);
        if (ok) {
            int kv_dim = m.config.n_kv_heads * m.config.head_dim;
            double worst = 0, mag = 0;
            for (size_t i = 0; i < (size_t)(n - drop) * kv_dim; i++) {
                double d = fabs((double)((float *)a.key_cache)[i] - ((float *)b.key_cache)[i]);
                if (d > worst) worst = d;
                if (fabs(((float *)b.key_cache)[i]) > mag) mag = fabs(((float *)b.key_cache)[i]);
            }
            int values_moved = 1; /* every layer's values: position p + drop went to p, bit for bit */
            rc_State c;
            ok = rc_state_init(&c, &m, ctx, &e) == 0 && rc_forward(&c, tok, n, 0, RC_LOGITS_LAST, NULL, &e) == 0;
            for (int l = 0; ok && l < m.config.n_layers; l++)
                for (int p = keep; p < n - drop; p++) {
                    size_t to = ((size_t)l * ctx + p) * kv_dim, from = to + (size_t)drop * kv_dim;
                    values_moved &= memcmp((float *)a.value_cache + to, (float *)c.value_cache + from, kv_dim * sizeof(float)) == 0;
                }
            CHECK(ok && worst <= 1e-5 * (mag > 1 ? mag : 1) && values_moved,
                  "%s: shifted keys of layer 0 differ from direct ones by %.3g (max |k| %.3g); values moved: %d",
                  models[k], worst, mag, values_moved);
            printf("context shift %s: layer-0 keys within %.2g of direct (max |k| %.2g)\n", models[k], worst, mag);
            if (ok) rc_state_free(&c);
        }
        if (ok) rc_state_free(&a), rc_state_free(&b);
        free(tok);
        rc_model_free(&m);
    }
    char cmd[512], *out;
    /* 4x the context, EOS banned so it cannot end early */
    snprintf(cmd, sizeof cmd, "%s models/kjv15M.q8_0.bin -i \"And God said\" -c 32 -n 128 -s 5 --context-shift "
             "--logit-bias 2=-inf 2>&1 >/dev/null", run_bin());
    int rc = run_cmd(cmd, &out);
    CHECK(rc == 0 && strstr(out, "generated: 128 tokens"), "generate 4x the context with --context-shift: exit %d, %.200s",
          rc, out);
    free(out);
    snprintf(cmd, sizeof cmd, "%s models/kjv15M.q8_0.bin -i \"And God said\" -c 32 -n 128 -s 5 --context-shift "
             "--kv f16 --logit-bias 2=-inf 2>&1 >/dev/null", run_bin());
    rc = run_cmd(cmd, &out);
    CHECK(rc == 0 && strstr(out, "generated: 128 tokens"), "--context-shift with --kv f16: exit %d, %.200s", rc, out);
    free(out);
    snprintf(cmd, sizeof cmd, "%s models/kjv15M.q8_0.bin -i \"And God said\" -c 32 -n 128 -s 5 --logit-bias 2=-inf "
             "2>&1 >/dev/null", run_bin());
    rc = run_cmd(cmd, &out);
    CHECK(rc == 0 && strstr(out, "generated: 29 tokens") && strstr(out, "context of 32 tokens is full"),
          "generate past the context without --context-shift: exit %d, %.200s", rc, out);
    free(out);
}

/* Chat past the context: the oldest whole turns go, the system prompt stays (Llama 3's template:
   BOS and the system block, up to its first <|eot_id|>), every line gets a reply (5 turns of about
   28 positions each in 96). */
static void test_chat_shift(void) {
    char *out;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "{ yes 'Tell me more about the capitals of Europe, please.' | head -5 | %s "
             "build/llama3-tiny.f32.bin -z tests/data/bpe/llama3.rctk -m chat -t 0 -n 8 -c 96 -v "
             "-y 'You are terse.'; }", run_bin());
    int rc = run_cmd(cmd, &out);
    int replies = 0, keep = -1, drops = 0, kept_ok = 1;
    for (char *p = out; (p = strstr(p, "Assistant: ")); p++) replies++;
    char *first = strstr(out, "prompt ids:");
    if (first) { /* the system block: BOS, header, content, up to and with the first <|eot_id|> */
        int id, off, n = 0;
        for (char *p = first + 11; sscanf(p, "%d%n", &id, &off) == 1; p += off) {
            n++;
            if (id == 128009) {
                keep = n;
                break;
            }
        }
    }
    for (char *p = out; (p = strstr(p, "context shift: dropped ")); p++) {
        int dropped, kept;
        drops++;
        kept_ok &= sscanf(p, "context shift: dropped %d positions (the oldest turn), kept the first %d", &dropped, &kept) == 2 &&
                   kept == keep && dropped > 0;
    }
    CHECK(rc == 0 && replies == 5 && drops > 0 && kept_ok && !strstr(out, "is full"),
          "chat past the context: exit %d, %d replies of 5, %d drops, kept the system block of %d: %d; %.300s", rc,
          replies, drops, keep, kept_ok, out);
    free(out);
}

/* JSON mode (rc_GenParams.json) over two real vocabularies, Llama 2's (SentencePiece) and Llama
   3's (byte-level): RC_TEST_JSON_TRIALS (default 500) seeded generations each, at temperature 1.5
   with top-k 40, from random logits (the mask and the sampler are what is under test, and a
   forward pass per token would cost minutes: each step's logits are a random rotation of one
   random table), every one closed within 32 tokens and parsed by Python's json module as an
   object. Then the CLI's --json on kjv15M end to end. */
static void test_json_mode(void) {
    const char *vocabs[2] = {"tokenizer.bin", "tests/data/bpe/llama3.rctk"};
    const char *env = getenv("RC_TEST_JSON_TRIALS");
    int trials = env ? atoi(env) : 500, max_new = 32;
    for (int v = 0; v < 2; v++) {
        rc_Error e;
        rc_Tokenizer t;
        rc_Sampler smp;
        if (rc_tokenizer_load(&t, vocabs[v], 0, &e)) {
            CHECK(0, "json: %s", e.msg);
            continue;
        }
        rc_SamplerParams sp = rc_sampler_defaults();
        sp.temperature = 1.5f, sp.top_k = 40, sp.seed = 1234 + v;
        rc_sampler_init(&smp, t.vocab_size, &sp, &e);
        unsigned char *plain = malloc((size_t)t.vocab_size);
        float *logits = malloc((size_t)t.vocab_size * sizeof(float)), *table = malloc(2 * (size_t)t.vocab_size * sizeof(float));
        rc__json_plain(&t, plain);
        char path[64];
        snprintf(path, sizeof path, "build/tmp/json-%d.txt", v);
        FILE *f = fopen(path, "w");
        uint64_t rng = 99 + (uint64_t)v;
        for (int i = 0; i < t.vocab_size; i++) /* roughly normal, spread like a model's logits; twice */
            table[i] = table[i + t.vocab_size] = 3.0f * (rc__random(&rng) + rc__random(&rng) + rc__random(&rng) - 1.5f);
        int open = 0, steps = 0;
        double mask_s = 0;
        for (int k = 0; k < trials; k++) {
            rc__Json j = {0};
            int prev = -1, n = 0;
            while (n < max_new && rc__json_need(&j) > 0) {
                memcpy(logits, table + (size_t)(rc__random(&rng) * (float)t.vocab_size), (size_t)t.vocab_size * sizeof(float));
                double t0 = rc__now();
                rc__json_mask(&j, &t, plain, prev, max_new - n, logits);
                mask_s += rc__now() - t0, steps++;
                int id = rc_sample(&smp, logits);
                size_t len;
                const char *p = id >= 0 ? rc_decode(&t, prev, id, &len) : "";
                if (id < 0 || !rc__json_feed(&j, p, len)) break;
                for (size_t i = 0; i < len; i++) fprintf(f, "%02x", (unsigned char)p[i]);
                prev = id, n++;
            }
            open += rc__json_need(&j) > 0;
            fputs("\n", f);
        }
        fclose(f);
        CHECK(open == 0, "json %s: %d of %d generations did not close within %d tokens", vocabs[v], open, trials, max_new);
        char cmd[512], *out;
        snprintf(cmd, sizeof cmd, "%s -c \"import json,sys\nbad=0\nn=0\nfor l in open('%s'):\n n+=1\n"
                 " try:\n  o=json.loads(bytes.fromhex(l.strip()).decode('utf-8'))\n  bad+=not isinstance(o,dict)\n"
                 " except Exception as x:\n  bad+=1\n  print('invalid:',repr(bytes.fromhex(l.strip()))[:200])\n"
                 "print('parsed',n,'bad',bad)\"", getenv("PYTHON") ? getenv("PYTHON") : "python3", path);
        int rc = run_cmd(cmd, &out);
        char want[64];
        snprintf(want, sizeof want, "parsed %d bad 0", trials);
        CHECK(rc == 0 && strstr(out, want), "json %s: Python's json module: %.300s", vocabs[v], out);
        printf("json mode %s (%d tokens): %d generations parse as objects; mask %.3f ms per token\n", vocabs[v],
               t.vocab_size, trials, 1e3 * mask_s / (steps ? steps : 1));
        free(out), free(plain), free(logits), free(table);
        rc_sampler_free(&smp), rc_tokenizer_free(&t);
    }
    /* the CLI on the real model: 20 seeds, each stdout (BOS echoes as nothing) an object; a stop
       string that cuts the object is an error (-n cannot: "{}" is one token) */
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "for s in $(seq 1 20); do %s models/kjv15M.q8_0.bin -I 1 --json -t 1.5 -s $s -n 40 "
             "> build/tmp/json-cli-$s.txt 2>/dev/null || echo \"exit $?\"; done; %s -c \"import json\nfor s in range(1, 21):\n"
             " o=json.loads(open('build/tmp/json-cli-%%d.txt' %% s, encoding='utf-8').read())\n assert isinstance(o, dict), s\n"
             "print('cli objects: 20')\"", run_bin(), getenv("PYTHON") ? getenv("PYTHON") : "python3");
    int rc = run_cmd(cmd, &out);
    CHECK(rc == 0 && strstr(out, "cli objects: 20") && !strstr(out, "exit"), "--json on kjv15M: %.400s", out);
    free(out);
    /* and on llama3-tiny, with the real Llama 3 vocabulary (3 seeds: 128256 logits per token are slow) */
    snprintf(cmd, sizeof cmd, "for s in 1 2 3; do %s build/llama3-tiny.f32.bin -z tests/data/bpe/llama3.rctk -I 128000 "
             "--json -t 1.5 -s $s -n 24 > build/tmp/json-cli-$s.txt 2>/dev/null || echo \"exit $?\"; done; %s -c "
             "\"import json\nfor s in range(1, 4):\n o=json.loads(open('build/tmp/json-cli-%%d.txt' %% s, encoding='utf-8')"
             ".read())\n assert isinstance(o, dict), s\nprint('cli objects: 3')\"", run_bin(),
             getenv("PYTHON") ? getenv("PYTHON") : "python3");
    rc = run_cmd(cmd, &out);
    CHECK(rc == 0 && strstr(out, "cli objects: 3") && !strstr(out, "exit"), "--json on llama3-tiny: %.400s", out);
    free(out);
    expect_cli("models/kjv15M.q8_0.bin -I 1 --json -n 8 -s 3 --stop '{'", 1,
               "--json: the output above is not a complete JSON object (a stop string ended it after");
}

static void test_cli_matrix(void) {
    const char *m = "build/a-gqa-tied.f32.bin", *k = "build/kjv15M.q8_0.bin -z tokenizer.bin";
    char args[512];
    struct { const char *flags; const char *needle; } bad[] = {
        {"-I 1 -k 99999", "-k 99999 exceeds the vocabulary size"}, {"-I 1 -c 0", "-c expects an integer"},
        {"-I 1 -c 100000 -o ids", "context 100000 exceeds the model's seq_len 128"},
        {"-I 1 -j 0", "-j expects an integer"}, {"-I 1 -p 0", "-p expects a number in (0, 1]"},
        {"-I 1 -t nan", "-t expects a number"}, {"-I 1 -t inf", "-t expects a number"},
        {"-I 1 -n abc", "-n expects an integer"}, {"-I 1 -n 99999999999", "-n expects an integer"},
        {"-I 1 -s -1", "-s expects an integer"}, {"-I 1 -n", "-n needs a value"},
        {"-I 1 -o xml", "-o must be text or ids"}, {"-I \"\" -o ids", "holds no token ids"},
        {"-I -1 -o ids", "not a list of token ids"}, {"-I \"1 x\" -o ids", "not a list of token ids"},
        {"-I 1 -i a", "not both"}, {"-I 1 --long 1", "unknown flag --long"}, {"-I 1 extra", "unexpected argument"},
        {"-m ppl", "-m ppl needs a text file"}, {"-I 1 --min-p 2", "--min-p expects a number in [0, 1]"},
        {"-I 1 --repeat-penalty 0", "--repeat-penalty expects a number in (0, 100]"},
        {"-I 1 -o ids --logit-bias 99999999=1", "logit bias 0 for token 99999999"},
        {"-I 1 --logit-bias 5", "--logit-bias expects TOKEN_ID=BIAS"}, {"-I 1 --stop \"\"", "--stop needs a non-empty"},
        {"-I 1 --frequency-penalty 3", "--frequency-penalty expects"}, {"-I 1 --repeat-last-n -2", "--repeat-last-n expects"},
        {"-I 1 -m chat --keep 3", "--keep is for -m generate"}, {"-I 1 --kv f8", "--kv must be f32, f16 or bf16"}, {"-I 1 -o ids --stop x", "stop string 0 is given without a tokenizer"}, {"-I \"1 2 3 4 5\" -c 4 -o ids", "does not fit the context"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(args, sizeof args, "%s %s", m, bad[i].flags);
        expect_cli(args, 1, bad[i].needle);
    }
    expect_cli("build/tmp/empty.bin", 1, "build/tmp/empty.bin: too small to be a checkpoint");
    snprintf(args, sizeof args, "%s -i a -z tests", m), expect_cli(args, 1, "tests: not a regular file");
    snprintf(args, sizeof args, "%s -i a -z build/tmp/empty.bin", m), expect_cli(args, 1, "too small to be a tokenizer");
    snprintf(args, sizeof args, "%s -m ppl -f tests", k), expect_cli(args, 1, "tests: not a regular file");
    /* prompts: invalid UTF-8 (echoed as U+FFFD), empty, NUL-free binary, longer than the context */
    snprintf(args, sizeof args, "%s -i \"$(printf 'ab\\377\\376\\300\\257')\" -n 2 -t 0", k);
    expect_cli(args, 0, "ab\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    snprintf(args, sizeof args, "%s -i \"\" -n 2 -t 0", k), expect_cli(args, 0, "prompt: 1 tokens");
    snprintf(args, sizeof args, "%s -n 2 -t 0", k), expect_cli(args, 0, "prompt: 1 tokens");
    expect_cli("-z tokenizer.bin -m tokenize -i \"\"", 0, "1\n");
    snprintf(args, sizeof args, "%s -m tokenize -i \"$(printf '\\377')\"", k), expect_cli(args, 0, "1 29871 30140\n");
    snprintf(args, sizeof args, "%s -i \"$(head -c 3000 tests/data/kjv-val.txt)\" -n 1", k);
    expect_cli(args, 1, "longer than the context of 256 tokens");
    snprintf(args, sizeof args, "%s -m chat -c 24 -t 0 -n 4 < /dev/null", k), expect_cli(args, 0, "User: ");
    snprintf(args, sizeof args, "%s -m chat -c 24 -t 0 -n 4 -i \"$(head -c 300 tests/data/kjv-val.txt)\"", k);
    expect_cli(args, 0, "is full; ending the conversation");
}
/* GGUF kernels against llama.cpp (tests/data/gguf/kernels, from tests/make_dequant_cases.py): for
   every tensor of llama-quantize output of each supported type, the dequantized values equal
   ggml's bit for bit (a hash of all of them and every 61st value); per row, the plain-C dot with
   the quantized activations equals ggml's generic vec_dot bit for bit (f32/f16/bf16: within 1e-6
   of the exact dot), and the build's kernels (AVX2, VNNI or NEON when compiled) agree within 1e-5 of sum |w x|. */
static uint64_t fnv1a(const void *p, size_t n, uint64_t h) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

static void test_gguf_kernels(void) {
    const char *dir = "tests/data/gguf/kernels";
    char path[1024], key[512];
    rc_File ef, f;
    rc_Error e;
    rc__Gguf ex, g;
    int fails = 0;
    long tensors = 0, rows = 0, values = 0, multi = 0;
    snprintf(path, sizeof path, "%s/expect.gguf", dir);
    if (rc__file_open(&ef, path, 0, &e) || rc__gguf_open(&ex, &ef, path, &e)) { CHECK(0, "%s", e.msg); return; }
    const rc__GgufTensor *act_t = rc__gguf_tensor(&ex, "act");
    const rc__GgufValue *files, *arr;
    int64_t stride = 1;
    if (!act_t || act_t->type != RC__GGML_F32 || rc__gguf_get_arr(&ex, "cases.files", &files, RC__GGUF_STRING, 1, &e) != 1 ||
        rc__gguf_get_int(&ex, "cases.sample_stride", &stride, 1, &e) != 1 || stride < 1) {
        CHECK(0, "%s: malformed (%s)", path, e.msg);
        return;
    }
    int64_t nact = act_t->ne[0];
    float *act = malloc((size_t)nact * 4), *deq = NULL;
    void *q = malloc((size_t)nact * 4 + 64);
    rc__gguf_dequant_row(RC__GGML_F32, act_t->data, act, nact);
    for (uint64_t fi = 0; fi < files->count; fi++) {
        uint64_t len;
        const char *name = rc__gguf_arr_str(files, fi, &len);
        snprintf(path, sizeof path, "%s/%.*s", dir, (int)len, name);
        if (rc__file_open(&f, path, 0, &e) || rc__gguf_open(&g, &f, path, &e)) { printf("FAIL %s\n", e.msg); fails++; continue; }
        for (uint64_t ti = 0; ti < g.n_tensors; ti++) {
            const rc__GgufTensor *t = &g.tensors[ti];
            const char *tn = rc__gguf_type_name(t->type);
            int64_t n = t->ne[0];
            if (rc__gguf_check_tensor(&g, t, &e) || n > nact) { printf("FAIL %s\n", e.msg); fails++; continue; }
            deq = realloc(deq, (size_t)t->n_elems * 4);
            for (uint64_t r = 0; r < t->n_rows; r++) rc__gguf_dequant_row((int)t->type, t->data + r * t->row_bytes, deq + r * n, n);
            snprintf(key, sizeof key, "%s:%.*s.fnv1a64", tn, (int)t->name_len, t->name);
            const rc__GgufKV *hk = rc__gguf_find(&ex, key);
            if (!hk || hk->v.type != RC__GGUF_UINT64) { printf("FAIL %s: no u64 %s\n", path, key); fails++; continue; }
            uint64_t want = rc__q_u64(hk->v.p);
            uint64_t got = fnv1a(deq, (size_t)t->n_elems * 4, 0xcbf29ce484222325ull);
            if (got != want) { printf("FAIL %s %.*s: dequantized hash %016llx, expected %016llx\n", tn, (int)t->name_len, t->name, (unsigned long long)got, (unsigned long long)want); fails++; }
            snprintf(key, sizeof key, "%s:%.*s.sample", tn, (int)t->name_len, t->name);
            if (rc__gguf_get_arr(&ex, key, &arr, RC__GGUF_FLOAT32, 1, &e) == 1)
                for (uint64_t j = 0; j < arr->count; j++) {
                    float w = rc__gguf_arr_f32(arr, j), v = deq[j * (uint64_t)stride];
                    if (memcmp(&w, &v, 4)) { printf("FAIL %s sample %llu: %a vs %a\n", key, (unsigned long long)j, v, w); fails++; break; }
                }
            rc__q_quantize_act(t->type, act, q, n);
            const rc__GgufValue *dg, *dx;
            snprintf(key, sizeof key, "%s:%.*s.dot_ggml", tn, (int)t->name_len, t->name);
            int ok1 = rc__gguf_get_arr(&ex, key, &dg, RC__GGUF_FLOAT32, 1, &e) == 1;
            snprintf(key, sizeof key, "%s:%.*s.dot_exact", tn, (int)t->name_len, t->name);
            int ok2 = rc__gguf_get_arr(&ex, key, &dx, RC__GGUF_FLOAT32, 1, &e) == 1;
            if (!ok1 || !ok2 || dg->count != t->n_rows || dx->count != t->n_rows) { printf("FAIL %s: dot arrays\n", key); fails++; continue; }
            int is_float = rc__q_act_type(t->type) == RC__GGML_F32;
            for (uint64_t r = 0; r < t->n_rows; r++) {
                const unsigned char *p = t->data + r * t->row_bytes;
                double scale = 1e-30;
                for (int64_t j = 0; j < n; j++) scale += fabs((double)deq[r * n + j] * act[j]);
                float c = rc__q_vec_dot_c(t->type, p, q, n), v = rc__q_vec_dot(t->type, p, q, n);
                float gg = rc__gguf_arr_f32(dg, r), xx = rc__gguf_arr_f32(dx, r);
                if (is_float ? fabs((double)c - xx) / scale > 1e-6 : memcmp(&c, &gg, 4) != 0) {
                    printf("FAIL %s row %llu: plain-C dot %a, ggml %a, exact %a\n", key, (unsigned long long)r, c, gg, xx);
                    fails++;
                }
                if (fabs((double)v - (is_float ? xx : gg)) / scale > 1e-5) {
                    printf("FAIL %s row %llu: %s dot %a, ggml %a\n", key, (unsigned long long)r, RC__Q_KERNELS, v, gg);
                    fails++;
                }
                rows++;
            }
            /* several runs of 1-3 consecutive rows at once (generation's runs): each row the
               same float as alone */
            for (uint64_t r = 0; r < t->n_rows; r++)
                for (int R = 1; R <= RC_STREAMS; R++) {
                    const int K = (int)(1 + r % 3 < t->n_rows ? 1 + r % 3 : t->n_rows);
                    const unsigned char *rp[RC_STREAMS];
                    float o[RC_STREAMS][3], *op[RC_STREAMS];
                    for (int j = 0; j < R; j++)
                        rp[j] = t->data + (r + (uint64_t)j) % (t->n_rows - (uint64_t)K + 1) * t->row_bytes, op[j] = o[j];
                    rc__q_vec_dot_rows(t->type, rp, R, K, q, n, op);
                    for (int j = 0; j < R; j++)
                        for (int i = 0; i < K; i++) {
                            float v = rc__q_vec_dot(t->type, rp[j] + (size_t)i * t->row_bytes, q, n);
                            if (memcmp(&v, &o[j][i], 4)) {
                                printf("FAIL %s: %d runs of %d rows at once, row %d of run %d: %a, alone %a\n", key, R,
                                       K, i, j, o[j][i], v);
                                fails++;
                            }
                        }
                    multi++;
                }
            values += (long)t->n_elems;
            tensors++;
        }
        rc__gguf_free(&g);
        rc__file_close(&f);
    }
    CHECK(fails == 0 && tensors >= 60 && multi >= 60, "GGUF kernels: %d failures over %ld tensors", fails, tensors);
    printf("gguf kernels: %ld tensors, %ld rows, %ld values checked against ggml (%s kernels); %ld groups of rows at once\n",
           tensors, rows, values, RC__Q_KERNELS, multi);
    free(act), free(deq), free(q);
    rc__gguf_free(&ex);
    rc__file_close(&ef);
}

/* GGUF rows through the batch path (B >= RC_GEMM_MIN) against references in double: the f32 GEMM
   (dequantized weights, f32 activations) against the exact product; the int8 GEMM (K-quants with
   AVX2, q8_0 too with VNNI) against the decode kernels' math (activations quantized as llama.cpp
   does, the plain-C dot; with AMX, q4_0, q5_0, q4_1 and q5_1 too), AMX's bf16 tiles (BF16 rows,
   activations in two parts) against the exact product, all within 1e-5 of sum |w x|. Where AMX
   tiles run, every shape also goes through the
   other tiles (the AMX state off), and AMX's int8 tiles must give their floats bit for bit.
   Random blocks (q8_0 weights take every int8 value, -128 included); shapes cover the row tile
   and panel remainders, and one (133 x 1280, one thread) AMX's groups of row tiles and chunks of
   512 columns. */
/* The int8 GEMM's q8_0 / q8_1 token panels hold, byte for byte, what generation's quantizer
   (rc__q_quantize8_1) makes of each token's blocks: scales, sums and values, rounding ties and
   all, for a batch with a last short panel. Without VNNI (RC__Q_W16) q8_0 values are int16
   pairs, and q8_1 panels, which only AMX takes, are not built. */
static void test_q8_panels(void) {
#if RC__Q_I8GEMM
    enum { B = 21, N = 96, NB = N / 32 };
    static float x[B * N];
    uint32_t seed = 11;
    for (int i = 0; i < B * N; i++) {
        seed = seed * 1664525u + 1013904223u;
        x[i] = (float)(int)(seed >> 8) / 4194304.0f - 2.0f;
    }
    for (int j = 0; j < 32; j++) { /* a zero block; a negative maximum; halves between steps (ties) */
        x[N + j] = 0.0f;
        x[2 * N + j] = j == 5 ? -3.0f : 0.5f;
        x[3 * N + j] = j == 31 ? 127.0f : (float)(j - 16) + 0.5f; /* amax 127: x * 127 / amax = x, all ties */
    }
    unsigned char *xp = malloc(sizeof(float) * RC_PANELS_PAD(B) * N);
    for (int q81 = 0; q81 < 2 - RC__Q_W16; q81++) {
        const int act = q81 ? RC__GGML_Q8_1 : RC__GGML_Q8_0;
        const size_t pb = q81 ? RC__Q_PB1 : RC__Q_PB;
        const uint32_t bias = rc__q_amx() ? 0 : 0x80808080u;
        int bad = 0, first = -1;
        rc__q_pack_panels(act, xp, x, B, N, 32);
        for (int p = 0; p < (B + RC_GT - 1) / RC_GT; p++)
            for (int t = 0; t < RC_GT; t++)
                for (int k = 0; k < NB; k++) {
                    const int b = p * RC_GT + t;
                    rc__qBlock8_1 y = {0};
                    if (b < B) rc__q_quantize8_1(x + (size_t)b * N + 32 * k, &y, 1);
                    const unsigned char *blk = xp + ((size_t)p * NB + k) * pb, *v = blk + RC_GT * 4 * (1 + q81);
                    float d, sum, want_d = rc__q_f16(y.d), want_sum = rc__q_f16(y.s);
                    memcpy(&d, blk + 4 * t, 4);
                    memcpy(&sum, blk + RC_GT * 4 + 4 * t, 4);
                    int ok = d == want_d && (!q81 || sum == want_sum);
                    for (int j = 0; j < 32; j++) {
                        int16_t wide;
                        if (RC__Q_W16) memcpy(&wide, v + (j / 2 * RC_GT + t) * 4 + j % 2 * 2, 2);
                        else wide = (int8_t)(v[(j / 4 * RC_GT + t) * 4 + j % 4] ^ (bias & 0xFF));
                        ok &= wide == y.qs[j];
                    }
                    if (!ok && first < 0) first = b * NB + k;
                    bad += !ok;
                }
        CHECK(bad == 0, "%s panels of %d tokens x %d: %d blocks differ from rc__q_quantize8_1's, first token %d block %d",
              q81 ? "q8_1" : "q8_0", B, N, bad, first / NB, first % NB);
    }
    free(xp);
#endif
}

static void test_gguf_gemm(void) {
    static const int types[] = {RC__GGML_Q8_0, RC__GGML_Q4_K, RC__GGML_Q5_K, RC__GGML_Q6_K, RC__GGML_Q4_0,
                                RC__GGML_Q4_1, RC__GGML_Q5_0, RC__GGML_Q5_1, RC__GGML_BF16};
    static const int rows_set[] = {1, 4, 13, 16, 37, 133}, batch_set[] = {8, 15, 16, 17, 40, RC_MAX_BATCH};
    int max_rows = 133, max_cols = 1280, threads = rc__max_threads(), n_bad = 0, n_cases = 0, n_int8 = 0, n_bf16 = 0;
    int paths = 1, amx_differs = 0, n_amx_i8 = 0; /* 2 paths where AMX tiles run: with them, and the others */
#if RC__Q_AMX
    paths += rc__q_amx();
#endif
    double bf16_worst = 0, i8_worst = 0; /* against the exact product */
    unsigned char *g = malloc((size_t)max_rows * max_cols * 2);
    float *x = malloc(sizeof(float) * RC_MAX_BATCH * max_cols), *wf = malloc(sizeof(float) * max_rows * max_cols);
    float *out[2] = {malloc(sizeof(float) * RC_MAX_BATCH * max_rows), malloc(sizeof(float) * RC_MAX_BATCH * max_rows)};
    unsigned char *qa = malloc((size_t)max_cols * 2);
    rc__Batch in = {.xt = malloc(sizeof(float) * RC_PANELS_PAD(RC_MAX_BATCH) * max_cols),
                    .wbuf = malloc(sizeof(float) * threads * RC_GEMM_WBUF(max_cols)), .n_threads = threads};
    uint32_t seed = 7;
    char worst_case[160] = "";
    for (size_t ti = 0; ti < sizeof types / sizeof *types; ti++)
        for (size_t ri = 0; ri < sizeof rows_set / sizeof *rows_set; ri++)
            for (int ci = 0; ci < 4; ci++)
                for (size_t bi = 0; bi < sizeof batch_set / sizeof *batch_set; bi++) {
                    const int type = types[ti], blck = (int)rc__gguf_types[type].blck, bsz = (int)rc__gguf_types[type].size;
                    int rows = rows_set[ri], cols = ci == 3 ? 1280 : blck < 256 ? 32 << 2 * ci : 256 << (ci > 0), B = batch_set[bi];
                    if (blck == 256 && ci == 2) continue;               /* K-quants: 256 and 512 columns */
                    if ((rows == 133) != (ci == 3) || (ci == 3 && B != 40)) continue; /* and 133 x 1280 x 40 */
                    in.n_threads = rows == 133 ? 1 : threads;
                    rc_Matrix m = {.g = g, .type = type, .row_bytes = (size_t)cols / blck * bsz, .rows = rows, .cols = cols};
                    for (size_t i = 0; i < (size_t)rows * m.row_bytes; i++) {
                        seed = seed * 1664525u + 1013904223u;
                        g[i] = (unsigned char)(seed >> 24);
                    }
                    for (int i = 0; i < rows * cols / blck; i++) { /* sane f16 scales (and minimums); bf16 values */
                        unsigned char *b = g + (size_t)i * bsz;
                        seed = seed * 1664525u + 1013904223u;
                        uint16_t d = rc__q_to_f16(0.001f * (float)(1 + (seed >> 24) % 9)), dm = rc__q_to_f16(0.0005f * (float)(1 + (seed >> 16) % 5));
                        if (type == RC__GGML_BF16) d = rc__q_to_bf16((float)(int)(seed >> 8) / 16777216.0f - 0.5f);
                        int at = type == RC__GGML_Q6_K ? 208 : 0, with_min = type == RC__GGML_Q4_K || type == RC__GGML_Q5_K ||
                                                                            type == RC__GGML_Q4_1 || type == RC__GGML_Q5_1;
                        b[at] = (unsigned char)d, b[at + 1] = (unsigned char)(d >> 8);
                        if (with_min) b[2] = (unsigned char)dm, b[3] = (unsigned char)(dm >> 8);
                    }
                    for (int i = 0; i < B * cols; i++) {
                        seed = seed * 1664525u + 1013904223u;
                        x[i] = (float)(int)(seed >> 8) / 4194304.0f - 2.0f;
                    }
                    for (int r = 0; r < rows; r++) rc__gguf_dequant_row(type, g + r * m.row_bytes, wf + r * cols, cols);
                    int acts[2] = {0, 0};
                    for (int path = 0; path < paths; path++) {
#if RC__Q_AMX
                        if (path) rc__q_amx_state = 0; /* the tiles that run without AMX */
#endif
                        rc__matmul(&in, x, B, 1, (const rc_Matrix *[]){&m}, &out[path]);
                        const int act = acts[path] = rc__q_gemm_act(&m), bf16 = act == RC__Q_ACT_BF16;
#if RC__Q_AMX
                        if (path) rc__q_amx_state = 1;
#endif
                        double worst = 0, worst_exact = 0;
                        for (int b = 0; b < B; b++) {
                            if (act && !bf16) rc__q_quantize_act((uint32_t)type, x + b * cols, qa, cols);
                            for (int r = 0; r < rows; r++) {
                                double ref = 0, mag = 1e-30;
                                for (int k = 0; k < cols; k++) {
                                    ref += (double)wf[r * cols + k] * x[b * cols + k];
                                    mag += fabs((double)wf[r * cols + k] * x[b * cols + k]);
                                }
                                const float o = out[path][b * rows + r];
                                double err = fabs(o - ref) / mag;
                                worst_exact = err > worst_exact ? err : worst_exact;
                                if (act && !bf16) /* the int8 tiles: the decode kernels' math */
                                    err = fabs(o - rc__q_vec_dot_c((uint32_t)type, g + r * m.row_bytes, qa, cols)) / mag;
                                worst = err > worst ? err : worst;
                            }
                        }
                        n_cases++;
                        n_int8 += act && !bf16, n_bf16 += bf16;
                        if (bf16) bf16_worst = worst > bf16_worst ? worst : bf16_worst;
                        else if (act) i8_worst = worst_exact > i8_worst ? worst_exact : i8_worst;
                        if (worst > 1e-5) {
                            n_bad++;
                            snprintf(worst_case, sizeof worst_case, "%s rows %d cols %d batch %d%s: relative error %.3g",
                                     rc__gguf_type_name((uint32_t)type), rows, cols, B, path ? " (AMX off)" : "", worst);
                        }
                    }
                    if (paths == 2 && acts[0] == acts[1] && acts[0] && acts[0] != RC__Q_ACT_BF16) { /* AMX's int8 tiles */
                        amx_differs += memcmp(out[0], out[1], sizeof(float) * B * rows) != 0;
                        n_amx_i8++;
                    }
                }
    CHECK(n_bad == 0, "GGUF batch matmul: %d of %d shapes wrong, e.g. %s", n_bad, n_cases, worst_case);
    if (paths == 2) /* only where the CPU and Linux lend AMX tiles */
        CHECK(amx_differs == 0 && n_amx_i8 > 0, "GGUF batch matmul: AMX's int8 tiles and the AVX2 tiles differ on %d of "
              "%d shapes", amx_differs, n_amx_i8);
    printf("gguf batch matmul: %d shapes of 9 types, %d through int8 tiles (within %.2g of sum |w x| of the exact "
           "product), %d through AMX tiles in bf16 (within %.2g); %d of them AMX's int8 tiles, the AVX2 tiles' floats\n",
           n_cases, n_int8, i8_worst, n_bf16, bf16_worst, n_amx_i8);
    free(g), free(x), free(out[0]), free(out[1]), free(wf), free(qa), free(in.xt), free(in.wbuf);
}

/* A custom sampler for the GGUF tests: greedy, recording each step's top-1 / top-2 logit gap
   relative to max |logit|, so a divergence from llama.cpp can be told apart from a near-tie. */
typedef struct {
    float gap[64];
    int n;
} GapPick;

static int gap_pick(void *user, float *logits, int vocab) {
    GapPick *g = user;
    int best = 0;
    float second = -INFINITY, mag = 0;
    for (int i = 1; i < vocab; i++)
        if (logits[i] > logits[best]) best = i;
    for (int i = 0; i < vocab; i++) {
        if (i != best && logits[i] > second) second = logits[i];
        mag = fabsf(logits[i]) > mag ? fabsf(logits[i]) : mag;
    }
    if (g->n < 64) g->gap[g->n++] = (logits[best] - second) / mag;
    return best;
}

/* llama.cpp's vocabulary test pairs: every string of a ggml-vocab-*.gguf.inp (separated by
   "__ggml_vocab_test__" lines) encodes, without BOS, to the ids of its .out line. */
static void test_gguf_vocabs(void) {
    /* the vocabulary files themselves; then GPT-2's vocabulary as a tokenizer.json with GPT-2's and
       with SmolLM2's pre-tokenizer (tests/make_bpe_tokenizer_json.py), through export.py */
    static const char *const vocabs[] = {"llama-spm", "llama-bpe", "qwen2", "phi-3", "gpt-2", "smollm", "gpt-2", "smollm"};
    static const char *const rctk[] = {[6] = "build/bpe/gpt2.rctk", [7] = "build/bpe/smollm.rctk"};
    const char *sep = "\n__ggml_vocab_test__\n";
    for (size_t k = 0; k < sizeof vocabs / sizeof vocabs[0]; k++) {
        char path[160], inp[168], outp[168];
        snprintf(path, sizeof path, "tests/data/gguf/vocab/ggml-vocab-%s.gguf", vocabs[k]);
        snprintf(inp, sizeof inp, "%s.inp", path);
        snprintf(outp, sizeof outp, "%s.out", path);
        if (rctk[k]) snprintf(path, sizeof path, "%s", rctk[k]);
        rc_Error e;
        rc_Tokenizer t;
        size_t in_len = 0;
        char *in = slurp(inp, &in_len), *out = slurp(outp, NULL);
        int ok = in && out && rc_tokenizer_load(&t, path, 0, &e) == 0;
        CHECK(ok, "%s: %s", path, in && out ? e.msg : "missing .inp/.out");
        if (!ok) {
            free(in), free(out);
            continue;
        }
        int n = 0, bad = 0, *ids = malloc(rc_encode_bound(in_len) * sizeof(int));
        char *line = out, *want = malloc(16 * in_len + 64);
        for (char *p = in; *p;) {
            char *end = strstr(p, sep), *eol = strchr(line, '\n');
            if (!end) break;
            if (eol) *eol = 0;
            size_t got;
            int rc = rc_encode(&t, p, (size_t)(end - p), 0, ids, rc_encode_bound((size_t)(end - p)), &got, &e);
            want[0] = 0;
            for (size_t i = 0, w = 0; rc == 0 && i < got; i++) w += (size_t)sprintf(want + w, " %d", ids[i]);
            if (rc != 0 || strcmp(want, line) != 0) {
                if (bad++ < 3) printf("FAIL %s case %d: \"%.*s\"\n  want%s\n  got %s\n", path, n, (int)(end - p), p, line, want);
            }
            n++;
            p = end + strlen(sep);
            line = eol ? eol + 1 : line + strlen(line);
        }
        CHECK(n >= 40 && bad == 0, "%s: %d of %d strings differ from llama.cpp's ids", path, bad, n);
        printf("gguf vocab %s: %d strings (%s)\n", vocabs[k], n, path);
        free(ids), free(want), free(in), free(out);
        rc_tokenizer_free(&t);
    }
}

/* Hostile GGUF files (tests/data/gguf/hostile, made by tests/llamacpp/make_test_gguf.py, each with
   one defect; manifest.txt has the words its message must hold): exit 1 with one line naming the
   file. Then every prefix of a real file up to its data section, in process, and mutations of
   kjv15M.Q8_0.gguf that break the architecture rather than the container. */
static void test_bad_gguf(void) {
    char *manifest = slurp("tests/data/gguf/hostile/manifest.txt", NULL), *out;
    int n = 0;
    CHECK(manifest, "tests/data/gguf/hostile/manifest.txt missing");
    for (char *line = manifest; line && *line;) {
        char *eol = strchr(line, '\n'), *tab = strchr(line, '\t');
        if (eol) *eol = 0;
        if (tab) {
            *tab = 0;
            char cmd[512], want[160];
            snprintf(cmd, sizeof cmd, "%s tests/data/gguf/hostile/%s.gguf -n 1", run_bin(), line);
            snprintf(want, sizeof want, "run: error: tests/data/gguf/hostile/%s.gguf: ", line);
            int rc = run_cmd(cmd, &out);
            CHECK(rc == 1 && strncmp(out, want, strlen(want)) == 0 && strstr(out, tab + 1) &&
                      strchr(out, '\n') == out + strlen(out) - 1,
                  "hostile %s: expected exit 1 and one line with \"%s\", got %d: %s", line, tab + 1, rc, out);
            free(out);
            n++;
        }
        line = eol ? eol + 1 : NULL;
    }
    free(manifest);
    CHECK(n >= 35, "only %d hostile GGUF files", n);
    size_t len;
    /* an RCLM header may not claim GGUF's per-matrix dtype (fuzz_model found the q8_0 path taken
       with group size 0) */
    char *rclm = slurp("build/kjv15M.f32.bin", &len);
    if (rclm) {
        rclm[12] = 2;
        spit("build/tmp/dtype2.bin", rclm, len);
        rc_Error e = {{0}};
        rc_Model m;
        CHECK(rc_model_load(&m, "build/tmp/dtype2.bin", &e) != 0 && strstr(e.msg, "unknown weight dtype 2"),
              "RCLM with dtype 2: %s", e.msg);
        free(rclm);
    }
    /* every prefix of a real llama-quantize file up to its data section: a clean refusal */
    char *good = slurp("tests/data/gguf/kernels/q4_K.gguf", &len);
    int cuts = 0, bad = 0;
    for (size_t cut = 0; good && cut < len && cut < 4096; cut++) {
        spit("build/tmp/cut.gguf", good, cut);
        rc_Error e = {{0}};
        rc_Model m;
        rc_Tokenizer t;
        int ok = rc_model_load(&m, "build/tmp/cut.gguf", &e) != 0 && strncmp(e.msg, "build/tmp/cut.gguf: ", 20) == 0 &&
                 rc_tokenizer_load(&t, "build/tmp/cut.gguf", 0, &e) != 0;
        bad += !ok;
        cuts++;
    }
    CHECK(good && cuts > 1000 && bad == 0, "%d of %d truncated GGUF files were not refused cleanly", bad, cuts);
    free(good);
    /* the architecture: a renamed architecture, a wrong width, a missing tensor; Qwen's layer: a
       missing bias, biases in layer 0 only, a key_length that disagrees, a q/k norm of the wrong size;
       Qwen2 keys asked of a llama file */
    static const struct { const char *file, *find, *put; size_t n; const char *want; } mut[] = {
        {"build/gguf/kjv15M.Q8_0.gguf", "\x05\x00\x00\x00\x00\x00\x00\x00llama", "\x05\x00\x00\x00\x00\x00\x00\x00lxama", 13,
         "architecture 'lxama' is not supported (expected llama, qwen2 or qwen3)"},
        {"build/gguf/kjv15M.Q8_0.gguf", "output_norm.weight", "output_xorm.weight", 18,
         "tensor 'output_norm.weight' is missing"},
        {"build/gguf/kjv15M.Q8_0.gguf", "blk.5.ffn_up.weight", "blk.5.ffn_uq.weight", 19,
         "tensor 'blk.5.ffn_up.weight' is missing"},
        {"build/gguf/kjv15M.Q8_0.gguf", "llama.feed_forward_length\x04\x00\x00\x00\x00\x03",
         "llama.feed_forward_length\x04\x00\x00\x00\x01\x03", 31,
         "tensor 'blk.0.ffn_gate.weight' has shape [288, 768, 1, 1] (expected [288, 769])"},
        {"build/arch/qwen2-gqa.F32.gguf", "blk.1.attn_k.bias", "blk.1.attn_k.biaz", 17,
         "tensor 'blk.1.attn_k.bias' is missing"},
        {"build/arch/qwen2-gqa.F32.gguf", "blk.0.attn_q.bias", "blk.0.attn_q.biaz", 17,
         "is not part of the qwen2 architecture (unknown tensors are refused, not ignored)"},
        {"build/arch/qwen3-gqa-tied.F32.gguf", "qwen3.attention.key_length\x04\x00\x00\x00\x20",
         "qwen3.attention.key_length\x04\x00\x00\x00\x10", 31,
         "key_length 16, value_length 32 and rope.dimension_count 32 differ"},
        {"build/arch/qwen3-gqa-tied.F32.gguf", "blk.1.attn_k_norm.weight\x01\x00\x00\x00\x20",
         "blk.1.attn_k_norm.weight\x01\x00\x00\x00\x10", 29,
         "tensor 'blk.1.attn_k_norm.weight' has shape [16, 1, 1, 1] (expected [32, 1])"},
        {"build/arch/mistral-swa.F32.gguf", "\x05\x00\x00\x00\x00\x00\x00\x00llama", "\x05\x00\x00\x00\x00\x00\x00\x00qwen2", 13,
         "qwen2.embedding_length"},
    };
    for (size_t k = 0; k < sizeof mut / sizeof mut[0]; k++) {
        char *file = slurp(mut[k].file, &len), *at = NULL;
        size_t fl = mut[k].n;
        for (size_t i = 0; file && !at && i + fl <= len; i++)
            if (memcmp(file + i, mut[k].find, fl) == 0) at = file + i;
        CHECK(at, "mutation %zu: pattern not found in %s", k, mut[k].file);
        if (at) {
            memcpy(at, mut[k].put, fl);
            spit("build/tmp/mut.gguf", file, len);
            char cmd[256];
            snprintf(cmd, sizeof cmd, "%s build/tmp/mut.gguf -n 1", run_bin());
            int rc = run_cmd(cmd, &out);
            CHECK(rc == 1 && strstr(out, "run: error: build/tmp/mut.gguf: ") == out && strstr(out, mut[k].want),
                  "mutation %zu: expected exit 1 and \"%s\", got %d: %s", k, mut[k].want, rc, out);
            free(out);
        }
        free(file);
    }
}

/* export.py refuses what run.c does not compute (tests/make_bad_arch.py writes the cases), and an
   RCLM header may not claim more than its version defines. */
static void test_bad_arch(void) {
    const char *py = getenv("PYTHON") && *getenv("PYTHON") ? getenv("PYTHON") : "/usr/bin/python3";
    char *manifest = slurp("build/bad-arch/manifest.txt", NULL), *out;
    int n = 0;
    CHECK(manifest, "build/bad-arch/manifest.txt missing (tests/make_bad_arch.py)");
    for (char *line = manifest; line && *line; n++) {
        char *eol = strchr(line, '\n'), *args = strchr(line, '\t'), *want = args ? strchr(args + 1, '\t') : NULL;
        if (!want) break;
        *eol = *args = *want = 0;
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "%s export.py build/tmp/bad-arch.out --hf build/bad-arch/%s %s", py, line,
                 strcmp(args + 1, "-") ? args + 1 : "");
        int rc = run_cmd(cmd, &out);
        if (want[1]) CHECK(rc == 1 && strstr(out, "export.py: error: ") == out && strstr(out, want + 1),
                          "export.py on %s: expected exit 1 and \"%s\", got %d: %s", line, want + 1, rc, out);
        else CHECK(rc == 0, "export.py on %s: expected success, got %d: %s", line, rc, out);
        free(out);
        line = eol + 1;
    }
    CHECK(n >= 20, "only %d export.py cases in build/bad-arch/manifest.txt", n);
    free(manifest);
    size_t len;
    unsigned char *good = (unsigned char *)slurp("build/arch/qwen3-gqa-tied.f32.bin", &len);
    CHECK(good, "build/arch/qwen3-gqa-tied.f32.bin missing");
    if (!good) return;
    static const struct { uint32_t version, flags, window; const char *want; } hdr[] = {
        {1, 0x3, 0, "RCLM v1 flags 0x3 has unknown bits (expected only 0x1)"},
        {2, 0x1d, 0, "RCLM v2 flags 0x1d has unknown bits (expected only 0xf)"},
        {2, 0xd, 0x80000000u, "sliding_window = -1 is out of range"},
        {2, 0xf, 0, "truncated"}, /* claims biases the file does not hold */
        {2, 0x9, 0, "does not match the RCLM v2 header"}, /* q/k norms missing: the file is too long */
    };
    for (size_t k = 0; k < sizeof hdr / sizeof hdr[0]; k++) {
        put_u32(good + 4, hdr[k].version);
        put_u32(good + 52, hdr[k].flags);
        put_u32(good + 92, hdr[k].window);
        spit("build/tmp/bad.bin", good, len);
        expect_model_error("build/tmp/bad.bin", hdr[k].want, "RCLM v2 header");
    }
    free(good);
}

/* The ids after "KEY " on their own line of an expectations file ("prompt 0 1 512 ..."). */
static int expect_ids(const char *text, const char *key, int *out, int cap) {
    char pat[64];
    snprintf(pat, sizeof pat, "\n%s ", key);
    const char *at = strstr(text, pat);
    int n = 0;
    for (at = at ? at + strlen(pat) : ""; *at && *at != '\n' && n < cap;) {
        char *end;
        long v = strtol(at, &end, 10);
        if (end == at) break;
        out[n++] = (int)v, at = end;
    }
    return n;
}

/* One GGUF file against llama.cpp's outputs on it (tests/data/gguf, made by tests/gen_gguf_refs.sh):
   the file's own tokenizer gives llama.cpp's prompt ids for `texts`; the logits at the last
   position of prompt 0 are within `tol` of max |logit| of llama.cpp's; and the greedy ids of each
   prompt equal llama.cpp's: all n_new of them when `exact`, else the first 16, or up to a step
   whose top-2 gap is under 0.2% of max |logit| (a near-tie that float summation order decides). */
static void check_gguf(const char *path, const char *type, const char *expect_path, const char *logits_path,
                       const char *const *texts, int n_prompts, int n_new, double tol, int exact) {
    char *exp = slurp(expect_path, NULL);
    size_t llen;
    float *ref = (float *)slurp(logits_path, &llen);
    rc_Error e = {{0}};
    rc_Model m;
    rc_Tokenizer t;
    rc_State s;
    if (!exp || !ref || rc_model_load(&m, path, &e) || rc_tokenizer_load(&t, path, m.config.vocab_size, &e) ||
        rc_state_init(&s, &m, 256, &e) || llen != (size_t)m.config.vocab_size * 4) {
        CHECK(0, "%s: %s (or missing %s / %s)", path, e.msg, expect_path, logits_path);
        free(exp), free(ref);
        return;
    }
    int agree_min = n_new, V = m.config.vocab_size;
    double diff = 0, mag = 0;
    for (int p = 0; p < n_prompts; p++) {
        char key[32];
        int prompt[64], want[64], got[65], n_prompt, n_want;
        snprintf(key, sizeof key, "prompt %d", p);
        n_prompt = expect_ids(exp, key, prompt, 64);
        snprintf(key, sizeof key, "%s %d", type, p);
        n_want = expect_ids(exp, key, want, 64);
        rc_Ids ids = {0};
        CHECK(rc_encode_ids(&t, texts[p], strlen(texts[p]), RC_ENC_BOS, &ids, &e) == 0 && ids.n == (size_t)n_prompt &&
                  memcmp(ids.v, prompt, ids.n * sizeof(int)) == 0,
              "%s: the file's tokenizer gives %zu ids for \"%s\", not llama.cpp's %d", path, ids.n, texts[p], n_prompt);
        rc_ids_free(&ids);
        if (p == 0) {
            rc_forward(&s, prompt, n_prompt, 0, RC_LOGITS_LAST, NULL, &e);
            for (int i = 0; i < V; i++) {
                diff = fmax(diff, fabs((double)s.logits[i] - ref[i]));
                mag = fmax(mag, fabs((double)ref[i]));
            }
            CHECK(diff <= tol * mag, "%s: logits differ from llama.cpp's by %.3g of max|logit| (tolerance %g)", path,
                  diff / mag, tol);
        }
        rc_Sampler smp;
        GapPick gp = {{0}, 0};
        rc_sampler_init(&smp, V, &(rc_SamplerParams){.top_p = 1, .repeat_penalty = 1}, &e);
        smp.pick = gap_pick, smp.user = &gp;
        got[0] = 0;
        rc_Stats st;
        int rc = rc_generate(&s, NULL, &smp, prompt, n_prompt, 0, &(rc_GenParams){.max_new = n_new}, collect, got, &st, &e);
        int same = 0;
        while (same < got[0] && same < n_want && got[1 + same] == want[same]) same++;
        int near_tie = same < n_want && same < gp.n && gp.gap[same] < 2e-3f;
        CHECK(rc == 0 && n_want >= n_new && (same == n_new || (!exact && (same >= 16 || near_tie))),
              "%s prompt %d: greedy ids equal llama.cpp's for %d of %d tokens (gap there %.2g)", path, p, same, n_new,
              same < gp.n ? gp.gap[same] : -1.0);
        agree_min = same < agree_min ? same : agree_min;
        rc_sampler_free(&smp);
    }
    printf("gguf %s: logits within %.2g of llama.cpp's, greedy ids equal for at least %d of %d tokens\n", path,
           diff / mag, agree_min, n_new);
    rc_state_free(&s);
    rc_tokenizer_free(&t);
    rc_model_free(&m);
    free(exp), free(ref);
}

/* The Zephyr (TinyLlama), Mistral and Phi-3 chat renderers against llama.cpp's Jinja rendering
   of the real templates, tokenized by llama.cpp (tests/data/gguf/chat): the families are
   recognised from the template files; turn 1 equals A (with a system prompt) and C (without);
   turn 2 equals B from the end token that closes the assistant's reply. */
static void test_gguf_chat(void) {
    static const struct { const char *name, *vocab; int kind; const char *system; } f[] = {
        {"zephyr", "llama-spm", RC_CHAT_ZEPHYR, "You are a helpful assistant."},
        {"mistral", "llama-spm", RC_CHAT_MISTRAL, NULL},
        {"phi3", "phi-3", RC_CHAT_PHI3, "You are a helpful assistant."},
        {"qwen2", "qwen2", RC_CHAT_CHATML, "You are a helpful assistant."}};
    char *exp = slurp("tests/data/gguf/chat/chat_expected.txt", NULL);
    CHECK(exp, "tests/data/gguf/chat/chat_expected.txt missing");
    for (size_t k = 0; exp && k < sizeof f / sizeof f[0]; k++) {
        char path[128], key[32];
        size_t tlen;
        snprintf(path, sizeof path, "tests/data/gguf/chat/tmpl_%s.jinja", f[k].name);
        char *tmpl = slurp(path, &tlen);
        CHECK(tmpl && rc__chat_template_kind(tmpl, tlen) == f[k].kind, "%s: template family %d, expected %d", path,
              tmpl ? rc__chat_template_kind(tmpl, tlen) : -1, f[k].kind);
        free(tmpl);
        rc_Error e;
        rc_Tokenizer t;
        snprintf(path, sizeof path, "tests/data/gguf/vocab/ggml-vocab-%s.gguf", f[k].vocab);
        if (rc_tokenizer_load(&t, path, 0, &e)) {
            CHECK(0, "%s: %s", path, e.msg);
            continue;
        }
        if (f[k].kind != RC_CHAT_CHATML) t.chat_template = f[k].kind; /* these vocabulary files carry other templates */
        CHECK(t.chat_template == f[k].kind, "%s: template family %d, expected %d", path, t.chat_template, f[k].kind);
        int want_a[128], want_b[128], want_c[128];
        snprintf(key, sizeof key, "%s A ids", f[k].name);
        int na = expect_ids(exp, key, want_a, 128);
        snprintf(key, sizeof key, "%s B ids", f[k].name);
        int nb = expect_ids(exp, key, want_b, 128);
        snprintf(key, sizeof key, "%s C ids", f[k].name);
        int nc = expect_ids(exp, key, want_c, 128);
        int end = f[k].kind == RC_CHAT_PHI3 ? rc__token_id(&t, "<|end|>", 0) : f[k].kind == RC_CHAT_CHATML ? t.eot_id : t.eos_id,
            close = na;
        while (close < nb && want_b[close] != end) close++; /* the token closing the reply */
        rc_Ids a = {0}, b = {0}, c = {0};
        int ok = rc_chat_prompt(&t, f[k].system, "Hello there!", 1, -1, 0, &a, &e) == 0 &&
                 rc_chat_prompt(&t, f[k].system, "Tell me a joke.", 0, end, 1, &b, &e) == 0 &&
                 rc_chat_prompt(&t, NULL, "What is 2+2?", 1, -1, 0, &c, &e) == 0;
        CHECK(ok && na > 0 && a.n == (size_t)na && memcmp(a.v, want_a, a.n * sizeof(int)) == 0, "%s: turn 1 ids differ",
              f[k].name);
        CHECK(ok && close < nb && b.n == (size_t)(nb - close) && memcmp(b.v, want_b + close, b.n * sizeof(int)) == 0,
              "%s: turn 2 ids differ (%zu ids, expected %d)", f[k].name, b.n, nb - close);
        CHECK(ok && nc > 0 && c.n == (size_t)nc && memcmp(c.v, want_c, c.n * sizeof(int)) == 0,
              "%s: a turn without a system prompt differs", f[k].name);
        rc_ids_free(&a), rc_ids_free(&b), rc_ids_free(&c);
        rc_tokenizer_free(&t);
    }
    free(exp);
}

/* kjv15M as GGUF: F32, F16, BF16 and Q8_0 written by export.py --gguf, Q4_K_M by llama-quantize.
   F16/BF16 logits get a looser bound: llama.cpp rounds activations to 16 bits there, we do not.
   Then a random-weight Llama 3.1 shape (GQA, tied, rope_freqs, the real 128256-token vocabulary)
   written by tests/make_llama3_gguf_tiny.py and export.py, whose template is Llama 3's. */
/* kjv15M's GGUF files and the Llama 3 shape through the library: logits and greedy ids against
   llama.cpp's. `light` (`test_all kernels`, which may run under an emulator): kjv15M as F32,
   Q8_0 and Q4_K_M, the first prompt's logits and 16 greedy ids each. */
/* Batched attention (rc__attention_tiled: keys laid out in panels per KV head, queries in tiles of
   12, or 6 with AVX2) against token-by-token attention (rc__attention's dot products, separate
   code), on kjv15M's F32 GGUF, whose head_dim of 48 leaves 16 lanes past a 32-lane tile: one batch
   of 45 tokens, the same in batches of 13 and 32 (the second starts off the tiles' grid), with
   f32, f16 and bf16 caches, and with a sliding window of 7, whose keys start inside a panel. */
static void test_attention_batches(void) {
    const char *path = "build/gguf/kjv15M.F32.gguf";
    rc_Error e = {{0}};
    rc_Model m;
    if (rc_model_load(&m, path, &e)) {
        CHECK(0, "%s: %s", path, e.msg);
        return;
    }
    enum { N = 45, FIRST = 13 };
    const int V = m.config.vocab_size;
    int ids[N];
    for (int i = 0; i < N; i++) ids[i] = (i * 37 + 11) % V;
    float *one = malloc(sizeof(float) * N * V), *all = malloc(sizeof(float) * N * V);
    /* a half cache rounds keys and values that a batch's GEMM and a token's dot products made a
       little apart to different halves now and then (the same before the panels) */
    static const struct { int kv, window; double tol; const char *name; } cases[] = {
        {RC_KV_F32, 0, 1e-5, "f32"}, {RC_KV_F16, 0, 2e-4, "f16"}, {RC_KV_BF16, 0, 1e-3, "bf16"},
        {RC_KV_F32, 7, 1e-5, "f32, window 7"}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        m.config.sliding_window = cases[c].window;
        rc_State s;
        int ok = rc_state_init_kv(&s, &m, 64, cases[c].kv, &e) == 0;
        for (int i = 0; ok && i < N; i++) {
            ok = rc_forward(&s, ids + i, 1, i, RC_LOGITS_LAST, NULL, &e) == 0;
            memcpy(one + (size_t)i * V, s.logits, sizeof(float) * V);
        }
        double worst[2] = {0, 0}, amax = 0;
        for (int split = 0; split < 2 && ok; split++) {
            int n0 = split ? FIRST : N;
            ok = rc_forward(&s, ids, n0, 0, RC_LOGITS_ALL, all, &e) == 0 &&
                 (n0 == N || rc_forward(&s, ids + n0, N - n0, n0, RC_LOGITS_ALL, all + (size_t)n0 * V, &e) == 0);
            for (size_t i = 0; i < (size_t)N * V; i++) {
                worst[split] = fmax(worst[split], fabs((double)all[i] - one[i]));
                amax = fmax(amax, fabs((double)one[i]));
            }
        }
        CHECK(ok && worst[0] <= cases[c].tol * amax && worst[1] <= cases[c].tol * amax, "attention (%s): %d tokens "
              "in one batch and in %d + %d differ from token by token by %.3g and %.3g of max|logit| (want <= %g) %s",
              cases[c].name, N, FIRST, N - FIRST, worst[0] / amax, worst[1] / amax, cases[c].tol, ok ? "" : e.msg);
        if (ok) printf("attention (%s): batches within %.2g of token by token\n", cases[c].name, fmax(worst[0], worst[1]) / amax);
        rc_state_free(&s);
    }
    free(one), free(all);
    rc_model_free(&m);
}

static void test_gguf_greedy(int light) {
    static const char *const kjv[] = {"In the beginning", "And the LORD said unto Moses", "Blessed are the",
                                      "The king of Babylon"};
    /* light runs leave out F16 and BF16 (test_gguf_kernels has their rows; qemu converts f16 slowly) */
    static const struct { const char *type; double tol; int exact, light; } k[] = {
        {"F32", 1e-5, 1, 1}, {"F16", 1e-3, 1, 0}, {"BF16", 5e-3, 1, 0}, {"Q8_0", 1e-5, 0, 1}, {"Q4_K_M", 1e-5, 0, 1}};
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        if (light && !k[i].light) continue;
        char path[128], logits[128];
        snprintf(path, sizeof path, i == 4 ? "tests/data/gguf/kjv15M.%s.gguf" : "build/gguf/kjv15M.%s.gguf", k[i].type);
        snprintf(logits, sizeof logits, "tests/data/gguf/kjv15M.%s.logits.f32", k[i].type);
        check_gguf(path, k[i].type, "tests/data/gguf/kjv15M.greedy.txt", logits, kjv, light ? 1 : 4, light ? 16 : 48,
                   k[i].tol, k[i].exact);
    }
    if (light) return;
    static const char *const l3[] = {"The capital of France is", "def fibonacci(n): return 12345",
                                     "Grüße aus München — “quoted” text!"};
    check_gguf("build/gguf/llama3-tiny.F32.gguf", "F32", "tests/data/gguf/llama3-tiny.greedy.txt",
               "tests/data/gguf/llama3-gguf-tiny.F32.logits.f32", l3, 3, 32, 1e-4, 1);
}

static void test_gguf_models(void) {
    test_gguf_greedy(0);
    test_attention_batches();
    rc_Error e;
    rc_Tokenizer t;
    CHECK(rc_tokenizer_load(&t, "build/gguf/llama3-tiny.F32.gguf", 0, &e) == 0 && t.chat_template == RC_CHAT_LLAMA3 &&
              t.eot_id == 128009 && t.bos_id == 128000 && t.add_bos,
          "llama3-tiny GGUF: chat template %d, eot %d, bos %d (expected Llama 3's, 128009, 128000)", t.chat_template,
          t.eot_id, t.bos_id);
    rc_tokenizer_free(&t);
    /* perplexity of kjv-val.txt: the F32 file as our own f32 checkpoint; each quantized file's
       ratio to F32 close to llama.cpp's on the same files (tests/data/gguf/kjv15M.perplexity.txt;
       llama-perplexity scores the second half of each window, we score every position) */
    if (!getenv("RC_TEST_PPL_BYTES")) { /* a full-text run: too slow for the sanitized build */
        char *ppl_ref = slurp("tests/data/gguf/kjv15M.perplexity.txt", NULL);
        double f32 = kjv_ppl("build/gguf/kjv15M.F32.gguf", "tests/data/kjv-val.txt");
        CHECK(ppl_ref && fabs(f32 - 20.2848) < 1e-3, "kjv15M.F32.gguf perplexity %.4f, our f32 checkpoint's 20.2848", f32);
        static const char *const q[] = {"Q8_0", "Q4_K_M"};
        for (int i = 0; ppl_ref && i < 2; i++) {
            char path[96], key[16];
            snprintf(path, sizeof path, i ? "tests/data/gguf/kjv15M.%s.gguf" : "build/gguf/kjv15M.%s.gguf", q[i]);
            snprintf(key, sizeof key, "\n%s ", q[i]);
            const char *at = strstr(ppl_ref, key);
            double theirs = NAN, ratio_theirs = NAN;
            if (at) sscanf(at, " %*s %lf %lf", &theirs, &ratio_theirs);
            double ours = kjv_ppl(path, "tests/data/kjv-val.txt");
            CHECK(fabs(ours / f32 - ratio_theirs) < 1.5e-3, "%s: perplexity %.4f, ratio to F32 %.5f; llama.cpp's ratio %.5f",
                  path, ours, ours / f32, ratio_theirs);
            printf("gguf %s perplexity %.4f (x%.5f of F32; llama.cpp %.4f, x%.5f)\n", q[i], ours, ours / f32, theirs,
                   ratio_theirs);
        }
        free(ppl_ref);
    }
    /* chat takes the template from the file, and refuses a file without one it renders */
    char cmd[256], *out;
    snprintf(cmd, sizeof cmd, "printf 'Hello\\n' | %s build/gguf/llama3-tiny.F32.gguf -m chat -n 4 -t 0 -v", run_bin());
    int rc = run_cmd(cmd, &out);
    CHECK(rc == 0 && strstr(out, "chat template: Llama 3 headers") &&
              strstr(out, "prompt ids: 128000 128006 882 128007 271 9906 128009 128006 78191 128007 271\n"),
          "llama3-tiny GGUF chat: %d %.300s", rc, out);
    free(out);
    snprintf(cmd, sizeof cmd, "printf 'Hello\\n' | %s build/gguf/kjv15M.Q8_0.gguf -m chat -n 4", run_bin());
    rc = run_cmd(cmd, &out);
    CHECK(rc == 1 && strstr(out, "run: error: build/gguf/kjv15M.Q8_0.gguf: tokenizer.chat_template is missing"),
          "kjv15M GGUF chat without a template: %d %.300s", rc, out);
    free(out);
}

/* ---- the library's shape: reading map, exported symbols, examples ------------------------- */

/* The front matter's reading map against the file: parts tile it, and each starts at its banner. */
static void test_reading_map(void) {
    size_t len;
    char *src = slurp("run.c", &len);
    CHECK(src, "cannot read run.c");
    if (!src) return;
    int n_lines = 0, cap = 16384, n_parts = 0, expect_start = 1;
    char **line = malloc(sizeof(char *) * (size_t)cap);
    for (char *p = src; *p && n_lines < cap; n_lines++) { /* split in place */
        line[n_lines] = p;
        char *nl = strchr(p, '\n');
        if (!nl) { n_lines++; break; }
        *nl = 0;
        p = nl + 1;
    }
    for (int i = 0; i < 80 && i < n_lines; i++) {
        int a, b, size, off = 0;
        if (sscanf(line[i], " %d-%d (%d lines) %n", &a, &b, &size, &off) != 3 || off == 0) continue;
        const char *name = line[i] + off, *colon = strchr(name, ':');
        n_parts++;
        CHECK(a == expect_start && b >= a && size == b - a + 1 && b <= n_lines,
              "reading map line \"%s\": expected to start at %d, %d lines", line[i], expect_start, b - a + 1);
        if (n_parts > 1 && colon && a >= 2 && a <= n_lines) { /* a banner, then "   NAME. " */
            char want[64];
            snprintf(want, sizeof want, "   %.*s. ", (int)(colon - name), name);
            CHECK(strncmp(line[a - 1], "/* ====", 7) == 0 && strncmp(line[a], want, strlen(want)) == 0,
                  "reading map: %s should start at line %d with its banner, found \"%.40s\"", want, a, line[a - 1]);
        }
        expect_start = b + 1;
    }
    CHECK(n_parts == 9 && expect_start == n_lines + 1, "reading map: %d parts ending at line %d, file has %d lines",
          n_parts, expect_start - 1, n_lines);
    free(line);
    free(src);
}

/* An object built with RC_NO_MAIN exports exactly the functions the API block declares. */
static void test_exports(void) {
    size_t len;
    char *src = slurp("run.c", &len), *out;
    const char *api = src ? strstr(src, "   API. ") : NULL, *api_end = api ? strstr(api, "#endif /* RC_RUN_C_API */") : NULL;
    CHECK(api && api_end, "run.c has no API block");
    if (!api || !api_end) {
        free(src);
        return;
    }
    char declared[4096] = "", exported[4096] = "";
    int n_declared = 0;
    for (const char *p = api; (p = strstr(p, "\nRC_API ")) && p < api_end; p++) {
        const char *paren = strchr(p, '('), *name = paren;
        while (name > p && (name[-1] == '_' || isalnum((unsigned char)name[-1]))) name--;
        snprintf(declared + strlen(declared), sizeof declared - strlen(declared), "%.*s\n", (int)(paren - name), name);
        n_declared++;
    }
    /* names starting with '.' are the compiler's, not C's (clang's OpenMP reductions make one) */
    int rc = run_cmd("nm -g --defined-only build/run_api.o | awk '{print $3}' | grep -v '^[.]' | sort", &out);
    snprintf(exported, sizeof exported, "%s", out);
    free(out);
    spit("build/tmp/declared.txt", declared, strlen(declared));
    run_cmd("sort build/tmp/declared.txt", &out);
    CHECK(rc == 0 && n_declared >= 20 && strcmp(out, exported) == 0,
          "exported symbols differ from the API block's %d RC_API functions:\n--- declared\n%s--- exported\n%s",
          n_declared, out, exported);
    free(out);
    free(src);
}

/* examples/embed.c streams the CLI's greedy text and stops at the sentence end; its logits hook
   keeps a banned word out; examples/two_files runs two models side by side like the CLI. */
static void test_examples(void) {
    char *cli, *plain, *banned, *two, *ids;
    run_cmd("./build/embed models/kjv15M.q8_0.bin tokenizer.bin \"And God said\"", &plain);
    run_cmd("./build/embed models/kjv15M.q8_0.bin tokenizer.bin \"And God said\" Israel", &banned);
    run_cmd("./run models/kjv15M.q8_0.bin -i \"And God said\" -t 0 -n 128 2>/dev/null", &cli);
    const char *dot = strchr(plain, '.');
    size_t upto = dot ? (size_t)(dot - plain) + 1 : 0;
    CHECK(dot && strncmp(cli, "And God said", 12) == 0 && strncmp(cli + 12, plain, upto) == 0 &&
              strcmp(dot + 1, "\nstopped: sentence\n") == 0,
          "embed: expected the CLI's greedy text up to the first '.' then \"stopped: sentence\", got \"%s\"", plain);
    CHECK(strstr(plain, "Israel") && !strstr(banned, "Israel") && strstr(banned, "\nstopped: "),
          "embed with the ban on \"Israel\": got \"%s\"", banned);
    run_cmd("./build/two_files models/kjv15M.q8_0.bin build/kjv15M.f32.bin 8 1 512 278 6763", &two);
    run_cmd("./run models/kjv15M.q8_0.bin -I \"1 512 278 6763\" -o ids -t 0 -n 8 2>/dev/null", &ids);
    char want[512];
    ids[strcspn(ids, "\n")] = 0;
    snprintf(want, sizeof want, "a: %s\nb: %s\n", ids, ids);
    CHECK(strcmp(two, want) == 0, "two_files: expected\n%sgot\n%s", want, two);
    free(cli), free(plain), free(banned), free(two), free(ids);
}

/* examples/server.c over HTTP: tests/server/test_server.mjs (Node) starts $SERVER_BIN (make
   test-asan: the sanitized build) and checks every endpoint against ./run and the API shapes, the
   OpenAI client, the queue under load, cancellation and a matrix of malformed requests. Each of
   its "ok - " / "not ok - " lines counts here; it must end with its own tally. */
static void test_server(void) {
    if (system("command -v node >/dev/null 2>&1") != 0) {
        int ci = getenv("CI") && strcmp(getenv("CI"), "true") == 0;
        CHECK(!ci, "the server tests need Node.js (apt-get install nodejs)");
        if (!ci) printf("skip: the server tests need Node.js (apt-get install nodejs)\n");
        return;
    }
    char *out;
    int rc = run_cmd("node tests/server/test_server.mjs", &out);
    int ok = 0, bad = 0, tally = 0;
    for (char *line = out; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = 0;
        if (strncmp(line, "ok - ", 5) == 0) ok++, n_pass++;
        else if (strncmp(line, "not ok - ", 9) == 0) bad++, n_fail++, printf("FAIL server: %s\n", line + 9);
        else if (strncmp(line, "skip - ", 7) == 0) printf("%s\n", line);
        else {
            int p, f;
            if (sscanf(line, "%d passed, %d failed", &p, &f) == 2) tally = p == ok && f == bad;
        }
        line = nl ? nl + 1 : NULL;
    }
    CHECK(tally && (rc == 0) == (bad == 0), "tests/server/test_server.mjs: exit %d, %d ok, %d not ok, tally %s; "
          "its output ends:\n%s", rc, ok, bad, tally ? "matches" : "missing or different",
          out && strlen(out) > 2000 ? out + strlen(out) - 2000 : out ? out : "");
    free(out);
}

/* On an AVX-512 target, the plain AVX2 path too: the same checks as `test_all kernels`, built
   with -mno-avx512f -mno-avxvnni (build/isa/avx2/test_all, Makefile), must all pass, through the
   kernels without VNNI (a Xeon with AVX-VNNI would otherwise run VNNI's again). */
static void test_other_paths(void) {
#if defined(__AVX512F__)
    char *out;
    int rc = run_cmd("build/isa/avx2/test_all kernels", &out), pass = 0, fail = -1;
    const char *last = out, *at;
    while ((at = strstr(last, " passed, "))) {
        while (at > out && isdigit((unsigned char)at[-1])) at--;
        sscanf(at, "%d passed, %d failed", &pass, &fail);
        last = strstr(at, " passed, ") + 1;
    }
    CHECK(rc == 0 && strstr(out, "kernels: AVX2 + FMA + F16C\n") && pass >= 12 && fail == 0,
          "the AVX2 path on this AVX-512 target (build/isa/avx2/test_all kernels): exit %d, %d passed, %d failed: %.300s",
          rc, pass, fail, out);
    free(out);
#endif
}

/* `test_all` runs everything; `test_all kernels` only the checks that exercise the SIMD kernels
   through the library, for builds for other targets (make test-isa: NEON under qemu, VNNI
   emulated) and the AVX2 path on AVX-512 machines, which need no ./run binary of their own. */
int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);  /* progress shows even when a run is cut short */
    system("mkdir -p build/tmp");
    if (argc > 1) {
        if (argc > 2 || strcmp(argv[1], "kernels") != 0) {
            fprintf(stderr, "usage: test_all [kernels]\n");
            return 2;
        }
        printf("kernels: %s\n", RC__Q_KERNELS);
        test_elementwise();
        test_matmul();
        test_matvec_threads();
        test_gguf_kernels();
        test_q8_panels();
        test_gguf_gemm();
        test_gguf_greedy(1);
        test_attention_batches();
        printf("%d passed, %d failed\n", n_pass, n_fail);
        return n_fail ? 1 : 0;
    }
    test_elementwise();
    test_matmul();
    test_matvec_threads();
    test_tokenizer("tokenizer.bin");
    test_tokenizer("tests/data/gguf/vocab/ggml-vocab-llama-spm.gguf");
    test_gguf_vocabs();
    test_bpe();
    test_llama3_chat();
    test_chat_long();
    test_stories260k();
    test_fixtures();
    test_archs();
    test_bad_arch();
    test_kjv();
    test_bad_models();
    test_bad_tokenizers();
    test_cli();
    test_bad_headers();
    for (size_t i = 0; i < sizeof cut_files / sizeof cut_files[0]; i++)
        test_truncations(cut_files[i], strstr(cut_files[i], ".v0.") ? 28 : 256);
    test_bad_tokenizer_matrix();
    test_sampler_edges();
    test_sampler_chain();
    test_top_p_prefix();
    test_generation_controls();
    test_load_modes();
    test_context_shift();
    test_chat_shift();
    test_json_mode();
    test_cli_matrix();
    test_gguf_kernels();
    test_q8_panels();
    test_gguf_gemm();
    test_other_paths();
    test_gguf_models();
    test_bad_gguf();
    test_gguf_chat();
    test_reading_map();
    test_exports();
    test_examples();
    test_server();
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
