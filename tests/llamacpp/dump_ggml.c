/* dump_ggml.c - ggml's own answers for the dequantization / dot-product test cases.

   dump_ggml FILE.gguf ACT.f32 CPU_LIB.so
   For every tensor of FILE (read with ggml's gguf API), prints one line:
     name type ne0 nrows fnv1a64(dequantized f32 bits) then, per row, ggml's vec_dot of the row
     with ACT[0..ne0) quantized by ggml's reference quantizer (from_float_ref of the type's
     vec_dot_type), as %a, then per row the double-precision dot of the dequantized row with ACT.
   followed by a line "samples" with every 61st dequantized value (%a).
   CPU_LIB is a libggml-cpu-*.so variant (x64 = ggml's generic C kernels). Linked against
   libggml-base; built by make_dequant_cases.py. */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ggml.h"
#include "ggml-cpu.h"
#include "gguf.h"

void quantize_row_q8_K_ref(const float *x, void *y, int64_t k); /* libggml-base (ggml-quants.h) */

static uint64_t fnv1a(const void *p, size_t n, uint64_t h) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: dump_ggml FILE.gguf ACT.f32 CPU_LIB.so\n"); return 2; }
    void *cpu = dlopen(argv[3], RTLD_NOW | RTLD_LOCAL);
    if (!cpu) { fprintf(stderr, "%s\n", dlerror()); return 1; }
    void (*cpu_init)(void) = (void (*)(void))dlsym(cpu, "ggml_cpu_init");
    const struct ggml_type_traits_cpu *(*traits_cpu)(enum ggml_type) =
        (const struct ggml_type_traits_cpu *(*)(enum ggml_type))dlsym(cpu, "ggml_get_type_traits_cpu");
    if (!cpu_init || !traits_cpu) { fprintf(stderr, "missing symbols in %s\n", argv[3]); return 1; }
    cpu_init();
    FILE *fa = fopen(argv[2], "rb");
    if (!fa) { perror(argv[2]); return 1; }
    static float act[1 << 16];
    size_t nact = fread(act, 4, 1 << 16, fa);
    fclose(fa);
    struct ggml_context *meta = NULL;
    struct gguf_init_params ip = {.no_alloc = true, .ctx = &meta};
    struct gguf_context *g = gguf_init_from_file(argv[1], ip);
    if (!g) { fprintf(stderr, "%s: gguf_init_from_file failed\n", argv[1]); return 1; }
    FILE *f = fopen(argv[1], "rb");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    unsigned char *file = malloc((size_t)size);
    fseek(f, 0, SEEK_SET);
    if (fread(file, 1, (size_t)size, f) != (size_t)size) return 1;
    fclose(f);
    size_t data = gguf_get_data_offset(g);
    for (int64_t i = 0; i < gguf_get_n_tensors(g); i++) {
        const char *name = gguf_get_tensor_name(g, i);
        struct ggml_tensor *t = ggml_get_tensor(meta, name);
        enum ggml_type type = t->type;
        int64_t ne0 = t->ne[0], nrows = ggml_nrows(t);
        size_t rb = ggml_row_size(type, ne0);
        const unsigned char *w = file + data + gguf_get_tensor_offset(g, i);
        const struct ggml_type_traits *tt = ggml_get_type_traits(type);
        const struct ggml_type_traits_cpu *tc = traits_cpu(type);
        enum ggml_type vt = tc->vec_dot_type;
        if ((size_t)ne0 > nact) { fprintf(stderr, "activation too short\n"); return 1; }
        float *deq = malloc((size_t)(ne0 * nrows) * 4);
        void *q = malloc(ggml_row_size(vt, ne0) + 64);
        uint64_t h = 0xcbf29ce484222325ull;
        for (int64_t r = 0; r < nrows; r++) {
            if (tt->to_float) tt->to_float(w + r * rb, deq + r * ne0, ne0);
            else memcpy(deq + r * ne0, w + r * rb, (size_t)ne0 * 4);
        }
        h = fnv1a(deq, (size_t)(ne0 * nrows) * 4, h);
        printf("tensor %s %s %lld %lld %016llx", name, ggml_type_name(type), (long long)ne0,
               (long long)nrows, (unsigned long long)h);
        if (vt == GGML_TYPE_F32) memcpy(q, act, (size_t)ne0 * 4);
        else if (vt == GGML_TYPE_Q8_K) quantize_row_q8_K_ref(act, q, ne0);
        else ggml_get_type_traits(vt)->from_float_ref(act, q, ne0);
        for (int64_t r = 0; r < nrows; r++) {
            float s = 0;
            tc->vec_dot((int)ne0, &s, 0, w + r * rb, 0, q, 0, 1);
            printf(" %a", (double)s);
        }
        for (int64_t r = 0; r < nrows; r++) {
            double s = 0;
            for (int64_t j = 0; j < ne0; j++) s += (double)deq[r * ne0 + j] * act[j];
            printf(" %a", s);
        }
        printf("\nsamples");
        for (int64_t j = 0; j < ne0 * nrows; j += 61) printf(" %a", (double)deq[j]);
        printf("\n");
        free(deq);
        free(q);
    }
    gguf_free(g);
    return 0;
}
