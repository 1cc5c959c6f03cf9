/* fuzz_decode.c - random id sequences through rc_decode and the streaming UTF-8 printer
   (rc_utf8_feed / rc_utf8_flush): output always valid UTF-8 and within the documented bound.
   Also raw bytes straight into the printer in fuzz-chosen chunks. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const rc_Tokenizer *t = fuzz_real_tokenizer();
    /* ids: 2 bytes each, a few out of range (the decoder must return "" for them) */
    size_t cap = 3 * ((size_t)t->max_piece_len + 4);
    char *out = malloc(cap + 3 * (size + 4));
    rc_Utf8 u = {{0}, 0};
    int prev = t->bos_id;
    for (size_t i = 0; i + 1 < size; i += 2) {
        int id = (int)(data[i] | data[i + 1] << 8);
        if (id >= 0xFFF0) id = -(id - 0xFFF0) - 1;       /* negative ids */
        else if (id >= 32768) id = 256 + (id - 32768) % 16; /* favour byte tokens */
        size_t len;
        const char *p = rc_decode(t, prev, id, &len);
        if (len > (size_t)t->max_piece_len) abort();
        size_t w = rc_utf8_feed(&u, p, len, out);
        if (w > 3 * (len + 4)) abort();
        fuzz_check_utf8(out, w, "decode stream");
        prev = id;
    }
    fuzz_check_utf8(out, rc_utf8_flush(&u, out), "decode flush");
    /* raw bytes, chunk lengths taken from the data itself */
    for (size_t i = 0; i < size;) {
        size_t chunk = 1 + data[i] % 7;
        if (chunk > size - i) chunk = size - i;
        size_t w = rc_utf8_feed(&u, (const char *)data + i, chunk, out);
        if (w > 3 * (chunk + 4)) abort();
        fuzz_check_utf8(out, w, "raw stream");
        i += chunk;
    }
    size_t w = rc_utf8_flush(&u, out);
    if (w > 3 || u.n != 0) abort();
    fuzz_check_utf8(out, w, "raw flush");
    free(out);
    return 0;
}
