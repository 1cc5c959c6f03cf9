/* expect_decoded.h - shared by test_all.c and fuzz/fuzz_encode.c, which include run.c first.

   What decode(encode(s)) must give back for valid UTF-8 s: s itself, or for an NFC vocabulary each
   stretch between added tokens ("<think>") in NFC. The added tokens are cut out before
   normalizing, as in Hugging Face's tokenizers, so "<think>" + U+0338 keeps its '>' apart
   instead of composing it into U+226F. */
static void expect_decoded(const rc_Tokenizer *t, const unsigned char *s, size_t n, unsigned char **out, size_t *out_len) {
    unsigned char *o = malloc(3 * n + 1);
    size_t w = 0, start = 0;
    rc__Buf norm = {0}, cps = {0}, tmp = {0};
    for (size_t i = 0; i <= n;) {
        size_t len = 0;
        int added = i < n && t->nfc ? rc__special_at(t, s, n, i, 0, &len) : -1;
        if (i < n && added < 0) {
            i++;
            continue;
        }
        int changed = 0; /* the stretch s[start..i) */
        if (t->nfc && rc__nfc(s + start, i - start, &norm, &cps, &tmp, &changed)) abort();
        if (changed) memcpy(o + w, norm.data, norm.len), w += norm.len;
        else memcpy(o + w, s + start, i - start), w += i - start;
        if (i == n) break;
        memcpy(o + w, s + i, len), w += len;
        i += len, start = i;
    }
    RC_FREE(norm.data), RC_FREE(cps.data), RC_FREE(tmp.data);
    *out = o, *out_len = w;
}
