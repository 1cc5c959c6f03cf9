/* fuzz_common.h - shared by the libFuzzer targets in fuzz/ (`make fuzz`).

   The library is included whole, with a 64 MiB cap on any rc_State so a header that asks for a
   huge KV cache is refused by the engine itself (rc_state_init) instead of exhausting memory. */
#define _GNU_SOURCE
#define RC_NO_MAIN
#define RC_MAX_STATE_BYTES (64ull << 20)
#include "../run.c"

#include <sys/syscall.h>

/* Puts data[0..size) in an anonymous in-memory file and returns a path that opens it
   ("/proc/self/fd/N"), so the loaders read it exactly as they read files on disk. */
static int fuzz_file(const uint8_t *data, size_t size, char *path, size_t cap) {
    int fd = (int)syscall(SYS_memfd_create, "fuzz", 0);
    if (fd < 0) abort();
    for (size_t w = 0; w < size;) {
        ssize_t n = write(fd, data + w, size - w);
        if (n <= 0) abort();
        w += (size_t)n;
    }
    snprintf(path, cap, "/proc/self/fd/%d", fd);
    return fd;
}

/* Aborts (a finding) unless out[0..n) is valid UTF-8 by rc__utf8_len's rules. */
static void fuzz_check_utf8(const char *out, size_t n, const char *what) {
    for (size_t i = 0; i < n;) {
        size_t cl = rc__utf8_len((const unsigned char *)out + i, n - i);
        if (cl == 0) {
            fprintf(stderr, "%s: invalid UTF-8 at byte %zu of %zu\n", what, i, n);
            abort();
        }
        i += cl;
    }
}

/* The real Llama 2 vocabulary, loaded once (the targets run from the repository root). */
static const rc_Tokenizer *fuzz_real_tokenizer(void) {
    static rc_Tokenizer t;
    static int loaded;
    if (!loaded) {
        rc_Error e;
        const char *path = getenv("RC_FUZZ_TOKENIZER");
        if (rc_tokenizer_load(&t, path ? path : "tokenizer.bin", 0, &e)) {
            fprintf(stderr, "fuzz: %s (run from the repository root)\n", e.msg);
            abort();
        }
        loaded = 1;
    }
    return &t;
}
