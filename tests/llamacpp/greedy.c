/* greedy.c: greedy (argmax, temperature 0) continuations from llama.cpp, for reference outputs.
 *
 *   greedy -m MODEL.gguf [-n N] [-t THREADS] [-c CTX] [--kv f32|f16] [--fa on|off|auto]
 *          [--logits OUT.f32 [--logits-prompt K]] [--logits-all OUT.f32]
 *          (-p PROMPT | --ids ID,ID,...) ...
 *
 * For each prompt, in a fresh context: tokenize it as llama.cpp does for a plain completion
 * (llama_tokenize with add_special = true, parse_special = false: BOS when the vocabulary asks
 * for it, then the text), decode the prompt as one batch, then take the argmax of the logits
 * (ties: the lowest id) N times (default 48), feeding each token back one at a time. It does not
 * stop at EOS: always N tokens. Prints one JSON object on stdout:
 *   {"model": ..., "n_predict": N, "settings": {...},
 *    "results": [{"prompt", "prompt_ids", "ids", "text", "min_margin"}]}
 * ("text": the generated tokens' pieces, bytes that are not valid UTF-8 become '?'; "min_margin":
 * the smallest gap between the best and second-best logit over the N choices).
 * --logits writes the logits of the last prompt position of prompt K (default 0) as n_vocab
 * little-endian f32 values; --logits-all those of every position of prompt K ([n_ids, n_vocab]).
 * --ids gives a prompt as token ids (fed as they are: no BOS is added; "prompt" is "").
 * Defaults chosen for reference outputs: 1 thread, f32 K/V cache, flash attention off, n_ctx 256
 * (at least prompt + N).
 *
 * Build against the prebuilt llama.cpp libraries (see llamacpp-setup.sh):
 *   . /work/llamacpp/llamacpp.env
 *   gcc -O2 -std=c11 $LLAMACPP_CFLAGS greedy.c -o greedy $LLAMACPP_LIBS -lstdc++ -lm
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ggml-backend.h"
#include "llama.h"

#define MAX_PROMPTS 64

static void die(const char *msg, const char *arg) {
    fprintf(stderr, "greedy: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    exit(1);
}

static void quiet_log(enum ggml_log_level level, const char *text, void *user) {
    (void)user;
    if (level >= GGML_LOG_LEVEL_WARN) fputs(text, stderr);
}

static void json_string(FILE *f, const char *s, size_t n) {
    /* Escapes quotes, backslashes and control bytes; replaces invalid UTF-8 with '?'. */
    fputc('"', f);
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        int ok = len > 0 && i + len <= n;
        for (int k = 1; ok && k < len; k++) ok = ((unsigned char)s[i + k] >> 6) == 2;
        if (!ok) { fputc('?', f); i++; continue; }
        if (len > 1) { fwrite(s + i, 1, len, f); i += len; continue; }
        if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
        else if (c == '\n') fputs("\\n", f);
        else if (c == '\t') fputs("\\t", f);
        else if (c < 0x20) fprintf(f, "\\u%04x", c);
        else fputc(c, f);
        i++;
    }
    fputc('"', f);
}

static void json_ids(FILE *f, const llama_token *ids, int n) {
    fputc('[', f);
    for (int i = 0; i < n; i++) fprintf(f, "%s%d", i ? ", " : "", ids[i]);
    fputc(']', f);
}

static bool no_progress(float progress, void *user) {
    (void)progress; (void)user;
    return true;
}

static llama_token argmax(const float *logits, int n, float *margin) {
    int best = 0;
    for (int i = 1; i < n; i++)
        if (logits[i] > logits[best]) best = i;
    float second = -1e30f;
    for (int i = 0; i < n; i++)
        if (i != best && logits[i] > second) second = logits[i];
    *margin = logits[best] - second;
    return best;
}

int main(int argc, char **argv) {
    const char *model_path = NULL, *logits_path = NULL, *logits_all_path = NULL, *prompts[MAX_PROMPTS];
    int is_ids[MAX_PROMPTS];
    int n_prompts = 0, n_predict = 48, n_threads = 1, n_ctx = 256, logits_prompt = 0;
    const char *kv = "f32", *fa = "off";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc) die("missing value after", a);
        const char *v = argv[++i];
        if (!strcmp(a, "-m")) model_path = v;
        else if (!strcmp(a, "-n")) n_predict = atoi(v);
        else if (!strcmp(a, "-t")) n_threads = atoi(v);
        else if (!strcmp(a, "-c")) n_ctx = atoi(v);
        else if (!strcmp(a, "--kv")) kv = v;
        else if (!strcmp(a, "--fa")) fa = v;
        else if (!strcmp(a, "--logits")) logits_path = v;
        else if (!strcmp(a, "--logits-prompt")) logits_prompt = atoi(v);
        else if (!strcmp(a, "--logits-all")) logits_all_path = v;
        else if (!strcmp(a, "-p") || !strcmp(a, "--ids")) {
            if (n_prompts == MAX_PROMPTS) die("too many prompts", NULL);
            is_ids[n_prompts] = a[1] == '-';
            prompts[n_prompts++] = v;
        } else die("unknown option", a);
    }
    if (!model_path || !n_prompts) die("usage: greedy -m MODEL.gguf [-n N] [-t T] [-c CTX] "
                                       "[--kv f32|f16] [--fa on|off|auto] [--logits OUT.f32 "
                                       "[--logits-prompt K]] -p PROMPT...", NULL);
    if (n_predict < 0 || n_threads < 1 || n_ctx < 1) die("bad -n, -t or -c", NULL);
    if (strcmp(kv, "f32") && strcmp(kv, "f16")) die("--kv must be f32 or f16", kv);
    if (strcmp(fa, "on") && strcmp(fa, "off") && strcmp(fa, "auto")) die("--fa must be on, off or auto", fa);

    llama_log_set(quiet_log, NULL);
    const char *libdir = getenv("LLAMACPP_LIBDIR");
    if (libdir) ggml_backend_load_all_from_path(libdir);
    else ggml_backend_load_all();
    llama_backend_init();

    struct llama_model_params mp = llama_model_default_params();
    mp.n_gpu_layers = 0;
    mp.progress_callback = no_progress;
    struct llama_model *model = llama_model_load_from_file(model_path, mp);
    if (!model) die("cannot load model", model_path);
    const struct llama_vocab *vocab = llama_model_get_vocab(model);
    const int n_vocab = llama_vocab_n_tokens(vocab);

    printf("{\"model\": ");
    json_string(stdout, model_path, strlen(model_path));
    printf(", \"n_predict\": %d, \"settings\": {\"threads\": %d, \"n_ctx\": %d, \"kv_type\": \"%s\", "
           "\"flash_attn\": \"%s\", \"add_special\": true, \"parse_special\": false}, \"results\": [",
           n_predict, n_threads, n_ctx, kv, fa);
    for (int p = 0; p < n_prompts; p++) {
        int len = (int)strlen(prompts[p]);
        int cap = len + 8;
        llama_token *ids = malloc(sizeof(llama_token) * (size_t)(cap + n_predict));
        int n = 0;
        if (is_ids[p]) {
            for (const char *q = prompts[p]; *q; q += *q == ',') ids[n++] = (llama_token)strtol(q, (char **)&q, 10);
        } else {
            n = llama_tokenize(vocab, prompts[p], len, ids, cap, true, false);
        }
        if (n < 0) die("tokenization failed", prompts[p]);
        if (n == 0) die("empty prompt", prompts[p]);

        struct llama_context_params cp = llama_context_default_params();
        cp.n_ctx = (uint32_t)(n_ctx > n + n_predict ? n_ctx : n + n_predict);
        cp.n_batch = cp.n_ctx;
        cp.n_ubatch = cp.n_ctx;
        cp.n_seq_max = 1;
        cp.n_threads = n_threads;
        cp.n_threads_batch = n_threads;
        cp.type_k = cp.type_v = !strcmp(kv, "f32") ? GGML_TYPE_F32 : GGML_TYPE_F16;
        cp.flash_attn_type = !strcmp(fa, "on") ? LLAMA_FLASH_ATTN_TYPE_ENABLED
                           : !strcmp(fa, "off") ? LLAMA_FLASH_ATTN_TYPE_DISABLED
                           : LLAMA_FLASH_ATTN_TYPE_AUTO;
        cp.no_perf = true;
        struct llama_context *ctx = llama_init_from_model(model, cp);
        if (!ctx) die("cannot create a context", NULL);

        struct llama_batch batch = llama_batch_init(n, 0, 1); /* every position's logits */
        for (int i = 0; i < n; i++) {
            batch.token[i] = ids[i], batch.pos[i] = i, batch.n_seq_id[i] = 1, batch.seq_id[i][0] = 0;
            batch.logits[i] = 1;
        }
        batch.n_tokens = n;
        if (llama_decode(ctx, batch)) die("llama_decode failed (prompt)", prompts[p]);
        llama_batch_free(batch);
        if (logits_all_path && p == logits_prompt) {
            FILE *f = fopen(logits_all_path, "wb");
            for (int i = 0; f && i < n; i++)
                if (fwrite(llama_get_logits_ith(ctx, i), sizeof(float), (size_t)n_vocab, f) != (size_t)n_vocab) f = NULL;
            if (!f || fclose(f)) die("cannot write", logits_all_path);
        }
        const float *logits = llama_get_logits_ith(ctx, -1);
        if (logits_path && p == logits_prompt) {
            FILE *f = fopen(logits_path, "wb");
            if (!f || fwrite(logits, sizeof(float), (size_t)n_vocab, f) != (size_t)n_vocab || fclose(f))
                die("cannot write", logits_path);
        }
        char *text = malloc(64 * (size_t)n_predict + 1);
        size_t text_len = 0;
        float min_margin = 1e30f;
        for (int i = 0; i < n_predict; i++) {
            float margin;
            llama_token t = argmax(logits, n_vocab, &margin);
            if (margin < min_margin) min_margin = margin;
            ids[n + i] = t;
            int k = llama_token_to_piece(vocab, t, text + text_len, 64, 0, false);
            if (k > 0) text_len += (size_t)k;
            if (i + 1 < n_predict) {
                if (llama_decode(ctx, llama_batch_get_one(&ids[n + i], 1))) die("llama_decode failed", NULL);
                logits = llama_get_logits_ith(ctx, -1);
            }
        }
        printf("%s\n  {\"prompt\": ", p ? "," : "");
        json_string(stdout, is_ids[p] ? "" : prompts[p], is_ids[p] ? 0 : (size_t)len);
        printf(", \"prompt_ids\": ");
        json_ids(stdout, ids, n);
        printf(", \"ids\": ");
        json_ids(stdout, ids + n, n_predict);
        printf(", \"text\": ");
        json_string(stdout, text, text_len);
        printf(", \"min_margin\": %.6g}", min_margin);
        free(text);
        free(ids);
        llama_free(ctx);
    }
    printf("\n]}\n");
    llama_model_free(model);
    llama_backend_free();
    return 0;
}
