/* run.c - inference for Llama-family decoder-only transformers, in one file of C.

   Usage (the CLI is at the bottom of this file; `./run -h` prints every flag):

       ./run models/kjv15M.q8_0.bin -i "In the beginning"

   Library use: `#define RC_NO_MAIN` and `#include "run.c"`, then:

       rc_Error err;
       rc_Model model;       rc_model_load(&model, "model.bin", &err);
       rc_Tokenizer tok;     rc_tokenizer_load(&tok, "tokenizer.bin", model.config.vocab_size, &err);
       rc_State st;          rc_state_init(&st, &model, ctx_len, &err);
       rc_forward(&model, &st, tokens, n, pos, RC_LOGITS_LAST);   -> st.logits
       ... rc_state_free, rc_tokenizer_free, rc_model_free.

   Every function that can fail returns 0 on success and -1 on failure, with a one-line message in
   `rc_Error.msg` naming the file and what was expected and found. Library code never exits and
   never writes to stdout; only main() does. Allocation goes through RC_MALLOC / RC_CALLOC /
   RC_REALLOC / RC_FREE, which a program can define before including this file.

   The file reads top to bottom as the data flows:
     1. Errors, allocation, small utilities
     2. Checkpoint formats and the model (RCLM, llama2.c v0 and ak42 v1/v2)
     3. Tokenizer (RCTK and llama2.c's tokenizer.bin; SentencePiece-exact BPE encoder, decoder)
     4. Kernels (matmul f32 / q8_0, RMSNorm, softmax)
     5. Forward pass (batched over tokens: RoPE, grouped-query attention with a KV cache, SwiGLU)
     6. Sampler (greedy, temperature, top-k, top-p)
     7. Generation, chat and perplexity loops
     8. CLI
*/
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#ifdef __AVX2__
#include <immintrin.h>
#endif

#ifndef RC_MALLOC
#define RC_MALLOC(n) malloc(n)
#define RC_CALLOC(n, size) calloc(n, size)
#define RC_REALLOC(p, n) realloc(p, n)
#define RC_FREE(p) free(p)
#endif

/* ============================================================================================
   1. Errors, allocation, small utilities
   ============================================================================================ */

typedef struct {
    char msg[512];
} rc_Error;

/* Formats an error message into e (if any) and returns -1, so callers can `return rc_fail(...)`. */
static int rc_fail(rc_Error *e, const char *fmt, ...) {
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Wall-clock seconds, for throughput reports. */
static double rc_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Little-endian reads from an unaligned byte pointer. */
static uint32_t rc_u32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static int32_t rc_i32(const unsigned char *p) { return (int32_t)rc_u32(p); }
static float rc_f32(const unsigned char *p) {
    uint32_t u = rc_u32(p);
    float f;
    memcpy(&f, &u, 4);
    return f;
}

/* A read-only view of a whole file: memory-mapped when possible. */
typedef struct {
    const unsigned char *data;
    size_t size;
    int mapped;  /* 1: munmap on close; 0: heap copy (or empty file) */
} rc_File;

/* Maps `path` read-only. Refuses directories and other non-regular files with a clear message. */
static int rc_file_open(rc_File *f, const char *path, rc_Error *e) {
    memset(f, 0, sizeof *f);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return rc_fail(e, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return rc_fail(e, "%s: cannot stat: %s", path, strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return rc_fail(e, "%s: not a regular file", path);
    }
    f->size = (size_t)st.st_size;
    if (f->size > 0) {
        void *p = mmap(NULL, f->size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            close(fd);
            return rc_fail(e, "%s: cannot map %zu bytes: %s", path, f->size, strerror(errno));
        }
        f->data = p;
        f->mapped = 1;
    }
    close(fd);
    return 0;
}

static void rc_file_close(rc_File *f) {
    if (f->mapped) munmap((void *)f->data, f->size);
    memset(f, 0, sizeof *f);
}

/* a * b for sizes, failing on overflow (header fields come from untrusted files). */
static int rc_mul_ok(uint64_t a, uint64_t b, uint64_t *out) {
    if (a != 0 && b > UINT64_MAX / a) return 0;
    *out = a * b;
    return 1;
}

/* ============================================================================================
   2. Checkpoint formats and the model

   Three families of files, told apart by their first bytes (README.md, "File formats"):
   - "RCLM": ours. 256-byte header with the full config, 64-byte aligned tensors, f32 or q8_0.
   - "ak42" (uint32 0x616b3432): llama2.c's export.py, version 1 (f32) or 2 (q8_0, runq.c).
   - anything else: llama2.c's legacy v0, a bare 7-int header.
   ============================================================================================ */

enum { RC_F32 = 0, RC_Q8_0 = 1 };
enum { RC_ROPE_NONE = 0, RC_ROPE_LLAMA3 = 1 };

typedef struct {
    int dim;          /* width of the residual stream */
    int hidden_dim;   /* width of the FFN */
    int n_layers;
    int n_heads;      /* query heads */
    int n_kv_heads;   /* key/value heads; n_heads is a multiple of it (GQA, MQA when 1) */
    int head_dim;
    int vocab_size;
    int seq_len;      /* maximum context the model was trained for */
    int tied;         /* classifier shares the token embedding */
    int bos_id, eos_id;
    float norm_eps;
    float rope_theta;
    int rope_scaling; /* RC_ROPE_NONE or RC_ROPE_LLAMA3 */
    float rope_factor, rope_low_freq_factor, rope_high_freq_factor;
    int rope_original_seq_len;
    int dtype;        /* RC_F32 or RC_Q8_0, for every matrix */
    int group_size;   /* q8_0 group length */
} rc_Config;

/* A weight matrix W[rows, cols] used in place from the mapped file. Exactly one of f / q is set. */
typedef struct {
    const float *f;   /* f32: [rows, cols] */
    const int8_t *q;  /* q8_0: [rows, cols] */
    const float *s;   /* q8_0: [rows, ceil(cols / gs)] scales, groups run along each row */
    int rows, cols, gs;
} rc_Matrix;

typedef struct {
    const float *attn_norm;  /* [dim] */
    rc_Matrix wq;            /* [n_heads*head_dim, dim] */
    rc_Matrix wk;            /* [n_kv_heads*head_dim, dim] */
    rc_Matrix wv;            /* [n_kv_heads*head_dim, dim] */
    rc_Matrix wo;            /* [dim, n_heads*head_dim] */
    const float *ffn_norm;   /* [dim] */
    rc_Matrix w1;            /* gate [hidden_dim, dim] */
    rc_Matrix w2;            /* down [dim, hidden_dim] */
    rc_Matrix w3;            /* up   [hidden_dim, dim] */
} rc_Layer;

typedef struct {
    rc_Config config;
    rc_Matrix embedding;     /* [vocab_size, dim] */
    rc_Layer *layers;        /* [n_layers] */
    const float *final_norm; /* [dim] */
    rc_Matrix classifier;    /* [vocab_size, dim]; same as embedding when tied */
    rc_File file;
    const char *format;      /* "RCLM v1", "llama2.c v0", ... for messages */
} rc_Model;

#define RC_MAGIC_MODEL "RCLM"
#define RC_MAGIC_AK42 0x616b3432u
#define RC_HEADER_SIZE 256

/* Walks the tensor area of a checkpoint, handing out bounds-checked pointers. */
typedef struct {
    const unsigned char *base;
    uint64_t off, size;
    int align;          /* 64 for RCLM, 1 for llama2.c's packed files */
    const char *path;
    rc_Error *e;
} rc_Cursor;

/* Reserves `bytes` at the cursor (after alignment) and returns a pointer to them, or NULL with an
   error naming the offset when the file ends first. */
static const void *rc_take(rc_Cursor *c, uint64_t count, uint64_t elem, const char *what) {
    uint64_t bytes = 0;
    uint64_t start = (c->off + (uint64_t)c->align - 1) / (uint64_t)c->align * (uint64_t)c->align;
    if (!rc_mul_ok(count, elem, &bytes) || start > c->size || bytes > c->size - start) {
        rc_fail(c->e, "%s: truncated: %s needs bytes [%llu, %llu), file has %llu", c->path, what,
                (unsigned long long)start, (unsigned long long)(start + bytes),
                (unsigned long long)c->size);
        return NULL;
    }
    if (elem == 4 && (start % 4) != 0) {
        rc_fail(c->e, "%s: %s at offset %llu is not 4-byte aligned", c->path, what,
                (unsigned long long)start);
        return NULL;
    }
    c->off = start + bytes;
    return c->base + start;
}

static int rc_take_vec(rc_Cursor *c, const float **out, int n, const char *what) {
    *out = rc_take(c, (uint64_t)n, 4, what);
    return *out ? 0 : -1;
}

/* Takes one matrix in the given dtype: f32 values, or q8_0 int8 values then per-group scales. */
static int rc_take_matrix(rc_Cursor *c, rc_Matrix *m, int rows, int cols, const rc_Config *cfg,
                          const char *what) {
    memset(m, 0, sizeof *m);
    m->rows = rows;
    m->cols = cols;
    if (cfg->dtype == RC_F32) {
        m->f = rc_take(c, (uint64_t)rows * (uint64_t)cols, 4, what);
        return m->f ? 0 : -1;
    }
    m->gs = cfg->group_size;
    uint64_t groups = (uint64_t)rows * (uint64_t)((cols + m->gs - 1) / m->gs);
    m->q = rc_take(c, (uint64_t)rows * (uint64_t)cols, 1, what);
    if (!m->q) return -1;
    m->s = rc_take(c, groups, 4, what);
    return m->s ? 0 : -1;
}

/* Range checks shared by every format; the limits are far above any real model and keep all size
   arithmetic below inside 64 bits. */
static int rc_config_check(const rc_Config *c, const char *path, rc_Error *e) {
    struct { const char *name; long long v, lo, hi; } f[] = {
        {"dim", c->dim, 1, 1 << 16},           {"hidden_dim", c->hidden_dim, 1, 1 << 18},
        {"n_layers", c->n_layers, 1, 1024},     {"n_heads", c->n_heads, 1, 1024},
        {"n_kv_heads", c->n_kv_heads, 1, 1024}, {"head_dim", c->head_dim, 2, 4096},
        {"vocab_size", c->vocab_size, 1, 1 << 22}, {"seq_len", c->seq_len, 1, 1 << 22},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (f[i].v < f[i].lo || f[i].v > f[i].hi)
            return rc_fail(e, "%s: %s = %lld is out of range [%lld, %lld]", path, f[i].name, f[i].v,
                           f[i].lo, f[i].hi);
    if (c->n_heads % c->n_kv_heads != 0)
        return rc_fail(e, "%s: n_heads = %d is not a multiple of n_kv_heads = %d", path, c->n_heads,
                       c->n_kv_heads);
    if (c->head_dim % 2 != 0)
        return rc_fail(e, "%s: head_dim = %d must be even for RoPE", path, c->head_dim);
    if (c->bos_id < 0 || c->bos_id >= c->vocab_size || c->eos_id < 0 || c->eos_id >= c->vocab_size)
        return rc_fail(e, "%s: bos_id %d / eos_id %d outside the vocabulary of %d", path, c->bos_id,
                       c->eos_id, c->vocab_size);
    if (!(c->norm_eps > 0 && c->norm_eps < 1))
        return rc_fail(e, "%s: norm_eps = %g must be in (0, 1)", path, (double)c->norm_eps);
    if (!(c->rope_theta > 1 && c->rope_theta < 1e12))
        return rc_fail(e, "%s: rope_theta = %g is out of range", path, (double)c->rope_theta);
    if (c->dtype != RC_F32 && c->dtype != RC_Q8_0)
        return rc_fail(e, "%s: unknown weight dtype %d (expected 0 = f32 or 1 = q8_0)", path, c->dtype);
    if (c->dtype == RC_Q8_0 && (c->group_size < 1 || c->group_size > 256)) /* int32 sums stay exact */
        return rc_fail(e, "%s: q8_0 group_size = %d is out of range [1, 256]", path, c->group_size);
    if (c->rope_scaling == RC_ROPE_LLAMA3 &&
        !(c->rope_factor >= 1 && c->rope_low_freq_factor > 0 &&
          c->rope_high_freq_factor > c->rope_low_freq_factor && c->rope_original_seq_len > 0))
        return rc_fail(e, "%s: invalid llama3 rope scaling parameters", path);
    if (c->rope_scaling != RC_ROPE_NONE && c->rope_scaling != RC_ROPE_LLAMA3)
        return rc_fail(e, "%s: unknown rope_scaling %d (expected 0 = none or 1 = llama3)", path,
                       c->rope_scaling);
    return 0;
}

/* Llama 2 defaults for llama2.c's files, which carry only the 7 shape ints. */
static void rc_config_llama2c(rc_Config *c, const unsigned char *ints) {
    memset(c, 0, sizeof *c);
    c->dim = rc_i32(ints);
    c->hidden_dim = rc_i32(ints + 4);
    c->n_layers = rc_i32(ints + 8);
    c->n_heads = rc_i32(ints + 12);
    c->n_kv_heads = rc_i32(ints + 16);
    c->vocab_size = rc_i32(ints + 20);
    c->seq_len = rc_i32(ints + 24);
    c->head_dim = c->n_heads > 0 ? c->dim / c->n_heads : 0;
    c->bos_id = 1;
    c->eos_id = 2;
    c->norm_eps = 1e-5f;
    c->rope_theta = 10000.0f;
}

/* Our format: every tensor of a layer together, 64-byte aligned. */
static int rc_load_rclm(rc_Model *m, rc_Cursor *c) {
    rc_Config *g = &m->config;
    int q_dim = g->n_heads * g->head_dim, kv_dim = g->n_kv_heads * g->head_dim;
    if (rc_take_matrix(c, &m->embedding, g->vocab_size, g->dim, g, "token_embedding")) return -1;
    for (int l = 0; l < g->n_layers; l++) {
        rc_Layer *L = &m->layers[l];
        if (rc_take_vec(c, &L->attn_norm, g->dim, "attn_norm") ||
            rc_take_matrix(c, &L->wq, q_dim, g->dim, g, "wq") ||
            rc_take_matrix(c, &L->wk, kv_dim, g->dim, g, "wk") ||
            rc_take_matrix(c, &L->wv, kv_dim, g->dim, g, "wv") ||
            rc_take_matrix(c, &L->wo, g->dim, q_dim, g, "wo") ||
            rc_take_vec(c, &L->ffn_norm, g->dim, "ffn_norm") ||
            rc_take_matrix(c, &L->w1, g->hidden_dim, g->dim, g, "w1") ||
            rc_take_matrix(c, &L->w2, g->dim, g->hidden_dim, g, "w2") ||
            rc_take_matrix(c, &L->w3, g->hidden_dim, g->dim, g, "w3"))
            return -1;
    }
    if (rc_take_vec(c, &m->final_norm, g->dim, "final_norm")) return -1;
    if (!g->tied && rc_take_matrix(c, &m->classifier, g->vocab_size, g->dim, g, "classifier"))
        return -1;
    return 0;
}

/* llama2.c's files group tensors by kind across layers. In v2 (q8_0) the norms come first as f32;
   every matrix is then its int8 values followed by its scales. */
static int rc_load_llama2c(rc_Model *m, rc_Cursor *c, int version) {
    rc_Config *g = &m->config;
    int q_dim = g->n_heads * g->head_dim, kv_dim = g->n_kv_heads * g->head_dim;
    int nl = g->n_layers;
    if (version == 0 && rc_take_matrix(c, &m->embedding, g->vocab_size, g->dim, g, "token_embedding"))
        return -1;
    for (int l = 0; l < nl; l++)
        if (rc_take_vec(c, &m->layers[l].attn_norm, g->dim, "rms_att_weight")) return -1;
    if (version > 0) {
        for (int l = 0; l < nl; l++)
            if (rc_take_vec(c, &m->layers[l].ffn_norm, g->dim, "rms_ffn_weight")) return -1;
        if (rc_take_vec(c, &m->final_norm, g->dim, "rms_final_weight")) return -1;
        if (rc_take_matrix(c, &m->embedding, g->vocab_size, g->dim, g, "token_embedding")) return -1;
    }
    struct { size_t off; int rows, cols; const char *name; } kinds[] = {
        {offsetof(rc_Layer, wq), q_dim, g->dim, "wq"},  {offsetof(rc_Layer, wk), kv_dim, g->dim, "wk"},
        {offsetof(rc_Layer, wv), kv_dim, g->dim, "wv"}, {offsetof(rc_Layer, wo), g->dim, q_dim, "wo"},
        {offsetof(rc_Layer, w1), g->hidden_dim, g->dim, "w1"},
        {offsetof(rc_Layer, w2), g->dim, g->hidden_dim, "w2"},
        {offsetof(rc_Layer, w3), g->hidden_dim, g->dim, "w3"},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        if (version == 0 && k == 4)  /* v0 stores the FFN norms between attention and FFN */
            for (int l = 0; l < nl; l++)
                if (rc_take_vec(c, &m->layers[l].ffn_norm, g->dim, "rms_ffn_weight")) return -1;
        for (int l = 0; l < nl; l++) {
            rc_Matrix *w = (rc_Matrix *)((char *)&m->layers[l] + kinds[k].off);
            if (rc_take_matrix(c, w, kinds[k].rows, kinds[k].cols, g, kinds[k].name)) return -1;
        }
    }
    if (version == 0) {
        if (rc_take_vec(c, &m->final_norm, g->dim, "rms_final_weight")) return -1;
        /* unused precomputed RoPE tables: freq_cis_real and freq_cis_imag [seq_len, head_dim/2] */
        if (!rc_take(c, (uint64_t)g->seq_len * (uint64_t)g->head_dim, 4, "freq_cis")) return -1;
    }
    if (!g->tied && rc_take_matrix(c, &m->classifier, g->vocab_size, g->dim, g, "classifier"))
        return -1;
    return 0;
}

/* Reads the header of any supported format into m->config; returns the llama2.c version (0, 1,
   2) or 100 for RCLM, and where the tensors start. */
static int rc_parse_header(rc_Model *m, const char *path, int *version, uint64_t *tensors_at,
                           rc_Error *e) {
    const unsigned char *p = m->file.data;
    size_t size = m->file.size;
    rc_Config *g = &m->config;
    if (size >= 4 && memcmp(p, RC_MAGIC_MODEL, 4) == 0) {
        if (size < RC_HEADER_SIZE)
            return rc_fail(e, "%s: truncated: RCLM header needs %d bytes, file has %zu", path,
                           RC_HEADER_SIZE, size);
        uint32_t ver = rc_u32(p + 4), hsize = rc_u32(p + 8);
        if (ver != 1) return rc_fail(e, "%s: RCLM version %u is not supported (expected 1)", path, ver);
        if (hsize != RC_HEADER_SIZE)
            return rc_fail(e, "%s: RCLM header_size %u (expected %d)", path, hsize, RC_HEADER_SIZE);
        memset(g, 0, sizeof *g);
        uint32_t v[9];
        for (int i = 0; i < 9; i++) v[i] = rc_u32(p + 12 + 4 * i);
        for (int i = 2; i < 9; i++)
            if (v[i] > INT32_MAX) return rc_fail(e, "%s: header field at offset %d is %u (absurd)", path, 12 + 4 * i, v[i]);
        g->dtype = v[0] > 255 ? 255 : (int)v[0];
        g->group_size = v[1] > INT32_MAX ? -1 : (int)v[1];
        g->dim = (int)v[2];
        g->hidden_dim = (int)v[3];
        g->n_layers = (int)v[4];
        g->n_heads = (int)v[5];
        g->n_kv_heads = (int)v[6];
        g->head_dim = (int)v[7];
        g->vocab_size = (int)v[8];
        uint32_t seq = rc_u32(p + 48), flags = rc_u32(p + 52), scaling = rc_u32(p + 72);
        uint32_t orig = rc_u32(p + 88);
        g->seq_len = seq > INT32_MAX ? -1 : (int)seq;
        g->tied = flags & 1;
        g->bos_id = rc_i32(p + 56);
        g->eos_id = rc_i32(p + 60);
        g->norm_eps = rc_f32(p + 64);
        g->rope_theta = rc_f32(p + 68);
        g->rope_scaling = scaling > 255 ? 255 : (int)scaling;
        g->rope_factor = rc_f32(p + 76);
        g->rope_low_freq_factor = rc_f32(p + 80);
        g->rope_high_freq_factor = rc_f32(p + 84);
        g->rope_original_seq_len = orig > INT32_MAX ? -1 : (int)orig;
        *version = 100;
        *tensors_at = RC_HEADER_SIZE;
        m->format = "RCLM v1";
        return 0;
    }
    if (size >= 8 && rc_u32(p) == RC_MAGIC_AK42) {
        int32_t ver = rc_i32(p + 4);
        if (ver != 1 && ver != 2)
            return rc_fail(e, "%s: llama2.c ak42 version %d is not supported (expected 1 or 2)", path, ver);
        if (size < RC_HEADER_SIZE)
            return rc_fail(e, "%s: truncated: ak42 header needs %d bytes, file has %zu", path,
                           RC_HEADER_SIZE, size);
        rc_config_llama2c(g, p + 8);
        g->tied = p[36] != 0;
        if (ver == 2) {
            g->dtype = RC_Q8_0;
            g->group_size = rc_i32(p + 37);
        }
        *version = ver;
        *tensors_at = RC_HEADER_SIZE;
        m->format = ver == 1 ? "llama2.c ak42 v1" : "llama2.c ak42 v2";
        return 0;
    }
    if (size < 28)
        return rc_fail(e, "%s: too small to be a checkpoint (%zu bytes; expected a RCLM, ak42 or "
                          "llama2.c v0 header)", path, size);
    rc_config_llama2c(g, p);
    g->tied = g->vocab_size > 0;  /* v0 marks an untied classifier with a negative vocab_size */
    if (g->vocab_size < 0 && g->vocab_size != INT32_MIN) g->vocab_size = -g->vocab_size;
    *version = 0;
    *tensors_at = 28;
    m->format = "llama2.c v0";
    return 0;
}

/* Maps a checkpoint and points every weight into the mapping. Checks each header field, the
   layout against the file size, and that the file ends exactly where the last tensor does. */
int rc_model_load(rc_Model *m, const char *path, rc_Error *e) {
    memset(m, 0, sizeof *m);
    if (rc_file_open(&m->file, path, e)) return -1;
    int version;
    uint64_t at;
    if (rc_parse_header(m, path, &version, &at, e)) goto fail;
    if (rc_config_check(&m->config, path, e)) {
        if (version == 0) /* a v0 file has no magic: say what it was taken for */
            snprintf(e->msg + strlen(e->msg), sizeof e->msg - strlen(e->msg),
                     " (no RCLM or ak42 magic, so it was read as a llama2.c v0 header)");
        goto fail;
    }
    if (version == 2 && (m->config.dim % m->config.group_size || m->config.hidden_dim % m->config.group_size)) {
        rc_fail(e, "%s: ak42 v2 group_size %d does not divide dim %d and hidden_dim %d", path,
                m->config.group_size, m->config.dim, m->config.hidden_dim);
        goto fail;
    }
    if (version != 100 && m->config.n_heads * m->config.head_dim != m->config.dim) {
        rc_fail(e, "%s: dim %d is not a multiple of n_heads %d", path, m->config.dim, m->config.n_heads);
        goto fail;
    }
    m->layers = RC_CALLOC((size_t)m->config.n_layers, sizeof(rc_Layer));
    if (!m->layers) {
        rc_fail(e, "%s: out of memory", path);
        goto fail;
    }
    rc_Cursor c = {m->file.data, at, m->file.size, version == 100 ? 64 : 1, path, e};
    if ((version == 100 ? rc_load_rclm(m, &c) : rc_load_llama2c(m, &c, version))) goto fail;
    if (c.off != m->file.size) {
        rc_fail(e, "%s: file size %zu does not match the %s header, which describes %llu bytes", path,
                m->file.size, m->format, (unsigned long long)c.off);
        goto fail;
    }
    if (m->config.tied) m->classifier = m->embedding;
    return 0;
fail:
    RC_FREE(m->layers);
    rc_file_close(&m->file);
    memset(&m->config, 0, sizeof m->config);
    m->layers = NULL;
    return -1;
}

void rc_model_free(rc_Model *m) {
    RC_FREE(m->layers);
    rc_file_close(&m->file);
    memset(m, 0, sizeof *m);
}

/* ============================================================================================
   3. Tokenizer

   The vocabulary is a list of pieces (byte strings). Llama 2's is SentencePiece BPE: the text gets a
   leading space (the "dummy prefix"), is split into characters, and adjacent symbols are merged,
   best piece score first (leftmost on ties), while the merged string is a piece; characters left
   that are not pieces fall back to their UTF-8 bytes (`<0xAB>` pieces). Pieces keep spaces where
   SentencePiece writes U+2581, as llama2.c's tokenizer.bin does.
   ============================================================================================ */

enum { RC_TOK_NORMAL = 1, RC_TOK_UNKNOWN, RC_TOK_CONTROL, RC_TOK_USER, RC_TOK_UNUSED, RC_TOK_BYTE };
enum { RC_VOCAB_SP = 1 };
enum { RC_CHAT_NONE = 0, RC_CHAT_LLAMA2 = 1 };

typedef struct {
    int vocab_size;
    int kind;             /* RC_VOCAB_SP */
    char **piece;         /* [vocab_size] piece bytes, NUL-terminated (pieces may contain NUL) */
    int *piece_len;       /* [vocab_size] */
    float *score;         /* [vocab_size] merge priority: higher merges first */
    unsigned char *type;  /* [vocab_size] RC_TOK_* */
    int bos_id, eos_id, eot_id, unk_id;
    int add_dummy_prefix;
    int chat_template;    /* RC_CHAT_* */
    int max_piece_len;    /* longest piece, in bytes */
    int byte_id[256];     /* the `<0xAB>` token of each byte, -1 if absent */
    unsigned char byte_text[256]; /* decoded text of byte tokens */
    int *slot;            /* [n_slots] open-addressing table: mergeable piece -> id + 1 (0 empty) */
    size_t n_slots;       /* power of two */
    char *blob;           /* storage for all pieces */
} rc_Tokenizer;

#define RC_MAGIC_TOKENIZER "RCTK"
#define RC_TOKENIZER_HEADER 64

static uint64_t rc_hash(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ull;  /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* The id of the mergeable piece equal to s[0..n), or -1. */
static int rc_piece_lookup(const rc_Tokenizer *t, const char *s, size_t n) {
    for (size_t i = rc_hash(s, n) & (t->n_slots - 1);; i = (i + 1) & (t->n_slots - 1)) {
        int id = t->slot[i] - 1;
        if (id < 0) return -1;
        if ((size_t)t->piece_len[id] == n && memcmp(t->piece[id], s, n) == 0) return id;
    }
}

/* Builds the lookup tables once the pieces and types are known. */
static int rc_tokenizer_index(rc_Tokenizer *t, const char *path, rc_Error *e) {
    for (int b = 0; b < 256; b++) {
        t->byte_id[b] = -1;
        t->byte_text[b] = (unsigned char)b;
    }
    t->n_slots = 16;
    while (t->n_slots < 2 * (size_t)t->vocab_size) t->n_slots *= 2;
    t->slot = RC_CALLOC(t->n_slots, sizeof(int));
    if (!t->slot) return rc_fail(e, "%s: out of memory", path);
    t->unk_id = -1;
    for (int id = 0; id < t->vocab_size; id++) {
        const char *p = t->piece[id];
        if (t->type[id] == RC_TOK_BYTE) {
            unsigned v;
            if (t->piece_len[id] != 6 || sscanf(p, "<0x%2X>", &v) != 1)
                return rc_fail(e, "%s: byte token %d has malformed text \"%.16s\"", path, id, p);
            t->byte_id[v] = id;
        } else if (t->type[id] == RC_TOK_UNKNOWN && t->unk_id < 0) {
            t->unk_id = id;
        } else if (t->type[id] == RC_TOK_NORMAL || t->type[id] == RC_TOK_USER) {
            size_t i = rc_hash(p, (size_t)t->piece_len[id]) & (t->n_slots - 1);
            while (t->slot[i] && !(t->piece_len[t->slot[i] - 1] == t->piece_len[id] &&
                                   memcmp(t->piece[t->slot[i] - 1], p, (size_t)t->piece_len[id]) == 0))
                i = (i + 1) & (t->n_slots - 1);
            if (!t->slot[i]) t->slot[i] = id + 1;  /* duplicates: the first id wins, as in SentencePiece */
        }
    }
    if (t->unk_id < 0) t->unk_id = 0;
    return 0;
}

/* Parses the records of either format. `ours` selects RCTK records (with a type byte) over
   llama2.c's (score, len, bytes). Counts records until EOF when vocab_size is 0. */
static int rc_tokenizer_parse(rc_Tokenizer *t, const rc_File *f, const char *path, size_t at,
                              int ours, rc_Error *e) {
    const unsigned char *p = f->data;
    size_t rec_head = ours ? 12 : 8;
    int count = 0;
    size_t blob_size = 0;
    for (size_t off = at; off < f->size; count++) {  /* first pass: validate and measure */
        if (t->vocab_size && count == t->vocab_size) break;
        if (f->size - off < rec_head)
            return rc_fail(e, "%s: truncated: token %d header at offset %zu needs %zu bytes, %zu left",
                           path, count, off, rec_head, f->size - off);
        int32_t len = rc_i32(p + off + rec_head - 4);
        if (len < 0 || (size_t)len > f->size - off - rec_head)
            return rc_fail(e, "%s: truncated: token %d at offset %zu has length %d but only %zu bytes "
                              "remain", path, count, off, (int)len, f->size - off - rec_head);
        if (ours && (p[off + 4] < RC_TOK_NORMAL || p[off + 4] > RC_TOK_BYTE))
            return rc_fail(e, "%s: token %d has unknown type %d", path, count, p[off + 4]);
        off += rec_head + (size_t)len;
        blob_size += (size_t)len + 1;
        if (count >= (1 << 22)) return rc_fail(e, "%s: more than %d tokens", path, 1 << 22);
    }
    if (t->vocab_size && count != t->vocab_size)
        return rc_fail(e, "%s: truncated: header says %d tokens, file holds %d", path, t->vocab_size, count);
    if (count == 0) return rc_fail(e, "%s: no tokens", path);
    t->vocab_size = count;
    t->piece = RC_CALLOC((size_t)count, sizeof(char *));
    t->piece_len = RC_CALLOC((size_t)count, sizeof(int));
    t->score = RC_CALLOC((size_t)count, sizeof(float));
    t->type = RC_CALLOC((size_t)count, 1);
    t->blob = RC_MALLOC(blob_size);
    if (!t->piece || !t->piece_len || !t->score || !t->type || !t->blob)
        return rc_fail(e, "%s: out of memory for %d tokens", path, count);
    char *w = t->blob;
    size_t off = at;
    for (int id = 0; id < count; id++) {
        t->score[id] = rc_f32(p + off);
        int len = rc_i32(p + off + rec_head - 4);
        const char *s = (const char *)p + off + rec_head;
        memcpy(w, s, (size_t)len);
        w[len] = 0;
        t->piece[id] = w;
        t->piece_len[id] = len;
        if (len > t->max_piece_len) t->max_piece_len = len;
        if (ours) {
            t->type[id] = p[off + 4];
        } else { /* llama2.c's file has no types: recognise its special and byte pieces */
            unsigned v;
            char close;
            if (strcmp(w, "<unk>") == 0) t->type[id] = RC_TOK_UNKNOWN;
            else if (strcmp(w, "\n<s>\n") == 0 || strcmp(w, "\n</s>\n") == 0 || strcmp(w, "<s>") == 0 ||
                     strcmp(w, "</s>") == 0)
                t->type[id] = RC_TOK_CONTROL;
            else if (len == 6 && sscanf(w, "<0x%2X%c", &v, &close) == 2 && close == '>')
                t->type[id] = RC_TOK_BYTE;
            else t->type[id] = RC_TOK_NORMAL;
        }
        w += len + 1;
        off += rec_head + (size_t)len;
    }
    return 0;
}

void rc_tokenizer_free(rc_Tokenizer *t) {
    RC_FREE(t->piece);
    RC_FREE(t->piece_len);
    RC_FREE(t->score);
    RC_FREE(t->type);
    RC_FREE(t->blob);
    RC_FREE(t->slot);
    memset(t, 0, sizeof *t);
}

/* Loads a tokenizer in our RCTK format or llama2.c's. `model_vocab` > 0 requires the vocabulary to
   have exactly that many tokens (a model can emit any id below its vocab_size); 0 accepts any. */
int rc_tokenizer_load(rc_Tokenizer *t, const char *path, int model_vocab, rc_Error *e) {
    memset(t, 0, sizeof *t);
    rc_File f;
    if (rc_file_open(&f, path, e)) return -1;
    const unsigned char *p = f.data;
    int rc = -1;
    if (f.size >= 4 && memcmp(p, RC_MAGIC_TOKENIZER, 4) == 0) {
        if (f.size < RC_TOKENIZER_HEADER) {
            rc_fail(e, "%s: truncated: RCTK header needs %d bytes, file has %zu", path,
                    RC_TOKENIZER_HEADER, f.size);
            goto done;
        }
        uint32_t ver = rc_u32(p + 4), hsize = rc_u32(p + 8), n = rc_u32(p + 12), kind = rc_u32(p + 20);
        if (ver != 1 || hsize != RC_TOKENIZER_HEADER) {
            rc_fail(e, "%s: RCTK version %u / header_size %u not supported (expected 1 / %d)", path,
                    ver, hsize, RC_TOKENIZER_HEADER);
            goto done;
        }
        if (kind != RC_VOCAB_SP) {
            rc_fail(e, "%s: tokenizer kind %u is not supported (expected 1 = SentencePiece BPE)", path, kind);
            goto done;
        }
        if (n < 1 || n > (1u << 22)) {
            rc_fail(e, "%s: vocab_size %u is out of range [1, %d]", path, n, 1 << 22);
            goto done;
        }
        t->vocab_size = (int)n;
        t->kind = (int)kind;
        t->bos_id = rc_i32(p + 24);
        t->eos_id = rc_i32(p + 28);
        t->eot_id = rc_i32(p + 32);
        t->add_dummy_prefix = rc_u32(p + 36) & 1;
        t->chat_template = (int)(rc_u32(p + 40) & 0xff);
        if (rc_tokenizer_parse(t, &f, path, RC_TOKENIZER_HEADER, 1, e)) goto done;
        if (t->bos_id < -1 || t->bos_id >= t->vocab_size || t->eos_id < -1 ||
            t->eos_id >= t->vocab_size || t->eot_id < -1 || t->eot_id >= t->vocab_size) {
            rc_fail(e, "%s: special token ids bos %d / eos %d / eot %d outside the vocabulary of %d",
                    path, t->bos_id, t->eos_id, t->eot_id, t->vocab_size);
            goto done;
        }
    } else {
        if (f.size < 4) {
            rc_fail(e, "%s: too small to be a tokenizer (%zu bytes)", path, f.size);
            goto done;
        }
        int32_t maxlen = rc_i32(p);
        if (maxlen < 1 || maxlen > 65536) {
            rc_fail(e, "%s: not a tokenizer: no RCTK magic, and as a llama2.c tokenizer.bin its "
                       "max_token_length would be %d", path, (int)maxlen);
            goto done;
        }
        t->kind = RC_VOCAB_SP;
        t->bos_id = 1;
        t->eos_id = 2;
        t->eot_id = -1;
        t->add_dummy_prefix = 1;
        t->chat_template = RC_CHAT_LLAMA2;
        t->vocab_size = model_vocab;  /* llama2.c's file is read up to the model's vocab_size */
        if (rc_tokenizer_parse(t, &f, path, 4, 0, e)) goto done;
    }
    if (model_vocab > 0 && t->vocab_size != model_vocab) {
        rc_fail(e, "%s: tokenizer has %d tokens but the model's vocabulary has %d", path,
                t->vocab_size, model_vocab);
        goto done;
    }
    rc = rc_tokenizer_index(t, path, e);
done:
    rc_file_close(&f);
    if (rc) rc_tokenizer_free(t);
    return rc;
}

/* Length of the valid UTF-8 character at s[0..n) by SentencePiece's rules (no overlongs, no
   surrogates, nothing above U+10FFFF), or 0 if the bytes there are not one. */
static size_t rc_utf8_len(const unsigned char *s, size_t n) {
    if (s[0] < 0x80) return 1;
    size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
    if (len == 0 || s[0] >= 0xF8 || len > n) return 0;
    uint32_t cp = s[0] & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[len] || (cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF) return 0;
    return len;
}

/* A candidate merge of two adjacent symbols, ordered by score, then by position. */
typedef struct {
    float score;
    int left, right;  /* symbol indices; left < right in text order */
    int len;          /* byte length of the merged piece when it was proposed */
} rc_Merge;

static int rc_merge_before(const rc_Merge *a, const rc_Merge *b) {
    return a->score > b->score || (a->score == b->score && a->left < b->left);
}

static void rc_heap_push(rc_Merge *h, size_t *n, rc_Merge m) {
    size_t i = (*n)++;
    for (; i > 0 && rc_merge_before(&m, &h[(i - 1) / 2]); i = (i - 1) / 2) h[i] = h[(i - 1) / 2];
    h[i] = m;
}

static rc_Merge rc_heap_pop(rc_Merge *h, size_t *n) {
    rc_Merge top = h[0], last = h[--*n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= *n) break;
        if (c + 1 < *n && rc_merge_before(&h[c + 1], &h[c])) c++;
        if (!rc_merge_before(&h[c], &last)) break;
        h[i] = h[c];
        i = c;
    }
    if (*n) h[i] = last;
    return top;
}

/* Upper bound on the ids rc_encode can produce for `len` bytes of text (plus BOS). */
size_t rc_encode_bound(size_t len) { return 3 * len + 2; }

/* Encodes text[0..len) (any bytes, NUL included) into ids exactly as SentencePiece does for the
   Llama 2 model. Writes at most `cap` ids (rc_encode_bound(len) always suffices) and their count
   to *n_ids. Invalid UTF-8 becomes U+FFFD one byte at a time, as SentencePiece's normalizer does. */
int rc_encode(const rc_Tokenizer *t, const char *text, size_t len, int add_bos, int *ids, size_t cap,
              size_t *n_ids, rc_Error *e) {
    *n_ids = 0;
    if (len > (size_t)INT32_MAX / 4) return rc_fail(e, "input of %zu bytes is too long to encode", len);
    if (add_bos) {
        if (cap < 1) return rc_fail(e, "encode: no room for %zu ids", (size_t)1);
        ids[(*n_ids)++] = t->bos_id;
    }
    if (len == 0) return 0;
    /* normalize: dummy prefix, U+2581 -> space, invalid bytes -> U+FFFD; one symbol per character */
    size_t norm_cap = 3 * len + 1;
    char *norm = RC_MALLOC(norm_cap);
    int *start = RC_MALLOC(norm_cap * sizeof(int)), *slen = RC_MALLOC(norm_cap * sizeof(int));
    int *prev = RC_MALLOC(norm_cap * sizeof(int)), *next = RC_MALLOC(norm_cap * sizeof(int));
    rc_Merge *heap = RC_MALLOC(3 * norm_cap * sizeof(rc_Merge));
    int rc = -1;
    if (!norm || !start || !slen || !prev || !next || !heap) {
        rc_fail(e, "encode: out of memory for %zu bytes of text", len);
        goto done;
    }
    const unsigned char *s = (const unsigned char *)text;
    size_t nn = 0;
    int n_sym = 0;
    if (t->add_dummy_prefix) {
        start[n_sym] = 0, slen[n_sym++] = 1;
        norm[nn++] = ' ';
    }
    for (size_t i = 0; i < len;) {
        size_t cl = rc_utf8_len(s + i, len - i);
        start[n_sym] = (int)nn;
        if (cl == 0) {
            memcpy(norm + nn, "\xEF\xBF\xBD", 3), nn += 3, i += 1;
        } else if (cl == 3 && memcmp(s + i, "\xE2\x96\x81", 3) == 0) {
            norm[nn++] = ' ', i += 3;
        } else {
            memcpy(norm + nn, s + i, cl), nn += cl, i += cl;
        }
        slen[n_sym] = (int)nn - start[n_sym];
        n_sym++;
    }
    for (int i = 0; i < n_sym; i++) prev[i] = i - 1, next[i] = i + 1 < n_sym ? i + 1 : -1;
    /* merge: always the best-scoring adjacent pair whose concatenation is a piece */
    size_t nh = 0;
    for (int i = 0; i + 1 < n_sym; i++) {
        int id = rc_piece_lookup(t, norm + start[i], (size_t)(slen[i] + slen[i + 1]));
        if (id >= 0) rc_heap_push(heap, &nh, (rc_Merge){t->score[id], i, i + 1, slen[i] + slen[i + 1]});
    }
    while (nh > 0) {
        rc_Merge m = rc_heap_pop(heap, &nh);
        /* stale if either side was merged away or grew since this pair was proposed */
        if (slen[m.left] == 0 || slen[m.right] == 0 || next[m.left] != m.right ||
            slen[m.left] + slen[m.right] != m.len)
            continue;
        slen[m.left] = m.len;
        slen[m.right] = 0;
        next[m.left] = next[m.right];
        if (next[m.left] >= 0) prev[next[m.left]] = m.left;
        int nbr[2][2] = {{prev[m.left], m.left}, {m.left, next[m.left]}};
        for (int k = 0; k < 2; k++) {
            int a = nbr[k][0], b = nbr[k][1];
            if (a < 0 || b < 0) continue;
            int id = rc_piece_lookup(t, norm + start[a], (size_t)(slen[a] + slen[b]));
            if (id >= 0) rc_heap_push(heap, &nh, (rc_Merge){t->score[id], a, b, slen[a] + slen[b]});
        }
    }
    /* emit: pieces as themselves, anything else as its bytes */
    for (int i = 0; i >= 0 && n_sym > 0; i = next[i]) {
        int id = rc_piece_lookup(t, norm + start[i], (size_t)slen[i]);
        int n_out = id >= 0 ? 1 : slen[i];
        if (*n_ids + (size_t)n_out > cap) {
            rc_fail(e, "encode: more than %zu ids", cap);
            goto done;
        }
        if (id >= 0) ids[(*n_ids)++] = id;
        else
            for (int k = 0; k < slen[i]; k++) {
                int b = t->byte_id[(unsigned char)norm[start[i] + k]];
                ids[(*n_ids)++] = b >= 0 ? b : t->unk_id;
            }
    }
    rc = 0;
done:
    RC_FREE(norm), RC_FREE(start), RC_FREE(slen), RC_FREE(prev), RC_FREE(next), RC_FREE(heap);
    return rc;
}

/* The text of `token` when it follows `prev`: byte tokens give their byte, control and unknown
   tokens nothing, and the first piece after BOS loses the dummy-prefix space. */
const char *rc_decode(const rc_Tokenizer *t, int prev, int token, size_t *len) {
    *len = 0;
    if (token < 0 || token >= t->vocab_size) return "";
    switch (t->type[token]) {
    case RC_TOK_BYTE: {
        unsigned v = 0;
        sscanf(t->piece[token], "<0x%2X>", &v);
        *len = 1;
        return (const char *)&t->byte_text[v & 0xff];
    }
    case RC_TOK_CONTROL:
    case RC_TOK_UNKNOWN:
    case RC_TOK_UNUSED:
        return "";
    default: {
        const char *p = t->piece[token];
        *len = (size_t)t->piece_len[token];
        if (t->add_dummy_prefix && prev == t->bos_id && *len > 0 && p[0] == ' ') p++, (*len)--;
        return p;
    }
    }
}

/* Reassembles UTF-8 characters split across tokens (byte fallback emits one byte per token) so
   that only whole characters are written; invalid sequences come out as U+FFFD. */
typedef struct {
    unsigned char buf[4];
    size_t n;
} rc_Utf8;

/* Appends the complete characters of in[0..n) (after any bytes held from before) to out, which
   must have room for 3 * (n + 4) bytes; returns the bytes written. Holds back an incomplete tail. */
size_t rc_utf8_feed(rc_Utf8 *u, const char *in, size_t n, char *out) {
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        u->buf[u->n++] = (unsigned char)in[i];
        for (;;) {
            unsigned char c = u->buf[0];
            size_t need = c < 0x80 ? 1 : c >= 0xF0 && c < 0xF8 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
            size_t ok = u->n >= need && need ? rc_utf8_len(u->buf, u->n) : 0;
            /* still a valid prefix of a longer character: wait for more bytes */
            int prefix = need > u->n;
            for (size_t k = 1; prefix && k < u->n; k++) prefix = (u->buf[k] & 0xC0) == 0x80;
            if (prefix && need) break;
            if (ok) {
                memcpy(out + w, u->buf, ok), w += ok;
            } else {
                memcpy(out + w, "\xEF\xBF\xBD", 3), w += 3;
                ok = 1;
            }
            memmove(u->buf, u->buf + ok, u->n - ok);
            u->n -= ok;
            if (u->n == 0) break;
        }
    }
    return w;
}

/* Ends the stream: an incomplete character left over becomes U+FFFD. */
size_t rc_utf8_flush(rc_Utf8 *u, char *out) {
    size_t w = u->n ? 3 : 0;
    if (w) memcpy(out, "\xEF\xBF\xBD", 3);
    u->n = 0;
    return w;
}

/* ============================================================================================
   4. Kernels

   Plain C that compilers vectorise: independent accumulator lanes (no reassociation needed, so no
   -ffast-math), int8 products summed in int32. Matrices multiply a batch of B activation rows.
   ============================================================================================ */

#define RC_LANES 16  /* independent partial sums: enough to cover FMA latency with 8-wide SIMD */

/* sum_i a[i] * b[i] */
static float rc_dot(const float *a, const float *b, int n) {
    float acc[RC_LANES] = {0};
    int i = 0;
    for (; i + RC_LANES <= n; i += RC_LANES)
        for (int k = 0; k < RC_LANES; k++) acc[k] += a[i + k] * b[i + k];
    float sum = 0;
    for (; i < n; i++) sum += a[i] * b[i];
    for (int k = 0; k < RC_LANES; k++) sum += acc[k];
    return sum;
}

/* sum_i w[i] * x[i] for int8 weights and int16 activations, exact in int32 for n <= 256 */
static int32_t rc_dot_q(const int8_t *w, const int16_t *x, int n) {
    int32_t sum = 0;
    for (int i = 0; i < n; i++) sum += (int32_t)w[i] * (int32_t)x[i];
    return sum;
}

/* Quantizes activations x[B, n] group-wise along each row, in the weights' groups: q[B, n],
   s[B, ceil(n/gs)]. int16 rather than int8: activation rounding then adds nothing measurable to
   the weights' own error (int8 activations flip near-tie greedy tokens on the test fixtures),
   and int8 x int16 products cost the same as int8 x int8 on SIMD without int8 dot instructions. */
static void rc_quantize(int16_t *q, float *s, const float *x, int B, int n, int gs) {
    int groups = (n + gs - 1) / gs;
    for (int b = 0; b < B; b++)
        for (int g = 0; g < groups; g++) {
            const float *xg = x + (size_t)b * n + (size_t)g * gs;
            int len = g * gs + gs <= n ? gs : n - g * gs;
            float amax = 0;
            for (int i = 0; i < len; i++) amax = fmaxf(amax, fabsf(xg[i]));
            float scale = amax / 32767.0f, inv = scale > 0 ? 1.0f / scale : 0.0f;
            int16_t *qg = q + (size_t)b * n + (size_t)g * gs;
            for (int i = 0; i < len; i++) qg[i] = (int16_t)lrintf(xg[i] * inv);
            s[(size_t)b * groups + g] = scale;
        }
}

/* The f32 matmul works on tiles of RC_TR weight rows x RC_TB tokens: each weight vector loaded
   feeds RC_TB multiply-adds and each input vector RC_TR, and the 12 accumulators plus inputs fit
   the 16 registers of AVX2. With GCC/Clang the tile uses vector extensions (8 floats, any SIMD
   width the target has); elsewhere the plain loop below computes the same sums. */
#define RC_TR 4
#define RC_TB 3

#if defined(__GNUC__)
#define RC_INLINE static inline __attribute__((always_inline))
typedef float rc_f32x8 __attribute__((vector_size(32)));
RC_INLINE rc_f32x8 rc_load8(const float *p) {
    rc_f32x8 v;
    memcpy(&v, p, sizeof v);  /* unaligned load */
    return v;
}
#else
#define RC_INLINE static inline
#endif

/* out[b * ldo + r] = W[r] . x[b] for rows r0..r0+nr and tokens b0..b0+nb (nr <= RC_TR,
   nb <= RC_TB). Always inlined so calls with constant nr, nb get fully unrolled registers. */
RC_INLINE void rc_tile_f32(float *out, int ldo, const float *x, const float *w, int n, int r0,
                           int nr, int b0, int nb) {
    float sum[RC_TR][RC_TB] = {{0}};
    int j = 0;
#if defined(__GNUC__)
    rc_f32x8 acc[RC_TR][RC_TB];
    for (int i = 0; i < nr; i++)
        for (int t = 0; t < nb; t++) acc[i][t] = (rc_f32x8){0};
    for (; j + 8 <= n; j += 8) {
        rc_f32x8 xv[RC_TB];
        for (int t = 0; t < nb; t++) xv[t] = rc_load8(x + (size_t)(b0 + t) * n + j);
        for (int i = 0; i < nr; i++) {
            rc_f32x8 wv = rc_load8(w + (size_t)(r0 + i) * n + j);
            for (int t = 0; t < nb; t++) acc[i][t] += wv * xv[t];
        }
    }
    for (int i = 0; i < nr; i++)
        for (int t = 0; t < nb; t++)
            for (int k = 0; k < 8; k++) sum[i][t] += acc[i][t][k];
#endif
    for (; j < n; j++)
        for (int i = 0; i < nr; i++)
            for (int t = 0; t < nb; t++) sum[i][t] += w[(size_t)(r0 + i) * n + j] * x[(size_t)(b0 + t) * n + j];
    for (int i = 0; i < nr; i++)
        for (int t = 0; t < nb; t++) out[(size_t)(b0 + t) * ldo + r0 + i] = sum[i][t];
}

/* q8_0 tile: out[b * ldo + r] = sum over groups g of (W[r] . xq[b])_g * scale_w[r][g] * xs[b][g],
   integer products summed exactly in int32 within each group. With AVX2, each weight vector is
   sign-extended once and multiplied with every token of the tile (vpmaddwd), and the group's
   int32 lanes are scaled into float lanes, so there is one horizontal sum per tile, not per
   group. The plain loop handles other targets and short last groups. */
RC_INLINE void rc_tile_q8(float *out, int ldo, const int16_t *xq, const float *xs, const rc_Matrix *w,
                          int r0, int nr, int b0, int nb) {
    int n = w->cols, gs = w->gs, groups = (n + gs - 1) / gs;
    float sum[RC_TR][RC_TB] = {{0}};
#ifdef __AVX2__
    __m256 acc[RC_TR][RC_TB];
    for (int i = 0; i < nr; i++)
        for (int t = 0; t < nb; t++) acc[i][t] = _mm256_setzero_ps();
#endif
    for (int g = 0; g < groups; g++) {
        int j0 = g * gs, len = n - j0 < gs ? n - j0 : gs;
#ifdef __AVX2__
        if (len % 16 == 0) {
            __m256i isum[RC_TR][RC_TB];
            for (int i = 0; i < nr; i++)
                for (int t = 0; t < nb; t++) isum[i][t] = _mm256_setzero_si256();
            for (int j = j0; j < j0 + len; j += 16) {
                __m256i xv[RC_TB];
                for (int t = 0; t < nb; t++)
                    xv[t] = _mm256_loadu_si256((const __m256i *)(xq + (size_t)(b0 + t) * n + j));
                for (int i = 0; i < nr; i++) {
                    __m256i wv = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(w->q + (size_t)(r0 + i) * n + j)));
                    for (int t = 0; t < nb; t++) isum[i][t] = _mm256_add_epi32(isum[i][t], _mm256_madd_epi16(wv, xv[t]));
                }
            }
            for (int i = 0; i < nr; i++)
                for (int t = 0; t < nb; t++) {
                    __m256 scale = _mm256_set1_ps(w->s[(size_t)(r0 + i) * groups + g] * xs[(size_t)(b0 + t) * groups + g]);
                    acc[i][t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum[i][t]), scale, acc[i][t]);
                }
            continue;
        }
#endif
        for (int i = 0; i < nr; i++)
            for (int t = 0; t < nb; t++)
                sum[i][t] += (float)rc_dot_q(w->q + (size_t)(r0 + i) * n + j0, xq + (size_t)(b0 + t) * n + j0, len) *
                             w->s[(size_t)(r0 + i) * groups + g] * xs[(size_t)(b0 + t) * groups + g];
    }
    for (int i = 0; i < nr; i++)
        for (int t = 0; t < nb; t++) {
#ifdef __AVX2__
            float lanes[8];
            _mm256_storeu_ps(lanes, acc[i][t]);
            for (int k = 0; k < 8; k++) sum[i][t] += lanes[k];
#endif
            out[(size_t)(b0 + t) * ldo + r0 + i] = sum[i][t];
        }
}

/* One tile of either dtype, so the tiling loop below serves both. */
RC_INLINE void rc_tile(float *out, const float *x, const int16_t *xq, const float *xs, const rc_Matrix *w,
                       int r0, int nr, int b0, int nb) {
    if (w->f) rc_tile_f32(out, w->rows, x, w->f, w->cols, r0, nr, b0, nb);
    else rc_tile_q8(out, w->rows, xq, xs, w, r0, nr, b0, nb);
}

/* out[B, rows] = x[B, cols] @ W^T, i.e. out[b][r] = W[r] . x[b]. For q8_0 weights, xq / xs hold
   the batch quantized with the weights' group size (rc_quantize). Threads split the rows; each
   slice of RC_TR weight rows is read from memory once per batch and stays in cache while every
   token of the batch uses it. */
static void rc_matmul(float *out, const float *x, const int16_t *xq, const float *xs,
                      const rc_Matrix *w, int B) {
    int rows = w->rows, tiles = (rows + RC_TR - 1) / RC_TR;
#pragma omp parallel for schedule(static)
    for (int rt = 0; rt < tiles; rt++) {
        int r0 = rt * RC_TR, nr = rows - r0 < RC_TR ? rows - r0 : RC_TR;
        for (int b0 = 0; b0 < B; b0 += RC_TB) {
            int nb = B - b0 < RC_TB ? B - b0 : RC_TB;
            if (nr == RC_TR && nb == RC_TB) /* the common shapes get constant, unrolled tiles */
                rc_tile(out, x, xq, xs, w, r0, RC_TR, b0, RC_TB);
            else if (nr == RC_TR && nb == 1)
                rc_tile(out, x, xq, xs, w, r0, RC_TR, b0, 1);
            else
                rc_tile(out, x, xq, xs, w, r0, nr, b0, nb);
        }
    }
}

/* Row `row` of W as f32 (the token embedding lookup). */
static void rc_matrix_row(float *out, const rc_Matrix *w, int row) {
    int n = w->cols;
    if (w->f) {
        memcpy(out, w->f + (size_t)row * n, (size_t)n * sizeof(float));
        return;
    }
    int groups = (n + w->gs - 1) / w->gs;
    for (int i = 0; i < n; i++)
        out[i] = (float)w->q[(size_t)row * n + i] * w->s[(size_t)row * groups + i / w->gs];
}

/* out[B, n] = x / rms(x) * weight, row by row. */
static void rc_rmsnorm(float *out, const float *x, const float *weight, int B, int n, float eps) {
    for (int b = 0; b < B; b++) {
        const float *xr = x + (size_t)b * n;
        float ss = rc_dot(xr, xr, n) / (float)n;
        float inv = 1.0f / sqrtf(ss + eps);
        for (int i = 0; i < n; i++) out[(size_t)b * n + i] = xr[i] * inv * weight[i];
    }
}

/* x[0..n) = softmax(x) in place. */
static void rc_softmax(float *x, int n) {
    float max = x[0];
    for (int i = 1; i < n; i++) max = fmaxf(max, x[i]);
    float sum = 0;
    for (int i = 0; i < n; i++) sum += (x[i] = expf(x[i] - max));
    for (int i = 0; i < n; i++) x[i] /= sum;
}

/* ============================================================================================
   5. Forward pass

   Tokens go through the model in batches: every matrix is read once per batch, the batch's keys
   and values land in the KV cache, then each token attends causally to positions 0..its own.
   ============================================================================================ */

#define RC_MAX_BATCH 64

typedef struct {
    int ctx;              /* KV cache length: the most positions this state can hold */
    int n_threads;        /* attention scratch rows */
    float *x;             /* [B, dim] residual stream */
    float *xb;            /* [B, max(dim, q_dim)] normed input, then attention output */
    float *xb2;           /* [B, dim] projection output */
    float *hb, *hb2;      /* [B, hidden_dim] FFN gate and up */
    float *q;             /* [B, q_dim] queries */
    int16_t *xq;          /* [B, max(dim, q_dim, hidden_dim)] quantized activations (q8_0) */
    float *xs;            /* [B, groups] their scales */
    float *att;           /* [n_threads, ctx] attention weights */
    float *key_cache;     /* [n_layers, ctx, kv_dim] */
    float *value_cache;   /* [n_layers, ctx, kv_dim] */
    float *inv_freq;      /* [head_dim/2] RoPE frequencies (with llama3 scaling) */
    float *rope;          /* [B, head_dim/2, 2] cos, sin of each token's angles */
    float *logits;        /* [vocab_size] of the last token, for generation */
} rc_State;

/* RoPE inverse frequencies theta^(-2i/d), rescaled as Llama 3 does for long contexts. Computed in
   float like Hugging Face, so positions far out land on the same angles. */
static void rc_rope_freqs(float *inv_freq, const rc_Config *c) {
    int half = c->head_dim / 2;
    for (int i = 0; i < half; i++) {
        float f = 1.0f / powf(c->rope_theta, (float)(2 * i) / (float)c->head_dim);
        if (c->rope_scaling == RC_ROPE_LLAMA3) {
            float lo_wavelen = (float)c->rope_original_seq_len / c->rope_low_freq_factor;
            float hi_wavelen = (float)c->rope_original_seq_len / c->rope_high_freq_factor;
            float wavelen = 2.0f * 3.14159265358979323846f / f;
            if (wavelen > lo_wavelen) {
                f /= c->rope_factor;
            } else if (wavelen >= hi_wavelen) {
                float smooth = ((float)c->rope_original_seq_len / wavelen - c->rope_low_freq_factor) /
                               (c->rope_high_freq_factor - c->rope_low_freq_factor);
                f = (1 - smooth) * f / c->rope_factor + smooth * f;
            }
        }
        inv_freq[i] = f;
    }
}

void rc_state_free(rc_State *s) {
    void *p[] = {s->x, s->xb, s->xb2, s->hb, s->hb2, s->q, s->xq, s->xs, s->att,
                 s->key_cache, s->value_cache, s->inv_freq, s->rope, s->logits};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) RC_FREE(p[i]);
    memset(s, 0, sizeof *s);
}

/* Allocates activations and a KV cache of `ctx` positions (0: the model's seq_len). */
int rc_state_init(rc_State *s, const rc_Model *m, int ctx, rc_Error *e) {
    memset(s, 0, sizeof *s);
    const rc_Config *c = &m->config;
    if (ctx <= 0) ctx = c->seq_len;
    if (ctx > c->seq_len)
        return rc_fail(e, "context %d exceeds the model's seq_len %d", ctx, c->seq_len);
    s->ctx = ctx;
#ifdef _OPENMP
    s->n_threads = omp_get_max_threads();
#else
    s->n_threads = 1;
#endif
    size_t B = RC_MAX_BATCH, q_dim = (size_t)c->n_heads * c->head_dim;
    size_t kv_dim = (size_t)c->n_kv_heads * c->head_dim;
    size_t wide = q_dim > (size_t)c->dim ? q_dim : (size_t)c->dim;
    size_t widest = wide > (size_t)c->hidden_dim ? wide : (size_t)c->hidden_dim;
    size_t cache = (size_t)c->n_layers * (size_t)ctx * kv_dim;
    s->x = RC_MALLOC(B * c->dim * sizeof(float));
    s->xb = RC_MALLOC(B * wide * sizeof(float));
    s->xb2 = RC_MALLOC(B * c->dim * sizeof(float));
    s->hb = RC_MALLOC(B * c->hidden_dim * sizeof(float));
    s->hb2 = RC_MALLOC(B * c->hidden_dim * sizeof(float));
    s->q = RC_MALLOC(B * q_dim * sizeof(float));
    s->xq = RC_MALLOC(B * widest * sizeof(int16_t));
    s->xs = RC_MALLOC(B * widest * sizeof(float));  /* groups <= width */
    s->att = RC_MALLOC((size_t)s->n_threads * ctx * sizeof(float));
    s->key_cache = RC_CALLOC(cache, sizeof(float));
    s->value_cache = RC_CALLOC(cache, sizeof(float));
    s->inv_freq = RC_MALLOC((size_t)c->head_dim / 2 * sizeof(float));
    s->rope = RC_MALLOC(B * c->head_dim * sizeof(float));
    s->logits = RC_MALLOC((size_t)c->vocab_size * sizeof(float));
    if (!s->x || !s->xb || !s->xb2 || !s->hb || !s->hb2 || !s->q || !s->xq || !s->xs || !s->att ||
        !s->key_cache || !s->value_cache || !s->inv_freq || !s->rope || !s->logits) {
        rc_state_free(s);
        return rc_fail(e, "out of memory for a context of %d tokens (KV cache %.1f MiB)", ctx,
                       2.0 * cache * sizeof(float) / 1048576.0);
    }
    rc_rope_freqs(s->inv_freq, c);
    return 0;
}

/* Rotates each (x[2i], x[2i+1]) pair of every head of x[B, n_heads * head_dim]. */
static void rc_rope(float *x, const float *rope, int B, int n_heads, int head_dim) {
    int half = head_dim / 2;
    for (int b = 0; b < B; b++)
        for (int h = 0; h < n_heads; h++) {
            float *v = x + ((size_t)b * n_heads + h) * head_dim;
            const float *cs = rope + (size_t)b * head_dim;
            for (int i = 0; i < half; i++) {
                float c = cs[2 * i], s = cs[2 * i + 1], v0 = v[2 * i], v1 = v[2 * i + 1];
                v[2 * i] = v0 * c - v1 * s;
                v[2 * i + 1] = v0 * s + v1 * c;
            }
        }
}

/* Multiplies the batch x[B, w->cols] by w into out[B, w->rows], quantizing x first for q8_0. */
static void rc_project(rc_State *s, float *out, const float *x, const rc_Matrix *w, int B) {
    if (w->q) rc_quantize(s->xq, s->xs, x, B, w->cols, w->gs);
    rc_matmul(out, x, s->xq, s->xs, w, B);
}

/* One batch of B <= RC_MAX_BATCH tokens at positions pos..pos+B-1. Leaves the final hidden states
   (after the last RMSNorm) in s->xb[B, dim]. */
static void rc_forward_batch(const rc_Model *m, rc_State *s, const int *tokens, int B, int pos) {
    const rc_Config *c = &m->config;
    int dim = c->dim, hd = c->head_dim, q_dim = c->n_heads * hd, kv_dim = c->n_kv_heads * hd;
    int group = c->n_heads / c->n_kv_heads;
    float scale = 1.0f / sqrtf((float)hd);
    for (int b = 0; b < B; b++) {
        rc_matrix_row(s->x + (size_t)b * dim, &m->embedding, tokens[b]);
        for (int i = 0; i < hd / 2; i++) {
            float angle = (float)(pos + b) * s->inv_freq[i];
            s->rope[(size_t)b * hd + 2 * i] = cosf(angle);
            s->rope[(size_t)b * hd + 2 * i + 1] = sinf(angle);
        }
    }
    for (int l = 0; l < c->n_layers; l++) {
        const rc_Layer *L = &m->layers[l];
        float *kc = s->key_cache + ((size_t)l * s->ctx + pos) * kv_dim;   /* [B, kv_dim] */
        float *vc = s->value_cache + ((size_t)l * s->ctx + pos) * kv_dim; /* [B, kv_dim] */
        /* attention: q, k, v projections; keys and values go straight into the cache */
        rc_rmsnorm(s->xb, s->x, L->attn_norm, B, dim, c->norm_eps);
        if (L->wq.q) rc_quantize(s->xq, s->xs, s->xb, B, dim, L->wq.gs);
        rc_matmul(s->q, s->xb, s->xq, s->xs, &L->wq, B);
        rc_matmul(kc, s->xb, s->xq, s->xs, &L->wk, B);
        rc_matmul(vc, s->xb, s->xq, s->xs, &L->wv, B);
        rc_rope(s->q, s->rope, B, c->n_heads, hd);
        rc_rope(kc, s->rope, B, c->n_kv_heads, hd);
        const float *kl = s->key_cache + (size_t)l * s->ctx * kv_dim;
        const float *vl = s->value_cache + (size_t)l * s->ctx * kv_dim;
#pragma omp parallel for collapse(2) schedule(dynamic, 1)
        for (int b = 0; b < B; b++)
            for (int h = 0; h < c->n_heads; h++) {
#ifdef _OPENMP
                float *att = s->att + (size_t)omp_get_thread_num() * s->ctx;
#else
                float *att = s->att;
#endif
                const float *q = s->q + (size_t)b * q_dim + (size_t)h * hd;
                size_t kv_off = (size_t)(h / group) * hd;
                int n_pos = pos + b + 1;  /* causal: this token sees positions 0..pos+b */
                for (int t = 0; t < n_pos; t++) att[t] = rc_dot(q, kl + (size_t)t * kv_dim + kv_off, hd) * scale;
                rc_softmax(att, n_pos);
                float *out = s->xb + (size_t)b * q_dim + (size_t)h * hd;
                memset(out, 0, (size_t)hd * sizeof(float));
                for (int t = 0; t < n_pos; t++) {
                    const float *v = vl + (size_t)t * kv_dim + kv_off;
                    float a = att[t];
                    for (int i = 0; i < hd; i++) out[i] += a * v[i];
                }
            }
        rc_project(s, s->xb2, s->xb, &L->wo, B);
        for (size_t i = 0; i < (size_t)B * dim; i++) s->x[i] += s->xb2[i];
        /* feed-forward: w2(silu(w1 x) * w3 x) */
        rc_rmsnorm(s->xb, s->x, L->ffn_norm, B, dim, c->norm_eps);
        if (L->w1.q) rc_quantize(s->xq, s->xs, s->xb, B, dim, L->w1.gs);
        rc_matmul(s->hb, s->xb, s->xq, s->xs, &L->w1, B);
        rc_matmul(s->hb2, s->xb, s->xq, s->xs, &L->w3, B);
        for (size_t i = 0; i < (size_t)B * c->hidden_dim; i++) {
            float g = s->hb[i];
            s->hb[i] = g / (1.0f + expf(-g)) * s->hb2[i];
        }
        rc_project(s, s->xb2, s->hb, &L->w2, B);
        for (size_t i = 0; i < (size_t)B * dim; i++) s->x[i] += s->xb2[i];
    }
    rc_rmsnorm(s->xb, s->x, m->final_norm, B, dim, c->norm_eps);
}

enum { RC_LOGITS_LAST = 0, RC_LOGITS_ALL = 1 };

/* Runs tokens[0..n) at positions pos..pos+n-1 through the model, filling the KV cache. With
   RC_LOGITS_LAST, s->logits[vocab] receives the last token's logits; with RC_LOGITS_ALL, `logits`
   (caller-owned, [n, vocab]) receives every token's. Fails without side effects on an id outside
   the vocabulary or positions beyond the context. */
int rc_forward(const rc_Model *m, rc_State *s, const int *tokens, int n, int pos, int mode,
               float *logits, rc_Error *e) {
    const rc_Config *c = &m->config;
    if (n <= 0 || pos < 0 || pos > s->ctx - n)
        return rc_fail(e, "positions %d..%d do not fit the context of %d tokens", pos, pos + n - 1, s->ctx);
    for (int i = 0; i < n; i++)
        if (tokens[i] < 0 || tokens[i] >= c->vocab_size)
            return rc_fail(e, "token id %d is outside the vocabulary [0, %d)", tokens[i], c->vocab_size);
    for (int done = 0; done < n;) {
        int B = n - done < RC_MAX_BATCH ? n - done : RC_MAX_BATCH;
        rc_forward_batch(m, s, tokens + done, B, pos + done);
        if (mode == RC_LOGITS_ALL) {
            rc_project(s, logits + (size_t)done * c->vocab_size, s->xb, &m->classifier, B);
        } else if (done + B == n) {
            rc_project(s, s->logits, s->xb + (size_t)(B - 1) * c->dim, &m->classifier, 1);
        }
        done += B;
    }
    return 0;
}

/* ============================================================================================
   6. Sampler

   Temperature 0 is greedy (argmax, lowest id on ties). Otherwise: logits / temperature, softmax,
   keep the top-k tokens (k = 0: all), then the smallest set whose probability reaches top-p
   (p = 1: all), renormalise and draw. A seeded xorshift generator makes runs reproducible.
   ============================================================================================ */

typedef struct {
    float prob;
    int id;
} rc_Candidate;

typedef struct {
    int vocab_size;
    float temperature;  /* >= 0 */
    float topp;         /* (0, 1] */
    int topk;           /* 0 = off, else 1..vocab_size */
    uint64_t rng;
    rc_Candidate *cand; /* [vocab_size] scratch */
} rc_Sampler;

int rc_sampler_init(rc_Sampler *s, int vocab_size, float temperature, float topp, int topk,
                    uint64_t seed, rc_Error *e) {
    memset(s, 0, sizeof *s);
    if (!(temperature >= 0) || !(topp > 0 && topp <= 1) || topk < 0 || topk > vocab_size)
        return rc_fail(e, "sampler: temperature %g, top-p %g, top-k %d out of range", (double)temperature,
                       (double)topp, topk);
    s->vocab_size = vocab_size;
    s->temperature = temperature;
    s->topp = topp;
    s->topk = topk;
    s->rng = seed ? seed : 0x9E3779B97F4A7C15ull;  /* xorshift must not start at 0 */
    s->cand = RC_MALLOC((size_t)vocab_size * sizeof(rc_Candidate));
    if (!s->cand) return rc_fail(e, "sampler: out of memory");
    return 0;
}

void rc_sampler_free(rc_Sampler *s) {
    RC_FREE(s->cand);
    memset(s, 0, sizeof *s);
}

/* A uniform float in [0, 1) from xorshift64*. */
static float rc_random(uint64_t *state) {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return (float)((*state * 0x2545F4914F6CDD1Dull) >> 40) / 16777216.0f;
}

static int rc_candidate_desc(const void *a, const void *b) {
    const rc_Candidate *x = a, *y = b;
    return x->prob > y->prob ? -1 : x->prob < y->prob ? 1 : x->id - y->id;
}

/* The next token given logits[vocab_size] (which it overwrites with probabilities). */
int rc_sample(rc_Sampler *s, float *logits) {
    int n = s->vocab_size;
    if (s->temperature == 0) {
        int best = 0;
        for (int i = 1; i < n; i++)
            if (logits[i] > logits[best]) best = i;
        return best;
    }
    for (int i = 0; i < n; i++) logits[i] /= s->temperature;
    rc_softmax(logits, n);
    int m = 0;
    if (s->topk > 0) {
        /* the k most probable: a min-heap of size k over all tokens, O(n log k) */
        rc_Candidate *h = s->cand;
        for (int i = 0; i < n; i++) {
            rc_Candidate c = {logits[i], i};
            if (m == s->topk && rc_candidate_desc(&c, &h[0]) >= 0) continue;
            size_t j;
            if (m < s->topk) {
                for (j = (size_t)m++; j > 0 && rc_candidate_desc(&h[(j - 1) / 2], &c) < 0; j = (j - 1) / 2)
                    h[j] = h[(j - 1) / 2];
            } else { /* replace the root, the least probable kept, and sift down */
                for (j = 0;;) {
                    size_t ch = 2 * j + 1;
                    if (ch >= (size_t)m) break;
                    if (ch + 1 < (size_t)m && rc_candidate_desc(&h[ch + 1], &h[ch]) > 0) ch++;
                    if (rc_candidate_desc(&h[ch], &c) <= 0) break;
                    h[j] = h[ch];
                    j = ch;
                }
            }
            h[j] = c;
        }
    } else {
        /* Candidates below (1 - topp) / (n - 1) cannot be needed to reach topp, so sorting can
           skip them, as in llama2.c. */
        float cutoff = s->topp < 1 ? (1.0f - s->topp) / (float)(n - 1) : 0.0f;
        for (int i = 0; i < n; i++)
            if (logits[i] >= cutoff) s->cand[m++] = (rc_Candidate){logits[i], i};
    }
    qsort(s->cand, (size_t)m, sizeof(rc_Candidate), rc_candidate_desc);
    /* top-p over what top-k kept, renormalised, as Hugging Face's warpers chain them */
    float total = 0;
    for (int i = 0; i < m; i++) total += s->cand[i].prob;
    int keep = m;
    if (s->topp < 1) {
        float mass = 0;
        for (int i = 0; i < m; i++) {
            mass += s->cand[i].prob;
            if (mass >= s->topp * total) {
                keep = i + 1;
                break;
            }
        }
        total = mass;
    }
    float r = rc_random(&s->rng) * total, acc = 0;
    for (int i = 0; i < keep; i++) {
        acc += s->cand[i].prob;
        if (r < acc) return s->cand[i].id;
    }
    return s->cand[keep - 1].id;
}

/* ============================================================================================
   7. Generation, chat and perplexity loops
   ============================================================================================ */

/* Receives each generated token with its text (whole UTF-8 characters; empty without a tokenizer
   or while a character is incomplete). */
typedef void (*rc_EmitFn)(void *user, int token, const char *text, size_t len);

typedef struct {
    int n_prompt, n_generated;
    double prompt_seconds, gen_seconds;
    int pending;   /* last sampled token, not yet in the KV cache (-1 if none) */
    int end_pos;   /* position after the last token in the KV cache */
    int hit_eos;   /* stopped at an end-of-sequence token */
} rc_Stats;

/* Feeds prompt[0..n_prompt) at position `pos`, then samples up to `max_new` tokens, stopping
   early at the model's EOS, the tokenizer's end-of-turn token, or when the context is full.
   `t` may be NULL (ids only). */
int rc_generate(const rc_Model *m, rc_State *s, const rc_Tokenizer *t, rc_Sampler *smp,
                const int *prompt, int n_prompt, int pos, int max_new, rc_EmitFn emit, void *user,
                rc_Stats *st, rc_Error *e) {
    memset(st, 0, sizeof *st);
    st->pending = -1;
    st->n_prompt = n_prompt;
    if (n_prompt < 1) return rc_fail(e, "empty prompt: at least one token (e.g. BOS) is needed");
    if (n_prompt > s->ctx - pos)
        return rc_fail(e, "prompt of %d tokens does not fit the context: %d of %d positions are free",
                       n_prompt, s->ctx - pos, s->ctx);
    double t0 = rc_now();
    if (rc_forward(m, s, prompt, n_prompt, pos, RC_LOGITS_LAST, NULL, e)) return -1;
    pos += n_prompt;
    double t1 = rc_now();
    st->prompt_seconds = t1 - t0;
    rc_Utf8 utf8 = {{0}, 0};
    char *text = RC_MALLOC(3 * ((size_t)(t ? t->max_piece_len : 0) + 4));
    if (!text) return rc_fail(e, "out of memory");
    int prev = prompt[n_prompt - 1], rc = 0;
    while (st->n_generated < max_new) {
        int next = rc_sample(smp, s->logits);
        st->n_generated++;
        st->pending = next;
        if (next == m->config.eos_id || (t && (next == t->eos_id || next == t->eot_id))) {
            st->hit_eos = 1;
            break;
        }
        size_t len = 0, plen;
        if (t) {
            const char *piece = rc_decode(t, prev, next, &plen);
            len = rc_utf8_feed(&utf8, piece, plen, text);
        }
        emit(user, next, text, len);
        prev = next;
        if (st->n_generated == max_new || pos == s->ctx) break; /* context full: cannot feed it */
        if ((rc = rc_forward(m, s, &next, 1, pos, RC_LOGITS_LAST, NULL, e))) break;
        st->pending = -1;
        pos++;
    }
    size_t len = rc_utf8_flush(&utf8, text);
    if (len) emit(user, -1, text, len);
    RC_FREE(text);
    st->gen_seconds = rc_now() - t1;
    st->end_pos = pos;
    return rc;
}

/* Perplexity of tokens[0..n): consecutive windows of s->ctx tokens, each scored with a fresh KV
   cache; every position predicts the next token (a window's last position predicts the first token
   of the next window). Returns the summed negative log-likelihood and the number of predictions. */
int rc_perplexity(const rc_Model *m, rc_State *s, const int *tokens, int n, double *nll,
                  long *count, rc_Error *e) {
    *nll = 0;
    *count = 0;
    int V = m->config.vocab_size;
    float *logits = RC_MALLOC((size_t)RC_MAX_BATCH * V * sizeof(float));
    if (!logits) return rc_fail(e, "out of memory for %d x %d logits", RC_MAX_BATCH, V);
    int rc = 0;
    for (int w = 0; w < n - 1 && rc == 0; w += s->ctx) {
        int wlen = n - w < s->ctx ? n - w : s->ctx;
        for (int done = 0; done < wlen && rc == 0; done += RC_MAX_BATCH) {
            int B = wlen - done < RC_MAX_BATCH ? wlen - done : RC_MAX_BATCH;
            if ((rc = rc_forward(m, s, tokens + w + done, B, done, RC_LOGITS_ALL, logits, e))) break;
            for (int b = 0; b < B; b++) {
                int i = w + done + b;  /* position predicting tokens[i + 1] */
                if (i + 1 >= n) break;
                const float *row = logits + (size_t)b * V;
                float max = row[0];
                for (int v = 1; v < V; v++) max = fmaxf(max, row[v]);
                double sum = 0;
                for (int v = 0; v < V; v++) sum += exp((double)row[v] - max);
                *nll += log(sum) + max - row[tokens[i + 1]];
                (*count)++;
            }
        }
    }
    RC_FREE(logits);
    return rc;
}

/* Renders one user turn in the Llama 2 chat format; the system prompt goes in the first turn.
   Returns the bytes needed (like snprintf), so callers can size the buffer. */
static size_t rc_chat_render(char *out, size_t cap, const char *system, const char *user) {
    int n = system && *system
                ? snprintf(out, cap, "[INST] <<SYS>>\n%s\n<</SYS>>\n\n%s [/INST]", system, user)
                : snprintf(out, cap, "[INST] %s [/INST]", user);
    return n < 0 ? 0 : (size_t)n;
}

/* Reads one line from `in` into a growing buffer, without its newline. Returns 0 at EOF, -1 for a
   line longer than `limit` bytes. */
static int rc_read_line(FILE *in, char **buf, size_t *cap, size_t limit) {
    size_t n = 0;
    int c;
    while ((c = fgetc(in)) != EOF && c != '\n') {
        if (n + 2 > *cap) {
            if (*cap >= limit) return -1;
            size_t nc = *cap ? *cap * 2 : 256;
            char *nb = RC_REALLOC(*buf, nc);
            if (!nb) return -1;
            *buf = nb, *cap = nc;
        }
        (*buf)[n++] = (char)c;
    }
    if (c == EOF && n == 0) return 0;
    if (*cap == 0) {
        *buf = RC_MALLOC(1);
        if (!*buf) return -1;
        *cap = 1;
    }
    (*buf)[n] = 0;
    return 1;
}

typedef struct {
    FILE *out;
} rc_ChatSink;

static void rc_chat_emit(void *user, int token, const char *text, size_t len) {
    (void)token;
    FILE *out = ((rc_ChatSink *)user)->out;
    fwrite(text, 1, len, out);
    fflush(out);
}

enum { RC_CHAT_DONE = 0, RC_CHAT_CONTEXT_FULL = 1 };

/* A multi-turn Llama 2 chat: user lines come from `in` (the first one may be given as
   `first_user`), replies are written to `out`. The KV cache keeps the whole conversation, so each
   turn only processes its new tokens. Returns RC_CHAT_DONE at end of input, RC_CHAT_CONTEXT_FULL
   when the next turn would not fit, or -1 on error. */
int rc_chat(const rc_Model *m, rc_State *s, const rc_Tokenizer *t, rc_Sampler *smp, const char *system,
            const char *first_user, int max_new, FILE *in, FILE *out, rc_Error *e) {
    char *line = NULL, *turn = NULL;
    int *ids = NULL;
    size_t line_cap = 0;
    int pos = 0, pending = -1, rc = -1;
    rc_ChatSink sink = {out};
    for (int n_turn = 0;; n_turn++) {
        const char *user = first_user;
        if (n_turn > 0 || !first_user) {
            fputs("User: ", out);
            fflush(out);
            int got = rc_read_line(in, &line, &line_cap, 1 << 20);
            if (got < 0) {
                rc_fail(e, "chat: input line longer than %d bytes (or out of memory)", 1 << 20);
                goto done;
            }
            if (got == 0) {
                rc = RC_CHAT_DONE;
                goto done;
            }
            user = line;
        }
        size_t need = rc_chat_render(NULL, 0, n_turn == 0 ? system : NULL, user) + 1;
        RC_FREE(turn), RC_FREE(ids);
        turn = RC_MALLOC(need);
        ids = RC_MALLOC((rc_encode_bound(need) + 1) * sizeof(int));
        if (!turn || !ids) {
            rc_fail(e, "chat: out of memory");
            goto done;
        }
        rc_chat_render(turn, need, n_turn == 0 ? system : NULL, user);
        size_t n_ids;
        int skip = pending >= 0;  /* the last reply's final token still has to enter the cache */
        if (skip) ids[0] = pending;
        if (rc_encode(t, turn, need - 1, 1, ids + skip, rc_encode_bound(need), &n_ids, e)) goto done;
        n_ids += (size_t)skip;
        if (n_ids >= (size_t)(s->ctx - pos)) {
            rc = RC_CHAT_CONTEXT_FULL;
            goto done;
        }
        fputs("Assistant: ", out);
        rc_Stats st;
        if (rc_generate(m, s, t, smp, ids, (int)n_ids, pos, max_new, rc_chat_emit, &sink, &st, e))
            goto done;
        fputs("\n", out);
        pos = st.end_pos;
        pending = st.pending;
    }
done:
    RC_FREE(line), RC_FREE(turn), RC_FREE(ids);
    return rc;
}

/* ============================================================================================
   8. CLI
   ============================================================================================ */
#ifndef RC_NO_MAIN

static void usage(FILE *f) {
    fputs("Usage:   run MODEL [options]\n"
          "Example: run models/kjv15M.q8_0.bin -i \"In the beginning\" -n 64\n"
          "Options:\n"
          "  -i <string>  prompt text\n"
          "  -I <ids>     prompt as token ids, e.g. \"1 306 4658\" (no tokenizer needed)\n"
          "  -z <path>    tokenizer file (default: tokenizer.bin)\n"
          "  -n <int>     tokens to generate, not counting the prompt (default 256; 0 = until the\n"
          "               context is full). llama2.c counted the prompt in -n; we do not.\n"
          "  -t <float>   temperature, >= 0 (default 1.0; 0 = greedy)\n"
          "  -p <float>   top-p (nucleus) in (0, 1] (default 0.9; 1 = off)\n"
          "  -k <int>     top-k in [1, vocab_size] (default: off)\n"
          "  -s <int>     random seed (default: time-based)\n"
          "  -c <int>     context length, the KV cache size (default: the model's seq_len)\n"
          "  -j <int>     threads (default: OMP_NUM_THREADS, else the number of physical cores)\n"
          "  -m <mode>    generate | chat | tokenize | ppl (default: generate)\n"
          "  -y <string>  system prompt (chat mode)\n"
          "  -f <path>    text file to score (ppl mode)\n"
          "  -o <format>  text | ids: print generated text, or generated token ids on one line\n"
          "  -h           this help\n"
          "Modes:\n"
          "  generate  continue the prompt (BOS + prompt); stats go to stderr\n"
          "  chat      Llama 2 [INST] chat; -i is the first user message, then lines from stdin\n"
          "  tokenize  print the ids of -i text with BOS, space separated (MODEL optional)\n"
          "  ppl       perplexity of -f file: windows of the context length, last line\n"
          "            \"perplexity: X\"\n",
          f);
}

/* Prints the error and usage to stderr and exits: the only way out for bad command lines. */
static void die_usage(const char *fmt, const char *arg) {
    fputs("run: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n", stderr);
    usage(stderr);
    exit(1);
}

static void die(const rc_Error *e) {
    fprintf(stderr, "run: error: %s\n", e->msg);
    exit(1);
}

static long parse_int(const char *flag, const char *s, long lo, long hi) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s expects an integer in [%ld, %ld], got \"%%s\"", flag, lo, hi);
        die_usage(msg, s);
    }
    return v;
}

static float parse_float(const char *flag, const char *s, float lo, float hi, int lo_open) {
    char *end;
    errno = 0;
    float v = strtof(s, &end);
    if (errno || end == s || *end || !(lo_open ? v > lo : v >= lo) || !(v <= hi)) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s expects a number in %c%g, %g], got \"%%s\"", flag,
                 lo_open ? '(' : '[', (double)lo, (double)hi);
        die_usage(msg, s);
    }
    return v;
}

/* Physical cores: logical CPUs that are the first of their SMT sibling list. */
static int physical_cores(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN), cores = 0;
    for (long i = 0; i < n; i++) {
        char path[96];
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu%ld/topology/thread_siblings_list", i);
        FILE *f = fopen(path, "r");
        long first = -1;
        if (f) {
            if (fscanf(f, "%ld", &first) != 1) first = -1;
            fclose(f);
        }
        if (first < 0 || first == i) cores++;
    }
    return cores > 0 ? (int)cores : 1;
}

typedef struct {
    int ids;       /* print ids instead of text */
    int count;
} CliSink;

static void cli_emit(void *user, int token, const char *text, size_t len) {
    CliSink *sink = user;
    if (sink->ids) {
        if (token >= 0) printf(sink->count++ ? " %d" : "%d", token);
    } else {
        fwrite(text, 1, len, stdout);
    }
    fflush(stdout);
}

/* Reads a whole file into a NUL-terminated heap buffer. */
static char *read_file(const char *path, size_t *len, rc_Error *e) {
    rc_File f;
    if (rc_file_open(&f, path, e)) return NULL;
    char *buf = RC_MALLOC(f.size + 1);
    if (!buf) {
        rc_file_close(&f);
        rc_fail(e, "%s: out of memory for %zu bytes", path, f.size);
        return NULL;
    }
    if (f.size) memcpy(buf, f.data, f.size);
    buf[f.size] = 0;
    *len = f.size;
    rc_file_close(&f);
    return buf;
}

/* "1 306 4658" -> ids; every id must be below vocab_size. */
static int *parse_ids(const char *s, int vocab_size, int *n) {
    size_t cap = strlen(s) / 2 + 1;
    int *ids = RC_MALLOC(cap * sizeof(int));
    *n = 0;
    for (const char *p = s; ids;) {
        while (*p == ' ' || *p == ',' || *p == '\t' || *p == '\n') p++;
        if (!*p) break;
        char *end;
        errno = 0;
        long v = strtol(p, &end, 10);
        if (end == p || errno || v < 0 || v >= vocab_size) {
            char msg[128];
            snprintf(msg, sizeof msg, "-I: \"%%s\" is not a list of token ids in [0, %d)", vocab_size);
            die_usage(msg, s);
        }
        ids[(*n)++] = (int)v;
        p = end;
    }
    return ids;
}

int main(int argc, char **argv) {
    const char *model_path = NULL, *tok_path = "tokenizer.bin", *prompt = NULL, *prompt_ids = NULL;
    const char *mode = "generate", *system = NULL, *file = NULL, *format = "text";
    long steps = 256, topk = 0, ctx = 0, threads = 0;
    float temperature = 1.0f, topp = 0.9f;
    unsigned long long seed = 0;
    int argi = 1;
    if (argc >= 2 && argv[1][0] != '-') model_path = argv[argi++];
    for (; argi < argc; argi += 2) {
        const char *flag = argv[argi];
        if (strcmp(flag, "-h") == 0 || strcmp(flag, "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (flag[0] != '-' || strlen(flag) != 2) die_usage("unexpected argument \"%s\"", flag);
        if (argi + 1 >= argc) die_usage("%s needs a value", flag);
        const char *v = argv[argi + 1];
        switch (flag[1]) {
        case 'i': prompt = v; break;
        case 'I': prompt_ids = v; break;
        case 'z': tok_path = v; break;
        case 'n': steps = parse_int("-n", v, 0, INT32_MAX); break;
        case 't': temperature = parse_float("-t", v, 0, 100, 0); break;
        case 'p': topp = parse_float("-p", v, 0, 1, 1); break;
        case 'k': topk = parse_int("-k", v, 1, INT32_MAX); break;
        case 's': seed = (unsigned long long)parse_int("-s", v, 0, LONG_MAX); break;
        case 'c': ctx = parse_int("-c", v, 1, INT32_MAX); break;
        case 'j': threads = parse_int("-j", v, 1, 4096); break;
        case 'm': mode = v; break;
        case 'y': system = v; break;
        case 'f': file = v; break;
        case 'o': format = v; break;
        default: die_usage("unknown flag %s", flag);
        }
    }
    int is_gen = strcmp(mode, "generate") == 0, is_chat = strcmp(mode, "chat") == 0;
    int is_tok = strcmp(mode, "tokenize") == 0, is_ppl = strcmp(mode, "ppl") == 0;
    if (!is_gen && !is_chat && !is_tok && !is_ppl)
        die_usage("-m must be generate, chat, tokenize or ppl, got \"%s\"", mode);
    if (strcmp(format, "text") != 0 && strcmp(format, "ids") != 0)
        die_usage("-o must be text or ids, got \"%s\"", format);
    if (prompt && prompt_ids) die_usage("%s", "give the prompt as text (-i) or as ids (-I), not both");
    if (is_ppl && !file) die_usage("%s", "-m ppl needs a text file: -f FILE");
    if (is_tok && !prompt) die_usage("%s", "-m tokenize needs text: -i TEXT");
    if (!model_path && !is_tok) die_usage("%s", "missing MODEL (the first argument)");
#ifdef _OPENMP
    if (threads > 0) omp_set_num_threads((int)threads);
    else if (!getenv("OMP_NUM_THREADS")) omp_set_num_threads(physical_cores());
#else
    (void)threads;
    (void)physical_cores;
#endif
    rc_Error err;
    rc_Model model;
    int have_model = model_path != NULL;
    if (have_model && rc_model_load(&model, model_path, &err)) die(&err);
    int vocab = have_model ? model.config.vocab_size : 0;
    if (topk > vocab && have_model) {
        char msg[64];
        snprintf(msg, sizeof msg, "%ld", topk);
        die_usage("-k %s exceeds the vocabulary size", msg);
    }
    /* the tokenizer is needed for text in or out; -I with -o ids runs on ids alone */
    int need_tok = is_tok || is_chat || is_ppl || prompt || strcmp(format, "text") == 0;
    rc_Tokenizer tok;
    if (need_tok && rc_tokenizer_load(&tok, tok_path, vocab, &err)) die(&err);
    if (is_tok) {
        size_t len = strlen(prompt), n;
        int *ids = RC_MALLOC(rc_encode_bound(len) * sizeof(int));
        if (!ids || rc_encode(&tok, prompt, len, 1, ids, rc_encode_bound(len), &n, &err)) die(&err);
        for (size_t i = 0; i < n; i++) printf(i ? " %d" : "%d", ids[i]);
        printf("\n");
        return 0;
    }
    rc_State state;
    if (rc_state_init(&state, &model, (int)ctx, &err)) die(&err);
    if (is_ppl) {
        size_t len, n;
        char *text = read_file(file, &len, &err);
        int *ids = text ? RC_MALLOC(rc_encode_bound(len) * sizeof(int)) : NULL;
        if (!text || !ids || rc_encode(&tok, text, len, 1, ids, rc_encode_bound(len), &n, &err)) die(&err);
        if (n > INT32_MAX) die_usage("%s: too many tokens", file);
        double nll;
        long count;
        double t0 = rc_now();
        if (rc_perplexity(&model, &state, ids, (int)n, &nll, &count, &err)) die(&err);
        double dt = rc_now() - t0;
        fprintf(stderr, "%zu tokens, %ld scored in windows of %d, %.1f tok/s\n", n, count, state.ctx,
                (double)n / dt);
        printf("nll: %.6f\nperplexity: %.4f\n", count ? nll / (double)count : 0.0,
               count ? exp(nll / (double)count) : 1.0);
        return 0;
    }
    if (seed == 0) seed = (unsigned long long)time(NULL);
    rc_Sampler sampler;
    if (rc_sampler_init(&sampler, vocab, temperature, topp, (int)topk, seed, &err)) die(&err);
    long max_new = steps == 0 ? state.ctx : steps;
    if (is_chat) {
        int rc = rc_chat(&model, &state, &tok, &sampler, system, prompt, (int)max_new, stdin, stdout, &err);
        if (rc < 0) die(&err);
        if (rc == RC_CHAT_CONTEXT_FULL)
            fprintf(stderr, "run: the context of %d tokens is full; ending the conversation\n", state.ctx);
        return 0;
    }
    int n_prompt;
    int *ids;
    if (prompt_ids) {
        ids = parse_ids(prompt_ids, vocab, &n_prompt);
        if (n_prompt == 0) die_usage("-I \"%s\" holds no token ids", prompt_ids);
    } else {
        size_t len = prompt ? strlen(prompt) : 0, n;
        ids = RC_MALLOC(rc_encode_bound(len) * sizeof(int));
        if (!ids || rc_encode(&tok, prompt ? prompt : "", len, 1, ids, rc_encode_bound(len), &n, &err))
            die(&err);
        if (n > (size_t)state.ctx) {
            fprintf(stderr, "run: error: the prompt is %zu tokens, longer than the context of %d tokens "
                            "(see -c)\n", n, state.ctx);
            return 1;
        }
        n_prompt = (int)n;
    }
    CliSink sink = {strcmp(format, "ids") == 0, 0};
    if (!sink.ids) { /* echo the prompt as the model sees it, as llama2.c does */
        rc_Utf8 utf8 = {{0}, 0};
        char *text = RC_MALLOC(3 * ((size_t)tok.max_piece_len + 4));
        if (!text) die_usage("%s", "out of memory");
        for (int i = 0; i < n_prompt; i++) {
            size_t plen;
            const char *piece = rc_decode(&tok, i ? ids[i - 1] : -1, ids[i], &plen);
            fwrite(text, 1, rc_utf8_feed(&utf8, piece, plen, text), stdout);
        }
        fwrite(text, 1, rc_utf8_flush(&utf8, text), stdout);
        RC_FREE(text);
    }
    rc_Stats st;
    if (rc_generate(&model, &state, need_tok ? &tok : NULL, &sampler, ids, n_prompt, 0,
                    (int)(max_new > INT32_MAX ? INT32_MAX : max_new), cli_emit, &sink, &st, &err))
        die(&err);
    printf("\n");
    fflush(stdout);
    fprintf(stderr, "prompt: %d tokens, %.1f tok/s | generated: %d tokens, %.1f tok/s\n", st.n_prompt,
            st.prompt_seconds > 0 ? st.n_prompt / st.prompt_seconds : 0.0, st.n_generated,
            st.gen_seconds > 0 ? st.n_generated / st.gen_seconds : 0.0);
    RC_FREE(ids);
    rc_sampler_free(&sampler);
    rc_state_free(&state);
    if (need_tok) rc_tokenizer_free(&tok);
    rc_model_free(&model);
    return 0;
}
#endif /* RC_NO_MAIN */
