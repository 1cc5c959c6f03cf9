/* fuzz_gguf.c - arbitrary bytes as a GGUF file: the container parser must accept or reject them
   cleanly, with a message naming the file; whatever parses is walked through every accessor and
   kernel (gguf_touch.h). Then the same bytes go through rc_model_load and rc_tokenizer_load, and
   a model that loads runs one token. */
#include "fuzz_common.h"
#include "gguf_touch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* a private copy, so reads past the input's end are caught by ASan */
    unsigned char *p = malloc(size ? size : 1);
    if (size) memcpy(p, data, size);
    rc_File f = {p, size, 0};
    rc_Error e;
    rc__Gguf g;
    if (rc__gguf_open(&g, &f, "fuzz.gguf", &e) == 0) {
        volatile double sink = rc__touch(&g);
        (void)sink;
        rc__gguf_free(&g);
    } else if (!strstr(e.msg, "fuzz.gguf: ")) {
        abort(); /* every message names the file */
    }
    free(p);
    char path[64];
    int fd = fuzz_file(data, size, path, sizeof path);
    rc_Model m;
    if (rc_model_load(&m, path, &e) == 0) {
        rc_State s;
        int token = 0;
        if (rc_state_init(&s, &m, m.config.seq_len < 4 ? m.config.seq_len : 4, &e) == 0) {
            if (rc_forward(&s, &token, 1, 0, RC_LOGITS_LAST, NULL, &e)) abort();
            rc_state_free(&s);
        }
        rc_model_free(&m);
    }
    rc_Tokenizer t;
    if (rc_tokenizer_load(&t, path, 0, &e) == 0) {
        int ids[64];
        size_t n;
        rc_encode(&t, "Hello, world! 123", 17, RC_ENC_BOS, ids, 64, &n, &e);
        rc_tokenizer_free(&t);
    }
    close(fd);
    return 0;
}
