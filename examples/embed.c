/* embed.c - run.c as a library: load a model and tokenizer, stream a greedy generation through
   the emit callback, stop when the text completes a sentence, and steer sampling with a logits
   hook that bans every token whose text contains a given word.

       make examples && ./build/embed models/kjv15M.q8_0.bin tokenizer.bin "In the beginning" [WORD]

   Prints the prompt's continuation up to and including the first '.', '?' or '!' (or 128 tokens),
   then a line "stopped: sentence" or "stopped: limit". */
#define RC_NO_MAIN
#include "../run.c" /* first: run.c sets _POSIX_C_SOURCE before the system headers */

#include <math.h>
#include <stdio.h>
#include <string.h>

/* What the callbacks share. */
typedef struct {
    const rc_Tokenizer *tok;
    const char *banned;  /* NULL: no ban */
    int sentence_done;
} Demo;

/* emit: print the text as it streams; returning 1 stops generation after this token. */
static int on_token(void *user, int token, const char *text, size_t len) {
    Demo *d = user;
    (void)token;
    fwrite(text, 1, len, stdout);
    fflush(stdout);
    for (size_t i = 0; i < len; i++)
        if (text[i] == '.' || text[i] == '?' || text[i] == '!') d->sentence_done = 1;
    return d->sentence_done;
}

/* logits hook: a token whose text contains the banned word can never be chosen. */
static void ban_word(void *user, float *logits, int vocab_size) {
    Demo *d = user;
    size_t n = strlen(d->banned);
    for (int id = 0; id < vocab_size; id++) {
        size_t len;
        const char *piece = rc_decode(d->tok, -1, id, &len);
        for (size_t i = 0; i + n <= len; i++)
            if (memcmp(piece + i, d->banned, n) == 0) {
                logits[id] = -INFINITY;
                break;
            }
    }
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s MODEL TOKENIZER PROMPT [BANNED_WORD]\n", argv[0]);
        return 1;
    }
    rc_Error err;
    rc_Model model;
    rc_Tokenizer tok;
    rc_State state;
    rc_Sampler sampler;
    rc_Ids prompt = {0};
    if (rc_model_load(&model, argv[1], &err)) goto fail_early;
    if (rc_tokenizer_load(&tok, argv[2], model.config.vocab_size, &err)) goto fail_model;
    if (rc_state_init(&state, &model, 0, &err)) goto fail_tok;
    rc_SamplerParams greedy = rc_sampler_defaults();
    greedy.temperature = 0;
    if (rc_sampler_init(&sampler, model.config.vocab_size, &greedy, &err)) goto fail_state;
    Demo demo = {&tok, argc > 4 ? argv[4] : NULL, 0};
    if (demo.banned) sampler.process = ban_word, sampler.user = &demo;
    if (rc_encode_ids(&tok, argv[3], strlen(argv[3]), RC_ENC_BOS, &prompt, &err)) goto fail_sampler;
    rc_Stats st;
    rc_GenParams gen = {.max_new = 128};
    if (rc_generate(&state, &tok, &sampler, prompt.v, (int)prompt.n, 0, &gen, on_token, &demo, &st, &err))
        goto fail_sampler;
    printf("\nstopped: %s\n", st.stopped ? "sentence" : "limit");
    rc_ids_free(&prompt);
    rc_sampler_free(&sampler);
    rc_state_free(&state);
    rc_tokenizer_free(&tok);
    rc_model_free(&model);
    return 0;
fail_sampler:
    rc_ids_free(&prompt);
    rc_sampler_free(&sampler);
fail_state:
    rc_state_free(&state);
fail_tok:
    rc_tokenizer_free(&tok);
fail_model:
    rc_model_free(&model);
fail_early:
    fprintf(stderr, "embed: error: %s\n", err.msg);
    return 1;
}
