/* fuzz_tokenizer.c - arbitrary bytes as a tokenizer file (RCTK or llama2.c's): loads or fails
   cleanly; a loaded vocabulary must then encode and decode without trouble. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[64];
    int fd = fuzz_file(data, size, path, sizeof path);
    rc_Error e = {{0}};
    rc_Tokenizer t;
    if (rc_tokenizer_load(&t, path, 0, &e) == 0) {
        static const char text[] = "Hello \xE2\x96\x81 w\xC3\xB6rld \xFF<0x41>\n";
        int ids[3 * sizeof text + 2];
        size_t n;
        if (rc_encode(&t, text, sizeof text - 1, RC_ENC_BOS | RC_ENC_SPECIAL, ids, rc_encode_bound(sizeof text - 1), &n, &e) == 0)
            for (size_t i = 0; i < n; i++)
                if (ids[i] < 0 || ids[i] >= t.vocab_size) abort();
        char *out = malloc(3 * ((size_t)t.max_piece_len + 4));
        rc_Utf8 u = {{0}, 0};
        for (int id = -1; id <= t.vocab_size && id < 4096; id++) {
            size_t len;
            const char *p = rc_decode(&t, id - 1, id, &len);
            size_t w = rc_utf8_feed(&u, p, len, out);
            fuzz_check_utf8(out, w, "tokenizer decode");
        }
        fuzz_check_utf8(out, rc_utf8_flush(&u, out), "tokenizer flush");
        free(out);
        rc_tokenizer_free(&t);
    } else if (e.msg[0] == 0) {
        abort();
    }
    close(fd);
    return 0;
}
