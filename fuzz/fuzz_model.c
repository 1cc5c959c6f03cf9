/* fuzz_model.c - arbitrary bytes as a checkpoint: rc_model_load must accept or reject them cleanly;
   whatever loads must size a state (capped at 64 MiB) and run one token through rc_forward. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[64];
    int fd = fuzz_file(data, size, path, sizeof path);
    rc_Error e = {{0}};
    rc_Model m;
    if (rc_model_load(&m, path, &e) == 0) {
        rc_State s;
        int ctx = m.config.seq_len < 4 ? m.config.seq_len : 4;
        if (rc_state_init(&s, &m, ctx, &e) == 0) {
            int tokens[2] = {0, m.config.vocab_size - 1};
            if (rc_forward(&s, tokens, 1, 0, RC_LOGITS_LAST, NULL, &e)) abort();
            if (ctx >= 2 && rc_forward(&s, tokens + 1, 1, 1, RC_LOGITS_LAST, NULL, &e)) abort();
            rc_Sampler smp;
            if (rc_sampler_init(&smp, m.config.vocab_size, 1.0f, 0.9f, 0, 1, &e) == 0) {
                int id = rc_sample(&smp, s.logits);
                if (id < 0 || id >= m.config.vocab_size) abort();
                rc_sampler_free(&smp);
            }
            rc_state_free(&s);
        } else if (!strstr(e.msg, "needs")) {
            abort();  /* the only way a loaded model's state may fail is the size cap */
        }
        rc_model_free(&m);
    } else if (e.msg[0] == 0) {
        abort();  /* failures must say why */
    }
    close(fd);
    return 0;
}
