/* fuzz_http.c - bytes as what a client sends to examples/server.c: the request head parser
   (sv_http_head) and the chunked body decoder (sv_chunked_feed).
   Checks: a head is found the same way whether the bytes arrive at once or in pieces; a parsed
   head's fields lie inside the buffer and are well formed; a status is one of the documented
   ones; decoding chunks in fuzz-chosen pieces gives exactly the one-shot result. */
#define SV_NO_MAIN
#include "../examples/server.c"

static void check_status(int st) {
    if (st != 0 && st != 400 && st != 413 && st != 414 && st != 417 && st != 431 && st != 501 && st != 505) abort();
}

/* Decodes in[0..n) in pieces whose lengths come from `sizes`; returns the state and output. */
static int decode(const char *in, size_t n, const uint8_t *sizes, size_t n_sizes, size_t max, char *out,
                  size_t *out_n, size_t *used_total) {
    sv_Chunked c = {.max = max};
    size_t at = 0, k = 0;
    int rc = 0;
    while (at < n) {
        size_t piece = n_sizes ? 1 + sizes[k++ % n_sizes] % 17 : n - at;
        if (piece > n - at) piece = n - at;
        size_t used = 0;
        rc = sv_chunked_feed(&c, in + at, piece, out, &used);
        if (used > piece || c.n > max) abort();
        at += used;
        if (rc != 0) break;
        if (used != piece) abort(); /* it takes every byte until it is done or fails */
    }
    *out_n = c.n, *used_total = at;
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *buf = (const char *)data;
    /* the head's end, found incrementally as sv_conn_main does */
    size_t whole = sv_head_end(buf, size, 0), inc = 0, seen = 0;
    for (size_t n = 1; n <= size && !inc; n += 1 + (n % 5)) {
        inc = sv_head_end(buf, n, seen);
        seen = n;
    }
    if (!inc) inc = sv_head_end(buf, size, seen);
    if (inc != whole) abort();
    size_t body_at = 0;
    if (whole) {
        if (whole > size) abort();
        sv_Request r;
        int st = sv_http_head(buf, whole, &r);
        check_status(st);
        if (st == 0) {
            const char *end = buf + whole;
            if (!r.method || r.method < buf || r.method + r.method_len > end || r.method_len == 0) abort();
            if (r.path_len == 0 || r.path[0] != '/') abort();
            if (!(r.path >= buf && r.path + r.path_len <= end) && !(r.path_len == 1 && r.path[0] == '/')) abort();
            if (r.minor != 0 && r.minor != 1) abort();
            if (r.content_length < -1 || (r.chunked && r.content_length >= 0)) abort();
            if (r.auth && (r.auth < buf || r.auth + r.auth_len > end)) abort();
        }
        body_at = whole;
    }
    /* the rest (or everything) as a chunked body: pieces decode as the whole does */
    const char *body = buf + body_at;
    size_t n = size - body_at, max = 1 + (size % 4096);
    char *one = malloc(max + 1), *many = malloc(max + 1);
    size_t n_one, n_many, used_one, used_many;
    int rc_one = decode(body, n, NULL, 0, max, one, &n_one, &used_one);
    int rc_many = decode(body, n, data, size < 8 ? size : 8, max, many, &n_many, &used_many);
    if (rc_one != 0 && rc_one != 1 && rc_one != 400 && rc_one != 413 && rc_one != 431) abort();
    if (rc_one != rc_many) abort();
    if (rc_one == 1 && (n_one != n_many || used_one != used_many || memcmp(one, many, n_one) != 0)) abort();
    if (rc_one == 0 && (n_one != n_many || memcmp(one, many, n_one) != 0)) abort();
    free(one), free(many);
    return 0;
}
