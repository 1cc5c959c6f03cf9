/* main.c - a second file of the same program: run.c's declarations only (RC_HEADER_ONLY), linked
   against engine.c. Runs two models side by side, each with its own state, feeding both the same
   token ids and printing each one's greedy choice per step:

       ./build/two_files MODEL_A MODEL_B N_STEPS ID...   ->  "a: 1 2 3" and "b: 1 2 3" lines */
#define RC_HEADER_ONLY
#include "../../run.c"

#include <stdlib.h>

/* The argmax of the state's last logits (lowest id on ties). */
static int argmax(const rc_State *s) {
    int best = 0;
    for (int i = 1; i < s->model->config.vocab_size; i++)
        if (s->logits[i] > s->logits[best]) best = i;
    return best;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s MODEL_A MODEL_B N_STEPS ID...\n", argv[0]);
        return 1;
    }
    int n_steps = atoi(argv[3]), n_prompt = argc - 4;
    int *ids = malloc(sizeof(int) * (size_t)(n_prompt + n_steps));
    rc_Error err;
    rc_Model model[2];
    rc_State state[2];
    for (int k = 0; k < 2; k++)
        if (rc_model_load(&model[k], argv[1 + k], &err) || rc_state_init(&state[k], &model[k], 0, &err)) {
            fprintf(stderr, "two_files: error: %s\n", err.msg);
            return 1;
        }
    for (int i = 0; i < n_prompt; i++) ids[i] = atoi(argv[4 + i]);
    for (int k = 0; k < 2; k++) { /* each state runs the same sequence through its own model */
        int n = n_prompt;
        printf("%c:", "ab"[k]);
        for (int step = 0; step < n_steps; step++) {
            int from = step == 0 ? 0 : n - 1;
            if (rc_forward(&state[k], ids + from, n - from, from, RC_LOGITS_LAST, NULL, &err)) {
                fprintf(stderr, "two_files: error: %s\n", err.msg);
                return 1;
            }
            ids[n++] = argmax(&state[k]);
            printf(" %d", ids[n - 1]);
        }
        printf("\n");
    }
    for (int k = 0; k < 2; k++) rc_state_free(&state[k]), rc_model_free(&model[k]);
    free(ids);
    return 0;
}
