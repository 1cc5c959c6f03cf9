// chat_ref.c — reference chat-prompt renderings and token ids from llama.cpp (non-Jinja path).
//
// usage: chat_ref FAMILY TEMPLATE_FILE MODEL_GGUF
//   FAMILY        label written at the start of every output line (zephyr, mistral, phi3)
//   TEMPLATE_FILE the Jinja chat template source (exact bytes, used as the `tmpl` string)
//   MODEL_GGUF    vocab-only GGUF whose tokenizer.chat_template is that same template
//
// What it does, replicating llama-completion (tools/completion/completion.cpp, the old
// tools/main) in conversation mode (-cnv) with its default --no-jinja:
//   * render with llama_chat_apply_template(tmpl, chat, n, add_ass=true, ...) — which is exactly
//     what common_chat_templates_apply_legacy() does;
//   * a whole prompt (A, B, C) is tokenized as completion.cpp does for the first prompt:
//     common_tokenize(ctx, prompt, add_special=true, parse_special=true)  -> the tokenizer adds
//     BOS when tokenizer.ggml.add_bos_token is true; none of the legacy renderings used here
//     contains "<s>" itself;
//   * the incremental turn-2 prompt (B_inc) is common_chat_format_single(): render the past
//     messages (A + assistant reply) with add_ass=false, render past + new user message with
//     add_ass=true, take the suffix after the past rendering, and prepend "\n" if the past
//     rendering ended with '\n'; completion.cpp tokenizes that with
//     common_tokenize(ctx, user_inp, add_special=false, parse_special=true) (no BOS).
// It also checks that the model's own template (llama_model_chat_template(model, NULL)) is the
// template file byte for byte and renders identically, and names the llama.cpp built-in template
// that the detection picked (the built-in whose rendering of every conversation is identical).
// Note: llama_chat_apply_template(NULL, ...) means "chatml" in this llama.cpp (the C API no
// longer takes a model); the model's template must be fetched with llama_model_chat_template().
//
// Output lines:  FAMILY CONV rendered <C-escaped string>   /   FAMILY CONV ids <id> <id> ...
#include "llama.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char * g_family;

static char * read_file(const char * path) {
    FILE * f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char * s = malloc(n + 1);
    if (fread(s, 1, n, f) != (size_t) n) { perror(path); exit(1); }
    s[n] = 0;
    fclose(f);
    return s;
}

// returns a malloc'd rendering, or NULL if the template is not supported
static char * render(const char * tmpl, const llama_chat_message * msgs, size_t n, int add_ass) {
    int32_t len = llama_chat_apply_template(tmpl, msgs, n, add_ass, NULL, 0);
    if (len < 0) return NULL;
    char * buf = malloc(len + 1);
    int32_t len2 = llama_chat_apply_template(tmpl, msgs, n, add_ass, buf, len + 1);
    if (len2 != len) { fprintf(stderr, "render length changed\n"); exit(1); }
    buf[len] = 0;
    return buf;
}

static void print_escaped(const char * conv, const char * s) {
    printf("%s %s rendered ", g_family, conv);
    for (const unsigned char * p = (const unsigned char *) s; *p; p++) {
        switch (*p) {
            case '\n': fputs("\\n", stdout); break;
            case '\t': fputs("\\t", stdout); break;
            case '\r': fputs("\\r", stdout); break;
            case '\\': fputs("\\\\", stdout); break;
            case '"':  fputs("\\\"", stdout); break;
            default:
                if (*p < 0x20 || *p >= 0x7f) printf("\\x%02x", *p);
                else putchar(*p);
        }
    }
    putchar('\n');
}

static void print_ids(const struct llama_vocab * vocab, const char * conv, const char * text, int add_special) {
    int n = (int) strlen(text) + 8;
    llama_token * toks = malloc(sizeof(llama_token) * n);
    int got = llama_tokenize(vocab, text, (int32_t) strlen(text), toks, n, add_special, /*parse_special=*/true);
    if (got < 0) { fprintf(stderr, "tokenize failed\n"); exit(1); }
    printf("%s %s ids", g_family, conv);
    for (int i = 0; i < got; i++) printf(" %d", toks[i]);
    putchar('\n');
    // pieces, as a comment line (special tokens shown as their text)
    printf("# %s %s pieces", g_family, conv);
    for (int i = 0; i < got; i++) {
        char piece[256];
        int k = llama_token_to_piece(vocab, toks[i], piece, sizeof(piece) - 1, 0, /*special=*/true);
        if (k < 0) k = 0;
        piece[k] = 0;
        putchar(' ');
        putchar('[');
        for (char * c = piece; *c; c++) {
            if (*c == '\n') fputs("\\n", stdout); else putchar(*c);
        }
        putchar(']');
    }
    putchar('\n');
    free(toks);
}

static void discard_log(enum ggml_log_level level, const char * text, void * ud) {
    (void) level; (void) text; (void) ud;
}

int main(int argc, char ** argv) {
    if (argc != 4) { fprintf(stderr, "usage: %s FAMILY TEMPLATE_FILE MODEL_GGUF\n", argv[0]); return 2; }
    g_family = argv[1];
    const int is_mistral = strcmp(g_family, "mistral") == 0;
    char * tmpl = read_file(argv[2]);

    llama_log_set(discard_log, NULL);
    llama_backend_init();
    struct llama_model_params mp = llama_model_default_params();
    mp.vocab_only = true;
    struct llama_model * model = llama_model_load_from_file(argv[3], mp);
    if (!model) { fprintf(stderr, "cannot load %s\n", argv[3]); return 1; }
    const struct llama_vocab * vocab = llama_model_get_vocab(model);

    const char * model_tmpl = llama_model_chat_template(model, NULL);
    if (!model_tmpl || strcmp(model_tmpl, tmpl) != 0) {
        fprintf(stderr, "%s: tokenizer.chat_template of %s differs from %s\n", g_family, argv[3], argv[2]);
        return 1;
    }

    // conversations
    const llama_chat_message sys  = { "system",    "You are a helpful assistant." };
    const llama_chat_message u1   = { "user",      "Hello there!" };
    const llama_chat_message a1   = { "assistant", "Hi! How can I help?" };
    const llama_chat_message u2   = { "user",      "Tell me a joke." };
    const llama_chat_message uc   = { "user",      "What is 2+2?" };
    llama_chat_message A[2], Aasst[3], B[4], C[1];
    size_t nA = 0, nAasst = 0, nB = 0;
    if (!is_mistral) { A[nA++] = sys; }
    A[nA++] = u1;
    for (size_t i = 0; i < nA; i++) { Aasst[nAasst++] = A[i]; B[nB++] = A[i]; }
    Aasst[nAasst++] = a1;
    B[nB++] = a1;
    B[nB++] = u2;
    C[0] = uc;

    struct { const char * name; const llama_chat_message * msgs; size_t n; int add_ass; } convs[] = {
        { "A", A, nA, 1 }, { "B", B, nB, 1 }, { "C", C, 1, 1 }, { "A_asst", Aasst, nAasst, 0 },
    };
    const int n_convs = (int) (sizeof(convs) / sizeof(convs[0]));
    char * rend[4];
    for (int i = 0; i < n_convs; i++) {
        rend[i] = render(tmpl, convs[i].msgs, convs[i].n, convs[i].add_ass);
        if (!rend[i]) { fprintf(stderr, "%s: template not supported by llama_chat_apply_template\n", g_family); return 1; }
        char * r2 = render(model_tmpl, convs[i].msgs, convs[i].n, convs[i].add_ass);
        if (!r2 || strcmp(r2, rend[i]) != 0) { fprintf(stderr, "%s %s: model template renders differently\n", g_family, convs[i].name); return 1; }
        free(r2);
    }

    // which built-in template did the detection pick?
    const char * names[256];
    int n_names = llama_chat_builtin_templates(names, 256);
    // (plus a probe conversation with a system turn and padded contents, to tell variants apart)
    const llama_chat_message probe[4] = {
        { "system", " S " }, { "user", " U " }, { "assistant", " X " }, { "user", "Y" } };
    char * rprobe = render(tmpl, probe, 4, 1);
    printf("%s - detected", g_family);
    for (int k = 0; k < n_names && k < 256; k++) {
        int same = 1;
        for (int i = 0; i < n_convs && same; i++) {
            char * r = render(names[k], convs[i].msgs, convs[i].n, convs[i].add_ass);
            same = r && strcmp(r, rend[i]) == 0;
            free(r);
        }
        if (same) {
            char * r = render(names[k], probe, 4, 1);
            same = r && rprobe && strcmp(r, rprobe) == 0;
            free(r);
        }
        if (same) printf(" %s", names[k]);
    }
    putchar('\n');
    free(rprobe);
    printf("%s - add_bos %d add_eos %d bos %d eos %d eot %d\n", g_family,
           llama_vocab_get_add_bos(vocab), llama_vocab_get_add_eos(vocab),
           llama_vocab_bos(vocab), llama_vocab_eos(vocab), llama_vocab_eot(vocab));
    {
        char * r = render(NULL, convs[0].msgs, convs[0].n, 1);
        char * rc = render("chatml", convs[0].msgs, convs[0].n, 1);
        printf("%s - null_tmpl_is_chatml %d\n", g_family, r && rc && strcmp(r, rc) == 0);
        free(r); free(rc);
    }

    // whole prompts: tokenized with add_special=true (BOS per the vocab), parse_special=true
    for (int i = 0; i < 3; i++) {
        print_escaped(convs[i].name, rend[i]);
        print_ids(vocab, convs[i].name, rend[i], 1);
    }
    print_escaped("A_asst", rend[3]);

    // incremental turn 2, as common_chat_format_single() computes it
    const char * past = rend[3];
    const char * full = rend[1];
    size_t lp = strlen(past);
    if (strncmp(full, past, lp) != 0) {
        fprintf(stderr, "%s: B rendering does not start with A_asst rendering (substr would be garbage)\n", g_family);
        return 1;
    }
    size_t lf = strlen(full);
    char * delta = malloc(lf - lp + 2);
    size_t o = 0;
    if (lp > 0 && past[lp - 1] == '\n') delta[o++] = '\n';
    memcpy(delta + o, full + lp, lf - lp);
    delta[o + lf - lp] = 0;
    print_escaped("B_inc", delta);
    print_ids(vocab, "B_inc", delta, 0);

    for (int i = 0; i < n_convs; i++) free(rend[i]);
    free(delta);
    free(tmpl);
    llama_model_free(model);
    llama_backend_free();
    return 0;
}
