/* fuzz_encode.c - arbitrary bytes as a prompt for the real Llama 2 vocabulary: ids in range and
   within rc_encode_bound, and decode(encode(s)) == s for valid UTF-8 without U+2581. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const rc_Tokenizer *t = fuzz_real_tokenizer();
    size_t cap = rc_encode_bound(size), n;
    int *ids = malloc(cap * sizeof(int));
    rc_Error e;
    if (rc_encode(t, (const char *)data, size, RC_ENC_BOS, ids, cap, &n, &e)) abort();
    if (n < 1 || n > cap || ids[0] != t->bos_id) abort();  /* Llama 2 vocabulary: BOS is 1 */
    for (size_t i = 0; i < n; i++)
        if (ids[i] < 0 || ids[i] >= t->vocab_size) abort();
    int valid = 1;
    for (size_t i = 0; valid && i < size;) {
        size_t cl = rc__utf8_len(data + i, size - i);
        valid = cl > 0 && !(cl == 3 && memcmp(data + i, "\xE2\x96\x81", 3) == 0);
        i += cl;
    }
    if (valid) {
        char *dec = malloc(size + 1);
        size_t w = 0;
        for (size_t i = 1; i < n; i++) {
            size_t len;
            const char *p = rc_decode(t, ids[i - 1], ids[i], &len);
            if (w + len > size) abort();  /* decoded text longer than the input */
            memcpy(dec + w, p, len), w += len;
        }
        if (w != size || memcmp(dec, data, size) != 0) abort();
        free(dec);
    }
    free(ids);
    return 0;
}
