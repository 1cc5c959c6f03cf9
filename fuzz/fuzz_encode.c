/* fuzz_encode.c - arbitrary bytes as a prompt for a real vocabulary (RC_FUZZ_TOKENIZER: the
   Llama 2 tokenizer.bin by default; make fuzz-run also runs Llama 3's and Qwen3's byte-level
   BPE): ids in range and within rc_encode_bound, BOS first where the vocabulary adds it, and
   decode(encode(s)) == s for valid UTF-8 (SentencePiece: without U+2581, which reads back as a
   space; Qwen3: == s with each stretch between added tokens in NFC, as its normalizer makes it). */
#include "fuzz_common.h"
#include "expect_decoded.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const rc_Tokenizer *t = fuzz_real_tokenizer();
    size_t cap = rc_encode_bound(size), n;
    int *ids = malloc(cap * sizeof(int));
    rc_Error e;
    if (rc_encode(t, (const char *)data, size, RC_ENC_BOS, ids, cap, &n, &e)) abort();
    int bos = t->add_bos && t->bos_id >= 0;
    if (n > cap || (bos && (n < 1 || ids[0] != t->bos_id))) abort();
    for (size_t i = 0; i < n; i++)
        if (ids[i] < 0 || ids[i] >= t->vocab_size) abort();
    int valid = 1;
    for (size_t i = 0; valid && i < size;) {
        size_t cl = rc__utf8_len(data + i, size - i);
        valid = cl > 0 && !(t->kind == RC_VOCAB_SP && cl == 3 && memcmp(data + i, "\xE2\x96\x81", 3) == 0);
        i += cl ? cl : 1;
    }
    if (valid) {
        unsigned char *want;
        size_t want_len;
        expect_decoded(t, data, size, &want, &want_len);
        char *dec = malloc(want_len + 1);
        size_t w = 0;
        for (size_t i = bos; i < n; i++) {
            size_t len;
            const char *p = rc_decode(t, i ? ids[i - 1] : -1, ids[i], &len);
            if (w + len > want_len) abort(); /* decoded text longer than the input */
            memcpy(dec + w, p, len), w += len;
        }
        if (w != want_len || memcmp(dec, want, want_len) != 0) abort();
        free(dec), free(want);
    }
    free(ids);
    return 0;
}
