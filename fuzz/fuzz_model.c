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
            if (rc_sampler_init(&smp, m.config.vocab_size, &(rc_SamplerParams){.temperature = 1, .top_p = 0.9f,
                                .repeat_penalty = 1, .seed = 1}, &e) == 0) {
                int id = rc_sample(&smp, s.logits), drawable = 0;
                for (int i = 0; id < 0 && i < m.config.vocab_size; i++) drawable |= s.logits[i] > -INFINITY;
                if (id < -1 || id >= m.config.vocab_size || drawable) abort(); /* -1 only if nothing drawable */
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
