/* run.c - inference for Llama-family decoder-only transformers, in one file of C.

   What it is: a complete CPU engine (loading, tokenizers, forward pass, sampler, generation, chat,
   perplexity) in C11 with libc and libm, OpenMP optional. It reads our RCLM checkpoints and
   llama2.c's (f32 or q8_0) and llama.cpp's GGUF files, with exact SentencePiece and Hugging Face
   byte-level BPE tokenizers.

   Build and run (README.md has the rest):
       cc -O3 -march=native -fopenmp -o run run.c -lm      (or: make)
       ./run models/kjv15M.q8_0.bin -i "In the beginning"   (./run -h lists every flag)

   Embed it (examples/embed.c is a complete program):
       #define RC_NO_MAIN          leave out the CLI's main()
       #include "run.c"            before any system header (it sets _POSIX_C_SOURCE)
   In a program of several C files, one file includes run.c like that; the others
   `#define RC_HEADER_ONLY` first and get the declarations only (examples/two_files/).
   `#define RC_API static` makes the whole engine private to one file. RC_MALLOC, RC_CALLOC,
   RC_REALLOC and RC_FREE (all four) replace the allocator; RC_MAX_STATE_BYTES caps one state.
   Names: rc_* and RC_* declared in the API block are public; rc__* are private (static), and
   macros defined below the API block are implementation details.

   Reading map (`make test` checks these line numbers; `python3 tools/reading_map.py --update
   run.c` rewrites them):
       lines      size         part                                                  on a first reading
       1-48       (48 lines)   front matter: what it is, build, embed, this map      read first
       49-472     (424 lines)  API: public types and functions with contracts        read first
       473-1927   (1455 lines) Part I: load, math, state, forward, sample, generate  read: a whole engine
       1928-4705  (2778 lines) Annex A: fast kernels: SIMD tiles, GEMM, GGUF blocks  skip
       4706-5625  (920 lines)  Annex B: other formats: llama2.c's, GGUF              skip
       5626-6895  (1270 lines) Annex C: tokenizers, UTF-8, NFC, pre-tokenizer        skip
       6896-7403  (508 lines)  Annex D: chat templates, JSON mode and perplexity     skip
       7404-7888  (485 lines)  Annex E: the command line                             skip
       7889-8837  (949 lines)  Appendix: generated Unicode tables and lookups        skip
   Follow one token: rc_model_load, rc_forward (-> rc__forward_batch), rc_sample, rc_generate
   in Part I; the text around them is rc_encode and rc_decode (Annex C) and main (Annex E).
*/
#if !defined(RC_HEADER_ONLY) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* mmap, clock_gettime, sysconf: before any system header */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* and on Linux madvise with MADV_HUGEPAGE (rc_model_load) */
#endif
#endif
#ifndef RC_RUN_C_API
#define RC_RUN_C_API
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ============================================================================================
   API. Everything a program may use: the types (read their fields, do not write them unless a
   comment says so) and the functions, grouped load / run / text / loops / free. Each function
   that can fail returns 0 (or a count) on success and -1 on failure, with a one-line message in
   rc_Error.msg ("PATH: what is wrong (expected X, found Y)"); every rc_Error * may be NULL.
   ============================================================================================ */

/* Linkage of the public functions: extern by default; `#define RC_API static` before including
   run.c makes the whole engine private to one C file. */
#ifndef RC_API
#define RC_API extern
#endif

typedef struct {
    char msg[512];
} rc_Error;

/* ---- Model: a checkpoint mapped read-only, weights used in place ------------------------- */

enum { RC_F32 = 0, RC_Q8_0 = 1, RC_GGUF = 2 }; /* RC_GGUF: each matrix has its own ggml type */
enum { RC_ROPE_NONE = 0, RC_ROPE_LLAMA3 = 1 };
/* Which elements of a head RoPE rotates together: (x[2i], x[2i+1]) as Meta's Llama code (our
   Llama export and llama GGUF files, whose q/k rows are permuted for it), or (x[i], x[i+hd/2]) as
   Hugging Face's rotate_half (Qwen2/Qwen3, and qwen2/qwen3 GGUF files: ggml's "NEOX" mode). */
enum { RC_ROPE_PAIRS = 0, RC_ROPE_HALVES = 1 };

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
    int rope_layout;  /* RC_ROPE_PAIRS or RC_ROPE_HALVES */
    int qkv_bias;     /* q, k and v projections add a bias (Qwen2) */
    int qk_norm;      /* queries and keys get a per-head RMSNorm before RoPE (Qwen3) */
    int sliding_window; /* 0: full causal attention; W: a position attends to the last W (Mistral) */
    int dtype;        /* RC_F32 or RC_Q8_0, for every matrix */
    int group_size;   /* q8_0 group length */
} rc_Config;

/* A weight matrix W[rows, cols] used in place from the mapped file. Exactly one of f / q / g is
   set. */
typedef struct {
    const float *f;   /* f32: [rows, cols] */
    const int8_t *q;  /* q8_0: [rows, cols] */
    const float *s;   /* q8_0: [rows, ceil(cols / gs)] scales, groups run along each row */
    const unsigned char *g; /* a GGUF block type: rows of row_bytes, blocks of ggml type `type` */
    size_t row_bytes;
    int type;
    int rows, cols, gs;
} rc_Matrix;

typedef struct {
    const float *attn_norm;  /* [dim] */
    rc_Matrix wq;            /* [n_heads*head_dim, dim] */
    rc_Matrix wk;            /* [n_kv_heads*head_dim, dim] */
    rc_Matrix wv;            /* [n_kv_heads*head_dim, dim] */
    const float *bq, *bk, *bv; /* [n_heads*head_dim], [kv_dim], [kv_dim] biases (qkv_bias), else NULL */
    const float *q_norm, *k_norm; /* [head_dim] per-head RMSNorm weights (qk_norm), else NULL */
    rc_Matrix wo;            /* [dim, n_heads*head_dim] */
    const float *ffn_norm;   /* [dim] */
    rc_Matrix w1;            /* gate [hidden_dim, dim] */
    rc_Matrix w2;            /* down [dim, hidden_dim] */
    rc_Matrix w3;            /* up   [hidden_dim, dim] */
} rc_Layer;

/* A read-only view of a whole file: memory-mapped, or (a model, RC_LOAD_COPY) read into huge pages. */
typedef struct {
    const unsigned char *data;
    size_t size;
    int mapped;  /* 1: munmap on close; 0: heap copy (or empty file) */
    int huge;    /* 1: a copy in anonymous memory advised for transparent huge pages (RC_LOAD_COPY) */
} rc_File;

typedef struct {
    rc_Config config;
    rc_Matrix embedding;     /* [vocab_size, dim] */
    rc_Layer *layers;        /* [n_layers] */
    const float *final_norm; /* [dim] */
    rc_Matrix classifier;    /* [vocab_size, dim]; same as embedding when tied */
    rc_File file;
    const float *rope_freqs; /* [head_dim/2] RoPE frequency divisors (GGUF rope_freqs), or NULL */
    const char *format;      /* "RCLM v1", "llama2.c v0", "GGUF v3", ... for messages */
} rc_Model;

/* Loads RCLM (ours), llama2.c v0 or ak42 v1/v2 from `path`; every field is checked against the
   file. Free with rc_model_free. Same as rc_model_load_mode(m, path, RC_LOAD_COPY, e). */
RC_API int rc_model_load(rc_Model *m, const char *path, rc_Error *e);
/* Where the weights live. RC_LOAD_MAP: in place, in the read-only mapping of the file (instant
   when the file is cached, and shared by every process that maps it). RC_LOAD_COPY: on Linux, a
   file of 2 MiB up to half the machine's memory is copied into anonymous memory advised for
   transparent huge pages (m->file.huge = 1), elsewhere or on any failure it stays mapped: each
   token reads every weight, and through 4 KiB page-cache pages the TLB misses cost quantized
   models up to a third of their generation speed (bench/HISTORY.md, "Huge pages for the
   weights"). */
enum { RC_LOAD_COPY = 0, RC_LOAD_MAP = 1 };
RC_API int rc_model_load_mode(rc_Model *m, const char *path, int mode, rc_Error *e);
RC_API void rc_model_free(rc_Model *m);

/* ---- Tokenizer: SentencePiece BPE (kind 1) and byte-level BPE (kind 2) --------------------- */

enum { RC_TOK_NORMAL = 1, RC_TOK_UNKNOWN, RC_TOK_CONTROL, RC_TOK_USER, RC_TOK_UNUSED, RC_TOK_BYTE };
enum { RC_VOCAB_SP = 1, RC_VOCAB_BPE = 2 };
enum { RC_CHAT_NONE = 0, RC_CHAT_LLAMA2 = 1, RC_CHAT_LLAMA3 = 2, RC_CHAT_CHATML = 3, RC_CHAT_ZEPHYR = 4,
       RC_CHAT_MISTRAL = 5, RC_CHAT_PHI3 = 6 };
enum { RC_PRETOK_LLAMA3 = 1, RC_PRETOK_QWEN2 = 2, RC_PRETOK_GPT2 = 3, RC_PRETOK_SMOLLM = 4 };
/* rc_encode flags: prepend BOS; recognise control-token text such as "<|eot_id|>" (kind 2). */
enum { RC_ENC_BOS = 1, RC_ENC_SPECIAL = 2 };

/* A kind-2 merge rule: the adjacent tokens left, right become merged. */
typedef struct {
    int left, right, merged;
} rc__BpeMerge;

typedef struct {
    int vocab_size;
    int kind;             /* RC_VOCAB_SP or RC_VOCAB_BPE */
    char **piece;         /* [vocab_size] piece bytes, NUL-terminated (pieces may contain NUL) */
    int *piece_len;       /* [vocab_size] */
    float *score;         /* [vocab_size] merge priority: higher merges first (kind 1) */
    unsigned char *type;  /* [vocab_size] RC_TOK_* */
    int bos_id, eos_id, eot_id, unk_id;
    int add_dummy_prefix; /* kind 1 */
    int newline_splits;   /* kind 1: no mergeable piece holds '\n', so lines encode independently */
    int add_bos;          /* RC_ENC_BOS prepends bos_id (kind 1 from our files: always; kind 2 and GGUF:
                             when the reference does) */
    int ignore_merges;    /* kind 2: a split piece that is itself a token is taken whole (Llama 3) */
    int pretokenizer;     /* kind 2: RC_PRETOK_* */
    int nfc;              /* kind 2: normalize sections to NFC before splitting (Qwen2/3) */
    int chat_template;    /* RC_CHAT_* */
    char *default_system; /* ChatML: the system prompt the template inserts when a conversation has
                             none (Qwen2's "You are a helpful assistant"), else NULL (GGUF only) */
    int max_piece_len;    /* longest piece, in bytes */
    int byte_id[256];     /* the token of each byte (`<0xAB>` in kind 1, the 1-byte piece in kind 2),
                             -1 if absent */
    unsigned char byte_text[256]; /* decoded text of byte tokens */
    int *slot;            /* [n_slots] open-addressing table: mergeable piece -> id + 1 (0 empty) */
    size_t n_slots;       /* power of two */
    rc__BpeMerge *merge;   /* kind 2: [n_merges], in rank order (rank 0 merges first) */
    int n_merges;
    uint32_t *merge_slot; /* [n_merge_slots] open addressing on (left, right): rank + 1 (0 empty) */
    size_t n_merge_slots; /* power of two */
    int *special;         /* kind 2: ids of added tokens (types 3 and 4), grouped by first byte */
    int special_start[257]; /* special[special_start[b] .. special_start[b + 1]) start with byte b */
    int user_end[256];    /* in each group the user-defined (type 4) ones come first, up to here */
    char *blob;           /* storage for all pieces */
} rc_Tokenizer;

/* Loads RCTK (ours, kind 1 or 2) or llama2.c's tokenizer.bin; model_vocab > 0 requires exactly
   that many tokens. Free with rc_tokenizer_free. */
RC_API int rc_tokenizer_load(rc_Tokenizer *t, const char *path, int model_vocab, rc_Error *e);
RC_API void rc_tokenizer_free(rc_Tokenizer *t);
/* The most ids rc_encode can write for `len` bytes of text, BOS included. */
RC_API size_t rc_encode_bound(size_t len);
/* Encodes text[0..len) into at most `cap` ids (RC_ENC_* flags); the count goes to *n_ids. */
RC_API int rc_encode(const rc_Tokenizer *t, const char *text, size_t len, int flags, int *ids, size_t cap,
                     size_t *n_ids, rc_Error *e);
/* The bytes of `token` when it follows `prev` (possibly part of a UTF-8 character). */
RC_API const char *rc_decode(const rc_Tokenizer *t, int prev, int token, size_t *len);

/* Reassembles UTF-8 characters split across tokens (byte fallback emits one byte per token) so
   that only whole characters are written; invalid sequences come out as U+FFFD. */
typedef struct {
    unsigned char buf[4];
    size_t n;
} rc_Utf8;

/* Writes the complete UTF-8 characters of in[0..n) to out (room for 3 * (n + 4)); returns bytes. */
RC_API size_t rc_utf8_feed(rc_Utf8 *u, const char *in, size_t n, char *out);
/* Ends the stream: a held incomplete character becomes U+FFFD. */
RC_API size_t rc_utf8_flush(rc_Utf8 *u, char *out);

/* ---- State and forward pass -------------------------------------------------------------- */

/* Kernel scratch for one matmul input (private): x packed into token panels or quantized. */
typedef struct {
    float *xt;      /* [RC_PANELS_PAD(B), n] token panels (GEMM) */
    int16_t *xq;    /* [B, n] quantized activations (q8_0, B < RC_GEMM_MIN) */
    float *xs;      /* [B, groups] their scales */
    float *wbuf;    /* [n_threads, RC_GEMM_WBUF(n)] per-thread GEMM scratch */
    unsigned char *act; /* [B, act bytes] activations in ggml's q8_0 / q8_1 / q8_K blocks (GGUF, B < RC_GEMM_MIN) */
    int act_kind;   /* what xq/xs/act hold: RC__INPUT_* of the last rc__batch_prepare */
    int n_threads;  /* rows of wbuf: the most threads rc__matmul may use */
} rc__Batch;

/* What one sequence needs to run through a model: activations for a batch of up to RC_MAX_BATCH
   (512) tokens (B below) and the KV cache of ctx positions. Two states may share a model, and
   several models may be loaded at once: the engine has no global state. */
typedef struct {
    const rc_Model *model; /* the model this state was made for (rc_state_init) */
    int ctx;              /* KV cache length: the most positions this state can hold */
    int n_threads;        /* attention scratch rows */
    float *x;             /* [B, dim] residual stream */
    float *xb;            /* [B, max(dim, q_dim)] normed input, then attention output */
    float *xb2;           /* [B, dim] projection output */
    float *hb, *hb2;      /* [B, hidden_dim] FFN gate and up */
    float *q;             /* [B, q_dim] queries */
    rc__Batch in;         /* the current matmul input, packed or quantized (n: max(dim, q_dim, hidden_dim)) */
    float *att;           /* [n_threads, RC_ATT_FLOATS] attention scores and a query panel */
    float *kv_panels;     /* [2, n_kv_heads, RC_ATT_LDK(keys), head_dim], room for ctx keys: batched
                             attention's copy of one layer's keys, in panels per KV head, then its
                             values per KV head, in f32 */
    int kv_type;          /* RC_KV_*: what the cache holds */
    void *key_cache;      /* [n_layers, ctx, kv_dim] of kv_type */
    void *value_cache;    /* [n_layers, ctx, kv_dim] of kv_type */
    float *kv_new;        /* [2, B, kv_dim] the batch's keys and values before an f16/bf16 cache stores them */
    float *inv_freq;      /* [head_dim/2] RoPE frequencies (with llama3 scaling) */
    float *rope;          /* [B, 2, head_dim/2] cos, then sin, of each token's angles */
    float *logits;        /* [vocab_size] of the last token, for generation */
} rc_State;

/* KV cache element types: f16 and bf16 halve its memory (keys and values rounded once, on store). */
enum { RC_KV_F32 = 0, RC_KV_F16 = 1, RC_KV_BF16 = 2 };

/* rc_forward modes: logits of the last token into s->logits, or of every token into a buffer. */
enum { RC_LOGITS_LAST = 0, RC_LOGITS_ALL = 1 };

/* Bytes rc_state_init_kv would allocate for ctx positions (0: seq_len), n_threads threads and a
   cache of kv_type; the KV cache's share goes to *kv_bytes (may be NULL). Saturates at UINT64_MAX. */
RC_API uint64_t rc_state_bytes(const rc_Config *c, int ctx, int n_threads, int kv_type, uint64_t *kv_bytes);
/* Allocates a state for model m with an f32 KV cache of ctx positions (0: the model's seq_len);
   refuses one larger than physical memory. Free with rc_state_free. */
RC_API int rc_state_init(rc_State *s, const rc_Model *m, int ctx, rc_Error *e);
/* The same with the cache's element type, RC_KV_F32, RC_KV_F16 or RC_KV_BF16. */
RC_API int rc_state_init_kv(rc_State *s, const rc_Model *m, int ctx, int kv_type, rc_Error *e);
RC_API void rc_state_free(rc_State *s);
/* Runs tokens[0..n) at positions pos..pos+n-1 through the state's model, filling its KV cache.
   RC_LOGITS_LAST: the last token's logits in s->logits[vocab]; RC_LOGITS_ALL: every token's in
   logits[n, vocab] (caller-owned). Fails without side effects on a bad id or position. */
RC_API int rc_forward(rc_State *s, const int *tokens, int n, int pos, int mode, float *logits, rc_Error *e);

/* ---- Sampler ----------------------------------------------------------------------------- */

/* A logits processor: may change logits[vocab_size] in place (bias, masks, penalties). */
typedef void (*rc_LogitsFn)(void *user, float *logits, int vocab_size);
/* A custom sampler: returns the next token, an id in [0, vocab_size), from logits[vocab_size]. */
typedef int (*rc_PickFn)(void *user, float *logits, int vocab_size);

/* One --logit-bias: added to the token's logit before anything else (-INFINITY bans it). */
typedef struct {
    int id;
    float bias;
} rc_LogitBias;

/* The sampler chain, in the order it runs (llama.cpp's names and rules):
     logit bias -> repetition, frequency and presence penalties over the last repeat_last_n
     tokens -> top-k -> top-p -> min-p -> temperature -> seeded draw.
   Temperature 0 is greedy: the argmax after bias and penalties. A program fills one of these
   (rc_sampler_defaults() gives the CLI's defaults) and passes it to rc_sampler_init. */
typedef struct {
    float temperature;       /* >= 0; 0: greedy. Default 1 */
    float top_p;             /* (0, 1]: keep the most probable tokens up to this mass. Default 0.9; 1: off */
    int top_k;               /* >= 0: keep the k most probable. Default 0: off */
    float min_p;             /* [0, 1]: keep tokens with p >= min_p * p_max. Default 0: off */
    float repeat_penalty;    /* > 0: a recent token's logit is divided by it if positive, else
                                multiplied. Default 1: off */
    int repeat_last_n;       /* >= 0: how many recent tokens (prompt included) the three penalties
                                see. Default 64; 0: none */
    float frequency_penalty; /* [-2, 2]: logit -= count * F (OpenAI's rule). Default 0 */
    float presence_penalty;  /* [-2, 2]: logit -= P if the token occurred. Default 0 */
    const rc_LogitBias *bias; /* n_bias entries, ids in [0, vocab_size); copied by rc_sampler_init */
    int n_bias;
    uint64_t seed;           /* 0: a fixed default */
} rc_SamplerParams;

typedef struct {
    float prob;
    int id;
} rc__Candidate;

/* A sampler: the chain with its parameters, the recent tokens the penalties see, the random
   state, and two optional hooks that a program sets after rc_sampler_init: `process` runs first
   on every step's logits, and `pick`, when set, chooses the token instead of the chain. */
typedef struct {
    int vocab_size;
    rc_SamplerParams p;   /* p.bias points at the sampler's own copy */
    uint64_t rng;
    int *recent;          /* [p.repeat_last_n] ring of the last tokens accepted */
    int n_recent;         /* tokens accepted so far, capped at p.repeat_last_n */
    int recent_next;      /* where the next one goes */
    int *count;           /* [vocab_size] scratch: occurrences among the recent tokens */
    rc_LogitsFn process;
    rc_PickFn pick;
    void *user;
    rc__Candidate *cand;  /* [2, vocab_size] scratch: candidates, and room for sorting them */
} rc_Sampler;

/* The CLI's defaults: temperature 1, top-p 0.9, repeat_last_n 64, everything else off. */
RC_API rc_SamplerParams rc_sampler_defaults(void);
/* Sets up the chain after checking every parameter (the message names the bad one). Free with
   rc_sampler_free. */
RC_API int rc_sampler_init(rc_Sampler *s, int vocab_size, const rc_SamplerParams *p, rc_Error *e);
RC_API void rc_sampler_free(rc_Sampler *s);
/* Records a token the sequence now holds (prompt or generated) for the penalties; rc_generate
   calls it for every prompt and generated token. */
RC_API void rc_sampler_accept(rc_Sampler *s, int token);
/* Forgets the recent tokens (a new sequence); the random state goes on. */
RC_API void rc_sampler_reset(rc_Sampler *s);
/* The next token for logits[vocab_size] (which it may overwrite): the hook, then the chain or the
   program's pick. -1 when no token can be drawn (every logit -inf or NaN). */
RC_API int rc_sample(rc_Sampler *s, float *logits);

/* ---- Loops: generation, chat prompts, chat, perplexity ------------------------------------- */

/* Receives each generated token with its text (whole UTF-8 characters; empty without a tokenizer
   or while a character is incomplete; token -1 for a final flush). Returns 0 to go on, nonzero
   to stop the generation after this token. */
typedef int (*rc_EmitFn)(void *user, int token, const char *text, size_t len);

/* How rc_generate runs: how many tokens, which texts end it, what happens when the context is full. */
typedef struct {
    int max_new;              /* tokens to generate at most */
    const char *const *stop;  /* n_stop non-empty strings: generation ends when one appears in the
                                 output, which then ends right before it (never printed in part) */
    int n_stop;
    int context_shift;        /* when the KV cache is full: 0 stop there; 1 keep the first `keep`
                                 positions, drop the oldest half of the rest and go on */
    int keep;                 /* positions a context shift never drops */
    int json;                 /* 1: the output is one JSON object: tokens that would make it invalid, or
                                 leave too few tokens to close it, are masked; it ends when it closes */
} rc_GenParams;

typedef struct {
    int n_prompt, n_generated;
    double prompt_seconds, gen_seconds;
    int pending;   /* last sampled token, not yet in the KV cache (-1 if none) */
    int end_pos;   /* position after the last token in the KV cache */
    int hit_eos;   /* stopped at an end-of-sequence token */
    int stopped;   /* stopped because emit returned nonzero */
    int stop;      /* index of the stop string that ended it, or -1 */
    int context_full; /* stopped because the context was full (no context shift) */
    int n_shifts;  /* context shifts done */
    int json_done; /* JSON mode: the object closed (else it was cut short: a stop string, emit, or -n < 2) */
} rc_Stats;

/* Feeds prompt[0..n_prompt) at position pos, then samples tokens as g says, calling emit (may be
   NULL) with their text; stops early at EOS / end of turn, at a stop string, when emit says so, or
   when the context is full and g->context_shift is off. t may be NULL (ids only; no stop strings).
   The prompt and each generated token go to rc_sampler_accept. Fills *st. */
RC_API int rc_generate(rc_State *s, const rc_Tokenizer *t, rc_Sampler *smp, const int *prompt, int n_prompt,
                       int pos, const rc_GenParams *g, rc_EmitFn emit, void *user, rc_Stats *st, rc_Error *e);
/* Moves the KV cache's positions [keep + n_drop, end) to [keep, end - n_drop), re-rotating their
   keys to the new positions (RoPE rotations compose exactly), so n_drop positions after the first
   keep are forgotten. */
RC_API int rc_context_shift(rc_State *s, int keep, int n_drop, int end, rc_Error *e);

/* A growable list of token ids: start from {0}, free with rc_ids_free. */
typedef struct {
    int *v;
    size_t n, cap;
} rc_Ids;

RC_API void rc_ids_free(rc_Ids *ids);
/* Appends the ids of text[0..len) (RC_ENC_* flags) to out. */
RC_API int rc_encode_ids(const rc_Tokenizer *t, const char *text, size_t len, int flags, rc_Ids *out,
                         rc_Error *e);
/* Replaces out with the ids to feed for one user turn in the tokenizer's chat template (Llama 2,
   Llama 3 or ChatML), up to the assistant's header. first: the conversation's first turn (BOS and
   the system prompt, which may be NULL); pending: the previous reply's last token, not yet fed
   (-1 if none), pending_end: it was an end token. Special tokens are ids, never parsed from text. */
RC_API int rc_chat_prompt(const rc_Tokenizer *t, const char *system, const char *user, int first, int pending,
                          int pending_end, rc_Ids *out, rc_Error *e);
/* rc_chat's results besides -1. */
enum { RC_CHAT_DONE = 0, RC_CHAT_CONTEXT_FULL = 1 };
/* An interactive chat: user lines from `in` (the first may be first_user), replies to `out`, each
   turn's prompt ids to `trace` (may be NULL). The KV cache keeps the conversation. */
RC_API int rc_chat(rc_State *s, const rc_Tokenizer *t, rc_Sampler *smp, const char *system, const char *first_user,
                   const rc_GenParams *g, FILE *in, FILE *out, FILE *trace, rc_Error *e);
/* Perplexity of tokens[0..n) in consecutive windows of the context: the summed negative
   log-likelihood and the number of predictions. */
RC_API int rc_perplexity(rc_State *s, const int *tokens, int n, double *nll, long *count, rc_Error *e);

#endif /* RC_RUN_C_API */

#if !defined(RC_HEADER_ONLY) && !defined(RC_RUN_C_IMPL)
#define RC_RUN_C_IMPL
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
#if (defined(__AMX_INT8__) || defined(__AMXINT8__)) && defined(__linux__) /* GCC's name, clang's */
#include <sys/syscall.h> /* arch_prctl, which Linux requires before a process uses AMX tiles */
#endif
#if defined(__aarch64__) && defined(__ARM_NEON)
#include <arm_neon.h>
#endif
#ifndef RC_MALLOC
#define RC_MALLOC(n) malloc(n)
#define RC_CALLOC(n, size) calloc(n, size)
#define RC_REALLOC(p, n) realloc(p, n)
#define RC_FREE(p) free(p)
#endif
/* Upper bound on one rc_State (KV cache + activations), on top of physical memory. A program may
   define it lower before including this file (the fuzz targets use 64 MiB). */
#ifndef RC_MAX_STATE_BYTES
#define RC_MAX_STATE_BYTES UINT64_MAX
#endif

/* ============================================================================================
   Part I. The reading path: load -> forward -> sample -> generate

   A complete engine for our checkpoint format in plain C: utilities, loading, the math, the
   state, the forward pass, the sampler and the generation loop. The fast kernels it calls
   (rc__matmul and the batched attention) and the other file formats are in the annexes, declared
   where Part I first needs them; a reader who stops at the end of Part I has read a working
   engine.
   ============================================================================================ */

/* ---- Utilities --------------------------------------------------------------------------- */

/* Formats an error message into e (if any) and returns -1, so callers can `return rc__fail(...)`. */
static int rc__fail(rc_Error *e, const char *fmt, ...) {
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Wall-clock seconds, for throughput reports. */
static double rc__now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Little-endian reads from an unaligned byte pointer. */
static uint32_t rc__u32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static int32_t rc__i32(const unsigned char *p) { return (int32_t)rc__u32(p); }
static float rc__f32(const unsigned char *p) {
    uint32_t u = rc__u32(p);
    float f;
    memcpy(&f, &u, 4);
    return f;
}

/* RC_LOAD_COPY (see rc_model_load_mode): reads the open file fd into anonymous memory advised for
   transparent huge pages. Read, not copied from a mapping, so the file's pages never count in the
   process's RSS beside the copy. Returns 0 with f filled, or -1 (the caller maps the file). */
static uint64_t rc__phys_memory(void); /* bytes of RAM, UINT64_MAX if unknown (below) */
static int rc__file_read_huge(rc_File *f, int fd, size_t size) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    uint64_t ram = rc__phys_memory();
    if (size < ((size_t)2 << 20) || ram == UINT64_MAX || size > ram / 2) return -1;
    unsigned char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return -1;
    if (madvise(p, size, MADV_HUGEPAGE) != 0) { /* a kernel without transparent huge pages */
        munmap(p, size);
        return -1;
    }
    /* in pieces of 64 MiB across threads: most of the time goes to the kernel zeroing each new
       huge page (in a VM, first touches of memory), which then runs on every core */
    const size_t piece = (size_t)64 << 20;
    const long pieces = (long)((size + piece - 1) / piece);
    int failed = 0;
#pragma omp parallel for schedule(dynamic, 1) reduction(| : failed)
    for (long i = 0; i < pieces; i++) {
        size_t at = (size_t)i * piece, end = size - at < piece ? size : at + piece;
        while (at < end && !failed) {
            ssize_t n = pread(fd, p + at, end - at, (off_t)at);
            if (n > 0) at += (size_t)n;
            else if (n == 0 || errno != EINTR) failed = 1;
        }
    }
    if (failed) {
        munmap(p, size);
        return -1;
    }
    mprotect(p, size, PROT_READ); /* read-only, as a mapping of the file would be */
    f->data = p;
    f->mapped = f->huge = 1;
    return 0;
#else
    (void)f, (void)fd, (void)size;
    return -1;
#endif
}

/* Maps `path` read-only (huge: or reads it, rc__file_read_huge). Refuses directories and other
   non-regular files with a clear message. */
static int rc__file_open(rc_File *f, const char *path, int huge, rc_Error *e) {
    memset(f, 0, sizeof *f);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return rc__fail(e, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return rc__fail(e, "%s: cannot stat: %s", path, strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return rc__fail(e, "%s: not a regular file", path);
    }
    f->size = (size_t)st.st_size;
    if (f->size > 0 && !(huge && rc__file_read_huge(f, fd, f->size) == 0)) {
        void *p = mmap(NULL, f->size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            close(fd);
            return rc__fail(e, "%s: cannot map %zu bytes: %s", path, f->size, strerror(errno));
        }
        f->data = p;
        f->mapped = 1;
    }
    close(fd);
    return 0;
}

static void rc__file_close(rc_File *f) {
    if (f->mapped) munmap((void *)f->data, f->size);
    memset(f, 0, sizeof *f);
}

/* a * b for sizes, failing on overflow (header fields come from untrusted files). */
static int rc__mul_ok(uint64_t a, uint64_t b, uint64_t *out) {
    if (a != 0 && b > UINT64_MAX / a) return 0;
    *out = a * b;
    return 1;
}

/* a * b * c, saturating at UINT64_MAX instead of wrapping. */
static uint64_t rc__mul3_sat(uint64_t a, uint64_t b, uint64_t c) {
    uint64_t ab, abc;
    return rc__mul_ok(a, b, &ab) && rc__mul_ok(ab, c, &abc) ? abc : UINT64_MAX;
}

/* Saturating a + b. */
static uint64_t rc__add_sat(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

/* Physical memory in bytes (UINT64_MAX when unknown): the most a state may ask for. */
static uint64_t rc__phys_memory(void) {
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    return pages > 0 && page > 0 ? rc__mul3_sat((uint64_t)pages, (uint64_t)page, 1) : UINT64_MAX;
}

/* Grows an array of `elem`-byte elements that has room for *cap of them to room for at least
   `need` (doubling, from 64) and returns it, *cap updated; NULL when out of memory or on overflow,
   with the array unchanged. The one growth rule behind every growable buffer in this file. */
static void *rc__grow(void *data, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap && data) return data;
    size_t c = *cap ? *cap : 64;
    while (c < need) {
        if (c > SIZE_MAX / 2) return NULL;
        c *= 2;
    }
    if (c > SIZE_MAX / elem) return NULL;
    void *p = RC_REALLOC(data, c * elem);
    if (p) *cap = c;
    return p;
}

/* ---- Loading a checkpoint ----------------------------------------------------------------

   Three families of files, told apart by their first bytes (README.md, "File formats"):
   - "RCLM": ours, v1 or v2. 256-byte header with the full config, 64-byte aligned tensors, f32
     or q8_0.
     Read here.
   - "ak42" (uint32 0x616b3432): llama2.c's export.py, version 1 (f32) or 2 (q8_0, runq.c), and
   - anything else: llama2.c's legacy v0, a bare 7-int header. Both in Annex B.
   -------------------------------------------------------------------------------------------- */

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
} rc__Cursor;

/* Reserves `bytes` at the cursor (after alignment) and returns a pointer to them, or NULL with an
   error naming the offset when the file ends first. */
static const void *rc__take(rc__Cursor *c, uint64_t count, uint64_t elem, const char *what) {
    uint64_t bytes = 0;
    uint64_t start = (c->off + (uint64_t)c->align - 1) / (uint64_t)c->align * (uint64_t)c->align;
    if (!rc__mul_ok(count, elem, &bytes) || start > c->size || bytes > c->size - start) {
        rc__fail(c->e, "%s: truncated: %s needs bytes [%llu, %llu), file has %llu", c->path, what,
                (unsigned long long)start, (unsigned long long)(start + bytes),
                (unsigned long long)c->size);
        return NULL;
    }
    if (elem == 4 && (start % 4) != 0) {
        rc__fail(c->e, "%s: %s at offset %llu is not 4-byte aligned", c->path, what,
                (unsigned long long)start);
        return NULL;
    }
    c->off = start + bytes;
    return c->base + start;
}

static int rc__take_vec(rc__Cursor *c, const float **out, int n, const char *what) {
    *out = rc__take(c, (uint64_t)n, 4, what);
    return *out ? 0 : -1;
}

/* Takes one matrix in the given dtype: f32 values, or q8_0 int8 values then per-group scales. */
static int rc__take_matrix(rc__Cursor *c, rc_Matrix *m, int rows, int cols, const rc_Config *cfg,
                          const char *what) {
    memset(m, 0, sizeof *m);
    m->rows = rows;
    m->cols = cols;
    if (cfg->dtype == RC_F32) {
        m->f = rc__take(c, (uint64_t)rows * (uint64_t)cols, 4, what);
        return m->f ? 0 : -1;
    }
    m->gs = cfg->group_size;
    uint64_t groups = (uint64_t)rows * (uint64_t)((cols + m->gs - 1) / m->gs);
    m->q = rc__take(c, (uint64_t)rows * (uint64_t)cols, 1, what);
    if (!m->q) return -1;
    m->s = rc__take(c, groups, 4, what);
    return m->s ? 0 : -1;
}

/* Range checks shared by every format (dtype RC_GGUF only for a GGUF file, `gguf`); the limits
   are far above any real model and keep all size arithmetic below inside 64 bits. */
static int rc__config_check(const rc_Config *c, const char *path, int gguf, rc_Error *e) {
    struct { const char *name; long long v, lo, hi; } f[] = {
        {"dim", c->dim, 1, 1 << 16},           {"hidden_dim", c->hidden_dim, 1, 1 << 18},
        {"n_layers", c->n_layers, 1, 1024},     {"n_heads", c->n_heads, 1, 1024},
        {"n_kv_heads", c->n_kv_heads, 1, 1024}, {"head_dim", c->head_dim, 2, 4096},
        {"vocab_size", c->vocab_size, 1, 1 << 22}, {"seq_len", c->seq_len, 1, 1 << 22},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (f[i].v < f[i].lo || f[i].v > f[i].hi)
            return rc__fail(e, "%s: %s = %lld is out of range [%lld, %lld]", path, f[i].name, f[i].v,
                           f[i].lo, f[i].hi);
    if (c->n_heads % c->n_kv_heads != 0)
        return rc__fail(e, "%s: n_heads = %d is not a multiple of n_kv_heads = %d", path, c->n_heads,
                       c->n_kv_heads);
    if (c->head_dim % 2 != 0)
        return rc__fail(e, "%s: head_dim = %d must be even for RoPE", path, c->head_dim);
    if (c->bos_id < 0 || c->bos_id >= c->vocab_size || c->eos_id < 0 || c->eos_id >= c->vocab_size)
        return rc__fail(e, "%s: bos_id %d / eos_id %d outside the vocabulary of %d", path, c->bos_id,
                       c->eos_id, c->vocab_size);
    if (!(c->norm_eps > 0 && c->norm_eps < 1))
        return rc__fail(e, "%s: norm_eps = %g must be in (0, 1)", path, (double)c->norm_eps);
    if (!(c->rope_theta > 1 && c->rope_theta < 1e12))
        return rc__fail(e, "%s: rope_theta = %g is out of range", path, (double)c->rope_theta);
    if (c->dtype != RC_F32 && c->dtype != RC_Q8_0 && !(c->dtype == RC_GGUF && gguf))
        return rc__fail(e, "%s: unknown weight dtype %d (expected 0 = f32 or 1 = q8_0)", path, c->dtype);
    if (c->dtype == RC_Q8_0 && (c->group_size < 1 || c->group_size > 256)) /* int32 sums stay exact */
        return rc__fail(e, "%s: q8_0 group_size = %d is out of range [1, 256]", path, c->group_size);
    if (c->rope_scaling == RC_ROPE_LLAMA3 &&
        !(c->rope_factor >= 1 && c->rope_low_freq_factor > 0 &&
          c->rope_high_freq_factor > c->rope_low_freq_factor && c->rope_original_seq_len > 0))
        return rc__fail(e, "%s: invalid llama3 rope scaling parameters", path);
    if (c->rope_scaling != RC_ROPE_NONE && c->rope_scaling != RC_ROPE_LLAMA3)
        return rc__fail(e, "%s: unknown rope_scaling %d (expected 0 = none or 1 = llama3)", path,
                       c->rope_scaling);
    if (c->sliding_window < 0 || c->sliding_window > (1 << 22))
        return rc__fail(e, "%s: sliding_window = %d is out of range [0, %d]", path, c->sliding_window, 1 << 22);
    return 0;
}

/* Our format: every tensor of a layer together, 64-byte aligned; v2's optional tensors (biases,
   q/k norms) follow wv when the header's flags say so. */
static int rc__load_rclm(rc_Model *m, rc__Cursor *c) {
    rc_Config *g = &m->config;
    int q_dim = g->n_heads * g->head_dim, kv_dim = g->n_kv_heads * g->head_dim;
    if (rc__take_matrix(c, &m->embedding, g->vocab_size, g->dim, g, "token_embedding")) return -1;
    for (int l = 0; l < g->n_layers; l++) {
        rc_Layer *L = &m->layers[l];
        if (rc__take_vec(c, &L->attn_norm, g->dim, "attn_norm") ||
            rc__take_matrix(c, &L->wq, q_dim, g->dim, g, "wq") ||
            rc__take_matrix(c, &L->wk, kv_dim, g->dim, g, "wk") ||
            rc__take_matrix(c, &L->wv, kv_dim, g->dim, g, "wv") ||
            (g->qkv_bias && (rc__take_vec(c, &L->bq, q_dim, "bq") || rc__take_vec(c, &L->bk, kv_dim, "bk") ||
                             rc__take_vec(c, &L->bv, kv_dim, "bv"))) ||
            (g->qk_norm && (rc__take_vec(c, &L->q_norm, g->head_dim, "q_norm") ||
                            rc__take_vec(c, &L->k_norm, g->head_dim, "k_norm"))) ||
            rc__take_matrix(c, &L->wo, g->dim, q_dim, g, "wo") ||
            rc__take_vec(c, &L->ffn_norm, g->dim, "ffn_norm") ||
            rc__take_matrix(c, &L->w1, g->hidden_dim, g->dim, g, "w1") ||
            rc__take_matrix(c, &L->w2, g->dim, g->hidden_dim, g, "w2") ||
            rc__take_matrix(c, &L->w3, g->hidden_dim, g->dim, g, "w3"))
            return -1;
    }
    if (rc__take_vec(c, &m->final_norm, g->dim, "final_norm")) return -1;
    if (!g->tied && rc__take_matrix(c, &m->classifier, g->vocab_size, g->dim, g, "classifier"))
        return -1;
    return 0;
}

/* Annex B: llama2.c's headers and tensor order, and GGUF files. */
static int rc__load_gguf(rc_Model *m, const char *path, rc_Error *e);
static int rc__parse_llama2c(rc_Model *m, const char *path, int *version, uint64_t *tensors_at, rc_Error *e);
static int rc__check_llama2c(const rc_Model *m, const char *path, int version, rc_Error *e);
static int rc__load_llama2c(rc_Model *m, rc__Cursor *c, int version);

/* Reads our 256-byte RCLM header into m->config; the tensors start right after it. */
static int rc__parse_rclm(rc_Model *m, const char *path, rc_Error *e) {
    const unsigned char *p = m->file.data;
    size_t size = m->file.size;
    rc_Config *g = &m->config;
    if (size < RC_HEADER_SIZE)
        return rc__fail(e, "%s: truncated: RCLM header needs %d bytes, file has %zu", path,
                       RC_HEADER_SIZE, size);
    uint32_t ver = rc__u32(p + 4), hsize = rc__u32(p + 8);
    if (ver != 1 && ver != 2)
        return rc__fail(e, "%s: RCLM version %u is not supported (expected 1 or 2)", path, ver);
    if (hsize != RC_HEADER_SIZE)
        return rc__fail(e, "%s: RCLM header_size %u (expected %d)", path, hsize, RC_HEADER_SIZE);
    memset(g, 0, sizeof *g);
    uint32_t v[9];
    for (int i = 0; i < 9; i++) v[i] = rc__u32(p + 12 + 4 * i);
    for (int i = 2; i < 9; i++)
        if (v[i] > INT32_MAX) return rc__fail(e, "%s: header field at offset %d is %u (absurd)", path, 12 + 4 * i, v[i]);
    g->dtype = v[0] > 255 ? 255 : (int)v[0];
    g->group_size = v[1] > INT32_MAX ? -1 : (int)v[1];
    g->dim = (int)v[2];
    g->hidden_dim = (int)v[3];
    g->n_layers = (int)v[4];
    g->n_heads = (int)v[5];
    g->n_kv_heads = (int)v[6];
    g->head_dim = (int)v[7];
    g->vocab_size = (int)v[8];
    uint32_t seq = rc__u32(p + 48), flags = rc__u32(p + 52), scaling = rc__u32(p + 72);
    uint32_t orig = rc__u32(p + 88);
    g->seq_len = seq > INT32_MAX ? -1 : (int)seq;
    /* flags: bit 0 tied; version 2 adds bit 1 q/k/v biases, bit 2 q/k norms, bit 3 RoPE on halves */
    uint32_t known = ver == 1 ? 1u : 15u;
    if (flags & ~known)
        return rc__fail(e, "%s: RCLM v%u flags 0x%x has unknown bits (expected only 0x%x)", path, ver, flags, known);
    g->tied = flags & 1;
    g->qkv_bias = (flags >> 1) & 1;
    g->qk_norm = (flags >> 2) & 1;
    g->rope_layout = (flags >> 3) & 1 ? RC_ROPE_HALVES : RC_ROPE_PAIRS;
    if (ver == 2) {
        uint32_t window = rc__u32(p + 92);
        g->sliding_window = window > INT32_MAX ? -1 : (int)window;
    }
    g->bos_id = rc__i32(p + 56);
    g->eos_id = rc__i32(p + 60);
    g->norm_eps = rc__f32(p + 64);
    g->rope_theta = rc__f32(p + 68);
    g->rope_scaling = scaling > 255 ? 255 : (int)scaling;
    g->rope_factor = rc__f32(p + 76);
    g->rope_low_freq_factor = rc__f32(p + 80);
    g->rope_high_freq_factor = rc__f32(p + 84);
    g->rope_original_seq_len = orig > INT32_MAX ? -1 : (int)orig;
    m->format = ver == 1 ? "RCLM v1" : "RCLM v2";
    return 0;
}

/* Maps a checkpoint (RC_LOAD_COPY: reads it, rc__file_read_huge) and points every
   weight into it. Checks each header field, the layout against the file size, and that the file
   ends exactly where the last tensor does. */
RC_API int rc_model_load_mode(rc_Model *m, const char *path, int mode, rc_Error *e) {
    memset(m, 0, sizeof *m);
    if (mode != RC_LOAD_COPY && mode != RC_LOAD_MAP) return rc__fail(e, "%s: unknown load mode %d", path, mode);
    if (rc__file_open(&m->file, path, mode == RC_LOAD_COPY, e)) return -1;
    if (m->file.size >= 4 && memcmp(m->file.data, "GGUF", 4) == 0) {
        if (rc__load_gguf(m, path, e)) goto fail;
        if (m->config.tied) m->classifier = m->embedding;
        return 0;
    }
    int version = 100; /* 100: RCLM; 0, 1, 2: llama2.c's */
    uint64_t at = RC_HEADER_SIZE;
    int ours = m->file.size >= 4 && memcmp(m->file.data, RC_MAGIC_MODEL, 4) == 0;
    if (ours ? rc__parse_rclm(m, path, e) : rc__parse_llama2c(m, path, &version, &at, e)) goto fail;
    if (rc__config_check(&m->config, path, 0, e)) {
        if (version == 0 && e) /* a v0 file has no magic: say what it was taken for */
            snprintf(e->msg + strlen(e->msg), sizeof e->msg - strlen(e->msg),
                     " (no GGUF, RCLM or ak42 magic, so it was read as a llama2.c v0 header)");
        goto fail;
    }
    if (!ours && rc__check_llama2c(m, path, version, e)) goto fail;
    /* allocate only what the file can back: each layer holds at least its two norms */
    uint64_t min_bytes = rc__mul3_sat((uint64_t)m->config.n_layers, 2 * (uint64_t)m->config.dim, 4);
    if (min_bytes > m->file.size - at) {
        rc__fail(e, "%s: truncated: %d layers need at least %llu bytes of tensors, file has %llu", path,
                m->config.n_layers, (unsigned long long)min_bytes,
                (unsigned long long)(m->file.size - at));
        goto fail;
    }
    m->layers = RC_CALLOC((size_t)m->config.n_layers, sizeof(rc_Layer));
    if (!m->layers) {
        rc__fail(e, "%s: out of memory", path);
        goto fail;
    }
    rc__Cursor c = {m->file.data, at, m->file.size, ours ? 64 : 1, path, e};
    if ((ours ? rc__load_rclm(m, &c) : rc__load_llama2c(m, &c, version))) goto fail;
    if (c.off != m->file.size) {
        rc__fail(e, "%s: file size %zu does not match the %s header, which describes %llu bytes", path,
                m->file.size, m->format, (unsigned long long)c.off);
        goto fail;
    }
    if (m->config.tied) m->classifier = m->embedding;
    return 0;
fail:
    RC_FREE(m->layers);
    rc__file_close(&m->file);
    memset(&m->config, 0, sizeof m->config);
    m->layers = NULL;
    return -1;
}

RC_API int rc_model_load(rc_Model *m, const char *path, rc_Error *e) {
    return rc_model_load_mode(m, path, RC_LOAD_COPY, e);
}

RC_API void rc_model_free(rc_Model *m) {
    RC_FREE(m->layers);
    rc__file_close(&m->file);
    memset(m, 0, sizeof *m);
}

/* ---- The math: plain loops the compiler vectorises ----------------------------------------

   Independent accumulator lanes (no reassociation needed, so no -ffast-math), int8 products
   summed in int32. The matrix multiply's plain loop is written out at rc__matmul's declaration;
   its fast implementation is Annex A.
   -------------------------------------------------------------------------------------------- */

#define RC_LANES 16  /* independent partial sums: enough to cover FMA latency with 8-wide SIMD */
#define RC_PARALLEL_MIN 32768 /* elements: less element-wise work than this is not worth threads */
/* Tokens go through the model in batches of up to RC_MAX_BATCH (llama.cpp's default too): every
   matrix is read, and a GEMM tile's rows unpacked, once per batch. 512 instead of 128 ran a
   512-token prompt 8% (Q8_0) and 20% (Q4_K_M) faster on a Xeon, for 31 MB more state on
   TinyLlama. Kernel geometry (Annex A explains the tiles): */
#define RC_MAX_BATCH 512
/* attention scratch per thread: scores, and a query panel or a panel's keys in f32 */
#define RC_ATT_FLOATS(ctx, head_dim) (RC_GT * (ctx) + (head_dim) * 2 * RC_GT)
/* keys per KV head in kv_panels, for n keys: whole panels of the GEMM tile's 32 or 16 lanes */
#define RC_ATT_LDK(n) (((n) + 2 * RC_GT - 1) / (2 * RC_GT) * (2 * RC_GT))
#define RC_GR 6
#define RC_GT 16
#define RC_GEMM_MIN 8
#define RC_GEMM_PASS 8 /* token panels per pass over a matrix's rows (Annex A2, int8 tiles) */
#define RC_GEMM_MC 96  /* rows per block of rc__gemm (a multiple of its tiles' 12 or 6 rows) */
#define RC_GEMM_KC 256 /* columns per chunk of rc__gemm: a multiple of every GGUF block */
/* token panels are allocated in pairs (rc__gemm's tiles take two with AVX-512) */
#define RC_PANELS_PAD(B) (((B) + 2 * RC_GT - 1) / (2 * RC_GT) * (2 * RC_GT))
/* floats of one thread's in.wbuf for matrices of n columns: rc__gemm's dequantized chunk and
   accumulators, or the int8 tiles' RC_GR x n, or AMX's 32 rows of bf16 (16 x n + 512), or the
   AMX int8 tiles' RC__Q_AMX_GROUP tiles (RC__Q_AMX_TILE(n) each) and their panels' sums */
#define RC__GEMM_SCRATCH ((size_t)RC_GEMM_MC * (RC_GEMM_KC + RC_PANELS_PAD(RC_MAX_BATCH)))
#define RC__Q_AMX_GROUP 4
#define RC__Q_AMX_TILE(n) (9 * (size_t)(n) + 512)
#define RC__Q_AMX_WBUF(n) (RC__Q_AMX_GROUP * (RC__Q_AMX_TILE(n) + (size_t)RC_PANELS_PAD(RC_MAX_BATCH) * 16))
#define RC__GEMM_MAX(a, b) ((a) > (b) ? (a) : (b))
#define RC_GEMM_WBUF(n) RC__GEMM_MAX(RC__GEMM_MAX(16 * (size_t)(n) + 512, RC__GEMM_SCRATCH), RC__Q_AMX_WBUF(n))

/* The sum of RC_LANES partial sums, pairwise: a few vector adds, not 16 dependent ones. */
static float rc__lanes_sum(float *acc) {
    for (int width = RC_LANES / 2; width > 0; width /= 2)
        for (int k = 0; k < width; k++) acc[k] += acc[k + width];
    return acc[0];
}

/* sum_i a[i] * b[i] */
static float rc__dot(const float *a, const float *b, int n) {
    float acc[RC_LANES] = {0};
    int i = 0;
    for (; i + RC_LANES <= n; i += RC_LANES)
        for (int k = 0; k < RC_LANES; k++) acc[k] += a[i + k] * b[i + k];
    float sum = rc__lanes_sum(acc);
    for (; i < n; i++) sum += a[i] * b[i];
    return sum;
}

/* out[B, n] = x / rms(x) * weight, row by row. */
static void rc__rmsnorm(float *out, const float *x, const float *weight, int B, int n, float eps) {
#pragma omp parallel for schedule(static) if (B >= RC_GEMM_MIN)
    for (int b = 0; b < B; b++) {
        const float *xr = x + (size_t)b * n;
        float ss = rc__dot(xr, xr, n) / (float)n;
        float inv = 1.0f / sqrtf(ss + eps);
        for (int i = 0; i < n; i++) out[(size_t)b * n + i] = xr[i] * inv * weight[i];
    }
}

/* GCC vectorises its own loops 256 bits wide on Intel targets, AVX-512 ones too. The loops bound
   by rc__expf's arithmetic run faster 512 bits wide: TinyLlama's 512-token prefill on a Xeon,
   2 threads, batched attention 110-117 -> 96-103 ms (its softmax) and SwiGLU 22-26 -> 19-20 ms.
   The attribute holds only out of line. */
#if defined(__AVX512F__) && defined(__GNUC__) && !defined(__clang__)
#define RC__WIDE __attribute__((target("prefer-vector-width=512"), noinline))
#else
#define RC__WIDE
#endif

/* e^x within 1 ulp (measured against exp() over [-87, 88]), in arithmetic the compiler vectorises
   (libm's expf is a call per element): x = n ln2 + r with |r| <= ln2/2, e^r by Cephes' polynomial,
   2^n built in the exponent bits. Inputs below -87.3 count as -87.3, so 2^n stays a normal float,
   and so does NaN. x must not pass 88.3 (softmax passes x - max <= 0, SwiGLU caps its argument
   at 40): a clamp there cost SwiGLU 6x on Intel (see rc__swiglu). */
static inline float rc__expf(float x) {
    x = x > -87.3f ? x : -87.3f;
    float n = (x * 1.44269504f + 12582912.0f) - 12582912.0f; /* round to nearest: 1.5 * 2^23 */
    float r = x - n * 0.693359375f + n * 2.12194440e-4f;     /* ln2 in two parts */
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    int32_t bits = ((int32_t)n + 127) * (1 << 23);
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return (p * r * r + r + 1.0f) * scale;
}

/* x[0..n) = e^(x - max x) in place, the weights under 1e-25 as 0; returns their sum (softmax's
   divisor). A weight under 1e-25 of the largest (1) adds nothing, and divided (or, a little
   larger, multiplied by a value in P V) it makes subnormals, which Intel cores compute in
   microcode: batched attention of a random-weight TinyLlama ran 1.9x slower with the flush at
   FLT_MIN after the division, 2.5x with none. */
RC__WIDE static float rc__softmax_exp(float *x, int n) {
    float max = x[0];
    int i;
    /* GCC left a max over RC_LANES lanes as scalar compares (a sixth of batched softmax's time) */
#pragma omp simd reduction(max : max)
    for (i = 0; i < n; i++) max = x[i] > max ? x[i] : max;
    float acc[RC_LANES] = {0}; /* the sum in independent lanes, like rc__dot */
    for (i = 0; i + RC_LANES <= n; i += RC_LANES)
        for (int k = 0; k < RC_LANES; k++) {
            const float e = rc__expf(x[i + k] - max);
            acc[k] += (x[i + k] = e >= 1e-25f ? e : 0.0f);
        }
    float sum = rc__lanes_sum(acc);
    for (; i < n; i++) {
        const float e = rc__expf(x[i] - max);
        sum += (x[i] = e >= 1e-25f ? e : 0.0f);
    }
    return sum;
}

/* x[0..n) = softmax(x) in place. */
static void rc__softmax(float *x, int n) {
    const float sum = rc__softmax_exp(x, n);
    for (int i = 0; i < n; i++) x[i] /= sum;
}

/* Rotates the pairs (v[i * step], v[i * step + other]) of one head by the angles whose cosines
   and sines are cs[i] and sn[i], i < half. Inlined with constant strides, so each layout's loop
   is vectorised (with the stride a variable, RoPE took 1.7% of a 512-token prefill, serially). */
static inline void rc__rotate(float *v, const float *cs, const float *sn, int half, int step, int other) {
    for (int i = 0; i < half; i++) {
        float c = cs[i], s = sn[i], v0 = v[i * step], v1 = v[i * step + other];
        v[i * step] = v0 * c - v1 * s;
        v[i * step + other] = v0 * s + v1 * c;
    }
}

/* Rotates pair i of every head of x[B, n_heads * head_dim] by angle i of its token: the pairs
   are (x[2i], x[2i+1]) for RC_ROPE_PAIRS, (x[i], x[i + head_dim/2]) for RC_ROPE_HALVES. */
static void rc__rope(float *x, const float *rope, int B, int n_heads, int head_dim, int layout) {
    const int half = head_dim / 2;
#pragma omp parallel for schedule(static) if (B >= RC_GEMM_MIN)
    for (int b = 0; b < B; b++)
        for (int h = 0; h < n_heads; h++) {
            float *v = x + ((size_t)b * n_heads + h) * head_dim;
            const float *cs = rope + (size_t)b * head_dim; /* [2, half]: cos, then sin */
            if (layout == RC_ROPE_HALVES) rc__rotate(v, cs, cs + half, half, 1, half);
            else rc__rotate(v, cs, cs + half, half, 2, 1);
        }
}

/* x[b, i] += bias[i] for each of B rows of n */
static void rc__add_bias(float *x, const float *bias, int B, int n) {
    for (int b = 0; b < B; b++)
        for (int i = 0; i < n; i++) x[(size_t)b * n + i] += bias[i];
}

/* x[i] += y[i] (the residual stream) */
static void rc__add(float *x, const float *y, size_t n) {
#pragma omp parallel for schedule(static) if (n >= RC_PARALLEL_MIN)
    for (size_t i = 0; i < n; i++) x[i] += y[i];
}

/* gate[i] = silu(gate[i]) * up[i], with e^-gate capped at e^40. The vectorised loop computes
   what a clamp's constant would give in every lane and picks afterwards: with rc__expf clamped at
   88.3 that was gate / 2e38, subnormal for |gate| < 2.6, and Intel cores compute subnormals in
   microcode (~100x slower): SwiGLU took 6x as long on a Xeon (9% of a TinyLlama prefill). gate /
   e^40 is subnormal only below 3e-21; below gate -40, silu is under 2e-16 |gate| either way. */
RC__WIDE static void rc__swiglu(float *gate, const float *up, size_t n) {
#pragma omp parallel for schedule(static) if (n >= RC_PARALLEL_MIN)
    for (size_t i = 0; i < n; i++) {
        const float x = -gate[i] < 40.0f ? -gate[i] : 40.0f;
        gate[i] = gate[i] / (1.0f + rc__expf(x)) * up[i];
    }
}

/* Annex A: one row of a GGUF block type as f32 (exactly as llama.cpp dequantizes it). */
static int rc__gguf_dequant_row(int type, const void *src, float *dst, int64_t n);

/* out[0, len) = columns [k0, k0 + len) of row `row` of W as f32. GGUF rows: k0 and len whole
   blocks (or len reaching the row's end). */
static void rc__matrix_span(float *out, const rc_Matrix *w, int row, int k0, int len) {
    int n = w->cols;
    if (w->f) {
        memcpy(out, w->f + (size_t)row * n + k0, (size_t)len * sizeof(float));
        return;
    }
    if (w->g) { /* the type was checked at load; k0 / n of the row's bytes are k0's whole blocks */
        rc__gguf_dequant_row(w->type, w->g + (size_t)row * w->row_bytes + (size_t)((uint64_t)k0 * w->row_bytes / (uint64_t)n), out, len);
        return;
    }
    int gs = w->gs, groups = (n + gs - 1) / gs;
    const int8_t *q = w->q + (size_t)row * n;
    for (int k = k0; k < k0 + len;) {
        int g = k / gs, end = (g + 1) * gs < k0 + len ? (g + 1) * gs : k0 + len;
        float scale = w->s[(size_t)row * groups + g];
        for (; k < end; k++) *out++ = (float)q[k] * scale;
    }
}

/* Row `row` of W as f32: the token embedding lookup. */
static void rc__matrix_row(float *out, const rc_Matrix *w, int row) { rc__matrix_span(out, w, row, 0, w->cols); }

/* ---- The state: activations and the KV cache ---------------------------------------------- */

/* out[i][B, w[i]->rows] = x[B, cols] @ w[i]^T for each of n_w matrices of the same width and
   dtype that multiply the same input (q, k and v; gate and up): the one product every projection
   and the classifier use. Its contract is this plain loop, with W[r][k] the f32 value of
   rc__matrix_row(w[i], r)[k]:

       for (int i = 0; i < n_w; i++)
           for (int b = 0; b < B; b++)
               for (int r = 0; r < w[i]->rows; r++) {
                   float sum = 0;
                   for (int k = 0; k < cols; k++) sum += W[r][k] * x[b * cols + k];
                   out[i][b * w[i]->rows + r] = sum;
               }

   Annex A computes it with SIMD tiles and threads, preparing x once in the scratch `in` (token
   panels, or int16-quantized activations for q8_0 and small batches). */
static void rc__matmul(rc__Batch *in, const float *x, int B, int n_w, const rc_Matrix *const *w, float *const *out);
/* Batched causal attention for B >= RC_GEMM_MIN through the GEMM tile (Annex A). */
static void rc__attention_tiled(const rc_Config *c, rc_State *s, int l, int B, int pos);

/* RoPE inverse frequencies theta^(-2i/d), rescaled as Llama 3 does for long contexts (from the
   config, or divided by the file's own factors). Computed in float like Hugging Face, so
   positions far out land on the same angles. */
static void rc__rope_freqs(float *inv_freq, const rc_Model *m) {
    const rc_Config *c = &m->config;
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
        inv_freq[i] = m->rope_freqs ? f / m->rope_freqs[i] : f;
    }
}

/* The state's buffers, in the order rc__state_sizes gives their bytes: one list behind both the
   size estimate and the allocation, so the two cannot drift apart. */
static const size_t rc__state_fields[] = {
    offsetof(rc_State, key_cache), offsetof(rc_State, value_cache), offsetof(rc_State, x),
    offsetof(rc_State, xb),        offsetof(rc_State, xb2),         offsetof(rc_State, hb),
    offsetof(rc_State, hb2),       offsetof(rc_State, q),           offsetof(rc_State, in.xt),
    offsetof(rc_State, in.xq),     offsetof(rc_State, in.xs),       offsetof(rc_State, in.wbuf),
    offsetof(rc_State, att),       offsetof(rc_State, inv_freq),    offsetof(rc_State, rope),
    offsetof(rc_State, logits),    offsetof(rc_State, in.act),      offsetof(rc_State, kv_new),
    offsetof(rc_State, kv_panels),
};
#define RC_STATE_BUFFERS (sizeof rc__state_fields / sizeof rc__state_fields[0])

/* Bytes of each buffer of a state for `ctx` positions and `n_threads` threads (see rc_State for
   the shapes). Every factor comes from a checked header, and the products saturate instead of
   wrapping, so an absurd header gives UINT64_MAX, never a small number. */
static void rc__state_sizes(const rc_Config *c, int ctx, int n_threads, int kv_type, uint64_t bytes[RC_STATE_BUFFERS]) {
    uint64_t B = RC_MAX_BATCH, q_dim = (uint64_t)c->n_heads * (uint64_t)c->head_dim;
    uint64_t kv_dim = (uint64_t)c->n_kv_heads * (uint64_t)c->head_dim;
    uint64_t dim = (uint64_t)c->dim, hidden = (uint64_t)c->hidden_dim, f = sizeof(float);
    uint64_t wide = q_dim > dim ? q_dim : dim, widest = wide > hidden ? wide : hidden;
    uint64_t threads = (uint64_t)(n_threads > 0 ? n_threads : 1);
    uint64_t cache = rc__mul3_sat((uint64_t)c->n_layers, (uint64_t)ctx, kv_dim), half = kv_type != RC_KV_F32;
    uint64_t kv_size = half ? 2 : f;
    uint64_t att = RC_ATT_FLOATS((uint64_t)ctx, (uint64_t)c->head_dim);
    uint64_t list[RC_STATE_BUFFERS] = {
        rc__mul3_sat(cache, kv_size, 1),                          /* key_cache */
        rc__mul3_sat(cache, kv_size, 1),                          /* value_cache */
        rc__mul3_sat(B, dim, f),                            /* x */
        rc__mul3_sat(B, wide, f),                           /* xb */
        rc__mul3_sat(B, dim, f),                            /* xb2 */
        rc__mul3_sat(B, hidden, f),                         /* hb */
        rc__mul3_sat(B, hidden, f),                         /* hb2 */
        rc__mul3_sat(B, q_dim, f),                          /* q */
        rc__mul3_sat(RC_PANELS_PAD(B), widest, f),           /* in.xt */
        rc__mul3_sat(B, widest, sizeof(int16_t)),           /* in.xq */
        rc__mul3_sat(B, widest, f),                         /* in.xs: groups <= width */
        rc__mul3_sat(threads, RC_GEMM_WBUF(widest), f),     /* in.wbuf */
        rc__mul3_sat(threads, att, f),                      /* att */
        rc__mul3_sat((uint64_t)c->head_dim / 2, f, 1),      /* inv_freq */
        rc__mul3_sat(B, (uint64_t)c->head_dim, f),          /* rope */
        rc__mul3_sat((uint64_t)c->vocab_size, f, 1),        /* logits */
        rc__mul3_sat(B, 4 * widest + 64, 1),                /* in.act: at most 4 bytes per element */
        rc__mul3_sat(2 * B, kv_dim, f),                     /* kv_new */
        rc__mul3_sat(rc__add_sat(rc__mul3_sat(2 * RC_ATT_LDK((uint64_t)ctx), kv_dim, 1), RC_GT), f, 1), /* kv_panels + a tile's overhang */
    };
    memcpy(bytes, list, sizeof list);
}

/* A state buffer: zeroed, starting on a 64-byte line (calloc gives 16 bytes: a tile's or
   vector's row that straddles two lines costs two loads; TinyLlama's 512-token Q8_0 prefill ran
   1.1x as fast aligned). The byte before it holds its distance from what RC_CALLOC returned. */
static void *rc__calloc_line(size_t n) {
    unsigned char *raw = n <= SIZE_MAX - 64 ? RC_CALLOC(n + 64, 1) : NULL;
    if (!raw) return NULL;
    unsigned char *p = raw + 64 - ((uintptr_t)raw & 63);
    p[-1] = (unsigned char)(p - raw);
    return p;
}
static void rc__free_line(void *p) {
    if (p) RC_FREE((unsigned char *)p - ((unsigned char *)p)[-1]);
}

RC_API void rc_state_free(rc_State *s) {
    for (size_t i = 0; i < RC_STATE_BUFFERS; i++) {
        void *p;
        memcpy(&p, (char *)s + rc__state_fields[i], sizeof p);
        rc__free_line(p);
    }
    memset(s, 0, sizeof *s);
}

static int rc__max_threads(void) {
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

/* Bytes rc_state_init_kv allocates for `ctx` positions (0: seq_len) with `n_threads` attention
   rows, the KV cache (n_layers * ctx * kv_dim * 2 elements) first among them; UINT64_MAX if it
   overflows. */
RC_API uint64_t rc_state_bytes(const rc_Config *c, int ctx, int n_threads, int kv_type, uint64_t *kv_bytes) {
    uint64_t bytes[RC_STATE_BUFFERS], total = 0;
    rc__state_sizes(c, ctx > 0 ? ctx : c->seq_len, n_threads, kv_type, bytes);
    for (size_t i = 0; i < RC_STATE_BUFFERS; i++) total = rc__add_sat(total, bytes[i]);
    if (kv_bytes) *kv_bytes = rc__add_sat(bytes[0], bytes[0]);
    return total;
}

/* Allocates activations and a KV cache of `ctx` positions (0: the model's seq_len) for model m,
   which the state remembers. Refuses (before allocating anything) a state larger than physical
   memory: seq_len comes from the file and would otherwise let a 1 KB header ask for terabytes. */
RC_API int rc_state_init_kv(rc_State *s, const rc_Model *m, int ctx, int kv_type, rc_Error *e) {
    memset(s, 0, sizeof *s);
    const rc_Config *c = &m->config;
    if (ctx <= 0) ctx = c->seq_len;
    if (ctx > c->seq_len)
        return rc__fail(e, "context %d exceeds the model's seq_len %d", ctx, c->seq_len);
    if (kv_type != RC_KV_F32 && kv_type != RC_KV_F16 && kv_type != RC_KV_BF16)
        return rc__fail(e, "KV cache type %d (expected RC_KV_F32, RC_KV_F16 or RC_KV_BF16)", kv_type);
    uint64_t kv_bytes, need = rc_state_bytes(c, ctx, rc__max_threads(), kv_type, &kv_bytes), have = rc__phys_memory();
    if (have > (uint64_t)RC_MAX_STATE_BYTES) have = (uint64_t)RC_MAX_STATE_BYTES;
    if (need > have || need > (uint64_t)SIZE_MAX / 2)
        return rc__fail(e, "a context of %d tokens needs %.1f MiB (KV cache %.1f MiB), more than the "
                          "%.1f MiB of memory; use a shorter context (-c)", ctx, (double)need / 1048576.0,
                       (double)kv_bytes / 1048576.0, (double)have / 1048576.0);
    s->model = m;
    s->ctx = ctx;
    s->kv_type = kv_type;
    s->n_threads = rc__max_threads();
    s->in.n_threads = s->n_threads;
    uint64_t bytes[RC_STATE_BUFFERS];
    rc__state_sizes(c, ctx, s->n_threads, kv_type, bytes);
    for (size_t i = 0; i < RC_STATE_BUFFERS; i++) {
        void *p = rc__calloc_line((size_t)bytes[i]);
        memcpy((char *)s + rc__state_fields[i], &p, sizeof p);
        if (!p) {
            rc_state_free(s);
            return rc__fail(e, "out of memory for a context of %d tokens (KV cache %.1f MiB)", ctx,
                            (double)kv_bytes / 1048576.0);
        }
    }
    rc__rope_freqs(s->inv_freq, m);
    return 0;
}

RC_API int rc_state_init(rc_State *s, const rc_Model *m, int ctx, rc_Error *e) {
    return rc_state_init_kv(s, m, ctx, RC_KV_F32, e);
}

/* ---- The forward pass -------------------------------------------------------------------- */

/* out[B, w->rows] = x[B, w->cols] @ W^T for one matrix. */
static void rc__project(rc_State *s, float *out, const float *x, const rc_Matrix *w, int B) {
    rc__matmul(&s->in, x, B, 1, &w, &out);
}

#ifdef _OPENMP
/* Floats of s->att per thread. */
static size_t rc__att_slice(const rc_State *s) {
    return RC_ATT_FLOATS((size_t)s->ctx, (size_t)s->model->config.head_dim);
}
#endif

/* n elements from element `at` of an f16/bf16 cache as floats, and floats into one (Annex A2). */
static void rc__kv_load(float *out, const void *cache, int kv_type, size_t at, size_t n);
static void rc__kv_store(void *cache, int kv_type, size_t at, const float *in, size_t n);
/* rc__attention's two loops over positions as SIMD kernels (Annex A2): pass 0 the scores
   att[j, t - first] = q_j . k_t * scale, pass 1 out_j += att[j, t - first] v_t; 1 where done, 0
   where this build or head_dim has none (then the loops below run). */
static int rc__attn_pass(const rc_State *s, int pass, size_t at, size_t seg, int first, int n_keys, const float *q,
                         float scale, float *att, int h0, int g0, int n, float *out);

/* n elements from element `at` of a cache as floats: in place for f32, else converted into buf. */
static const float *rc__kv_row(const rc_State *s, const void *cache, size_t at, size_t n, float *buf) {
    if (s->kv_type == RC_KV_F32) return (const float *)cache + at;
    rc__kv_load(buf, cache, s->kv_type, at, n);
    return buf;
}

/* Asks the memory system for the n elements of a cache row at element `at` before they are read.
   A run of heads' keys (and values) lies kv_dim elements after the last position's, a stride
   the hardware prefetchers do not follow: decode attention, a query against its keys one after
   another, waited on memory for each row. Rows about RC_KV_AHEAD bytes ahead (rc__kv_ahead; 32
   rows of one f32 head of 64) made decode at 1.5K positions 1.3x faster (stories110M, Xeon; 16
   and 64 rows gained less). Into L2, not L1: for a span of six heads (24 lines a row) the L1
   prefetches waited for fill buffers, 70% of attention's time in perf, and ran 8% slower. */
#ifndef RC_KV_AHEAD
#define RC_KV_AHEAD 8192
#endif
static int rc__kv_ahead(const rc_State *s, size_t n) { /* rows ahead, for rows of n elements */
    size_t bytes = n * (s->kv_type == RC_KV_F32 ? 4 : 2);
    return (int)((RC_KV_AHEAD + bytes - 1) / bytes);
}
static void rc__kv_prefetch(const rc_State *s, const void *cache, size_t at, size_t n) {
#if defined(__GNUC__)
    size_t es = s->kv_type == RC_KV_F32 ? 4 : 2; /* bytes per element */
    for (size_t o = 0; o < n * es; o += 64) __builtin_prefetch((const char *)cache + at * es + o, 0, 2);
#else
    (void)s, (void)cache, (void)at, (void)n;
#endif
}

/* The first key position a query sees when it is the n_keys-th: 0, or with a sliding window of
   W only the last W positions (its own included), as Mistral's mask. */
static int rc__window_start(const rc_Config *c, int n_keys) {
    return c->sliding_window > 0 && n_keys > c->sliding_window ? n_keys - c->sliding_window : 0;
}

/* Causal attention of the queries s->q[B, q_dim] at positions pos..pos+B-1 over layer l's cached
   keys and values, into s->xb[B, q_dim]: for each token and head, scores = q . k / sqrt(head_dim)
   over positions 0..its own (or its window), softmax, out = sum of scores * v. Single tokens use dot products,
   which stream the cache once and waste no lanes; batches go to rc__attention_tiled (Annex A). */
static void rc__attention(const rc_Config *c, rc_State *s, int l, int B, int pos) {
    if (B >= RC_GEMM_MIN) {
        rc__attention_tiled(c, s, l, B, pos);
        return;
    }
    int hd = c->head_dim, q_dim = c->n_heads * hd, kv_dim = c->n_kv_heads * hd;
    int group = c->n_heads / c->n_kv_heads;
    float scale = 1.0f / sqrtf((float)hd);
    size_t layer = (size_t)l * s->ctx * kv_dim; /* layer l's [ctx, kv_dim] keys and values start here */
    /* A work item takes n <= RC_GT query heads (the scores' rows in s->att) h0..h0+n and reads
       their keys and values once for all of them, position after position: span consecutive KV
       heads with all their query heads, or, where that would leave too few items for the
       threads, nq of the query heads of one KV head (GQA shares it). Each position's keys of a
       span lie side by side, so wide spans stream the cache where one head's 64 floats every
       kv_dim would not. With a thread's six heads per item (and rc__kv_prefetch's distance in
       bytes, into L2), stories110M decode at 1.5K positions ran 65-71 -> 80-83 tok/s with an
       f32 cache and 80 -> 108-111 with f16 (Xeon, 2 threads; one head per item before). */
    int nq = group < RC_GT ? group : RC_GT, span = 1;
    if (group <= RC_GT) {
        int want = (B * c->n_kv_heads + s->n_threads - 1) / s->n_threads; /* about one item per thread */
        span = RC_GT / group < want ? RC_GT / group : want;
    }
    while (span == 1 && nq > 1 && (long)B * c->n_kv_heads * ((group + nq - 1) / nq) < 2L * s->n_threads) nq = (nq + 1) / 2;
    int spans = (c->n_kv_heads + span - 1) / span, chunks = (group + nq - 1) / nq;
    /* s->att has n_threads slices: never run on more threads than the state was sized for */
#pragma omp parallel for collapse(3) schedule(dynamic, 1) num_threads(s->n_threads)
    for (int b = 0; b < B; b++)
        for (int sp = 0; sp < spans; sp++)
            for (int ch = 0; ch < chunks; ch++) {
#ifdef _OPENMP
                float *att = s->att + (size_t)omp_get_thread_num() * rc__att_slice(s); /* [n, ctx] */
#else
                float *att = s->att;
#endif
                int g0 = sp * span, ng = c->n_kv_heads - g0 < span ? c->n_kv_heads - g0 : span; /* KV heads g0.. */
                int h0 = g0 * group + ch * nq, n = ng > 1 ? ng * group : group - ch * nq < nq ? group - ch * nq : nq;
                int n_keys = pos + b + 1, first = rc__window_start(c, n_keys); /* keys first..n_keys-1 */
                size_t kv_off = layer + (size_t)g0 * hd, seg = (size_t)ng * hd; /* the span's elements per position */
                const float *q = s->q + (size_t)b * q_dim + (size_t)h0 * hd;  /* [n, hd] */
                float *out = s->xb + (size_t)b * q_dim + (size_t)h0 * hd;    /* [n, hd] */
                float *row = att + (size_t)RC_GT * s->ctx;                   /* [seg] */
                const int ahead = rc__kv_ahead(s, seg);
                if (!rc__attn_pass(s, 0, kv_off, seg, first, n_keys, q, scale, att, h0, g0, n, NULL))
                    for (int t = first; t < n_keys; t++) {
                        if (t + ahead < n_keys) rc__kv_prefetch(s, s->key_cache, (size_t)(t + ahead) * kv_dim + kv_off, seg);
                        const float *k = rc__kv_row(s, s->key_cache, (size_t)t * kv_dim + kv_off, seg, row);
                        for (int j = 0; j < n; j++) /* query head h0 + j reads KV head (h0 + j) / group */
                            att[(size_t)j * s->ctx + t - first] = rc__dot(q + (size_t)j * hd, k + (size_t)((h0 + j) / group - g0) * hd, hd) * scale;
                    }
                for (int j = 0; j < n; j++) rc__softmax(att + (size_t)j * s->ctx, n_keys - first);
                memset(out, 0, (size_t)n * hd * sizeof(float));
                if (!rc__attn_pass(s, 1, kv_off, seg, first, n_keys, NULL, 0, att, h0, g0, n, out))
                    for (int t = first; t < n_keys; t++) {
                        if (t + ahead < n_keys) rc__kv_prefetch(s, s->value_cache, (size_t)(t + ahead) * kv_dim + kv_off, seg);
                        const float *v = rc__kv_row(s, s->value_cache, (size_t)t * kv_dim + kv_off, seg, row);
                        for (int j = 0; j < n; j++) {
                            float a = att[(size_t)j * s->ctx + t - first], *o = out + (size_t)j * hd;
                            const float *vj = v + (size_t)((h0 + j) / group - g0) * hd;
                            for (int i = 0; i < hd; i++) o[i] += a * vj[i];
                        }
                    }
            }
}

/* One batch of B <= RC_MAX_BATCH tokens at positions pos..pos+B-1. Leaves the final hidden states
   (after the last RMSNorm) in s->xb[B, dim]. */
static void rc__forward_batch(const rc_Model *m, rc_State *s, const int *tokens, int B, int pos) {
    const rc_Config *c = &m->config;
    int dim = c->dim, hd = c->head_dim, kv_dim = c->n_kv_heads * hd;
    /* each token's embedding row into the residual stream, and its RoPE angles */
    for (int b = 0; b < B; b++) {
        rc__matrix_row(s->x + (size_t)b * dim, &m->embedding, tokens[b]);
        for (int i = 0; i < hd / 2; i++) {
            float angle = (float)(pos + b) * s->inv_freq[i];
            s->rope[(size_t)b * hd + i] = cosf(angle);
            s->rope[(size_t)b * hd + hd / 2 + i] = sinf(angle);
        }
    }
    for (int l = 0; l < c->n_layers; l++) {
        const rc_Layer *L = &m->layers[l];
        /* keys and values [B, kv_dim] go straight into an f32 cache, else through kv_new */
        size_t at = ((size_t)l * s->ctx + pos) * kv_dim;
        int f32 = s->kv_type == RC_KV_F32;
        float *kc = f32 ? (float *)s->key_cache + at : s->kv_new;
        float *vc = f32 ? (float *)s->value_cache + at : s->kv_new + (size_t)B * kv_dim;
        /* attention block: normalize the residual stream */
        rc__rmsnorm(s->xb, s->x, L->attn_norm, B, dim, c->norm_eps);
        /* q, k, v projections of it */
        rc__matmul(&s->in, s->xb, B, 3, (const rc_Matrix *[]){&L->wq, &L->wk, &L->wv}, (float *[]){s->q, kc, vc});
        if (c->qkv_bias) { /* Qwen2: plus their biases */
            rc__add_bias(s->q, L->bq, B, c->n_heads * hd);
            rc__add_bias(kc, L->bk, B, kv_dim);
            rc__add_bias(vc, L->bv, B, kv_dim);
        }
        if (c->qk_norm) { /* Qwen3: every head of q and k RMS-normalized on its own */
            rc__rmsnorm(s->q, s->q, L->q_norm, B * c->n_heads, hd, c->norm_eps);
            rc__rmsnorm(kc, kc, L->k_norm, B * c->n_kv_heads, hd, c->norm_eps);
        }
        /* rotate queries and keys by their positions */
        rc__rope(s->q, s->rope, B, c->n_heads, hd, c->rope_layout);
        rc__rope(kc, s->rope, B, c->n_kv_heads, hd, c->rope_layout);
        if (!f32) { /* an f16/bf16 cache rounds them once, here */
            rc__kv_store(s->key_cache, s->kv_type, at, kc, (size_t)B * kv_dim);
            rc__kv_store(s->value_cache, s->kv_type, at, vc, (size_t)B * kv_dim);
        }
        /* each query attends to the cached keys up to its position, mixing their values */
        rc__attention(c, s, l, B, pos);
        /* output projection, added to the residual stream */
        rc__project(s, s->xb2, s->xb, &L->wo, B);
        rc__add(s->x, s->xb2, (size_t)B * dim);
        /* feed-forward block: normalize, then w2(silu(w1 x) * w3 x) */
        rc__rmsnorm(s->xb, s->x, L->ffn_norm, B, dim, c->norm_eps);
        rc__matmul(&s->in, s->xb, B, 2, (const rc_Matrix *[]){&L->w1, &L->w3}, (float *[]){s->hb, s->hb2});
        rc__swiglu(s->hb, s->hb2, (size_t)B * c->hidden_dim);
        rc__project(s, s->xb2, s->hb, &L->w2, B);
        /* added to the residual stream */
        rc__add(s->x, s->xb2, (size_t)B * dim);
    }
    /* the final norm: the classifier (rc_forward) reads s->xb */
    rc__rmsnorm(s->xb, s->x, m->final_norm, B, dim, c->norm_eps);
}

/* Runs tokens[0..n) at positions pos..pos+n-1 through the model, filling the KV cache. With
   RC_LOGITS_LAST, s->logits[vocab] receives the last token's logits; with RC_LOGITS_ALL, `logits`
   (caller-owned, [n, vocab]) receives every token's. Fails without side effects on an id outside
   the vocabulary or positions beyond the context. */
RC_API int rc_forward(rc_State *s, const int *tokens, int n, int pos, int mode, float *logits, rc_Error *e) {
    const rc_Model *m = s->model;
    const rc_Config *c = &m->config;
    if (n <= 0 || pos < 0 || pos > s->ctx - n)
        return rc__fail(e, "positions %d..%d do not fit the context of %d tokens", pos, pos + n - 1, s->ctx);
    for (int i = 0; i < n; i++)
        if (tokens[i] < 0 || tokens[i] >= c->vocab_size)
            return rc__fail(e, "token id %d is outside the vocabulary [0, %d)", tokens[i], c->vocab_size);
    for (int done = 0; done < n;) {
        int B = n - done < RC_MAX_BATCH ? n - done : RC_MAX_BATCH;
        rc__forward_batch(m, s, tokens + done, B, pos + done);
        if (mode == RC_LOGITS_ALL) {
            rc__project(s, logits + (size_t)done * c->vocab_size, s->xb, &m->classifier, B);
        } else if (done + B == n) {
            rc__project(s, s->logits, s->xb + (size_t)(B - 1) * c->dim, &m->classifier, 1);
        }
        done += B;
    }
    return 0;
}

/* ---- The sampler -------------------------------------------------------------------------

   One chain, in llama.cpp's order: logit bias, then the penalties on tokens among the last
   repeat_last_n (prompt included), then greedy argmax if the temperature is 0. Otherwise softmax,
   top-k, top-p over what top-k kept, min-p against the most probable, and only then temperature,
   which reshapes the survivors: weight exp((logit - max) / T). A seeded xorshift generator
   draws, so a seed makes runs reproducible.
   -------------------------------------------------------------------------------------------- */

RC_API rc_SamplerParams rc_sampler_defaults(void) {
    return (rc_SamplerParams){.temperature = 1.0f, .top_p = 0.9f, .repeat_penalty = 1.0f, .repeat_last_n = 64};
}

RC_API int rc_sampler_init(rc_Sampler *s, int vocab_size, const rc_SamplerParams *p, rc_Error *e) {
    memset(s, 0, sizeof *s);
    if (vocab_size < 1) return rc__fail(e, "sampler: vocabulary size %d (expected >= 1)", vocab_size);
    if (!(p->temperature >= 0 && p->temperature <= 100))
        return rc__fail(e, "sampler: temperature %g out of range (expected [0, 100])", (double)p->temperature);
    if (!(p->top_p > 0 && p->top_p <= 1))
        return rc__fail(e, "sampler: top-p %g out of range (expected (0, 1])", (double)p->top_p);
    if (p->top_k < 0 || p->top_k > vocab_size)
        return rc__fail(e, "sampler: top-k %d out of range (expected [0, %d])", p->top_k, vocab_size);
    if (!(p->min_p >= 0 && p->min_p <= 1))
        return rc__fail(e, "sampler: min-p %g out of range (expected [0, 1])", (double)p->min_p);
    if (!(p->repeat_penalty > 0 && p->repeat_penalty <= 100))
        return rc__fail(e, "sampler: repeat penalty %g out of range (expected (0, 100])", (double)p->repeat_penalty);
    if (p->repeat_last_n < 0 || p->repeat_last_n > (1 << 24))
        return rc__fail(e, "sampler: repeat-last-n %d out of range (expected [0, %d])", p->repeat_last_n, 1 << 24);
    if (!(fabsf(p->frequency_penalty) <= 2) || !(fabsf(p->presence_penalty) <= 2))
        return rc__fail(e, "sampler: frequency penalty %g, presence penalty %g (expected [-2, 2] each)",
                        (double)p->frequency_penalty, (double)p->presence_penalty);
    if (p->n_bias < 0 || (p->n_bias > 0 && !p->bias)) return rc__fail(e, "sampler: %d logit biases", p->n_bias);
    for (int i = 0; i < p->n_bias; i++)
        if (p->bias[i].id < 0 || p->bias[i].id >= vocab_size || isnan(p->bias[i].bias) ||
            p->bias[i].bias == INFINITY)
            return rc__fail(e, "sampler: logit bias %d for token %d (expected a token in [0, %d) and a number "
                               "or -inf)", i, p->bias[i].id, vocab_size);
    s->vocab_size = vocab_size;
    s->p = *p;
    s->rng = p->seed ? p->seed : 0x9E3779B97F4A7C15ull;  /* xorshift must not start at 0 */
    s->cand = RC_MALLOC(2 * (size_t)vocab_size * sizeof(rc__Candidate));
    s->count = RC_CALLOC((size_t)vocab_size, sizeof(int));
    s->recent = RC_MALLOC(((size_t)p->repeat_last_n + 1) * sizeof(int));
    rc_LogitBias *bias = RC_MALLOC(((size_t)p->n_bias + 1) * sizeof(rc_LogitBias));
    s->p.bias = bias;
    if (!s->cand || !s->count || !s->recent || !bias) {
        rc_sampler_free(s);
        return rc__fail(e, "sampler: out of memory");
    }
    if (p->n_bias) memcpy(bias, p->bias, (size_t)p->n_bias * sizeof *bias);
    return 0;
}

RC_API void rc_sampler_free(rc_Sampler *s) {
    RC_FREE(s->cand), RC_FREE(s->count), RC_FREE(s->recent), RC_FREE((void *)s->p.bias);
    memset(s, 0, sizeof *s);
}

RC_API void rc_sampler_accept(rc_Sampler *s, int token) {
    int n = s->p.repeat_last_n;
    if (n == 0 || token < 0 || token >= s->vocab_size) return;
    s->recent[s->recent_next] = token;
    s->recent_next = (s->recent_next + 1) % n;
    if (s->n_recent < n) s->n_recent++;
}

RC_API void rc_sampler_reset(rc_Sampler *s) { s->n_recent = s->recent_next = 0; }

/* A uniform float in [0, 1) from xorshift64*. */
static float rc__random(uint64_t *state) {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return (float)((*state * 0x2545F4914F6CDD1Dull) >> 40) / 16777216.0f;
}

static int rc__candidate_desc(const void *a, const void *b) {
    const rc__Candidate *x = a, *y = b;
    return x->prob > y->prob ? -1 : x->prob < y->prob ? 1 : x->id - y->id;
}

/* The k most probable of probs[0..n) into s->cand, unordered: a min-heap of size k over all
   tokens, O(n log k). Returns how many were kept. */
static int rc__top_k(rc_Sampler *s, const float *probs, int n, int k) {
    int m = 0;
    rc__Candidate *h = s->cand;
    for (int i = 0; i < n; i++) {
        rc__Candidate c = {probs[i], i};
        if (!(c.prob > 0) || (m == k && rc__candidate_desc(&c, &h[0]) >= 0)) continue;
        size_t j;
        if (m < k) {
            for (j = (size_t)m++; j > 0 && rc__candidate_desc(&h[(j - 1) / 2], &c) < 0; j = (j - 1) / 2)
                h[j] = h[(j - 1) / 2];
        } else { /* replace the root, the least probable kept, and sift down */
            for (j = 0;;) {
                size_t ch = 2 * j + 1;
                if (ch >= (size_t)m) break;
                if (ch + 1 < (size_t)m && rc__candidate_desc(&h[ch + 1], &h[ch]) > 0) ch++;
                if (rc__candidate_desc(&h[ch], &c) <= 0) break;
                h[j] = h[ch];
                j = ch;
            }
        }
        h[j] = c;
    }
    return m;
}

/* Every candidate of probs[0..n) at or above cutoff (and above 0) into s->cand, the most
   probable first, ties by id (rc__candidate_desc's order). Returns how many. Many are sorted
   as the bits of their probabilities (positive floats order as their bits), inverted, 11 bits at
   a time by stable counting passes: they come in id order, so ties stay in it. With qsort a
   sample at top-p 1 over 128256 tokens took 12.5 ms, with this 1.1 ms. */
static int rc__candidates(rc_Sampler *s, const float *probs, int n, float cutoff) {
    int m = 0;
    for (int i = 0; i < n; i++)
        if (probs[i] > 0 && probs[i] >= cutoff) s->cand[m++] = (rc__Candidate){probs[i], i};
    if (m < 4096) {
        qsort(s->cand, (size_t)m, sizeof(rc__Candidate), rc__candidate_desc);
        return m;
    }
    rc__Candidate *a = s->cand, *b = s->cand + s->vocab_size;
    for (int shift = 0; shift < 32; shift += 11) {
        int at[2049] = {0}; /* at[d + 1]: how many have a digit below d + 1; then where d's go */
        for (int i = 0; i < m; i++) {
            uint32_t u;
            memcpy(&u, &a[i].prob, 4);
            at[((~u >> shift) & 2047) + 1]++;
        }
        for (int d = 0; d < 2048; d++) at[d + 1] += at[d];
        for (int i = 0; i < m; i++) {
            uint32_t u;
            memcpy(&u, &a[i].prob, 4);
            b[at[(~u >> shift) & 2047]++] = a[i];
        }
        rc__Candidate *t = a;
        a = b, b = t;
    }
    memcpy(s->cand, a, (size_t)m * sizeof *a); /* three passes: the result is in the other half */
    return m;
}

/* The first of rc__candidates' list that top-p can need, the same: up to the one whose
   probability brings the sum to top_p, or up to the first below cutoff. Usually few (kjv15M at
   top-p 0.9: about 200), so the 256, 1024, ... most probable (rc__top_k) are sorted, as many as it
   takes, not every candidate (a flat distribution over 32000 tokens took 1.4 ms a token to sort).
   -1 where that would take more than a sixteenth of the vocabulary: rc__candidates' radix sort
   is cheaper then. */
static int rc__top_p_prefix(rc_Sampler *s, const float *probs, int n, float cutoff) {
    for (int k = 256; k <= n / 16; k *= 4) {
        int m = rc__top_k(s, probs, n, k), i = 0;
        qsort(s->cand, (size_t)m, sizeof(rc__Candidate), rc__candidate_desc);
        float mass = 0;
        while (i < m && s->cand[i].prob >= cutoff)
            if ((mass += s->cand[i++].prob) >= s->p.top_p) return i;
        if (i < m || m < k) return i; /* one below the cutoff, or no candidates left */
    }
    return -1;
}

/* Logit bias, then the penalties: each token among the recent ones, counted, gets llama.cpp's
   repetition rule and OpenAI's frequency and presence rules. */
static void rc__bias_and_penalties(rc_Sampler *s, float *logits) {
    const rc_SamplerParams *p = &s->p;
    for (int i = 0; i < p->n_bias; i++) logits[p->bias[i].id] += p->bias[i].bias;
    if (p->repeat_penalty == 1 && p->frequency_penalty == 0 && p->presence_penalty == 0) return;
    for (int i = 0; i < s->n_recent; i++) s->count[s->recent[i]]++;
    for (int i = 0; i < s->n_recent; i++) {
        int id = s->recent[i], c = s->count[id];
        if (c == 0) continue; /* done already */
        float l = logits[id];
        l = l <= 0 ? l * p->repeat_penalty : l / p->repeat_penalty;
        logits[id] = l - (float)c * p->frequency_penalty - p->presence_penalty;
        s->count[id] = 0;
    }
}

/* The chain after bias and penalties: the tokens that may be drawn into s->cand[0..k), most
   probable first, with their weights (relative to the first). Returns k, 0 when every logit is -inf
   or NaN. Overwrites logits[vocab_size] with probabilities. */
static int rc__survivors(rc_Sampler *s, float *logits) {
    const rc_SamplerParams *p = &s->p;
    int n = s->vocab_size, best = n;
    float max = -INFINITY;
    /* the argmax, lowest id on ties; NaN never wins (vectorised: a branch per token took 22 us
       over a 32000-token vocabulary, 1% of a stories110M token) */
#pragma omp simd reduction(max : max)
    for (int i = 0; i < n; i++) max = logits[i] > max ? logits[i] : max;
    if (max == -INFINITY) return 0;
#pragma omp simd reduction(min : best)
    for (int i = 0; i < n; i++) best = logits[i] == max && i < best ? i : best;
    if (p->temperature == 0) {
        s->cand[0] = (rc__Candidate){1, best};
        return 1;
    }
    double sum = 0;
    /* softmax at temperature 1. A weight under e^-87.3 of the largest is 0, so banned (-inf) and
       NaN logits get exactly 0 and rc__expf, vectorised, takes the rest (libm's expf, a call per
       token, took a third of sampling's time) */
#pragma omp simd reduction(+ : sum)
    for (int i = 0; i < n; i++) {
        float x = logits[i] - max;
        logits[i] = x > -87.3f ? rc__expf(x) : 0.0f, sum += logits[i];
    }
    for (int i = 0; i < n; i++) logits[i] = (float)(logits[i] / sum);
    float p_max = logits[best];
    int m;
    if (p->top_k > 0) {
        m = rc__top_k(s, logits, n, p->top_k);
        qsort(s->cand, (size_t)m, sizeof(rc__Candidate), rc__candidate_desc);
    } else {
        /* Candidates below (1 - top_p) / (n - 1) cannot be needed to reach top_p (llama2.c's
           shortcut), and min-p drops those below min_p * p_max: sorting can skip both. */
        float cutoff = p->top_p < 1 && n > 1 ? (1.0f - p->top_p) / (float)(n - 1) : 0.0f;
        if (p->min_p * p_max > cutoff) cutoff = p->min_p * p_max;
        if (cutoff > p_max) cutoff = p_max; /* the shortcut's bound is loose for tiny vocabularies */
        m = p->top_p < 1 ? rc__top_p_prefix(s, logits, n, cutoff) : -1;
        if (m < 0) m = rc__candidates(s, logits, n, cutoff);
    }
    float total = 1; /* top-p's mass: what top-k kept, else all of it (not just what the shortcut kept) */
    if (p->top_k > 0) {
        total = 0;
        for (int i = 0; i < m; i++) total += s->cand[i].prob;
    }
    int keep = m;
    if (p->top_p < 1) {
        float mass = 0;
        for (int i = 0; i < m; i++) {
            mass += s->cand[i].prob;
            if (mass >= p->top_p * total) {
                keep = i + 1;
                break;
            }
        }
    }
    while (keep > 1 && s->cand[keep - 1].prob < p->min_p * s->cand[0].prob) keep--; /* min-p */
    /* temperature on the survivors: p^(1/T), relative to the most probable */
    for (int i = keep - 1; i >= 0; i--)
        s->cand[i].prob = p->temperature == 1 ? s->cand[i].prob / s->cand[0].prob
                        : expf(logf(s->cand[i].prob / s->cand[0].prob) / p->temperature);
    return keep;
}

/* Draws from the survivors; -1 when there are none. */
static int rc__sample_chain(rc_Sampler *s, float *logits) {
    int keep = rc__survivors(s, logits);
    if (keep <= 1) return keep ? s->cand[0].id : -1;
    double w_total = 0;
    for (int i = 0; i < keep; i++) w_total += s->cand[i].prob;
    float r = rc__random(&s->rng) * (float)w_total, acc = 0;
    for (int i = 0; i < keep; i++) {
        acc += s->cand[i].prob;
        if (r < acc) return s->cand[i].id;
    }
    return s->cand[keep - 1].id;
}

/* The next token: the program's logits processor, then its own sampler or the built-in chain. */
RC_API int rc_sample(rc_Sampler *s, float *logits) {
    if (s->process) s->process(s->user, logits, s->vocab_size);
    if (s->pick) return s->pick(s->user, logits, s->vocab_size);
    rc__bias_and_penalties(s, logits);
    return rc__sample_chain(s, logits);
}

/* ---- The generation loop ----------------------------------------------------------------- */

/* Moves positions [keep + n_drop, end) of every layer's cache down by n_drop. A key was rotated by
   angle p * f (computed in float, as rc__forward_batch does); rotating it on by the difference of
   the two float angles gives, up to one rounding, the key computed directly at its new place. */
RC_API int rc_context_shift(rc_State *s, int keep, int n_drop, int end, rc_Error *e) {
    const rc_Config *c = &s->model->config;
    if (keep < 0 || n_drop < 0 || end > s->ctx || keep > end - n_drop)
        return rc__fail(e, "context shift: keep %d, drop %d of %d positions (context %d)", keep, n_drop, end, s->ctx);
    int hd = c->head_dim, kv_dim = c->n_kv_heads * hd;
    for (int p = keep; p < end - n_drop; p += RC_MAX_BATCH) {
        int B = end - n_drop - p < RC_MAX_BATCH ? end - n_drop - p : RC_MAX_BATCH;
        for (int b = 0; b < B; b++)
            for (int i = 0; i < hd / 2; i++) {
                double delta = (double)((float)(p + b) * s->inv_freq[i]) -
                               (double)((float)(p + b + n_drop) * s->inv_freq[i]);
                s->rope[(size_t)b * hd + i] = (float)cos(delta);
                s->rope[(size_t)b * hd + hd / 2 + i] = (float)sin(delta);
            }
        size_t es = s->kv_type == RC_KV_F32 ? sizeof(float) : sizeof(uint16_t), n = (size_t)B * kv_dim;
        for (int l = 0; l < c->n_layers; l++) {
            size_t to = ((size_t)l * s->ctx + p) * kv_dim, from = to + (size_t)n_drop * kv_dim;
            char *K = s->key_cache, *V = s->value_cache;
            memmove(K + to * es, K + from * es, n * es);
            memmove(V + to * es, V + from * es, n * es);
            float *k = s->kv_type == RC_KV_F32 ? (float *)s->key_cache + to : s->kv_new;
            if (s->kv_type != RC_KV_F32) rc__kv_load(k, s->key_cache, s->kv_type, to, n);
            rc__rope(k, s->rope, B, c->n_kv_heads, hd, c->rope_layout);
            if (s->kv_type != RC_KV_F32) rc__kv_store(s->key_cache, s->kv_type, to, k, n);
        }
    }
    return 0;
}

/* First occurrence of needle[0..m) in h[0..n), or NULL. */
static const char *rc__find(const char *h, size_t n, const char *needle, size_t m) {
    for (size_t i = 0; m <= n && i <= n - m; i++)
        if (memcmp(h + i, needle, m) == 0) return h + i;
    return NULL;
}

/* Where the text held[0..n) must be cut for g's stop strings. If one occurs, *which gets the one
   that starts first and the result is where it starts. Otherwise *which = -1 and the result is
   how much can be let out: all but the longest tail that could still grow into a stop string. */
static size_t rc__stop_cut(const rc_GenParams *g, const char *held, size_t n, int *which) {
    size_t cut = n;
    *which = -1;
    for (int k = 0; k < g->n_stop; k++) {
        const char *f = rc__find(held, n, g->stop[k], strlen(g->stop[k]));
        if (f && (*which < 0 || (size_t)(f - held) < cut)) *which = k, cut = (size_t)(f - held);
    }
    if (*which >= 0) return cut;
    for (int k = 0; k < g->n_stop; k++) {
        size_t len = strlen(g->stop[k]);
        for (size_t tail = len - 1 < n ? len - 1 : n; tail > 0 && n - tail < cut; tail--)
            if (memcmp(held + n - tail, g->stop[k], tail) == 0) {
                cut = n - tail;
                break;
            }
    }
    return cut;
}

/* JSON mode's automaton (Annex D): its state, the plain-token table, the mask and the feed. */
typedef struct {
    uint32_t stack;       /* bit i: open container i is an object */
    unsigned char depth, mode, sub, key; /* sub: number state, literal position, hex digits or UTF-8 bytes left */
    unsigned char lo, hi, ws, lit;       /* next UTF-8 byte's range; white space run; which literal */
} rc__Json;

static void rc__json_plain(const rc_Tokenizer *t, unsigned char *plain);
static void rc__json_mask(const rc__Json *j, const rc_Tokenizer *t, const unsigned char *plain, int prev, int left,
                          float *logits);
static int rc__json_feed(rc__Json *j, const char *text, size_t n);
static int rc__json_need(const rc__Json *j);

/* Feeds prompt[0..n_prompt) at position `pos`, then samples up to g->max_new tokens, stopping
   early at the model's EOS, the tokenizer's end-of-turn token, a stop string, when emit returns
   nonzero, or when the context is full (unless g->context_shift). Text that may be the start of a
   stop string is held back until it is not. `t` may be NULL (ids only). */
RC_API int rc_generate(rc_State *s, const rc_Tokenizer *t, rc_Sampler *smp, const int *prompt, int n_prompt,
                       int pos, const rc_GenParams *g, rc_EmitFn emit, void *user, rc_Stats *st, rc_Error *e) {
    const rc_Model *m = s->model;
    memset(st, 0, sizeof *st);
    st->pending = st->stop = -1;
    st->n_prompt = n_prompt;
    if (n_prompt < 1) return rc__fail(e, "empty prompt: at least one token (e.g. BOS) is needed");
    if (n_prompt > s->ctx - pos)
        return rc__fail(e, "prompt of %d tokens does not fit the context: %d of %d positions are free",
                       n_prompt, s->ctx - pos, s->ctx);
    size_t max_stop = 0;
    for (int k = 0; k < g->n_stop; k++) {
        size_t len = g->stop[k] ? strlen(g->stop[k]) : 0;
        if (len == 0 || !t) return rc__fail(e, "stop string %d is %s", k, t ? "empty" : "given without a tokenizer");
        if (len > max_stop) max_stop = len;
    }
    if (g->keep < 0) return rc__fail(e, "context shift: keep %d (expected >= 0)", g->keep);
    if (g->json && !t) return rc__fail(e, "JSON mode needs a tokenizer");
    double t0 = rc__now();
    if (rc_forward(s, prompt, n_prompt, pos, RC_LOGITS_LAST, NULL, e)) return -1;
    for (int i = 0; i < n_prompt; i++) rc_sampler_accept(smp, prompt[i]);
    pos += n_prompt;
    double t1 = rc__now();
    st->prompt_seconds = t1 - t0;
    rc_Utf8 utf8 = {{0}, 0};
    size_t piece_cap = 3 * ((size_t)(t ? t->max_piece_len : 0) + 4), n_held = 0;
    char *held = RC_MALLOC(max_stop + piece_cap); /* text not yet emitted; its tail after the piece */
    rc__Json json = {0};
    unsigned char *plain = g->json ? RC_MALLOC((size_t)t->vocab_size) : NULL;
    if (!held || (g->json && !plain)) {
        RC_FREE(held), RC_FREE(plain);
        return rc__fail(e, "out of memory");
    }
    if (plain) rc__json_plain(t, plain);
    int prev = prompt[n_prompt - 1], rc = 0;
    while (st->n_generated < g->max_new) {
        if (g->json) { /* tokens left: -n, and without a context shift the free positions (+ the last) */
            int left = g->max_new - st->n_generated, room = s->ctx - pos + 1;
            if (!g->context_shift && room < left) left = room;
            rc__json_mask(&json, t, plain, prev, left, s->logits);
            int ends[3] = {m->config.eos_id, t->eos_id, t->eot_id};
            for (int k = 0; k < 3; k++)
                if (ends[k] >= 0 && ends[k] < m->config.vocab_size) s->logits[ends[k]] = -INFINITY;
        }
        int next = rc_sample(smp, s->logits);
        if (next < 0 || next >= m->config.vocab_size) {
            rc = next == -1 ? rc__fail(e, "nothing to sample: every logit is -inf or NaN (logit biases that ban "
                                          "every token, or a model whose weights hold inf/NaN)")
                            : rc__fail(e, "the sampler returned token id %d, outside the vocabulary [0, %d)", next,
                                       m->config.vocab_size);
            break;
        }
        st->n_generated++;
        st->pending = next;
        rc_sampler_accept(smp, next);
        if (next == m->config.eos_id || (t && (next == t->eos_id || next == t->eot_id))) {
            st->hit_eos = 1;
            break;
        }
        size_t out = 0;
        if (t) { /* the piece's whole characters join the held text; what cannot start a stop string goes out */
            size_t plen;
            const char *piece = rc_decode(t, prev, next, &plen);
            if (g->json) { /* the mask let only continuations through, and the sampler kept to it */
                if (!rc__json_feed(&json, piece, plen)) {
                    rc = rc__fail(e, "JSON mode: token %d does not continue the object (a logits hook or pick "
                                     "that ignores the mask?)", next);
                    break;
                }
                st->json_done = rc__json_need(&json) == 0;
            }
            n_held += rc_utf8_feed(&utf8, piece, plen, held + n_held);
            out = rc__stop_cut(g, held, n_held, &st->stop);
            if (st->stop >= 0) st->json_done = 0; /* the object's end, if it came, is cut off with the stop string */
        }
        if (emit && emit(user, next, held, out)) st->stopped = 1;
        memmove(held, held + out, n_held - out), n_held -= out;
        if (st->stopped || st->stop >= 0 || st->json_done) break;
        prev = next;
        if (st->n_generated == g->max_new) break;
        if (pos == s->ctx) { /* full: shift, or stop without feeding the last token */
            int n_drop = (pos - g->keep) / 2;
            if (!g->context_shift || n_drop < 1) {
                st->context_full = 1;
                break;
            }
            if ((rc = rc_context_shift(s, g->keep, n_drop, pos, e))) break;
            pos -= n_drop, st->n_shifts++;
        }
        if ((rc = rc_forward(s, &next, 1, pos, RC_LOGITS_LAST, NULL, e))) break;
        st->pending = -1;
        pos++;
    }
    if (st->stop < 0 && rc == 0) { /* no stop string came: the held text is output after all */
        n_held += rc_utf8_flush(&utf8, held + n_held);
        if (n_held && emit) emit(user, -1, held, n_held);
    }
    RC_FREE(held), RC_FREE(plain);
    st->gen_seconds = rc__now() - t1;
    st->end_pos = pos;
    return rc;
}

/* ============================================================================================
   Annex A. Fast kernels: matrix-vector tiles, the GEMM, quantized dot products, batched
   attention. Skip on a first reading: rc__matmul computes the plain loop at its declaration.
   ============================================================================================ */

/* Which hand-written SIMD kernels this build compiles (here and in A2). */
#if defined(__AVX2__) && defined(__FMA__) && defined(__F16C__) && !defined(RC_NO_SIMD)
#define RC__Q_AVX2 1
#else
#define RC__Q_AVX2 0
#endif
#if defined(__aarch64__) && defined(__ARM_NEON) && defined(__ARM_FEATURE_DOTPROD) && !defined(RC_NO_SIMD)
#define RC__Q_NEON 1
#else
#define RC__Q_NEON 0
#endif

/* Inside the AVX2 kernels, int8 dot-product instructions where the target has them: acc plus the
   sums of four u8 x s8 products (vpdpbusd) or of two s16 x s16 products (vpdpwssd) per int32
   lane. Without them the same sums take maddubs + madd + add; the results are identical, as no
   maddubs pair here can saturate (activations stay within -127..127, weights' magnitudes within
   128 or 63). tests/vnni_emulated.h builds this path on CPUs without VNNI (make test-isa). */
#if RC__Q_AVX2 && defined(__AVX512VNNI__) && defined(__AVX512VL__)
#define RC__Q_DPBUSD(acc, u, s) _mm256_dpbusd_epi32(acc, u, s)
#define RC__Q_DPWSSD(acc, a, b) _mm256_dpwssd_epi32(acc, a, b)
#define RC__Q_VNNI " + AVX-512 VNNI"
#define RC__Q_HAS_VNNI 1
#elif RC__Q_AVX2 && defined(__AVXVNNI__)
#define RC__Q_DPBUSD(acc, u, s) _mm256_dpbusd_avx_epi32(acc, u, s)
#define RC__Q_DPWSSD(acc, a, b) _mm256_dpwssd_avx_epi32(acc, a, b)
#define RC__Q_VNNI " + AVX-VNNI"
#define RC__Q_HAS_VNNI 1
#else
#define RC__Q_DPBUSD(acc, u, s) _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1)))
#define RC__Q_DPWSSD(acc, a, b) _mm256_add_epi32(acc, _mm256_madd_epi16(a, b))
#define RC__Q_VNNI ""
#define RC__Q_HAS_VNNI 0
#endif
/* The int8 GEMM (A2): K-quant rows with AVX2, q8_0 rows too where there is VNNI;
   -DRC_NO_I8_GEMM keeps the f32 GEMM, to compare them. */
#if RC__Q_AVX2 && !defined(RC_NO_I8_GEMM)
#define RC__Q_I8GEMM 1
#else
#define RC__Q_I8GEMM 0
#endif
/* AMX tiles in it (A2) where the target has them (int8 and bf16) and Linux runs it: Linux must
   lend them. -DRC_NO_AMX leaves them out. */
#if RC__Q_I8GEMM && (defined(__AMX_INT8__) || defined(__AMXINT8__)) && (defined(__AMX_TILE__) || defined(__AMXTILE__)) && \
    (defined(__AMX_BF16__) || defined(__AMXBF16__)) && defined(__AVX512F__) && defined(__AVX512VNNI__) &&                \
    defined(__AVX512BF16__) && defined(__linux__) && RC_GT == 16 && !defined(RC_NO_AMX)
#define RC__Q_AMX 1
#else
#define RC__Q_AMX 0
#endif

/* The dot-product kernels this build uses, for messages: "AVX2 + FMA + F16C", "... + AVX-512
   VNNI", "NEON + dotprod" or "plain C". */
#if RC__Q_AVX2
#define RC__Q_KERNELS "AVX2 + FMA + F16C" RC__Q_VNNI
#elif RC__Q_NEON
#define RC__Q_KERNELS "NEON + dotprod"
#else
#define RC__Q_KERNELS "plain C"
#endif

/* sum_i w[i] * x[i] for int8 weights and int16 activations, exact in int32 for n <= 256 */
static int32_t rc__dot_q(const int8_t *w, const int16_t *x, int n) {
    int32_t sum = 0;
    for (int i = 0; i < n; i++) sum += (int32_t)w[i] * (int32_t)x[i];
    return sum;
}

/* One group of activations x[len] as int16 q[len] with the scale it returns, max|x| / 32767. */
static float rc__quantize_group(int16_t *q, const float *x, int len) {
    float amax = 0;
    for (int i = 0; i < len; i++) amax = fabsf(x[i]) > amax ? fabsf(x[i]) : amax;
    float scale = amax / 32767.0f, inv = scale > 0 ? 1.0f / scale : 0.0f;
    for (int i = 0; i < len; i++) { /* rintf vectorises, lrintf is a call */
        float v = x[i] * inv;
        v = v >= -32767.0f ? v : -32767.0f; /* NaN too: casting it to int is undefined */
        v = v <= 32767.0f ? v : 32767.0f;
        q[i] = (int16_t)(int32_t)rintf(v);
    }
    return scale;
}

/* Quantizes activations x[B, n] group-wise along each row, in the weights' groups: q[B, n],
   s[B, ceil(n/gs)]. int16 rather than int8: activation rounding then adds nothing measurable to
   the weights' own error (int8 activations flip near-tie greedy tokens on the test fixtures and
   take them past 3% of max|logit|), and int8 x int16 products cost the same as int8 x int8 on
   SIMD without int8 dot instructions. */
static void rc__quantize(int16_t *q, float *s, const float *x, int B, int n, int gs) {
    int groups = (n + gs - 1) / gs;
    for (int b = 0; b < B; b++)
        for (int g = 0; g < groups; g++) {
            int len = g * gs + gs <= n ? gs : n - g * gs;
            s[(size_t)b * groups + g] = rc__quantize_group(q + (size_t)b * n + (size_t)g * gs, x + (size_t)b * n + (size_t)g * gs, len);
        }
}

/* Small batches (token-by-token generation) multiply one token at a time by weight rows: dot
   products with independent vector lanes, one horizontal sum per row. Here the weights stream
   from memory once per batch and memory bandwidth, not arithmetic, is the limit. How the rows are
   read matters: f32 and q8_0 rows go through rc__matvec's runs (below), four rows from four runs
   in one loop. With GCC/Clang the f32 rows use vector extensions (8 floats, any SIMD width the
   target has); elsewhere the plain loop computes the same sums. */
#define RC_STREAMS 4 /* runs of units per thread in rc__matvec, rows per fused kernel loop */

/* Bytes ahead of the current block that the quantized row kernels (q8_0 here, the GGUF types in
   A2) prefetch. The hardware prefetchers alone left them 10-25% below this (make bench-kernels,
   Zen 3), where any distance from 640 to 2048 did about as well; on a Xeon (AVX-512), TinyLlama
   generation ran 4-9% faster at 2048 than at 1024 or 4096 (GGUF q8_0, Q4_K_M, RCLM q8_0). f32 rows
   stream faster without it. A prefetch past the end of the mapping is harmless: it never faults. */
#define RC_AHEAD 2048

#if defined(__GNUC__)
#define RC_INLINE static inline __attribute__((always_inline))
#define RC_NOINLINE __attribute__((noinline))
typedef float rc__f32x8 __attribute__((vector_size(32)));
#else
#define RC_INLINE static inline
#define RC_NOINLINE
#endif

/* out[i] = w[i] . x over n, for rows i < nr <= RC_STREAMS; each row's sum is the same float
   whatever nr. */
RC_INLINE void rc__rows_f32(float *out, const float *x, const float *const *w, int n, int nr) {
    float sum[RC_STREAMS] = {0};
    int j = 0;
#if defined(__GNUC__)
    rc__f32x8 acc[RC_STREAMS][2];
    for (int i = 0; i < nr; i++) acc[i][0] = acc[i][1] = (rc__f32x8){0};
    for (; j + 16 <= n; j += 16) {
        rc__f32x8 x0, x1, w0, w1;
        memcpy(&x0, x + j, sizeof x0); /* unaligned loads */
        memcpy(&x1, x + j + 8, sizeof x1);
        for (int i = 0; i < nr; i++) {
            memcpy(&w0, w[i] + j, sizeof w0);
            memcpy(&w1, w[i] + j + 8, sizeof w1);
            acc[i][0] += w0 * x0;
            acc[i][1] += w1 * x1;
        }
    }
    for (int i = 0; i < nr; i++) {
        rc__f32x8 v = acc[i][0] + acc[i][1];
        sum[i] = ((v[0] + v[4]) + (v[1] + v[5])) + ((v[2] + v[6]) + (v[3] + v[7]));
    }
#endif
    for (; j < n; j++)
        for (int i = 0; i < nr; i++) sum[i] += w[i][j] * x[j];
    for (int i = 0; i < nr; i++) out[i] = sum[i];
}

#ifdef __AVX2__
/* q8_0 rows wq[r] (their scales ws[r]) for r < R, each against the same xq / xs, into out[r]:
   per group of gs (a multiple of 16, n a multiple of gs), the weights sign-extended to int16 and
   multiplied by vpmaddwd (vpdpwssd with VNNI), the group's int32 lanes scaled into float lanes;
   one horizontal sum per row. Each row's sums are the same floats whatever R: R rows in one loop
   load each activation group once and keep R streams of weights in flight (rc__matvec). */
RC_INLINE void rc__rows_q8n(const int16_t *xq, const float *xs, const int8_t *const *wq, const float *const *ws, int R,
                            int n, int gs, float *out) {
    __m256 acc[RC_STREAMS];
    for (int r = 0; r < R; r++) acc[r] = _mm256_setzero_ps();
    for (int g = 0, j0 = 0; j0 < n; g++, j0 += gs)
        for (int r = 0; r < R; r++) {
            _mm_prefetch((const char *)(wq[r] + j0) + RC_AHEAD, _MM_HINT_T0);
            __m256i isum = _mm256_setzero_si256();
            for (int j = j0; j < j0 + gs; j += 16) {
                __m256i xv = _mm256_loadu_si256((const __m256i *)(xq + j));
                __m256i wv = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(wq[r] + j)));
                isum = RC__Q_DPWSSD(isum, wv, xv);
            }
            acc[r] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum), _mm256_set1_ps(ws[r][g] * xs[g]), acc[r]);
        }
    for (int r = 0; r < R; r++) {
        __m128 v = _mm_add_ps(_mm256_castps256_ps128(acc[r]), _mm256_extractf128_ps(acc[r], 1));
        v = _mm_add_ps(v, _mm_movehl_ps(v, v));
        out[r] = _mm_cvtss_f32(_mm_add_ss(v, _mm_movehdup_ps(v)));
    }
}
#endif

/* q8_0 row r: sum over groups g of (W[r] . xq)_g * scale_w[r][g] * xs[g], the integer products
   summed exactly in int32 within each group; with AVX2 or NEON in vector lanes, scaled per
   group, one horizontal sum per row. The plain loop handles every other case. */
RC_INLINE float rc__row_q8(const int16_t *xq, const float *xs, const rc_Matrix *w, int r) {
    int n = w->cols, gs = w->gs, groups = (n + gs - 1) / gs;
    const int8_t *wq = w->q + (size_t)r * n;
    const float *ws = w->s + (size_t)r * groups;
#ifdef __AVX2__
    if (gs % 16 == 0 && n % gs == 0) {
        float out;
        rc__rows_q8n(xq, xs, &wq, &ws, 1, n, gs, &out);
        return out;
    }
#elif defined(__aarch64__) && defined(__ARM_NEON)
    if (gs % 16 == 0 && n % gs == 0) { /* the same, 4 lanes: int8 widened, int16 multiply-longs */
        float32x4_t acc = vdupq_n_f32(0);
        for (int g = 0; g < groups; g++, xq += gs, wq += gs) {
            __builtin_prefetch(wq + RC_AHEAD);
            int32x4_t isum = vdupq_n_s32(0);
            for (int j = 0; j < gs; j += 16) {
                int8x16_t wv = vld1q_s8(wq + j);
                int16x8_t w0 = vmovl_s8(vget_low_s8(wv)), w1 = vmovl_high_s8(wv);
                int16x8_t x0 = vld1q_s16(xq + j), x1 = vld1q_s16(xq + j + 8);
                isum = vmlal_s16(isum, vget_low_s16(w0), vget_low_s16(x0));
                isum = vmlal_high_s16(isum, w0, x0);
                isum = vmlal_s16(isum, vget_low_s16(w1), vget_low_s16(x1));
                isum = vmlal_high_s16(isum, w1, x1);
            }
            acc = vfmaq_n_f32(acc, vcvtq_f32_s32(isum), ws[g] * xs[g]);
        }
        return vaddvq_f32(acc);
    }
#endif
    float sum = 0;
    for (int g = 0, j0 = 0; g < groups; g++, j0 += gs) {
        int len = n - j0 < gs ? n - j0 : gs;
        sum += (float)rc__dot_q(wq + j0, xq + j0, len) * ws[g] * xs[g];
    }
    return sum;
}

/* Token b's output out[b, r] of q8_0 row r (f32 rows always go through rc__rows_f32 in fours:
   rc__units_run); not inlined, so the kernel gets the registers to itself. */
static RC_NOINLINE void rc__rows(float *out, const int16_t *xq, const float *xs, const rc_Matrix *w, int r, int b) {
    int n = w->cols, groups = (n + w->gs - 1) / w->gs;
    out[(size_t)b * w->rows + r] = rc__row_q8(xq + (size_t)b * n, xs + (size_t)b * groups, w, r);
}

/* Batches of RC_GEMM_MIN tokens or more go through a matrix-matrix kernel in outer-product form.
   The batch is first transposed into panels of RC_GT tokens, xt[panel][k][RC_GT]; a tile of
   weight rows x tokens then keeps its accumulators in registers and, per k, loads two vectors of
   tokens and broadcasts one weight of each row: no horizontal sums. rc__gemm's tiles are
   RC_GEMM_TR rows x RC_GEMM_TT tokens (below), as are batched attention's. Rows that are
   not f32 are dequantized a chunk at a time into a per-thread buffer (the cost is shared by the
   whole batch), so prefill multiplies in f32 with unquantized activations (where the int8 tiles
   do not take them: rc__q_gemm_act). */
/* (RC_GT, RC_GEMM_MIN, RC_GEMM_MC and RC_GEMM_KC are defined with the state in Part I,
   which sizes buffers by them.) */
#if defined(__GNUC__) && defined(__AVX512F__)
#define RC_GEMM_TR 12
#define RC_GEMM_TT 32
#else
#define RC_GEMM_TR 6
#define RC_GEMM_TT 16
#endif
_Static_assert(RC_GEMM_MC % RC_GEMM_TR == 0 && RC_GEMM_TT <= 2 * RC_GT, "blocks of whole tiles, panels in pairs");
/* GGUF Q8_0 and RCLM q8_0 rows without int8 dot-product instructions: rc__gemm's blocks and
   tiles in int16 (rc__q_chunk_w16 and rc__q_tile_w16, A2) against the batch in q8_0 blocks
   (GGUF, as llama.cpp) or in generation's int16 groups (RCLM). */
#if RC__Q_I8GEMM && !RC__Q_HAS_VNNI && RC_GEMM_TT == RC_GT
#define RC__Q_W16 1
#else
#define RC__Q_W16 0
#endif

/* xt[panels][n][RC_GT] = x[B, n] transposed, zero-padded to whole tiles of rc__gemm. */
static void rc__pack_tokens(float *xt, const float *x, int B, int n) {
    int panels = (B + RC_GEMM_TT - 1) / RC_GEMM_TT * (RC_GEMM_TT / RC_GT);
#pragma omp parallel for schedule(static) if ((size_t)B * n >= RC_PARALLEL_MIN)
    for (int p = 0; p < panels; p++)
        for (int j = 0; j < RC_GT; j++) {
            int b = p * RC_GT + j;
            float *dst = xt + (size_t)p * n * RC_GT + j;
            for (int k = 0; k < n; k++) dst[(size_t)k * RC_GT] = b < B ? x[(size_t)b * n + k] : 0.0f;
        }
}

/* A2 below: ggml activation blocks for a weight type, their size, and the fused row dot product. */
static int rc__q_act_type(uint32_t wtype);
static uint64_t rc__q_act_bytes(uint32_t wtype, int64_t n);
static int rc__q_quantize_act(uint32_t wtype, const float *x, void *act, int64_t n);
static int rc__q_gemm_act(const rc_Matrix *w);
#define RC__Q_ACT_I16 RC__GGML_TYPE_COUNT /* rc__q_gemm_act: RCLM q8_0 rows, int16 activations (AMX) */
#define RC__Q_ACT_BF16 (RC__GGML_TYPE_COUNT + 1) /* GGUF BF16 rows, activations as two bf16 (AMX) */
#if RC__Q_I8GEMM
static void rc__q_pack_panels(int act, unsigned char *xp, const float *x, int B, int n, int gs);
static void rc__q_gemm_i8(float *out, const rc__Batch *in, const rc_Matrix *w, int B);
#endif
#if RC__Q_W16
static void rc__q_chunk_w16(int16_t *v, float *sc, size_t ldv, const rc_Matrix *w, int bl, int r0, int nr, int padded,
                            int k0, int kc);
static void rc__q_tile_w16(float *tile, const rc__Batch *in, int n, int tt, int k0, const int16_t *v, const float *sc,
                           size_t ldv, int kc, int bl, int first);
#endif
static inline float rc__q_vec_dot(uint32_t wtype, const void *row, const void *act, int64_t n);
static int rc__q_rows_fused(uint32_t wtype);
static void rc__q_vec_dot_rows(uint32_t wtype, const unsigned char *const *rows, int R, int K, const void *act,
                               int64_t n, float *const *out);

/* What a matrix needs its input prepared as: token panels (GEMM), int16 groups (q8_0), ggml
   activation blocks (one kind per ggml activation type) or nothing (f32 rows read x). */
enum { RC__INPUT_NONE = 0, RC__INPUT_PANELS = 1, RC__INPUT_INT16 = 2, RC__INPUT_GGML = 16, RC__INPUT_PANELS_GGML = 64 };
static int rc__input_kind(const rc_Matrix *w, int B) {
    const int i8 = B >= RC_GEMM_MIN ? rc__q_gemm_act(w) : 0;
    return B >= RC_GEMM_MIN ? (i8 ? RC__INPUT_PANELS_GGML + i8 : RC__INPUT_PANELS)
         : w->q ? RC__INPUT_INT16
         : w->g ? RC__INPUT_GGML + rc__q_act_type((uint32_t)w->type) : RC__INPUT_NONE;
}

/* Readies x[B, w->cols] for rc__matmul by w and by any matrix of the same width and input kind. */
static void rc__batch_prepare(rc__Batch *in, const float *x, int B, const rc_Matrix *w) {
    in->act_kind = rc__input_kind(w, B);
    if (in->act_kind == RC__INPUT_PANELS) rc__pack_tokens(in->xt, x, B, w->cols);
#if RC__Q_I8GEMM
    else if (in->act_kind >= RC__INPUT_PANELS_GGML)
        rc__q_pack_panels(in->act_kind - RC__INPUT_PANELS_GGML, (unsigned char *)in->xt, x, B, w->cols, w->gs);
#endif
    else if (in->act_kind == RC__INPUT_INT16) rc__quantize(in->xq, in->xs, x, B, w->cols, w->gs);
    else if (in->act_kind >= RC__INPUT_GGML) {
        size_t stride = (size_t)rc__q_act_bytes((uint32_t)w->type, w->cols);
        for (int b = 0; b < B; b++)
            rc__q_quantize_act((uint32_t)w->type, x + (size_t)b * w->cols, in->act + (size_t)b * stride, w->cols);
    }
}

/* A tile's loop in vectors V of W floats, for rows i < nr: acc[i][0] += the products with
   tokens [0, W) from xt, and with np == 2 acc[i][1] += those with tokens [W, 2W) from xt + lp
   (8 lanes: the same panel's upper half; 16 lanes: the next panel), for k < n in order. Every
   float of the vectors is read, used or not. */
#define RC__GEMM_TILE_LOOP(V, acc, nr, np)                                                        \
    for (int k = 0; k < n; k++) {                                                                 \
        V x[2];                                                                                   \
        for (int j = 0; j < (np); j++) /* unaligned loads */                                      \
            memcpy(&x[j], xt + (size_t)j * lp + (size_t)k * ldx, sizeof x[j]);                   \
        for (int i = 0; i < (nr); i++) {                                                          \
            float wi = w[(size_t)i * ldw + k]; /* broadcast */                                    \
            for (int j = 0; j < (np); j++) acc[i][j] += x[j] * wi;                                \
        }                                                                                         \
    }

/* rc__gemm's kernel (and batched attention's): tile[RC_GEMM_TR][RC_GEMM_TT] (+)= the tile's
   rows w[i * ldw + k] times the tokens xt[k * ldx + t] for t < RC_GEMM_TT / 2 and xt[k * ldx + lp
   + t - RC_GEMM_TT / 2] above (t < RC_GEMM_TT / 2 when half), k < n; first: from 0, else on top
   of the tile, so a sum taken a chunk of columns at a time is the sum taken at once. With
   AVX-512, 12 rows x two panels of 16 tokens: 24 accumulators of 16 lanes, 14 loads per 24
   multiply-adds, 94% of the FMA peak when its operands are in L1 (Xeon; 6 rows: 86%). Otherwise
   6 rows x one panel in 8 lanes, the accumulators the 16 registers of AVX2 allow. A batch's last
   tile takes half when its tokens fit: 16-token batches ran 30% slower without it. */
#if defined(__GNUC__)
#define RC__GEMM_KERNEL(np)                                                                       \
    do {                                                                                          \
        rc__vec acc[RC_GEMM_TR][2];                                                               \
        for (int i = 0; i < RC_GEMM_TR; i++)                                                      \
            for (int j = 0; j < (np); j++)                                                        \
                if (first) acc[i][j] = (rc__vec){0};                                              \
                else memcpy(&acc[i][j], tile + (i * 2 + j) * RC_GEMM_TT / 2, sizeof acc[i][j]);   \
        RC__GEMM_TILE_LOOP(rc__vec, acc, RC_GEMM_TR, np);                                         \
        for (int i = 0; i < RC_GEMM_TR; i++)                                                      \
            for (int j = 0; j < (np); j++) memcpy(tile + (i * 2 + j) * RC_GEMM_TT / 2, &acc[i][j], sizeof acc[i][j]); \
    } while (0)
#endif
#if defined(__clang__) && RC_GEMM_TT == 32
__attribute__((min_vector_width(512))) /* else clang splits the 16-lane vectors into halves and spills */
#endif
static void rc__gemm_kernel(float *tile, const float *xt, size_t ldx, size_t lp, const float *w, size_t ldw, int n,
                            int first, int half) {
#if defined(__GNUC__)
#if RC_GEMM_TT == 32
    typedef float rc__vec __attribute__((vector_size(64)));
#else
    typedef rc__f32x8 rc__vec;
#endif
    if (half) RC__GEMM_KERNEL(1);
    else RC__GEMM_KERNEL(2);
#else
    const int nt = half ? RC_GEMM_TT / 2 : RC_GEMM_TT;
    for (int i = 0; i < RC_GEMM_TR; i++)
        for (int t = 0; t < nt; t++) {
            const float *x = xt + (size_t)(t / (RC_GEMM_TT / 2)) * lp + t % (RC_GEMM_TT / 2);
            float sum = first ? 0.0f : tile[i * RC_GEMM_TT + t];
            for (int k = 0; k < n; k++) sum += w[(size_t)i * ldw + k] * x[(size_t)k * ldx];
            tile[i * RC_GEMM_TT + t] = sum;
        }
#endif
}

/* A batch of up to RC_GEMM_FEW tokens reuses a block's chunk too few times to pay for its short
   runs of each row: rc__gemm gives it blocks of one tile and chunks as many times longer (2048
   columns with AVX-512; TinyLlama F16, 16-token prompt: 47 -> 59 tok/s, equal at 96 and 128). */
#define RC_GEMM_FEW 128

/* out[B, rows] = x[B, cols] @ W^T, i.e. out[b][r] = W[r] . x[b], for a batch of RC_GEMM_MIN
   tokens or more, with `in` prepared from x by rc__batch_prepare. Each thread takes a contiguous
   share of the row tiles, RC_GEMM_MC rows (a block) at a time, and meets the whole batch with a
   block RC_GEMM_KC columns at a time: a tile's token chunk (32 KB) then stays in L1 while every
   row tile of the block passes it, and the block's chunk (96 KB) in L2 while every token tile
   does. Sums run over all columns in order, as in one pass (rc__gemm_kernel), and go to the
   thread's accumulators (MC x B floats), which are written to out at the end of a block. The rows
   are read in place when they are f32 and fill whole tiles; otherwise a chunk is dequantized (or
   copied) into the thread's buffer, zero rows completing the last tile. Against one pass over all
   the columns per tile (Xeon, 1 thread, 512 tokens): 2048 x 2048 105-117 -> 132-143 GFLOP/s,
   2048 x 5632 80 -> 140-147, whose token panels had overflowed L2. 512-token prompts, 2 threads:
   TinyLlama F16 85-89 -> 116-122 tok/s, f32 74-87 -> 113-118; Llama-3.2-1B F16 68-71 -> 117-121.
   With RC__Q_W16, GGUF Q8_0 rows and RCLM q8_0 rows (from rc__q_gemm_i8, `in` packed in int16
   pairs: q8_0 blocks, or generation's int16 groups) take the same blocks in int16: a chunk's
   rows widened once, tiles of rc__q_tile_w16. */
static void rc__gemm(float *out, const rc__Batch *in, const rc_Matrix *w, int B) {
    const int rows = w->rows, n = w->cols, row_tiles = (rows + RC_GEMM_TR - 1) / RC_GEMM_TR;
    const int tok_tiles = (B + RC_GEMM_TT - 1) / RC_GEMM_TT, few = B <= RC_GEMM_FEW;
    const int block = few ? 1 : RC_GEMM_MC / RC_GEMM_TR, kmax = few ? RC_GEMM_MC * RC_GEMM_KC / RC_GEMM_TR : RC_GEMM_KC;
    const size_t lp = RC_GEMM_TT == 2 * RC_GT ? (size_t)n * RC_GT : RC_GT / 2; /* the tile's second half */
#pragma omp parallel num_threads(in->n_threads)
    {
        int t = 0, nt = 1;
#ifdef _OPENMP
        t = omp_get_thread_num(), nt = omp_get_num_threads();
#endif
        float *buf = in->wbuf + (size_t)t * RC_GEMM_WBUF(n), *acc = buf + (size_t)RC_GEMM_MC * RC_GEMM_KC;
#if RC__Q_W16 /* q8_0 rows in int16: values in buf's first half, block scales in its second */
        const int w16 = in->act_kind >= RC__INPUT_PANELS_GGML; /* only rc__q_gemm_i8 sends such (q8_0) */
        float *sc = buf + (size_t)RC_GEMM_MC * RC_GEMM_KC / 2;
#endif
        const int first = row_tiles * t / nt, last = row_tiles * (t + 1) / nt;
        for (int b0 = first; b0 < last; b0 += block) {
            const int b1 = last - b0 < block ? last : b0 + block, r0 = b0 * RC_GEMM_TR;
            const int nr = (rows < b1 * RC_GEMM_TR ? rows : b1 * RC_GEMM_TR) - r0, padded = (b1 - b0) * RC_GEMM_TR;
            for (int k0 = 0; k0 < n; k0 += kmax) {
                const int kc = n - k0 < kmax ? n - k0 : kmax;
                const float *wr = buf;
                size_t ldw = (size_t)kmax;
#if RC__Q_W16
                if (w16) {
                    const int bl = w->q ? w->gs : 32; /* RCLM groups, GGUF Q8_0 blocks */
                    rc__q_chunk_w16((int16_t *)buf, sc, ldw, w, bl, r0, nr, padded, k0, kc);
                    for (int tt = 0; tt < tok_tiles; tt++)
                        for (int rt = 0; rt < b1 - b0; rt++)
                            rc__q_tile_w16(acc + ((size_t)rt * tok_tiles + tt) * RC_GEMM_TR * RC_GEMM_TT, in, n, tt, k0,
                                           (const int16_t *)buf + (size_t)rt * RC_GEMM_TR * ldw,
                                           sc + (size_t)rt * RC_GEMM_TR * (ldw / bl), ldw, kc, bl, k0 == 0);
                    continue;
                }
#endif
                if (w->f && nr == padded) {
                    wr = w->f + (size_t)r0 * n + k0, ldw = (size_t)n;
                } else {
                    for (int i = 0; i < nr; i++) rc__matrix_span(buf + (size_t)i * kmax, w, r0 + i, k0, kc);
                    memset(buf + (size_t)nr * kmax, 0, sizeof(float) * (size_t)(padded - nr) * kmax);
                }
                for (int tt = 0; tt < tok_tiles; tt++) {
                    const int half = B - tt * RC_GEMM_TT <= RC_GEMM_TT / 2;
                    for (int rt = 0; rt < b1 - b0; rt++)
                        rc__gemm_kernel(acc + ((size_t)rt * tok_tiles + tt) * RC_GEMM_TR * RC_GEMM_TT,
                                        in->xt + (size_t)tt * RC_GEMM_TT * n + (size_t)k0 * RC_GT, RC_GT, lp,
                                        wr + (size_t)rt * RC_GEMM_TR * ldw, ldw, kc, k0 == 0, half);
                }
            }
            for (int rt = 0; rt < b1 - b0; rt++) /* each tile's real rows and tokens into out */
                for (int tt = 0; tt < tok_tiles; tt++) {
                    const float *tile = acc + ((size_t)rt * tok_tiles + tt) * RC_GEMM_TR * RC_GEMM_TT;
                    const int ni = nr - rt * RC_GEMM_TR < RC_GEMM_TR ? nr - rt * RC_GEMM_TR : RC_GEMM_TR;
                    const int nj = B - tt * RC_GEMM_TT < RC_GEMM_TT ? B - tt * RC_GEMM_TT : RC_GEMM_TT;
                    for (int j = 0; j < nj; j++) {
                        float *o = out + (size_t)(tt * RC_GEMM_TT + j) * rows + r0 + rt * RC_GEMM_TR;
                        for (int i = 0; i < ni; i++) o[i] = tile[i * RC_GEMM_TT + j];
                    }
                }
        }
    }
}

/* Bytes of one weight row as it streams from memory (q8_0: with its scales). */
static uint64_t rc__row_bytes(const rc_Matrix *w) {
    if (w->g) return w->row_bytes;
    if (w->f) return (uint64_t)w->cols * 4;
    return (uint64_t)w->cols + (uint64_t)(w->cols + w->gs - 1) / w->gs * 4;
}

/* 1 where rc__matvec takes RC_STREAMS rows of w through one kernel loop: f32 rows, GGUF rows
   (rc__q_rows_fused) and, with AVX2, RCLM q8_0 rows in whole groups of a multiple of 16. */
static int rc__rows_fused(const rc_Matrix *w) {
    if (w->f) return 1;
#ifdef __AVX2__
    if (w->q) return w->gs % 16 == 0 && w->cols % w->gs == 0;
#endif
    return w->g && rc__q_rows_fused((uint32_t)w->type);
}

/* Matrix-vector work is split into units, one per row. The units of rc__matvec's matrices count
   on from one matrix to the next (global unit g); first[i] is matrix i's first, base[i] the byte
   where it starts when the matrices' bytes are laid end to end. */
#define RC_MV_MAX 3 /* matrices per rc__matvec: q, k and v */
#define RC_MV_SHARE 65536 /* bytes: rc__matvec's smallest share of work */
#define RC_MV_ROWS 8 /* rows of each run per rc__units_run call */
typedef struct {
    const rc_Matrix *const *w;
    int n_w;
    uint64_t first[RC_MV_MAX + 1], base[RC_MV_MAX + 1], ub[RC_MV_MAX]; /* ub: bytes per unit */
    size_t stride[RC_MV_MAX]; /* GGUF rows: bytes of one token's activation blocks in `in->act` */
} rc__Units;

/* The first unit that starts at or after byte b. */
static uint64_t rc__unit_at(const rc__Units *u, uint64_t b) {
    for (int i = 0; i < u->n_w; i++)
        if (b <= u->base[i + 1]) return u->first[i] + (b <= u->base[i] ? 0 : (b - u->base[i] + u->ub[i] - 1) / u->ub[i]);
    return u->first[u->n_w];
}

/* Runs j < n <= RC_STREAMS of k units each for the B tokens: run j's units are rows g[j] ..
   g[j] + k of matrix mi[j] (global units), out[mi[j]][b, rows]. When all n are rows of GGUF
   matrices of one type, they go through rc__q_vec_dot_rows together (one token: all k rows of
   each run in one call); f32 rows through rc__rows_f32, RCLM q8_0 rows of one width (AVX2)
   through rc__rows_q8n. With more tokens, each row goes through all of them while it is in cache. */
static void rc__units_run(const rc__Units *u, const uint64_t *g, const int *mi, int n, int k, float *const *out,
                          const float *x, const rc__Batch *in, int B) {
    const rc_Matrix *m = u->w[mi[0]];
    size_t r0[RC_STREAMS]; /* each run's first row in its matrix */
    int same = 1;
    for (int j = 0; j < n; j++) {
        r0[j] = (size_t)(g[j] - u->first[mi[j]]);
        same &= u->w[mi[j]]->g != NULL && u->w[mi[j]]->type == m->type;
    }
    if (m->f) { /* f32 rows take no prepared input (RC__INPUT_NONE), so rc__matmul groups them
                   only with f32 rows: all n are, of one width */
        const int cols = m->cols;
        for (int i = 0; i < k; i++) {
            const float *wr[RC_STREAMS];
            for (int j = 0; j < n; j++) wr[j] = u->w[mi[j]]->f + (r0[j] + (size_t)i) * (size_t)cols;
            for (int b = 0; b < B; b++) {
                float o[RC_STREAMS];
                if (n == RC_STREAMS) rc__rows_f32(o, x + (size_t)b * cols, wr, cols, RC_STREAMS);
                else rc__rows_f32(o, x + (size_t)b * cols, wr, cols, n);
                for (int j = 0; j < n; j++) out[mi[j]][(size_t)b * u->w[mi[j]]->rows + r0[j] + (size_t)i] = o[j];
            }
        }
        return;
    }
#ifdef __AVX2__
    int same_q8 = 1; /* one input, so one width; one group size per file */
    for (int j = 0; j < n; j++) same_q8 &= u->w[mi[j]]->q && rc__rows_fused(u->w[mi[j]]);
    if (same_q8) { /* RCLM q8_0 rows of one width: the same int16 activations */
        const size_t groups = (size_t)(m->cols / m->gs);
        for (int i = 0; i < k; i++) {
            const int8_t *wq[RC_STREAMS];
            const float *ws[RC_STREAMS];
            for (int j = 0; j < n; j++)
                wq[j] = u->w[mi[j]]->q + (r0[j] + (size_t)i) * (size_t)m->cols,
                ws[j] = u->w[mi[j]]->s + (r0[j] + (size_t)i) * groups;
            for (int b = 0; b < B; b++) {
                const int16_t *xq = in->xq + (size_t)b * m->cols;
                const float *xs = in->xs + (size_t)b * groups;
                float o[RC_STREAMS];
                if (n == RC_STREAMS && m->gs == 32) rc__rows_q8n(xq, xs, wq, ws, RC_STREAMS, m->cols, 32, o);
                else if (n == RC_STREAMS && m->gs == 64) rc__rows_q8n(xq, xs, wq, ws, RC_STREAMS, m->cols, 64, o);
                else rc__rows_q8n(xq, xs, wq, ws, n, m->cols, m->gs, o);
                for (int j = 0; j < n; j++) out[mi[j]][(size_t)b * u->w[mi[j]]->rows + r0[j] + (size_t)i] = o[j];
            }
        }
        return;
    }
#endif
    const unsigned char *rows[RC_STREAMS];
    for (int j = 0; j < n; j++) rows[j] = u->w[mi[j]]->g ? u->w[mi[j]]->g + r0[j] * u->w[mi[j]]->row_bytes : NULL;
    if (same) { /* the same type and width, so the same activation blocks */
        const int kb = B == 1 ? k : 1; /* rows per run in one call */
        for (int i = 0; i < k; i += kb) {
            const unsigned char *ri[RC_STREAMS];
            for (int j = 0; j < n; j++) ri[j] = rows[j] + (size_t)i * m->row_bytes;
            for (int b = 0; b < B; b++) {
                float *o[RC_STREAMS];
                for (int j = 0; j < n; j++) o[j] = out[mi[j]] + (size_t)b * u->w[mi[j]]->rows + r0[j] + (size_t)i;
                rc__q_vec_dot_rows((uint32_t)m->type, ri, n, kb, in->act + b * u->stride[mi[0]], m->cols, o);
            }
        }
        return;
    }
    for (int j = 0; j < n; j++) {
        const rc_Matrix *w = u->w[mi[j]];
        for (int i = 0; i < k; i++)
            for (int b = 0; b < B; b++) {
                if (w->g)
                    out[mi[j]][(size_t)b * w->rows + r0[j] + (size_t)i] = rc__q_vec_dot(
                        (uint32_t)w->type, rows[j] + (size_t)i * w->row_bytes, in->act + b * u->stride[mi[j]], w->cols);
                else
                    rc__rows(out[mi[j]], in->xq, in->xs, w, (int)(r0[j] + (size_t)i), b);
            }
    }
}

/* out[i][B, w[i]->rows] = x[B, cols] @ W[i]^T for n_w <= RC_MV_MAX matrices sharing the input
   `in`, a small batch (token-by-token generation): row dot products, where the weights stream
   from memory once and arithmetic is not the limit. One parallel region for all n_w (q, k and v;
   w1 and w3), whose weight bytes the threads take in shares as they go: 1 / (2 x threads) of the
   bytes left (at least RC_MV_SHARE) at a time, so shares shrink towards the end and no thread
   waits long at the barrier, whatever the rows cost (a q4_K_M file mixes q4_K and q6_K) or
   however fast each core runs. Equal fixed shares left one thread waiting 7-20% of a token on a
   noisy 2-core Zen 3 host (stories110M, TinyLlama; its cores' speeds vary independently), these
   1-3%: 2 threads, medians of 9 interleaved whole runs, TinyLlama q8_0 23.7 -> 25.5 tok/s,
   Llama-3.2-1B Q4_K_M 29.6 -> 33.0, stories110M Q8_0 205 -> 227. A thread reads its share as
   runs of whole units in address order, up to RC_MV_ROWS units of each run in turn in one
   rc__units_run call (one kernel call for a token): short rows cost little more per byte than
   long ones. One unit of each run per call spent a fifth of a 768-column q4_K or q8_0 row's time
   on the call (one thread, in L2, Zen 3: 33.6 -> 27.0 cycles per q4_K block, q8_0 5.2 -> 4.3;
   2048 columns 28.1 -> 26.5); stories110M Q4_K_M generation 296 -> 358 tok/s on 2 threads, 173
   -> 190 on one, GGUF Q8_0 on one 127 -> 151, TinyLlama Q4_K_M 40.6 -> 44.3 (medians of 5-7
   interleaved whole runs). More runs keep more of a
   core's memory requests in flight: f32 rows and, with AVX2, GGUF rows of a quantized type, F16
   and BF16 and RCLM q8_0 rows take RC_STREAMS (4) runs, whose current rows go through one kernel
   loop together (rc__rows_f32, rc__q_vec_dot_rows, rc__rows_q8n: each activation block loaded
   once for the four), other rows 2. On the Xeon, 2 runs one row at a time
   against 1 made stories110M Q8_0 generate 1.22x as fast and TinyLlama 1.06x; 4 runs one row at
   a time were slower than 2 on TinyLlama (our q8_0 24.3 -> 22.1 tok/s), 4 runs through one loop
   faster than 2 (stories110M Q8_0 229-240 -> 265-292, one thread 12.0-12.4 -> 13.1-13.2 on
   TinyLlama; interleaved whole runs), and f32 tiles of 4 rows (then one run) slowed by 4% with 2.
   On Zen 3, RCLM q8_0
   rows through one loop (with the software prefetch; before it, 4-row tiles had run 1.1-1.5x
   slower) against 2 runs one row at a time: TinyLlama one thread 13.8 -> 15.8 tok/s, stories110M
   two threads 159 -> 197 (medians of 5 interleaved whole runs); GGUF F16, two threads,
   TinyLlama 13.9 -> 15.2, stories110M 100 -> 131. */
static void rc__matvec(float *const *out, const float *x, const rc__Batch *in, const rc_Matrix *const *w, int n_w,
                       int B) {
    rc__Units u = {.w = w, .n_w = n_w};
    for (int i = 0; i < n_w; i++) {
        u.ub[i] = rc__row_bytes(w[i]);
        u.first[i + 1] = u.first[i] + (uint64_t)w[i]->rows;
        u.base[i + 1] = u.base[i] + (uint64_t)w[i]->rows * u.ub[i];
        u.stride[i] = w[i]->g ? (size_t)rc__q_act_bytes((uint32_t)w[i]->type, w[i]->cols) : 0;
    }
    const uint64_t total = u.base[n_w];
    int runs = RC_STREAMS;
    for (int i = 0; i < n_w && runs == RC_STREAMS; i++)
        if (!rc__rows_fused(w[i])) runs = 2;
    uint64_t taken = 0; /* bytes handed out so far */
#pragma omp parallel
    {
#ifdef _OPENMP
        const uint64_t nt = (uint64_t)omp_get_num_threads();
#else
        const uint64_t nt = 1;
#endif
        /* the smallest share: less on many threads, so that a small matrix still has work for each */
        const uint64_t least = total / (4 * nt) < RC_MV_SHARE ? total / (4 * nt) + 1 : RC_MV_SHARE;
        for (;;) {
            uint64_t lo, hi; /* this thread's next share [lo, hi) of the bytes: the units that start in it */
#ifdef _OPENMP
#pragma omp critical(rc__matvec_share)
#endif
            {
                const uint64_t left = total - taken, half = left / (2 * nt), want = half > least ? half : least;
                lo = taken, hi = taken = want < left ? taken + want : total;
            }
            if (lo == hi) break;
            uint64_t next[RC_STREAMS], end[RC_STREAMS]; /* the share's runs */
            for (int r = 0; r < runs; r++) {
                next[r] = rc__unit_at(&u, lo + (hi - lo) / (uint64_t)runs * (uint64_t)r);
                end[r] = rc__unit_at(&u, r + 1 < runs ? lo + (hi - lo) / (uint64_t)runs * (uint64_t)(r + 1) : hi);
            }
            for (;;) { /* k units of each run that has some left, each run's in one matrix */
                uint64_t g[RC_STREAMS], k = RC_MV_ROWS;
                int mi[RC_STREAMS], n = 0;
                for (int r = 0; r < runs; r++) {
                    if (next[r] == end[r]) continue;
                    int i = 0;
                    while (next[r] >= u.first[i + 1]) i++;
                    const uint64_t stop = end[r] < u.first[i + 1] ? end[r] : u.first[i + 1];
                    if (stop - next[r] < k) k = stop - next[r];
                    g[n] = next[r], mi[n++] = i;
                }
                if (n == 0) break;
                for (int r = 0; r < runs; r++)
                    if (next[r] < end[r]) next[r] += k;
                rc__units_run(&u, g, mi, n, (int)k, out, x, in, B);
            }
        }
    }
}

/* Prepares x once for all the matrices that take it the same way (a GGUF file may mix types),
   then multiplies: consecutive matrices with the same input in one rc__matvec. */
static void rc__matmul(rc__Batch *in, const float *x, int B, int n_w, const rc_Matrix *const *w, float *const *out) {
    for (int i = 0, k; i < n_w; i = k) {
        rc__batch_prepare(in, x, B, w[i]);
        for (k = i + 1; k < n_w && k - i < RC_MV_MAX && rc__input_kind(w[k], B) == in->act_kind; k++) {}
        if (B >= RC_GEMM_MIN)
            for (int j = i; j < k; j++) {
#if RC__Q_I8GEMM
                if (in->act_kind >= RC__INPUT_PANELS_GGML) {
                    rc__q_gemm_i8(out[j], in, w[j], B);
                    continue;
                }
#endif
                rc__gemm(out[j], in, w[j], B);
            }
        else
            rc__matvec(out + i, x, in, w + i, k - i, B);
    }
}

/* rc__attention for batches. First the layer's keys and values from the window's first key on
   are laid out per KV head in f32, in s->kv_panels: keys in panels of RC_GEMM_TT ([head_dim,
   RC_GEMM_TT] each, as the GEMM tile reads a batch), values [keys, head_dim]. Then RC_GEMM_TR
   queries of one head at a time go through the GEMM tile twice, as its rows: scores[queries,
   n_keys] = Q K^T with the keys as the tile's lanes, a softmax per query over the keys up to its
   own position (later keys get weight 0), and out = scores V with the head's dimensions as
   lanes. The keys as the tile's rows, read in place, needed a transposed store of every tile's
   scores; the layout, made once per layer, also serves all of a KV head's query heads, and
   converts an f16/bf16 cache once instead of once per query panel. */
static void rc__attention_tiled(const rc_Config *c, rc_State *s, int l, int B, int pos) {
    const int hd = c->head_dim, q_dim = c->n_heads * hd, kv_dim = c->n_kv_heads * hd, TT = RC_GEMM_TT;
    const int group = c->n_heads / c->n_kv_heads, items = (B + RC_GEMM_TR - 1) / RC_GEMM_TR;
    const float scale = 1.0f / sqrtf((float)hd);
    const int lo0 = rc__window_start(c, pos + 1), n_all = pos + B - lo0; /* keys lo0.. serve every query */
    const int blocks = (n_all + TT - 1) / TT;
    const size_t head = RC_ATT_LDK((size_t)n_all) * hd, layer = ((size_t)l * s->ctx + (size_t)lo0) * kv_dim;
    float *keys = s->kv_panels, *values = s->kv_panels + (size_t)c->n_kv_heads * head; /* [kv_heads, head] each */
#pragma omp parallel num_threads(s->n_threads)
    {
#ifdef _OPENMP
        float *att = s->att + (size_t)omp_get_thread_num() * rc__att_slice(s); /* [RC_GT, ctx] */
#else
        float *att = s->att;
#endif
        float *qs = att + (size_t)RC_GT * s->ctx; /* [RC_GEMM_TR, hd] the item's queries, or [TT, hd] keys */
#pragma omp for collapse(2) schedule(static)
        for (int kb = 0; kb < blocks; kb++) /* whole rows of the cache, one after another */
            for (int g = 0; g < c->n_kv_heads; g++) { /* keys kb * TT.. of KV head g: a panel [hd, TT] */
                float *kp = keys + (size_t)g * head + (size_t)kb * hd * TT, *v = values + (size_t)g * head;
                const int t0 = kb * TT, nt = n_all - t0 < TT ? n_all - t0 : TT;
                const float *k[RC_GEMM_TT]; /* the keys' rows, in f32 */
                for (int j = 0; j < nt; j++) {
                    size_t at = layer + (size_t)(t0 + j) * kv_dim + (size_t)g * hd;
                    float *vj = v + (size_t)(t0 + j) * hd; /* an f16/bf16 row converts into place */
                    const float *vr = rc__kv_row(s, s->value_cache, at, (size_t)hd, vj);
                    k[j] = rc__kv_row(s, s->key_cache, at, (size_t)hd, qs + (size_t)j * hd);
                    if (vr != vj) memcpy(vj, vr, sizeof(float) * hd);
                }
                for (int d = 0; d < hd; d++) /* the keys transposed (lanes past the last key: unused) */
                    for (int j = 0; j < nt; j++) kp[(size_t)d * TT + j] = k[j][d];
            }
#pragma omp for collapse(2) schedule(dynamic, 1)
        for (int h = 0; h < c->n_heads; h++)
            for (int it = 0; it < items; it++) {
                const int b0 = it * RC_GEMM_TR, nb = B - b0 < RC_GEMM_TR ? B - b0 : RC_GEMM_TR, n_keys = pos + b0 + nb;
                const int lo = rc__window_start(c, pos + b0 + 1) - lo0, nk = n_keys - lo0 - lo; /* keys lo.. of the panels */
                const float *kp = keys + (size_t)(h / group) * head;                     /* [blocks, hd, TT] */
                const float *vals = values + (size_t)(h / group) * head + (size_t)lo * hd; /* [nk, hd] */
                const float *q = s->q + (size_t)b0 * q_dim + (size_t)h * hd;
                float *out = s->xb + (size_t)b0 * q_dim + (size_t)h * hd;
                for (int j = 0; j < nb; j++) /* (the batch's last item: the tiles' rows past nb are unused) */
                    for (int i = 0; i < hd; i++) qs[(size_t)j * hd + i] = q[(size_t)j * q_dim + i] * scale;
                /* scores = Q K^T, in tiles of the panels from the one that holds key lo: att[j, t - lo] */
                for (int t0 = lo / TT * TT; t0 < lo + nk; t0 += TT) {
                    float tile[RC_GEMM_TR * RC_GEMM_TT];
                    rc__gemm_kernel(tile, kp + (size_t)t0 * hd, TT, TT / 2, qs, (size_t)hd, hd, 1, 0);
                    const int c0 = t0 > lo ? t0 : lo, c1 = t0 + TT < lo + nk ? t0 + TT : lo + nk;
                    for (int j = 0; j < nb; j++)
                        memcpy(att + (size_t)j * s->ctx + (c0 - lo), tile + j * TT + (c0 - t0), sizeof(float) * (c1 - c0));
                }
                float sum[RC_GEMM_TR]; /* softmax's divisors, applied to P V's rows */
                for (int j = 0; j < nb; j++) {
                    /* causal: query j sees positions first..pos+b0+j */
                    int n_pos = pos + b0 + j + 1, first = rc__window_start(c, n_pos);
                    float *row = att + (size_t)j * s->ctx; /* row[t - lo0 - lo]: key position t */
                    memset(row, 0, (size_t)(first - lo0 - lo) * sizeof(float));
                    sum[j] = rc__softmax_exp(row + (first - lo0 - lo), n_pos - first);
                    memset(row + (n_pos - lo0 - lo), 0, (size_t)(n_keys - n_pos) * sizeof(float));
                }
                /* out = P V / sum: RC_GEMM_TR queries x RC_GEMM_TT of the head's lanes per tile (the last,
                   half a tile where they fit, may read lanes past the head's: they are dropped) */
                for (int d0 = 0; d0 < hd; d0 += TT) {
                    float tile[RC_GEMM_TR * RC_GEMM_TT];
                    const int n = hd - d0 < TT ? hd - d0 : TT;
                    rc__gemm_kernel(tile, vals + d0, (size_t)hd, TT / 2, att, (size_t)s->ctx, nk, 1, n <= TT / 2);
                    for (int j = 0; j < nb; j++)
                        for (int i = 0; i < n; i++) out[(size_t)j * q_dim + d0 + i] = tile[j * TT + i] / sum[j];
                }
            }
    }
}

/* ---- A2. GGUF block types: ggml's type table, dequantization, activation quantization and
   fused dot products ---------------------------------------------------------------------------

   Dequantization of one row is bit-exact with ggml's dequantize_row_* and its f16/bf16
   conversions. For decode, the activation vector is quantized once per matmul input (to q8_0,
   q8_1 or q8_K, as llama.cpp does), then each weight row is walked block by block. The plain-C
   dot products add in exactly the float order of ggml's generic ggml_vec_dot_*; the AVX2 ones
   (compiled when __AVX2__, __FMA__ and __F16C__ are all defined and RC_NO_SIMD is not) and the
   NEON ones (AArch64 with __ARM_FEATURE_DOTPROD) agree with them within float rounding. Block
   layouts are read byte by byte from the (untrusted, possibly unaligned) mapping; quantized
   activations use ggml's own block layouts.
   -------------------------------------------------------------------------------------------- */

/* The plain-C dequantizers and dot products must round every product, as ggml's own build
   does; a build with -ffp-contract=fast would otherwise fuse `d * q - m` into one FMA. */
#if defined(__clang__)
#define RC__Q_NOCONTRACT _Pragma("clang fp contract(off)")
#define RC__Q_NOCONTRACT_FN
#elif defined(__GNUC__)
#define RC__Q_NOCONTRACT
#define RC__Q_NOCONTRACT_FN __attribute__((optimize("fp-contract=off")))
#else
#define RC__Q_NOCONTRACT
#define RC__Q_NOCONTRACT_FN
#endif

#if defined(__GNUC__)
#define RC__Q_INLINE static inline __attribute__((always_inline))
#else
#define RC__Q_INLINE static inline
#endif

/* ---- ggml type table -------------------------------------------------------------------- */

enum {
    RC__GGML_F32 = 0, RC__GGML_F16 = 1, RC__GGML_Q4_0 = 2, RC__GGML_Q4_1 = 3, RC__GGML_Q5_0 = 6,
    RC__GGML_Q5_1 = 7, RC__GGML_Q8_0 = 8, RC__GGML_Q8_1 = 9, RC__GGML_Q2_K = 10, RC__GGML_Q3_K = 11,
    RC__GGML_Q4_K = 12, RC__GGML_Q5_K = 13, RC__GGML_Q6_K = 14, RC__GGML_Q8_K = 15,
    RC__GGML_BF16 = 30, RC__GGML_TYPE_COUNT = 43
};

typedef struct {
    const char *name;
    uint32_t blck;      /* elements per block; 0: id removed from ggml (no layout) */
    uint32_t size;      /* bytes per block */
    int supported;      /* 1: rc__gguf_dequant_row and rc__q_vec_dot handle it */
} rc__GgufType;

static const rc__GgufType rc__gguf_types[RC__GGML_TYPE_COUNT] = {
    [0] = {"f32", 1, 4, 1},        [1] = {"f16", 1, 2, 1},         [2] = {"q4_0", 32, 18, 1},
    [3] = {"q4_1", 32, 20, 1},     [4] = {"q4_2 (removed)", 0, 0, 0}, [5] = {"q4_3 (removed)", 0, 0, 0},
    [6] = {"q5_0", 32, 22, 1},     [7] = {"q5_1", 32, 24, 1},      [8] = {"q8_0", 32, 34, 1},
    [9] = {"q8_1", 32, 36, 0},     [10] = {"q2_K", 256, 84, 0},    [11] = {"q3_K", 256, 110, 0},
    [12] = {"q4_K", 256, 144, 1},  [13] = {"q5_K", 256, 176, 1},   [14] = {"q6_K", 256, 210, 1},
    [15] = {"q8_K", 256, 292, 0},  [16] = {"iq2_xxs", 256, 66, 0}, [17] = {"iq2_xs", 256, 74, 0},
    [18] = {"iq3_xxs", 256, 98, 0}, [19] = {"iq1_s", 256, 50, 0},  [20] = {"iq4_nl", 32, 18, 0},
    [21] = {"iq3_s", 256, 110, 0}, [22] = {"iq2_s", 256, 82, 0},   [23] = {"iq4_xs", 256, 136, 0},
    [24] = {"i8", 1, 1, 0},        [25] = {"i16", 1, 2, 0},        [26] = {"i32", 1, 4, 0},
    [27] = {"i64", 1, 8, 0},       [28] = {"f64", 1, 8, 0},        [29] = {"iq1_m", 256, 56, 0},
    [30] = {"bf16", 1, 2, 1},      [31] = {"q4_0_4_4 (removed)", 0, 0, 0},
    [32] = {"q4_0_4_8 (removed)", 0, 0, 0}, [33] = {"q4_0_8_8 (removed)", 0, 0, 0},
    [34] = {"tq1_0", 256, 54, 0},  [35] = {"tq2_0", 256, 66, 0},
    [36] = {"iq4_nl_4_4 (removed)", 0, 0, 0}, [37] = {"iq4_nl_4_8 (removed)", 0, 0, 0},
    [38] = {"iq4_nl_8_8 (removed)", 0, 0, 0}, [39] = {"mxfp4", 32, 17, 0},
    [40] = {"nvfp4", 64, 36, 0},   [41] = {"q1_0", 128, 18, 0},    [42] = {"q2_0", 64, 18, 0},
};

/* The table entry for a ggml type id, or NULL for ids ggml never defined. Removed ids have an
   entry with blck == 0. */
static const rc__GgufType *rc__gguf_type(uint32_t type) {
    return type < RC__GGML_TYPE_COUNT && rc__gguf_types[type].name ? &rc__gguf_types[type] : NULL;
}

/* A type's name for messages: "q4_K", or "unknown" for ids outside the table. */
static const char *rc__gguf_type_name(uint32_t type) {
    const rc__GgufType *t = rc__gguf_type(type);
    return t ? t->name : "unknown";
}

/* 1 when the kernels below handle `type`. */
static int rc__gguf_type_supported(uint32_t type) {
    const rc__GgufType *t = rc__gguf_type(type);
    return t && t->supported;
}

/* ---- f16 / bf16 scalars, as ggml converts them ------------------------------------------ */

static inline uint32_t rc__q_fbits(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}
static inline float rc__q_bitsf(uint32_t u) {
    float f;
    memcpy(&f, &u, 4);
    return f;
}

/* IEEE half -> float (exact for every finite value; NaNs quieted as ggml's formula does); with
   F16C the instruction, as ggml uses it on x86. */
static inline float rc__q_f16(uint16_t h) {
#if defined(__F16C__) && defined(__AVX2__)
    return _cvtsh_ss(h);
#else
    const uint32_t w = (uint32_t)h << 16, sign = w & 0x80000000u, two_w = w + w;
    const float normalized = rc__q_bitsf((two_w >> 4) + (0xE0u << 23)) * 0x1.0p-112f;
    const float denormalized = rc__q_bitsf((two_w >> 17) | (126u << 23)) - 0.5f;
    return rc__q_bitsf(sign | (two_w < (1u << 27) ? rc__q_fbits(denormalized) : rc__q_fbits(normalized)));
#endif
}

/* float -> IEEE half, round to nearest even (ggml_compute_fp32_to_fp16); with F16C the
   instruction (packing Q8_0 panels spent a fifth of its time in the formula). */
static inline uint16_t rc__q_to_f16(float f) {
#if defined(__F16C__) && defined(__AVX2__)
    return (uint16_t)_cvtss_sh(f, _MM_FROUND_TO_NEAREST_INT);
#else
    float base = (fabsf(f) * 0x1.0p+112f) * 0x1.0p-110f;
    const uint32_t w = rc__q_fbits(f), shl1_w = w + w, sign = w & 0x80000000u;
    uint32_t bias = shl1_w & 0xFF000000u;
    if (bias < 0x71000000u) bias = 0x71000000u;
    base = rc__q_bitsf((bias >> 1) + 0x07800000u) + base;
    const uint32_t bits = rc__q_fbits(base);
    const uint32_t nonsign = ((bits >> 13) & 0x7C00u) + (bits & 0x0FFFu);
    return (uint16_t)((sign >> 16) | (shl1_w > 0xFF000000u ? 0x7E00u : nonsign));
#endif
}

static inline float rc__q_bf16(uint16_t h) { return rc__q_bitsf((uint32_t)h << 16); }

/* float -> bf16, round to nearest even, NaN kept quiet (ggml_compute_fp32_to_bf16). */
static inline uint16_t rc__q_to_bf16(float f) {
    uint32_t u = rc__q_fbits(f);
    if ((u & 0x7FFFFFFFu) > 0x7F800000u) return (uint16_t)((u >> 16) | 64);
    return (uint16_t)((u + (0x7FFFu + ((u >> 16) & 1))) >> 16);
}

/* The KV cache's f16/bf16 rows (Part I declares these): F16C and AVX2 eight at a time where
   compiled, the scalar conversions above otherwise and for the tail. */
static void rc__kv_load(float *out, const void *cache, int kv_type, size_t at, size_t n) {
    const uint16_t *h = (const uint16_t *)cache + at;
    size_t i = 0;
#if RC__Q_AVX2
    for (; i + 8 <= n; i += 8) {
        __m128i x = _mm_loadu_si128((const __m128i *)(h + i));
        __m256 f = kv_type == RC_KV_F16 ? _mm256_cvtph_ps(x)
                                        : _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(x), 16));
        _mm256_storeu_ps(out + i, f);
    }
#endif
    for (; i < n; i++) out[i] = kv_type == RC_KV_F16 ? rc__q_f16(h[i]) : rc__q_bf16(h[i]);
}

static void rc__kv_store(void *cache, int kv_type, size_t at, const float *in, size_t n) {
    uint16_t *h = (uint16_t *)cache + at;
    size_t i = 0;
#if RC__Q_AVX2
    if (kv_type == RC_KV_F16)
        for (; i + 8 <= n; i += 8)
            _mm_storeu_si128((__m128i *)(h + i), _mm256_cvtps_ph(_mm256_loadu_ps(in + i), _MM_FROUND_TO_NEAREST_INT));
#endif
    for (; i < n; i++) h[i] = kv_type == RC_KV_F16 ? rc__q_to_f16(in[i]) : rc__q_to_bf16(in[i]);
}

/* rc__attention's loops (Part I) for one token, four positions at a time: no row converted into
   a buffer first (keys and values convert in registers), four positions' products with a query
   head reduced to their four scores together, and each output vector loaded and stored once per
   four values added (in Part I's order, t after t). Positions run first..n_keys-1 of the span of
   KV heads g0.. (seg elements) at cache element `at` + t kv_dim; query head h0 + j reads KV head
   (h0 + j) / group. Part I's loops spent ~155 cycles per position and head (stories110M, 200
   positions, the cache in L3: f32 and f16 alike), these 2.2-2.5x less with f16; from memory the
   gain is smaller. Whole runs, 2 threads, Zen 3, medians of 5 interleaved rounds (tok/s): after
   a 512-token prompt, stories110M Q8_0 with the f32 cache 126.2 -> 138.8; after 1536 tokens
   78.3 -> 84.7; TinyLlama Q4_K_M (f32 cache, 512) and the f16 cache within the host's noise. */
#if RC__Q_AVX2
RC__Q_INLINE __m256 rc__kv8(const void *cache, int kv_type, size_t at) { /* 8 elements as floats */
    if (kv_type == RC_KV_F32) return _mm256_loadu_ps((const float *)cache + at);
    const __m128i h = _mm_loadu_si128((const __m128i *)((const uint16_t *)cache + at));
    return kv_type == RC_KV_F16 ? _mm256_cvtph_ps(h) : _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
}
RC__Q_INLINE void rc__attn_pass4(const rc_State *s, int kv_type, int pass, size_t at, size_t seg, int first,
                                 int n_keys, const float *q, float scale, float *att, int h0, int g0, int n, float *out) {
    const rc_Config *c = &s->model->config;
    const int hd = c->head_dim, group = c->n_heads / c->n_kv_heads;
    const size_t kv_dim = (size_t)c->n_kv_heads * hd;
    const void *cache = pass ? s->value_cache : s->key_cache;
    const int ahead = rc__kv_ahead(s, seg);
    for (int t = first; t < n_keys; t += 4) {
        const int nt = n_keys - t < 4 ? n_keys - t : 4;
        size_t row[4]; /* the four positions' rows; past the last, the last again */
        for (int p = 0; p < 4; p++) row[p] = at + (size_t)(p < nt ? t + p : n_keys - 1) * kv_dim;
        for (int p = 0; p < nt; p++)
            if (t + p + ahead < n_keys) rc__kv_prefetch(s, cache, row[p] + (size_t)ahead * kv_dim, seg);
        for (int j = 0; j < n; j++) {
            const size_t kh = (size_t)((h0 + j) / group - g0) * hd; /* query head h0 + j's KV head in the span */
            float *a = att + (size_t)j * s->ctx + t - first;
            if (pass == 0) {
                __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
                for (int i = 0; i < hd; i += 8) {
                    const __m256 qv = _mm256_loadu_ps(q + (size_t)j * hd + i);
                    for (int p = 0; p < 4; p++) acc[p] = _mm256_fmadd_ps(qv, rc__kv8(cache, kv_type, row[p] + kh + i), acc[p]);
                }
                /* lanes of acc[0..3] summed into one vector of the four scores */
                const __m256 h = _mm256_hadd_ps(_mm256_hadd_ps(acc[0], acc[1]), _mm256_hadd_ps(acc[2], acc[3]));
                float sc[4];
                _mm_storeu_ps(sc, _mm_mul_ps(_mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1)), _mm_set1_ps(scale)));
                for (int p = 0; p < nt; p++) a[p] = sc[p];
            } else {
                float *o = out + (size_t)j * hd;
                for (int i = 0; i < hd; i += 8) {
                    __m256 acc = _mm256_loadu_ps(o + i);
                    for (int p = 0; p < nt; p++) acc = _mm256_fmadd_ps(_mm256_set1_ps(a[p]), rc__kv8(cache, kv_type, row[p] + kh + i), acc);
                    _mm256_storeu_ps(o + i, acc);
                }
            }
        }
    }
}
#endif
static int rc__attn_pass(const rc_State *s, int pass, size_t at, size_t seg, int first, int n_keys, const float *q,
                         float scale, float *att, int h0, int g0, int n, float *out) {
#if RC__Q_AVX2
    if (s->model->config.head_dim % 8) return 0;
#define RC__ATTN(kv) rc__attn_pass4(s, kv, pass, at, seg, first, n_keys, q, scale, att, h0, g0, n, out)
    if (s->kv_type == RC_KV_F32) RC__ATTN(RC_KV_F32); /* one copy per cache type, its loads fixed */
    else if (s->kv_type == RC_KV_F16) RC__ATTN(RC_KV_F16);
    else RC__ATTN(RC_KV_BF16);
#undef RC__ATTN
    return 1;
#else
    (void)s, (void)pass, (void)at, (void)seg, (void)first, (void)n_keys, (void)q, (void)scale, (void)att, (void)h0, (void)g0, (void)n, (void)out;
    return 0;
#endif
}

/* Little-endian loads from unaligned bytes. */
static inline uint16_t rc__q_u16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint64_t rc__q_u64(const unsigned char *p) {
    return (uint64_t)rc__u32(p) | (uint64_t)rc__u32(p + 4) << 32;
}
static inline float rc__q_h(const unsigned char *p) { return rc__q_f16(rc__q_u16(p)); }

/* ---- block unpacking shared by dequantization and the plain-C dot products --------------- */

/* Quantized activation blocks, in ggml's layouts (block_q8_0, block_q8_1, block_q8_K). */
typedef struct {
    uint16_t d;          /* f16 scale */
    int8_t qs[32];
} rc__qBlock8_0;
typedef struct {
    uint16_t d, s;       /* f16 scale, f16 d * sum(qs) */
    int8_t qs[32];
} rc__qBlock8_1;
typedef struct {
    float d;
    int8_t qs[256];
    int16_t bsums[16];   /* sums of qs in groups of 16 */
} rc__qBlock8_K;

/* The 32 integer values of one q4_0 / q4_1 / q5_0 / q5_1 / q8_0 block at b: signed for q4_0
   (-8..7), q5_0 (-16..15) and q8_0, unsigned (0..31) for q4_1 and q5_1, whose offset is the block
   minimum m. *d and *m are the block's f16 scale and minimum. */
RC__Q_INLINE void rc__q_unpack32(int type, const unsigned char *b, int8_t v[32], float *d, float *m) {
    *d = rc__q_h(b);
    *m = 0;
    if (type == RC__GGML_Q8_0) {
        memcpy(v, b + 2, 32);
        return;
    }
    int has_m = type == RC__GGML_Q4_1 || type == RC__GGML_Q5_1;
    int five = type == RC__GGML_Q5_0 || type == RC__GGML_Q5_1;
    const unsigned char *p = b + 2 + 2 * has_m;
    uint32_t qh = 0;
    if (five) {
        qh = rc__u32(p);
        p += 4;
    }
    if (has_m) *m = rc__q_h(b + 2);
    int off = has_m ? 0 : (five ? 16 : 8);
    for (int j = 0; j < 16; j++) {
        int lo = p[j] & 0x0F, hi = p[j] >> 4;
        if (five) {
            lo |= (int)((qh >> j) << 4) & 0x10;
            hi |= (int)(qh >> (j + 12)) & 0x10;
        }
        v[j] = (int8_t)(lo - off);
        v[j + 16] = (int8_t)(hi - off);
    }
}

/* The eight 6-bit sub-block scales and minimums of a q4_K / q5_K block from its 12 packed bytes,
   as bytes j = 0..7 of *sc and *mn (the same values as ggml's get_scale_min_k4(j)). */
static inline void rc__q_k4_scales(const unsigned char *q, uint64_t *sc, uint64_t *mn) {
    uint32_t u0 = rc__u32(q), u1 = rc__u32(q + 4), u2 = rc__u32(q + 8);
    *sc = (uint64_t)(u0 & 0x3f3f3f3fu) | (uint64_t)((u2 & 0x0f0f0f0fu) | (((u0 >> 6) & 0x03030303u) << 4)) << 32;
    *mn = (uint64_t)(u1 & 0x3f3f3f3fu) | (uint64_t)(((u2 >> 4) & 0x0f0f0f0fu) | (((u1 >> 6) & 0x03030303u) << 4)) << 32;
}

/* Scales of one q4_K / q5_K / q6_K super-block at b: sc16[g] multiplies the 16 values of group
   g; mn16[g] * bsums[g] is what the dot product subtracts for group g (q4_K/q5_K: the 6-bit
   minimum, times dmin; q6_K: 32 * scale, times d, undoing the -32 offset of its unsigned
   values); *d and *dm are the float factors of the two. */
RC__Q_INLINE void rc__q_scalesK(int type, const unsigned char *b, int16_t sc16[16], int16_t mn16[16],
                                float *d, float *dm) {
    if (type == RC__GGML_Q6_K) {
        const int8_t *sc = (const int8_t *)(b + 192);
        for (int g = 0; g < 16; g++) {
            sc16[g] = sc[g];
            mn16[g] = (int16_t)(32 * sc[g]);
        }
        *d = *dm = rc__q_h(b + 208);
        return;
    }
    *d = rc__q_h(b);
    *dm = rc__q_h(b + 2);
    uint64_t sc, mn;
    rc__q_k4_scales(b + 4, &sc, &mn);
    for (int j = 0; j < 8; j++) {
        sc16[2 * j] = sc16[2 * j + 1] = (int16_t)(sc >> 8 * j & 0xFF);
        mn16[2 * j] = mn16[2 * j + 1] = (int16_t)(mn >> 8 * j & 0xFF);
    }
}

/* The 256 values of one q4_K (0..15), q5_K (0..31) or q6_K (-32..31, offset removed) block. */
RC__Q_INLINE void rc__q_unpackK(int type, const unsigned char *b, int8_t a[256]) {
    if (type == RC__GGML_Q6_K) {
        const unsigned char *ql = b, *qh = b + 128;
        for (int n = 0; n < 2; n++, a += 128, ql += 64, qh += 32)
            for (int l = 0; l < 32; l++) {
                a[l + 0] = (int8_t)(((ql[l + 0] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32);
                a[l + 32] = (int8_t)(((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32);
                a[l + 64] = (int8_t)(((ql[l + 0] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32);
                a[l + 96] = (int8_t)(((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32);
            }
        return;
    }
    int five = type == RC__GGML_Q5_K;
    const unsigned char *qh = b + 16, *q = b + 16 + 32 * five;
    for (int j = 0; j < 4; j++, q += 32, a += 64)
        for (int l = 0; l < 32; l++) {
            a[l] = (int8_t)((q[l] & 0xF) | (five * (qh[l] >> (2 * j) & 1) << 4));
            a[l + 32] = (int8_t)((q[l] >> 4) | (five * (qh[l] >> (2 * j + 1) & 1) << 4));
        }
}

/* ---- dequantization ---------------------------------------------------------------------- */

#if RC__Q_AVX2
RC__Q_INLINE __m256i rc__q_load32_avx2(int type, const unsigned char *b); /* A2, AVX2 dot products */
#endif
/* Dequantizes n elements (a whole number of blocks) of `type` from src to dst, bit-exact with
   ggml's dequantize_row_* (and its f16 / bf16 conversions). Returns 0, or -1 when the type is
   not supported or n is not a multiple of its block size. */
static RC__Q_NOCONTRACT_FN int rc__gguf_dequant_row(int type, const void *src, float *dst, int64_t n) {
    RC__Q_NOCONTRACT
    const unsigned char *x = src;
    if (type < 0 || !rc__gguf_type_supported((uint32_t)type) || n < 0 || n % rc__gguf_types[type].blck)
        return -1;
    const int64_t bs = rc__gguf_types[type].size, nb = n / rc__gguf_types[type].blck;
    switch (type) {
    case RC__GGML_F32: if (n) memcpy(dst, x, (size_t)n * 4); return 0;
    case RC__GGML_F16: {
        int64_t i = 0;
#if RC__Q_AVX2 /* F16C converts exactly, as ggml does on x86: 1/8 of a TinyLlama F16 prefill */
        for (; i + 8 <= n; i += 8) _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(x + 2 * i))));
#endif
        for (; i < n; i++) dst[i] = rc__q_h(x + 2 * i);
        return 0;
    }
    case RC__GGML_BF16: for (int64_t i = 0; i < n; i++) dst[i] = rc__q_bf16(rc__q_u16(x + 2 * i)); return 0;
    case RC__GGML_Q4_0: case RC__GGML_Q5_0: case RC__GGML_Q8_0: case RC__GGML_Q4_1: case RC__GGML_Q5_1:
#if RC__Q_AVX2 /* the same products, 8 at a time: the scalar loop took 4% of a q8_0 prefill on Zen 3 */
    {
        const int m = type == RC__GGML_Q4_1 || type == RC__GGML_Q5_1;
        const __m256i off = _mm256_set1_epi32(type == RC__GGML_Q4_0 ? 8 : type == RC__GGML_Q5_0 ? 16 : 0);
        for (int64_t i = 0; i < nb; i++, x += bs, dst += 32) {
            const __m256i q = rc__q_load32_avx2(type, x);
            const __m256 d = _mm256_set1_ps(rc__q_h(x)), mv = _mm256_set1_ps(m ? rc__q_h(x + 2) : 0.0f);
            for (int j = 0; j < 4; j++) {
                const __m128i h = j < 2 ? _mm256_castsi256_si128(q) : _mm256_extracti128_si256(q, 1), b = j & 1 ? _mm_srli_si128(h, 8) : h;
                const __m256i v = type == RC__GGML_Q8_0 ? _mm256_cvtepi8_epi32(b) : _mm256_sub_epi32(_mm256_cvtepu8_epi32(b), off);
                __m256 f = _mm256_mul_ps(_mm256_cvtepi32_ps(v), d);
                if (m) f = _mm256_add_ps(f, mv); /* not contracted: RC__Q_NOCONTRACT_FN */
                _mm256_storeu_ps(dst + 8 * j, f);
            }
        }
        return 0;
    }
#endif
        for (int64_t i = 0; i < nb; i++, x += bs, dst += 32) {
            int8_t v[32];
            float d, m;
            rc__q_unpack32(type, x, v, &d, &m);
            if (type == RC__GGML_Q4_1 || type == RC__GGML_Q5_1)
                for (int j = 0; j < 32; j++) dst[j] = v[j] * d + m;
            else
                for (int j = 0; j < 32; j++) dst[j] = v[j] * d;
        }
        return 0;
    default: /* q4_K, q5_K, q6_K */
        for (int64_t i = 0; i < nb; i++, x += bs, dst += 256) {
            int8_t a[256];
            int16_t sc[16], mn[16];
            float d, dm;
            rc__q_unpackK(type, x, a);
            rc__q_scalesK(type, x, sc, mn, &d, &dm);
            if (type == RC__GGML_Q6_K) {
                for (int g = 0; g < 16; g++) { /* (d * scale) * value, ggml's order, 16 at a time */
                    const float ds = d * (float)sc[g];
                    for (int l = 0; l < 16; l++) dst[16 * g + l] = ds * a[16 * g + l];
                }
            } else {
                for (int s = 0; s < 8; s++) {
                    const float d1 = d * sc[2 * s], m1 = dm * mn[2 * s];
                    for (int l = 0; l < 32; l++) dst[32 * s + l] = d1 * a[32 * s + l] - m1;
                }
            }
        }
        return 0;
    }
}

/* ---- activation quantization, as llama.cpp's CPU backend does it on x86 -----------------------
   q8_0 and q8_1 as its AVX quantize_row_q8_0 / q8_1 (x * (127 / amax), rounded half to even),
   q8_K as quantize_row_q8_K_ref, so greedy ids follow llama.cpp's on the same file. */

/* max |x[j]| over a block of 32, in independent lanes so that it vectorises (as a serial chain
   it was three quarters of packing a batch for the int8 GEMM) */
static inline float rc__q_amax32(const float *x) {
    float lane[8] = {0}, amax = 0;
#if RC__Q_AVX2 /* maxps(a, b) is a > b ? a : b, lane by lane: the loop below, which GCC left scalar */
    __m256 m = _mm256_setzero_ps();
    for (int j = 0; j < 32; j += 8) m = _mm256_max_ps(m, _mm256_andnot_ps(_mm256_set1_ps(-0.0f), _mm256_loadu_ps(x + j)));
    _mm256_storeu_ps(lane, m);
#else
    for (int j = 0; j < 32; j += 8)
        for (int k = 0; k < 8; k++) lane[k] = lane[k] > fabsf(x[j + k]) ? lane[k] : fabsf(x[j + k]);
#endif
    for (int k = 0; k < 8; k++) amax = amax > lane[k] ? amax : lane[k];
    return amax;
}

static void rc__q_quantize8_0(const float *x, rc__qBlock8_0 *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++, x += 32) {
        const float amax = rc__q_amax32(x);
        const float d = amax / 127, id = amax != 0.0f ? 127.0f / amax : 0.0f;
        y[i].d = rc__q_to_f16(d);
        for (int j = 0; j < 32; j++) y[i].qs[j] = (int8_t)rintf(x[j] * id);
    }
}

static void rc__q_quantize8_1(const float *x, rc__qBlock8_1 *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++, x += 32) {
        const float amax = rc__q_amax32(x);
        const float d = amax / 127, id = amax != 0.0f ? 127.0f / amax : 0.0f;
        int sum = 0;
        y[i].d = rc__q_to_f16(d);
        for (int j = 0; j < 32; j++) sum += y[i].qs[j] = (int8_t)rintf(x[j] * id);
        y[i].s = rc__q_to_f16(sum * d);
    }
}

static void rc__q_quantize8_K(const float *x, rc__qBlock8_K *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++, x += 256) {
        float amax = 0, max = 0, a[8];
        for (int j = 0; j < 8; j++) {
            a[j] = rc__q_amax32(x + 32 * j);
            amax = amax > a[j] ? amax : a[j];
        }
        int from = 0; /* the first value of that magnitude, as ggml picks it, is in the first run of
                         32 that holds it: searching from 0 took a fifth of packing a q8_K panel */
        while (from < 224 && a[from / 32] != amax) from += 32;
        for (int j = from; j < 256 && amax; j++)
            if (fabsf(x[j]) == amax) {
                max = x[j];
                break;
            }
        if (!amax) {
            memset(&y[i], 0, sizeof y[i]);
            continue;
        }
        const float iscale = -127.f / max;
        for (int j = 0; j < 256; j++) {
            float t = iscale * x[j] + 12582912.f;  /* round half to even, as ggml's nearest_int */
            int32_t bits;
            memcpy(&bits, &t, 4);
            int v = (bits & 0x007fffff) - 0x00400000;
            y[i].qs[j] = (int8_t)(v < 127 ? v : 127);
        }
        for (int g = 0; g < 16; g++) {
            int sum = 0;
            for (int k = 0; k < 16; k++) sum += y[i].qs[16 * g + k];
            y[i].bsums[g] = (int16_t)sum;
        }
        y[i].d = 1 / iscale;
    }
}

/* The activation format that rows of `wtype` are multiplied with: RC__GGML_Q8_0 (q4_0, q5_0,
   q8_0), RC__GGML_Q8_1 (q4_1, q5_1), RC__GGML_Q8_K (q4_K, q5_K, q6_K) or RC__GGML_F32 (f32,
   f16, bf16); -1 for unsupported types. */
static int rc__q_act_type(uint32_t wtype) {
    switch (wtype) {
    case RC__GGML_F32: case RC__GGML_F16: case RC__GGML_BF16: return RC__GGML_F32;
    case RC__GGML_Q4_0: case RC__GGML_Q5_0: case RC__GGML_Q8_0: return RC__GGML_Q8_0;
    case RC__GGML_Q4_1: case RC__GGML_Q5_1: return RC__GGML_Q8_1;
    case RC__GGML_Q4_K: case RC__GGML_Q5_K: case RC__GGML_Q6_K: return RC__GGML_Q8_K;
    default: return -1;
    }
}

/* Bytes that rc__q_quantize_act writes for n activations against rows of `wtype` (n a multiple
   of the type's block size); 0 for unsupported types. */
static uint64_t rc__q_act_bytes(uint32_t wtype, int64_t n) {
    int at = rc__q_act_type(wtype);
    return at < 0 || n < 0 ? 0 : (uint64_t)n / rc__gguf_types[at].blck * rc__gguf_types[at].size;
}

/* Quantizes the activations x[n] once for dot products with rows of `wtype` (f32 rows: a copy).
   act must hold rc__q_act_bytes(wtype, n) bytes, aligned for float. Returns 0, or -1 when the
   type is unsupported or n is not a multiple of its block size. */
static int rc__q_quantize_act(uint32_t wtype, const float *x, void *act, int64_t n) {
    int at = rc__q_act_type(wtype);
    if (at < 0 || n < 0 || n % rc__gguf_types[wtype].blck) return -1;
    switch (at) {
    case RC__GGML_F32: if (n) memcpy(act, x, (size_t)n * 4); return 0;
    case RC__GGML_Q8_0: rc__q_quantize8_0(x, act, n / 32); return 0;
    case RC__GGML_Q8_1: rc__q_quantize8_1(x, act, n / 32); return 0;
    default: rc__q_quantize8_K(x, act, n / 256); return 0;
    }
}

/* ---- plain-C dot products: ggml's generic ggml_vec_dot_*, same float order ----------------- */

/* One row of 32-element blocks against q8_0 / q8_1 activations. */
RC__Q_INLINE float rc__q_dot32_c(int type, const unsigned char *x, const void *act, int64_t nb) {
    RC__Q_NOCONTRACT
    const int64_t bs = rc__gguf_types[type].size;
    const int q81 = type == RC__GGML_Q4_1 || type == RC__GGML_Q5_1;
    float sumf = 0;
    for (int64_t i = 0; i < nb; i++, x += bs) {
        const int8_t *yq = q81 ? ((const rc__qBlock8_1 *)act)[i].qs : ((const rc__qBlock8_0 *)act)[i].qs;
        const float dy = rc__q_f16(q81 ? ((const rc__qBlock8_1 *)act)[i].d : ((const rc__qBlock8_0 *)act)[i].d);
        int8_t v[32];
        float dx, mx;
        rc__q_unpack32(type, x, v, &dx, &mx);
        int sumi0 = 0, sumi1 = 0;
        for (int j = 0; j < 16; j++) {
            sumi0 += v[j] * yq[j];
            sumi1 += v[j + 16] * yq[j + 16];
        }
        const int sumi = sumi0 + sumi1;
        if (type == RC__GGML_Q4_0) sumf += sumi * dx * dy;
        else if (type == RC__GGML_Q8_0) sumf += sumi * (dx * dy);
        else if (type == RC__GGML_Q5_0) sumf += (dx * dy) * sumi;
        else sumf += (dx * dy) * sumi + mx * rc__q_f16(((const rc__qBlock8_1 *)act)[i].s);
    }
    return sumf;
}

/* One row of q4_K / q5_K / q6_K super-blocks against q8_K activations: 8 float lanes of
   d * (integer lane sums), as ggml's generic kernels. */
RC__Q_INLINE float rc__q_dotK_c(int type, const unsigned char *x, const rc__qBlock8_K *y, int64_t nb) {
    RC__Q_NOCONTRACT
    const int64_t bs = rc__gguf_types[type].size;
    float sums[8] = {0}, sumf = 0;
    for (int64_t i = 0; i < nb; i++, x += bs) {
        int8_t a[256];
        int16_t sc[16], mn[16];
        float d, dm;
        rc__q_unpackK(type, x, a);
        rc__q_scalesK(type, x, sc, mn, &d, &dm);
        int32_t aux32[8] = {0};
        for (int g = 0; g < 16; g++)
            for (int k = 0; k < 16; k++) aux32[k % 8] += sc[g] * (y[i].qs[16 * g + k] * a[16 * g + k]);
        const float dd = d * y[i].d;
        for (int l = 0; l < 8; l++) sums[l] += dd * aux32[l];
        if (type != RC__GGML_Q6_K) {
            int sumi = 0;
            for (int g = 0; g < 16; g++) sumi += y[i].bsums[g] * mn[g];
            sumf -= dm * y[i].d * sumi;
        }
    }
    for (int l = 0; l < 8; l++) sumf += sums[l];
    return sumf;
}

/* Element i of an f32 / f16 / bf16 row, as a float. */
static inline float rc__q_float_at(int type, const unsigned char *x, int64_t i) {
    return type == RC__GGML_F32 ? rc__q_bitsf(rc__u32(x + 4 * i))
         : type == RC__GGML_F16 ? rc__q_h(x + 2 * i) : rc__q_bf16(rc__q_u16(x + 2 * i));
}

/* f32 / f16 / bf16 row against f32 activations: float products summed in double, as ggml's
   scalar ggml_vec_dot_f32 does. */
RC__Q_INLINE float rc__q_dotf_c(int type, const unsigned char *x, const float *y, int64_t n) {
    RC__Q_NOCONTRACT
    double sum = 0;
    for (int64_t i = 0; i < n; i++) {
        sum += (double)(rc__q_float_at(type, x, i) * y[i]);
    }
    return (float)sum;
}

/* The body of rc__q_vec_dot_c, _avx2 and _neon: one call per supported type to that ISA's
   kernel, the type a constant so each call is specialised for it; `otherwise` for any other. */
#define RC__Q_DISPATCH(isa, otherwise)                                                           \
    const unsigned char *x = row;                                                                \
    switch (wtype) {                                                                             \
    case RC__GGML_F32: return rc__q_dotf_##isa(RC__GGML_F32, x, act, n);                         \
    case RC__GGML_F16: return rc__q_dotf_##isa(RC__GGML_F16, x, act, n);                         \
    case RC__GGML_BF16: return rc__q_dotf_##isa(RC__GGML_BF16, x, act, n);                       \
    case RC__GGML_Q4_0: return rc__q_dot32_##isa(RC__GGML_Q4_0, x, act, n / 32);                 \
    case RC__GGML_Q4_1: return rc__q_dot32_##isa(RC__GGML_Q4_1, x, act, n / 32);                 \
    case RC__GGML_Q5_0: return rc__q_dot32_##isa(RC__GGML_Q5_0, x, act, n / 32);                 \
    case RC__GGML_Q5_1: return rc__q_dot32_##isa(RC__GGML_Q5_1, x, act, n / 32);                 \
    case RC__GGML_Q8_0: return rc__q_dot32_##isa(RC__GGML_Q8_0, x, act, n / 32);                 \
    case RC__GGML_Q4_K: return rc__q_dotK_##isa(RC__GGML_Q4_K, x, act, n / 256);                 \
    case RC__GGML_Q5_K: return rc__q_dotK_##isa(RC__GGML_Q5_K, x, act, n / 256);                 \
    case RC__GGML_Q6_K: return rc__q_dotK_##isa(RC__GGML_Q6_K, x, act, n / 256);                 \
    default: return otherwise;                                                                   \
    }

/* Dot product of one row of n weights of `wtype` with activations from rc__q_quantize_act, in
   plain C (whatever the build). NAN for unsupported types; n must be a multiple of the block. */
static RC__Q_NOCONTRACT_FN float rc__q_vec_dot_c(uint32_t wtype, const void *row, const void *act, int64_t n) {
    RC__Q_DISPATCH(c, NAN)
}

/* ---- AVX2 dot products ------------------------------------------------------------------- */
#if RC__Q_AVX2

static inline float rc__q_hsum128(__m128 s) {
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}
static inline float rc__q_hsum_ps(__m256 v) {
    return rc__q_hsum128(_mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1)));
}

/* 16 bytes of nibbles -> 32 bytes: low nibbles first, then high nibbles (the bytes loaded into
   both halves, the upper half shifted: no cross-lane shuffle). */
static inline __m256i rc__q_nibbles(const unsigned char *p) {
    const __m256i t = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)p));
    return _mm256_and_si256(_mm256_srlv_epi32(t, _mm256_setr_epi32(0, 0, 0, 0, 4, 4, 4, 4)), _mm256_set1_epi8(0x0F));
}
/* 32 bits -> 32 bytes of 0x10 where the bit is set. */
static inline __m256i rc__q_bits16(uint32_t qh) {
    const __m256i shuf = _mm256_set_epi64x(0x0303030303030303, 0x0202020202020202,
                                           0x0101010101010101, 0x0000000000000000);
    const __m256i bit = _mm256_set1_epi64x((long long)0x8040201008040201ull);
    __m256i v = _mm256_and_si256(_mm256_shuffle_epi8(_mm256_set1_epi32((int)qh), shuf), bit);
    return _mm256_and_si256(_mm256_cmpeq_epi8(v, bit), _mm256_set1_epi8(0x10));
}

/* The 32 values of a 32-element block as bytes: q8_0 signed, the others unsigned (q4_0 and q5_0
   without their offsets of 8 and 16, which rc__q_dot32n_avx2 takes off through the activations). */
RC__Q_INLINE __m256i rc__q_load32_avx2(int type, const unsigned char *b) {
    switch (type) {
    case RC__GGML_Q8_0: return _mm256_loadu_si256((const __m256i *)(b + 2));
    case RC__GGML_Q4_0: return rc__q_nibbles(b + 2);
    case RC__GGML_Q4_1: return rc__q_nibbles(b + 4);
    case RC__GGML_Q5_0: return _mm256_or_si256(rc__q_nibbles(b + 6), rc__q_bits16(rc__u32(b + 2)));
    default: /* q5_1 */
        return _mm256_or_si256(rc__q_nibbles(b + 8), rc__q_bits16(rc__u32(b + 4)));
    }
}

/* R rows x[0..R) of 32-element blocks against the same q8_0 / q8_1 activations, into out[0..R):
   per block and row, the int8 products summed into 8 int32 lanes (RC__Q_DPBUSD), scaled into 8
   float lanes. Each row's sums are the same floats whatever R; a larger R loads each activation
   block once for all its rows and lets one core keep R streams of weights in flight. Weights go
   in unsigned: q4_0 / q5_0 without their offset, whose product with the block's activations
   (per lane, once for all R rows) starts the sums; q8_0 plus 128 likewise with VNNI (without
   it, maddubs pairs of 255 x 127 would saturate, so q8_0 takes the signs trick there). */
RC__Q_INLINE void rc__q_dot32n_avx2(int type, int R, const unsigned char *const *xs, const void *act, int64_t nb,
                                    float *out) {
    const int64_t bs = rc__gguf_types[type].size;
    const int q81 = type == RC__GGML_Q4_1 || type == RC__GGML_Q5_1;
    const int off = type == RC__GGML_Q4_0 ? 8 : type == RC__GGML_Q5_0 ? 16 : type == RC__GGML_Q8_0 && RC__Q_HAS_VNNI ? 128 : 0;
    const int shift = off == 8 ? 3 : off == 16 ? 4 : 7;
    __m256 acc[RC_STREAMS], other[RC_STREAMS]; /* per row: blocks alternate between two */
    float summ[RC_STREAMS];
    const unsigned char *x[RC_STREAMS];
    for (int r = 0; r < R; r++) acc[r] = other[r] = _mm256_setzero_ps(), summ[r] = 0, x[r] = xs[r];
    for (int64_t i = 0; i < nb; i++) {
        const int8_t *yq = q81 ? ((const rc__qBlock8_1 *)act)[i].qs : ((const rc__qBlock8_0 *)act)[i].qs;
        const float dy = _cvtsh_ss(q81 ? ((const rc__qBlock8_1 *)act)[i].d : ((const rc__qBlock8_0 *)act)[i].d);
        const __m256i yv = _mm256_loadu_si256((const __m256i *)yq);
        /* -offset x the activations, per int32 lane (the sums of its 4 values) */
        const __m256i start = off ? _mm256_sub_epi32(_mm256_setzero_si256(), _mm256_slli_epi32(RC__Q_DPBUSD(
                                        _mm256_setzero_si256(), _mm256_set1_epi8(1), yv), shift))
                                  : _mm256_setzero_si256();
        for (int r = 0; r < R; r++) {
            _mm_prefetch((const char *)x[r] + RC_AHEAD, _MM_HINT_T0);
            __m256i xv = rc__q_load32_avx2(type, x[r]), isum;
            if (type == RC__GGML_Q8_0 && !off) /* signed: |w| times y with w's sign */
                isum = RC__Q_DPBUSD(_mm256_setzero_si256(), _mm256_sign_epi8(xv, xv), _mm256_sign_epi8(yv, xv));
            else
                isum = RC__Q_DPBUSD(start, type == RC__GGML_Q8_0 ? _mm256_xor_si256(xv, _mm256_set1_epi8(-128)) : xv, yv);
            if (q81) summ[r] += _cvtsh_ss(rc__q_u16(x[r] + 2)) * _cvtsh_ss(((const rc__qBlock8_1 *)act)[i].s);
            __m256 s = _mm256_cvtepi32_ps(isum);
            acc[r] = _mm256_fmadd_ps(_mm256_set1_ps(_cvtsh_ss(rc__q_u16(x[r])) * dy), s, acc[r]);
            __m256 t = acc[r]; /* swapped, so blocks alternate between two chains: acc[i & 1] kept them */
            acc[r] = other[r], other[r] = t; /* on the stack, each block waiting for a store (2x slower) */
            x[r] += bs;
        }
    }
    for (int r = 0; r < R; r++) out[r] = rc__q_hsum_ps(_mm256_add_ps(acc[r], other[r])) + summ[r];
}
/* One row (rc__q_vec_dot) */
RC__Q_INLINE float rc__q_dot32_avx2(int type, const unsigned char *x, const void *act, int64_t nb) {
    float out;
    rc__q_dot32n_avx2(type, 1, &x, act, nb, &out);
    return out;
}

/* Adds chunk (32 unsigned values q, activations y32) to isum, weighted by two scales of scl (the
   same in both 128-bit lanes): entry lo for its first 16 values, hi for the last 16; entries are
   int16 (8 per lane), or with `bytes` unsigned bytes (8 per lane, each 64-bit half the same),
   widened by the shuffle itself. lo, hi and bytes are constants, so the pick is one in-lane
   shuffle. */
RC__Q_INLINE __m256i rc__q_kchunk(__m256i isum, __m256i q, const int8_t *y32, __m256i scl, int lo, int hi, int bytes) {
    const char zero = (char)0x80; /* a shuffle index with the top bit set gives 0 */
    const char a = (char)(bytes ? lo : 2 * lo), b = bytes ? zero : (char)(2 * lo + 1);
    const char c = (char)(bytes ? hi : 2 * hi), e = bytes ? zero : (char)(2 * hi + 1);
    const __m256i pick = _mm256_setr_epi8(a, b, a, b, a, b, a, b, a, b, a, b, a, b, a, b,
                                          c, e, c, e, c, e, c, e, c, e, c, e, c, e, c, e);
    __m256i p = _mm256_maddubs_epi16(q, _mm256_loadu_si256((const __m256i *)y32));
    return RC__Q_DPWSSD(isum, p, _mm256_shuffle_epi8(scl, pick));
}

/* R rows x[0..R) of q4_K / q5_K / q6_K super-blocks against the same q8_K activations, into
   out[0..R), as rc__q_dot32n_avx2 takes R rows: unsigned values (q6_K without its -32 offset) by
   maddubs into int16, times the group scales into int32 lanes (RC__Q_DPWSSD); the minimums (q6_K:
   the offset) come off through the activations' group sums, in vector lanes like the rest, so no
   block ends in a horizontal sum. */
RC__Q_INLINE void rc__q_dotKn_avx2(int type, int R, const unsigned char *const *xs, const rc__qBlock8_K *y, int64_t nb,
                                   float *out) {
    const int64_t bs = rc__gguf_types[type].size;
    const __m256i m4 = _mm256_set1_epi8(0x0F), m2 = _mm256_set1_epi8(3);
    __m256 acc[RC_STREAMS];
    __m128 accm[RC_STREAMS]; /* q4_K / q5_K: dmin * min * group sums, 4 lanes */
    const unsigned char *xr[RC_STREAMS];
    for (int r = 0; r < R; r++) acc[r] = _mm256_setzero_ps(), accm[r] = _mm_setzero_ps(), xr[r] = xs[r];
    for (int64_t i = 0; i < nb; i++) {
        const int8_t *q8 = y[i].qs;
        const __m256i bsums = _mm256_loadu_si256((const __m256i *)y[i].bsums);
        const __m128i pairs = _mm_hadd_epi16(_mm256_castsi256_si128(bsums), _mm256_extracti128_si256(bsums, 1));
        /* unrolled, the rows' sums and pointers stay in registers: q4_K rows 24.8 -> 28.1 GB/s
           in L2, q5_K 21.6 -> 24.1, q6_K 31.5 -> 33.3 (2048 columns; Xeon, one thread) */
#pragma GCC unroll 4
        for (int r = 0; r < R; r++) {
            const unsigned char *x = xr[r];
            xr[r] += bs;
            for (int k = 0; k < 4; k++) _mm_prefetch((const char *)x + RC_AHEAD + 64 * k, _MM_HINT_T0);
            __m256i isum = _mm256_setzero_si256();
            float d;
            if (type == RC__GGML_Q6_K) {
                d = _cvtsh_ss(rc__q_u16(x + 208)) * y[i].d;
                const __m256i sc16 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(x + 192)));
                const __m256i scl[2] = {_mm256_permute2x128_si256(sc16, sc16, 0x00),
                                        _mm256_permute2x128_si256(sc16, sc16, 0x11)};
                isum = _mm256_sub_epi32(isum, _mm256_slli_epi32(_mm256_madd_epi16(bsums, sc16), 5));
                for (int n = 0; n < 2; n++) {
                    const unsigned char *ql = x + 64 * n, *qh = x + 128 + 32 * n;
                    __m256i l0 = _mm256_loadu_si256((const __m256i *)ql);
                    __m256i l1 = _mm256_loadu_si256((const __m256i *)(ql + 32));
                    __m256i h = _mm256_loadu_si256((const __m256i *)qh);
                    __m256i c0 = _mm256_or_si256(_mm256_and_si256(l0, m4), _mm256_slli_epi16(_mm256_and_si256(h, m2), 4));
                    __m256i c1 = _mm256_or_si256(_mm256_and_si256(l1, m4),
                                                 _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 2), m2), 4));
                    __m256i c2 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l0, 4), m4),
                                                 _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 4), m2), 4));
                    __m256i c3 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l1, 4), m4),
                                                 _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 6), m2), 4));
                    isum = rc__q_kchunk(isum, c0, q8 + 128 * n, scl[n], 0, 1, 0); /* groups 8n .. 8n+7 */
                    isum = rc__q_kchunk(isum, c1, q8 + 128 * n + 32, scl[n], 2, 3, 0);
                    isum = rc__q_kchunk(isum, c2, q8 + 128 * n + 64, scl[n], 4, 5, 0);
                    isum = rc__q_kchunk(isum, c3, q8 + 128 * n + 96, scl[n], 6, 7, 0);
                }
            } else {
                /* the scales stay bytes (each chunk's shuffle widens them) and d and dmin convert
                   together: fewer shuffle-port instructions, q4_K rows 22.1 -> 22.8 GB/s in L2 (2048
                   columns 24.1 -> 25.5; Xeon, one thread) */
                uint64_t sc, mn;
                rc__q_k4_scales(x + 4, &sc, &mn);
                const __m128 dd = _mm_mul_ps(_mm_cvtph_ps(_mm_set1_epi32((int)rc__u32(x))), _mm_set1_ps(y[i].d));
                const __m128i m8 = _mm_cvtepu8_epi16(_mm_cvtsi64_si128((long long)mn));
                const __m256i scl = _mm256_set1_epi64x((long long)sc); /* one scale per 32-value sub-block */
                /* minimums: min of each sub-block times its two 16-group sums */
                accm[r] = _mm_fmadd_ps(_mm_movehdup_ps(dd), _mm_cvtepi32_ps(_mm_madd_epi16(pairs, m8)), accm[r]);
                const int five = type == RC__GGML_Q5_K;
                const unsigned char *q = x + 16 + 32 * five;
                const __m256i h = five ? _mm256_loadu_si256((const __m256i *)(x + 16)) : _mm256_setzero_si256();
                for (int j = 0; j < 4; j++) {
                    __m256i v = _mm256_loadu_si256((const __m256i *)(q + 32 * j));
                    __m256i lo = _mm256_and_si256(v, m4), hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), m4);
                    if (five) {
                        const __m256i b0 = _mm256_set1_epi8((char)(1 << (2 * j))), b1 = _mm256_set1_epi8((char)(2 << (2 * j)));
                        lo = _mm256_or_si256(lo, _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(h, b0), b0), _mm256_set1_epi8(16)));
                        hi = _mm256_or_si256(hi, _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(h, b1), b1), _mm256_set1_epi8(16)));
                    }
                    isum = rc__q_kchunk(isum, lo, q8 + 64 * j, scl, 2 * j, 2 * j, 1);
                    isum = rc__q_kchunk(isum, hi, q8 + 64 * j + 32, scl, 2 * j + 1, 2 * j + 1, 1);
                }
                d = _mm_cvtss_f32(dd); /* d * y.d */
            }
            acc[r] = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(isum), acc[r]);
        }
    }
    for (int r = 0; r < R; r++) out[r] = rc__q_hsum_ps(acc[r]) - rc__q_hsum128(accm[r]);
}
/* One row (rc__q_vec_dot) */
RC__Q_INLINE float rc__q_dotK_avx2(int type, const unsigned char *x, const rc__qBlock8_K *y, int64_t nb) {
    float out;
    rc__q_dotKn_avx2(type, 1, &x, y, nb, &out);
    return out;
}

/* 8 weights of an f32 / f16 / bf16 row as floats. */
RC__Q_INLINE __m256 rc__q_loadf_avx2(int type, const unsigned char *p) {
    if (type == RC__GGML_F32) return _mm256_loadu_ps((const float *)p);
    __m128i h = _mm_loadu_si128((const __m128i *)p);
    if (type == RC__GGML_F16) return _mm256_cvtph_ps(h);
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
}

/* f32 / f16 / bf16 rows xs[r] (r < R) against the same f32 activations, into out[r]: per row
   4 x 8 float lanes of FMAs, then the tail; each row's sum is the same float whatever R (F16
   and BF16 rows take RC_STREAMS at once in generation, as the quantized types do). */
RC__Q_INLINE void rc__q_dotfn_avx2(int type, int R, const unsigned char *const *xs, const float *y, int64_t n,
                                   float *out) {
    const int64_t es = type == RC__GGML_F32 ? 4 : 2;
    __m256 acc[RC_STREAMS][4];
    for (int r = 0; r < R; r++)
        for (int k = 0; k < 4; k++) acc[r][k] = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32)
        for (int r = 0; r < R; r++) {
            for (int b = 0; b < (int)es; b += 2) _mm_prefetch((const char *)xs[r] + i * es + 32 * b + RC_AHEAD, _MM_HINT_T0);
            for (int k = 0; k < 4; k++)
                acc[r][k] = _mm256_fmadd_ps(rc__q_loadf_avx2(type, xs[r] + (i + 8 * k) * es), _mm256_loadu_ps(y + i + 8 * k), acc[r][k]);
        }
    for (int r = 0; r < R; r++) {
        int64_t j = i;
        for (; j + 8 <= n; j += 8) acc[r][0] = _mm256_fmadd_ps(rc__q_loadf_avx2(type, xs[r] + j * es), _mm256_loadu_ps(y + j), acc[r][0]);
        float sum = rc__q_hsum_ps(_mm256_add_ps(_mm256_add_ps(acc[r][0], acc[r][1]), _mm256_add_ps(acc[r][2], acc[r][3])));
        for (; j < n; j++)
            sum += rc__q_float_at(type, xs[r], j) * y[j];
        out[r] = sum;
    }
}
/* One row (rc__q_vec_dot) */
RC__Q_INLINE float rc__q_dotf_avx2(int type, const unsigned char *x, const float *y, int64_t n) {
    float out;
    rc__q_dotfn_avx2(type, 1, &x, y, n, &out);
    return out;
}

/* As rc__q_vec_dot_c, with the AVX2 kernels. */
static float rc__q_vec_dot_avx2(uint32_t wtype, const void *row, const void *act, int64_t n) {
    RC__Q_DISPATCH(avx2, rc__q_vec_dot_c(wtype, row, act, n)) /* NAN: not a supported type */
}
#endif /* RC__Q_AVX2 */

/* ---- NEON dot products (AArch64 with the dot-product extension, e.g. -march=armv8.2-a+dotprod)
   The same sums as the AVX2 kernels, 4 lanes wide: vdotq_s32 adds four s8 x s8 products per
   int32 lane, so the unsigned K-quant values (at most 63) go in as signed bytes. ------------- */
#if RC__Q_NEON

/* 16 bits -> 16 bytes of 0x10 where the bit is set (the fifth bit of q5_0 / q5_1 values). */
static inline uint8x16_t rc__q_bits16_neon(uint32_t bits) {
    static const uint8_t bit[16] = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
    uint8x16_t b = vcombine_u8(vdup_n_u8((uint8_t)bits), vdup_n_u8((uint8_t)(bits >> 8)));
    return vandq_u8(vtstq_u8(b, vld1q_u8(bit)), vdupq_n_u8(0x10));
}

/* The 32 values of a 32-element block as two vectors of bytes, as rc__q_unpack32 gives them. */
RC__Q_INLINE void rc__q_load32_neon(int type, const unsigned char *b, int8x16_t v[2]) {
    if (type == RC__GGML_Q8_0) {
        v[0] = vreinterpretq_s8_u8(vld1q_u8(b + 2));
        v[1] = vreinterpretq_s8_u8(vld1q_u8(b + 18));
        return;
    }
    const int has_m = type == RC__GGML_Q4_1 || type == RC__GGML_Q5_1;
    const int five = type == RC__GGML_Q5_0 || type == RC__GGML_Q5_1;
    const uint8x16_t t = vld1q_u8(b + 2 + 2 * has_m + 4 * five);
    uint8x16_t lo = vandq_u8(t, vdupq_n_u8(0x0F)), hi = vshrq_n_u8(t, 4);
    if (five) {
        const uint32_t qh = rc__u32(b + 2 + 2 * has_m);
        lo = vorrq_u8(lo, rc__q_bits16_neon(qh));
        hi = vorrq_u8(hi, rc__q_bits16_neon(qh >> 16));
    }
    const int8x16_t off = vdupq_n_s8((int8_t)(has_m ? 0 : five ? 16 : 8));
    v[0] = vsubq_s8(vreinterpretq_s8_u8(lo), off);
    v[1] = vsubq_s8(vreinterpretq_s8_u8(hi), off);
}

/* One row of 32-element blocks against q8_0 / q8_1 activations: per block, two vdotq_s32 into
   4 int32 lanes, scaled into 4 float lanes. */
RC__Q_INLINE float rc__q_dot32_neon(int type, const unsigned char *x, const void *act, int64_t nb) {
    const int64_t bs = rc__gguf_types[type].size;
    const int q81 = type == RC__GGML_Q4_1 || type == RC__GGML_Q5_1;
    float32x4_t acc = vdupq_n_f32(0);
    float summ = 0;
    for (int64_t i = 0; i < nb; i++, x += bs) {
        const int8_t *yq = q81 ? ((const rc__qBlock8_1 *)act)[i].qs : ((const rc__qBlock8_0 *)act)[i].qs;
        const float dy = rc__q_f16(q81 ? ((const rc__qBlock8_1 *)act)[i].d : ((const rc__qBlock8_0 *)act)[i].d);
        __builtin_prefetch(x + RC_AHEAD);
        int8x16_t v[2];
        rc__q_load32_neon(type, x, v);
        int32x4_t isum = vdotq_s32(vdotq_s32(vdupq_n_s32(0), v[0], vld1q_s8(yq)), v[1], vld1q_s8(yq + 16));
        acc = vfmaq_n_f32(acc, vcvtq_f32_s32(isum), rc__q_h(x) * dy);
        if (q81) summ += rc__q_h(x + 2) * rc__q_f16(((const rc__qBlock8_1 *)act)[i].s);
    }
    return vaddvq_f32(acc) + summ;
}

/* isum + s * (the 16 values v . the 16 activations y), in 4 int32 lanes. */
RC__Q_INLINE int32x4_t rc__q_kgroup_neon(int32x4_t isum, uint8x16_t v, const int8_t *y, int s) {
    return vmlaq_n_s32(isum, vdotq_s32(vdupq_n_s32(0), vreinterpretq_s8_u8(v), vld1q_s8(y)), s);
}

/* One row of q4_K / q5_K / q6_K super-blocks against q8_K: the values unpacked 16 at a time, the
   group scales and minimums from rc__q_scalesK, the minimums (q6_K: its -32 offset) taken off
   through the activations' group sums. */
RC__Q_INLINE float rc__q_dotK_neon(int type, const unsigned char *x, const rc__qBlock8_K *y, int64_t nb) {
    const int64_t bs = rc__gguf_types[type].size;
    const uint8x16_t m4 = vdupq_n_u8(0x0F), m2 = vdupq_n_u8(3);
    float32x4_t acc = vdupq_n_f32(0), accm = vdupq_n_f32(0);
    for (int64_t i = 0; i < nb; i++, x += bs) {
        const int8_t *q8 = y[i].qs;
        for (int k = 0; k < 4; k++) __builtin_prefetch(x + RC_AHEAD + 64 * k);
        int16_t sc[16], mn[16];
        float d, dm;
        rc__q_scalesK(type, x, sc, mn, &d, &dm);
        const int16x8_t b0 = vld1q_s16(y[i].bsums), b1 = vld1q_s16(y[i].bsums + 8);
        const int16x8_t n0 = vld1q_s16(mn), n1 = vld1q_s16(mn + 8);
        int32x4_t m = vmull_s16(vget_low_s16(b0), vget_low_s16(n0)); /* sum_g bsums[g] * mn[g] */
        m = vmlal_high_s16(m, b0, n0);
        m = vmlal_s16(m, vget_low_s16(b1), vget_low_s16(n1));
        m = vmlal_high_s16(m, b1, n1);
        int32x4_t isum = vdupq_n_s32(0);
        if (type == RC__GGML_Q6_K) {
            isum = vnegq_s32(m); /* the offset, exact in the integer sums */
            for (int n = 0; n < 2; n++) {
                const unsigned char *ql = x + 64 * n, *qh = x + 128 + 32 * n;
                const int8_t *y8 = q8 + 128 * n;
                const int16_t *s = sc + 8 * n;
                for (int h = 0; h < 2; h++) { /* 16 of the 32 columns of ql / qh at a time */
                    uint8x16_t l0 = vld1q_u8(ql + 16 * h), l1 = vld1q_u8(ql + 32 + 16 * h), hb = vld1q_u8(qh + 16 * h);
                    uint8x16_t c0 = vorrq_u8(vandq_u8(l0, m4), vshlq_n_u8(vandq_u8(hb, m2), 4));
                    uint8x16_t c1 = vorrq_u8(vandq_u8(l1, m4), vshlq_n_u8(vandq_u8(vshrq_n_u8(hb, 2), m2), 4));
                    uint8x16_t c2 = vorrq_u8(vshrq_n_u8(l0, 4), vshlq_n_u8(vandq_u8(vshrq_n_u8(hb, 4), m2), 4));
                    uint8x16_t c3 = vorrq_u8(vshrq_n_u8(l1, 4), vshlq_n_u8(vshrq_n_u8(hb, 6), 4));
                    /* c0..c3 hold values 16h + (0, 32, 64, 96) + 0..15: groups h, 2 + h, 4 + h, 6 + h */
                    isum = rc__q_kgroup_neon(isum, c0, y8 + 16 * h, s[h]);
                    isum = rc__q_kgroup_neon(isum, c1, y8 + 32 + 16 * h, s[2 + h]);
                    isum = rc__q_kgroup_neon(isum, c2, y8 + 64 + 16 * h, s[4 + h]);
                    isum = rc__q_kgroup_neon(isum, c3, y8 + 96 + 16 * h, s[6 + h]);
                }
            }
        } else {
            accm = vfmaq_n_f32(accm, vcvtq_f32_s32(m), dm * y[i].d);
            const int five = type == RC__GGML_Q5_K;
            const unsigned char *q = x + 16 + 32 * five, *qh = x + 16;
            for (int j = 0; j < 4; j++) /* sub-blocks 2j (low nibbles) and 2j + 1 (high) */
                for (int h = 0; h < 2; h++) {
                    uint8x16_t v = vld1q_u8(q + 32 * j + 16 * h);
                    uint8x16_t lo = vandq_u8(v, m4), hi = vshrq_n_u8(v, 4);
                    if (five) {
                        uint8x16_t hb = vld1q_u8(qh + 16 * h);
                        lo = vorrq_u8(lo, vandq_u8(vtstq_u8(hb, vdupq_n_u8((uint8_t)(1 << 2 * j))), vdupq_n_u8(16)));
                        hi = vorrq_u8(hi, vandq_u8(vtstq_u8(hb, vdupq_n_u8((uint8_t)(2 << 2 * j))), vdupq_n_u8(16)));
                    }
                    isum = rc__q_kgroup_neon(isum, lo, q8 + 64 * j + 16 * h, sc[4 * j]);
                    isum = rc__q_kgroup_neon(isum, hi, q8 + 64 * j + 32 + 16 * h, sc[4 * j + 2]);
                }
        }
        acc = vfmaq_n_f32(acc, vcvtq_f32_s32(isum), d * y[i].d);
    }
    return vaddvq_f32(acc) - vaddvq_f32(accm);
}

/* 4 weights of an f32 / f16 / bf16 row as floats (any alignment). */
RC__Q_INLINE float32x4_t rc__q_loadf_neon(int type, const unsigned char *p) {
    if (type == RC__GGML_F32) return vreinterpretq_f32_u8(vld1q_u8(p));
    uint16x4_t h = vreinterpret_u16_u8(vld1_u8(p));
    if (type == RC__GGML_F16) return vcvt_f32_f16(vreinterpret_f16_u16(h));
    return vreinterpretq_f32_u32(vshll_n_u16(h, 16));
}

/* f32 / f16 / bf16 row against f32 activations: 4 x 4 float lanes of FMAs, then the tail. */
RC__Q_INLINE float rc__q_dotf_neon(int type, const unsigned char *x, const float *y, int64_t n) {
    const int64_t es = type == RC__GGML_F32 ? 4 : 2;
    float32x4_t acc[4] = {vdupq_n_f32(0), vdupq_n_f32(0), vdupq_n_f32(0), vdupq_n_f32(0)};
    int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        for (int k = 0; k < 4; k++)
            acc[k] = vfmaq_f32(acc[k], rc__q_loadf_neon(type, x + (i + 4 * k) * es), vld1q_f32(y + i + 4 * k));
    for (; i + 4 <= n; i += 4) acc[0] = vfmaq_f32(acc[0], rc__q_loadf_neon(type, x + i * es), vld1q_f32(y + i));
    float sum = vaddvq_f32(vaddq_f32(vaddq_f32(acc[0], acc[1]), vaddq_f32(acc[2], acc[3])));
    for (; i < n; i++)
        sum += rc__q_float_at(type, x, i) * y[i];
    return sum;
}

/* As rc__q_vec_dot_c, with the NEON kernels. */
static float rc__q_vec_dot_neon(uint32_t wtype, const void *row, const void *act, int64_t n) {
    RC__Q_DISPATCH(neon, rc__q_vec_dot_c(wtype, row, act, n))
}
#endif /* RC__Q_NEON */

/* Dot product of one row of n weights of `wtype` (in the mapping, any alignment) with the
   activations rc__q_quantize_act made for it: AVX2 or NEON when compiled in, else plain C. NAN
   for unsupported types; n must be a multiple of the type's block size. */
static inline float rc__q_vec_dot(uint32_t wtype, const void *row, const void *act, int64_t n) {
#if RC__Q_AVX2
    return rc__q_vec_dot_avx2(wtype, row, act, n);
#elif RC__Q_NEON
    return rc__q_vec_dot_neon(wtype, row, act, n);
#else
    return rc__q_vec_dot_c(wtype, row, act, n);
#endif
}

/* 1 where rc__q_vec_dot_rows takes RC_STREAMS rows of wtype through one loop: with AVX2, every
   quantized type (32-element blocks: rc__q_dot32n_avx2; K-quants: rc__q_dotKn_avx2) and F16 /
   BF16 (rc__q_dotfn_avx2; f32 rows stream faster without the prefetch it has). */
static int rc__q_rows_fused(uint32_t wtype) {
    const int act = rc__q_act_type(wtype); /* -1: not a type the kernels take */
    return RC__Q_AVX2 && act >= 0 && (act != RC__GGML_F32 || wtype == RC__GGML_F16 || wtype == RC__GGML_BF16);
}

/* out[r][i] = rc__q_vec_dot(wtype, rows[r] + i rows, act, n) for r < R <= RC_STREAMS, i < K: R runs
   of K consecutive rows, the same floats as one row at a time. */
static void rc__q_vec_dot_rows(uint32_t wtype, const unsigned char *const *rows, int R, int K, const void *act,
                               int64_t n, float *const *out) {
    const size_t rb = (size_t)(n / rc__gguf_types[wtype].blck * rc__gguf_types[wtype].size);
    const unsigned char *x[RC_STREAMS];
    for (int r = 0; r < R; r++) x[r] = rows[r];
#if RC__Q_AVX2
#define RC__Q_ROWS(t, kernel, nb)                                                                  \
    case t:                                                                                        \
        for (int i = 0; i < K; i++) {                                                              \
            float o[RC_STREAMS];                                                                   \
            kernel(t, RC_STREAMS, x, act, nb, o);                                                  \
            for (int r = 0; r < RC_STREAMS; r++) out[r][i] = o[r], x[r] += rb;                     \
        }                                                                                          \
        return
    if (R == RC_STREAMS) switch (wtype) {
        RC__Q_ROWS(RC__GGML_Q4_0, rc__q_dot32n_avx2, n / 32);
        RC__Q_ROWS(RC__GGML_Q4_1, rc__q_dot32n_avx2, n / 32);
        RC__Q_ROWS(RC__GGML_Q5_0, rc__q_dot32n_avx2, n / 32);
        RC__Q_ROWS(RC__GGML_Q5_1, rc__q_dot32n_avx2, n / 32);
        RC__Q_ROWS(RC__GGML_Q8_0, rc__q_dot32n_avx2, n / 32);
        RC__Q_ROWS(RC__GGML_F16, rc__q_dotfn_avx2, n);
        RC__Q_ROWS(RC__GGML_BF16, rc__q_dotfn_avx2, n);
        RC__Q_ROWS(RC__GGML_Q4_K, rc__q_dotKn_avx2, n / 256);
        RC__Q_ROWS(RC__GGML_Q5_K, rc__q_dotKn_avx2, n / 256);
        RC__Q_ROWS(RC__GGML_Q6_K, rc__q_dotKn_avx2, n / 256);
        default: break;
        }
#undef RC__Q_ROWS
#endif
    for (int r = 0; r < R; r++)
        for (int i = 0; i < K; i++) out[r][i] = rc__q_vec_dot(wtype, x[r] + (size_t)i * rb, act, n);
}

/* ---- int8 GEMM for K-quant rows (AVX2) and q8_0 rows (VNNI) in prefill -------------------------
   A batch multiplies the rows by its tokens quantized as llama.cpp quantizes them (q8_K for
   q4_K / q5_K / q6_K rows, q8_0 blocks for q8_0 rows), in int8. The tile is the f32 GEMM's outer
   product turned to int8: a vector holds 8 tokens x 4 consecutive activations, 4 bytes of one
   weight row are broadcast, and the integer sums are scaled into float lanes per block. With
   VNNI, vpdpbusd sums four u8 x s8 products per int32 lane, four times the multiply-adds per
   instruction of the f32 GEMM; with AVX2 alone, maddubs + madd do it in three, which still beat
   the f32 GEMM by 1.1-1.3x on Q4_K_M prefill (Zen 3, bench/HISTORY.md). One operand must be
   unsigned: K-quant values are (q6_K's offset goes into the minimums, as rc__q_scalesK does); for
   q8_0 the activations are stored + 128 and each block's sum starts at -128 x its weight sum,
   which only VNNI can take (maddubs pairs would saturate). With AVX2 alone q8_0 rows take int16
   instead (RC__Q_W16, rc__q_tile_w16 below): weights and activations widened to int16, two
   products per int32 lane in one vpmaddwd, inside rc__gemm's blocks.
   Each thread unpacks a tile of rows once for all panels of the batch. With VNNI (a 2-core Xeon)
   TinyLlama's 512-token prefill ran 2.3x (Q8_0) and 2.1x (Q4_K_M) the f32 GEMM's speed. 512-bit
   vectors would not pay there: vpdpbusd on zmm did 1.2x the work per second of ymm, FMA 0.8x.
   AMX tiles (below) also take our own q8_0 rows, with int16 activations as in generation. */
#if RC__Q_I8GEMM

#define RC__Q_GR8 4                              /* weight rows per int8 tile */
#define RC__Q_PB (RC_GT * 4 + (RC__Q_W16 ? 64 : 32) * RC_GT) /* q8_0 panel bytes per block of 32 */
#define RC__Q_PB1 (RC_GT * 8 + 32 * RC_GT)       /* q8_1 panel bytes per block of 32 (AMX) */
#define RC__Q_PBK (RC_GT * 4 + 8 * RC_GT * 4 + 256 * RC_GT) /* q8_K panel bytes per block of 256 */
#define RC__Q_PBI(gs) ((size_t)RC_GT * 4 + 2 * (size_t)(gs) * RC_GT) /* int16 panel bytes per group */

/* xp = x[B, n] as token panels of RC_GT tokens (the last padded with zeros), per block in `act`
   blocks: the tokens' float scales; q8_K: then its 16 group sums as 8 pairs of int16, RC_GT
   tokens per pair; then the values in groups of 4, each as RC_GT tokens x 4 bytes (q8_0: value +
   128, or value where AMX takes the q8_0 rows; RC__Q_W16: in pairs, each as RC_GT tokens x two
   int16). RC__Q_ACT_I16: per group of gs, the int16
   values of rc__quantize, their high bytes (signed) and then their low bytes (unsigned), each
   laid out as q8_0's (RC__Q_W16: the int16 values in pairs, as its q8_0). q8_1 (AMX): as q8_0,
   with the tokens' block sums after their scales.
   RC__Q_ACT_BF16: no scales; per block of 32, 16 pairs of values in bf16, each as RC_GT tokens x
   2 values, then the same of what bf16 left out of each value (x - hi, rounded to bf16), so that
   hi + lo keeps 16 significant bits; panels padded to pairs (rc__q_gemm_bf16_amx takes two at a
   time). At most ceil(B / RC_GT) * n * 19 bytes. */
/* One token's block of 32 values x into a q8_0 / q8_1 panel: its scale (as a float) at d, q8_1's
   sum at s (NULL for q8_0), its 8 quads from v on, RC_GT * 4 bytes apart, each xor bias
   (RC__Q_W16: its 16 pairs of int16, RC_GT * 4 bytes apart). The
   same floats and bytes as rc__q_quantize8_1, whose rounding cvtps2dq shares, 8 values at a time:
   one value at a time, packing took 12% of a 2048 x 2048 GEMM of 512 tokens. */
RC_INLINE void rc__q_pack_q8(const float *x, unsigned char *d, unsigned char *s, unsigned char *v, uint32_t bias) {
    const __m256 nosign = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF));
    __m256 a[4], m = _mm256_setzero_ps();
    for (int j = 0; j < 4; j++) a[j] = _mm256_loadu_ps(x + 8 * j), m = _mm256_max_ps(m, _mm256_and_ps(a[j], nosign));
    __m128 h = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
    h = _mm_max_ps(h, _mm_movehl_ps(h, h));
    const float amax = _mm_cvtss_f32(_mm_max_ss(h, _mm_movehdup_ps(h)));
    const float df = amax / 127, id = amax != 0.0f ? 127.0f / amax : 0.0f, dh = rc__q_f16(rc__q_to_f16(df));
    __m256i q[4];
    for (int j = 0; j < 4; j++) q[j] = _mm256_cvtps_epi32(_mm256_mul_ps(a[j], _mm256_set1_ps(id)));
    memcpy(d, &dh, 4);
    if (s) {
        const __m256i s8 = _mm256_add_epi32(_mm256_add_epi32(q[0], q[1]), _mm256_add_epi32(q[2], q[3]));
        __m128i s4 = _mm_add_epi32(_mm256_castsi256_si128(s8), _mm256_extracti128_si256(s8, 1));
        s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0x4E));
        const float sh = rc__q_f16(rc__q_to_f16((float)_mm_cvtsi128_si32(_mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0xB1))) * df));
        memcpy(s, &sh, 4);
    }
#if RC__Q_W16
    (void)bias;
    int16_t pair[32];
    for (int j = 0; j < 2; j++) /* packs works within 128-bit lanes: 0-3, 8-11, 4-7, 12-15 */
        _mm256_storeu_si256((__m256i *)(pair + 16 * j), _mm256_permute4x64_epi64(_mm256_packs_epi32(q[2 * j], q[2 * j + 1]), 0xD8));
    for (int j = 0; j < 16; j++) memcpy(v + (size_t)j * RC_GT * 4, pair + 2 * j, 4);
#else
    __m256i b = _mm256_packs_epi16(_mm256_packs_epi32(q[0], q[1]), _mm256_packs_epi32(q[2], q[3]));
    b = _mm256_xor_si256(_mm256_permutevar8x32_epi32(b, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7)), _mm256_set1_epi32((int)bias));
    uint32_t quad[8];
    _mm256_storeu_si256((__m256i *)quad, b);
    for (int j = 0; j < 8; j++) memcpy(v + (size_t)j * RC_GT * 4, &quad[j], 4);
#endif
}

static int rc__q_amx(void);
static void rc__q_pack_panels(int act, unsigned char *xp, const float *x, int B, int n, int gs) {
    const int bf16 = act == RC__Q_ACT_BF16, q81 = act == RC__GGML_Q8_1, q8 = act == RC__GGML_Q8_0 || q81;
    const int bl = q8 || bf16 ? 32 : act == RC__Q_ACT_I16 ? gs : 256;
    const int nb = n / bl, panels = bf16 ? RC_PANELS_PAD(B) / RC_GT : (B + RC_GT - 1) / RC_GT;
    const uint32_t bias = q8 && rc__q_amx() ? 0 : 0x80808080u; /* + 128 in each byte */
    const size_t pb = q81 ? RC__Q_PB1 : q8 ? RC__Q_PB : act == RC__Q_ACT_I16 ? RC__Q_PBI(gs) : bf16 ? RC_GT * 128 : RC__Q_PBK;
#pragma omp parallel for schedule(static) if ((size_t)B * n >= RC_PARALLEL_MIN)
    for (int p = 0; p < panels; p++)
        for (int t = 0; t < RC_GT; t++)
            for (int k = 0; k < nb; k++) {
                unsigned char *blk = xp + ((size_t)p * nb + k) * pb, *v = blk + RC_GT * 4;
                const float *xb = x + (size_t)(p * RC_GT + t) * n + (size_t)bl * k;
                const int real = p * RC_GT + t < B;
#if RC__Q_AMX
                if (bf16) { /* 32 values rounded to bf16 (to nearest even), their pairs 64 bytes apart */
                    const __m512i pair = _mm512_setr_epi32(0, 16, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240);
                    __m512 v0 = real ? _mm512_loadu_ps(xb) : _mm512_setzero_ps();
                    __m512 v1 = real ? _mm512_loadu_ps(xb + 16) : _mm512_setzero_ps();
                    for (int part = 0; part < 2; part++) { /* the values, then what bf16 left out */
                        const __m512i h = (__m512i)_mm512_cvtne2ps_pbh(v1, v0);
                        _mm512_i32scatter_epi32(blk + RC_GT * 64 * part + 4 * t, pair, h, 4);
                        v0 = _mm512_sub_ps(v0, _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm512_castsi512_si256(h)), 16)));
                        v1 = _mm512_sub_ps(v1, _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm512_extracti64x4_epi64(h, 1)), 16)));
                    }
                    continue;
                }
#endif
                if (act == RC__Q_ACT_I16) {
                    int16_t q[64];
                    float d = 0.0f;
                    if (real) d = rc__quantize_group(q, xb, gs);
                    else memset(q, 0, sizeof q);
                    memcpy(blk + 4 * t, &d, 4);
                    if (RC__Q_W16) { /* pairs, as q8_0's */
                        for (int j = 0; j < gs; j += 2) memcpy(v + (size_t)(j / 2 * RC_GT + t) * 4, q + j, 4);
                        continue;
                    }
                    for (int j = 0; j < gs; j += 4) { /* a quad of high bytes, then of low bytes */
                        uint32_t hi = 0, lo = 0;
                        for (int i = 0; i < 4; i++) {
                            hi |= (uint32_t)((uint16_t)q[j + i] >> 8) << 8 * i;
                            lo |= (uint32_t)((uint16_t)q[j + i] & 0xFF) << 8 * i;
                        }
                        memcpy(v + (size_t)(j / 4 * RC_GT + t) * 4, &hi, 4);
                        memcpy(v + (size_t)gs * RC_GT + (size_t)(j / 4 * RC_GT + t) * 4, &lo, 4);
                    }
                } else if (q8) {
                    static const float zeros[32];
                    rc__q_pack_q8(real ? xb : zeros, blk + 4 * t, q81 ? blk + RC_GT * 4 + 4 * t : NULL,
                                  v + (q81 ? RC_GT * 4 : 0) + 4 * t, bias);
                } else {
                    rc__qBlock8_K y;
                    if (real) rc__q_quantize8_K(xb, &y, 1);
                    else memset(&y, 0, sizeof y);
                    memcpy(blk + 4 * t, &y.d, 4);
                    for (int g = 0; g < 8; g++) memcpy(v + (g * RC_GT + t) * 4, y.bsums + 2 * g, 4);
                    v += 8 * RC_GT * 4;
                    for (int q = 0; q < 64; q++) memcpy(v + (q * RC_GT + t) * 4, y.qs + 4 * q, 4);
                }
            }
}

/* One K-quant block as the int8 tiles take it: its 256 values unsigned (q6_K without its -32
   offset, which goes into the minimums), 16 group scales, 8 pairs of group minimums (two int16
   in an int32, for vpdpwssd) and d, dmin. */
RC__Q_INLINE void rc__q_unpack_blockK(int type, const unsigned char *b, unsigned char u[256], int16_t sc[16],
                                int32_t mn2[8], float *d, float *dmin) {
    int8_t a[256];
    int16_t mn[16];
    rc__q_unpackK(type, b, a);
    rc__q_scalesK(type, b, sc, mn, d, dmin);
    for (int j = 0; j < 256; j++) u[j] = (unsigned char)(a[j] + (type == RC__GGML_Q6_K ? 32 : 0));
    for (int g = 0; g < 8; g++) mn2[g] = (int32_t)((uint32_t)(uint16_t)mn[2 * g] | (uint32_t)(uint16_t)mn[2 * g + 1] << 16);
}

/* Stores a tile's float sums: out[b * ldo + i] = acc[i][b / 8][b % 8] for rows i < nr, tokens b < nt. */
RC_INLINE void rc__q_tile_store(float *out, size_t ldo, __m256 acc[][2], int nr, int nt) {
    for (int i = 0; i < nr; i++) {
        float v[RC_GT];
        _mm256_storeu_ps(v, acc[i][0]);
        _mm256_storeu_ps(v + 8, acc[i][1]);
        for (int b = 0; b < nt; b++) out[b * ldo + i] = v[b];
    }
}

/* q8_0 rows i < nr of w (row_bytes apart; wd, wc: each block's scale and -128 x its weight sum,
   nb per row) times the panel xp: out as rc__q_tile_store. */
RC_INLINE void rc__q_tile_q8(float *out, size_t ldo, const unsigned char *xp, const unsigned char *w, size_t row_bytes,
                             const float *wd, const int32_t *wc, int nb, int nr, int nt) {
    __m256 acc[RC__Q_GR8][2];
    for (int i = 0; i < nr; i++) acc[i][0] = acc[i][1] = _mm256_setzero_ps();
    for (int k = 0; k < nb; k++, xp += RC__Q_PB) {
        __m256i isum[RC__Q_GR8][2];
        for (int i = 0; i < nr; i++) isum[i][0] = isum[i][1] = _mm256_set1_epi32(wc[i * nb + k]);
        for (int q = 0; q < 8; q++) {
            const __m256i a0 = _mm256_loadu_si256((const __m256i *)(xp + RC_GT * 4 + 64 * q));
            const __m256i a1 = _mm256_loadu_si256((const __m256i *)(xp + RC_GT * 4 + 64 * q + 32));
            for (int i = 0; i < nr; i++) {
                const __m256i wv = _mm256_set1_epi32((int)rc__u32(w + i * row_bytes + 34 * (size_t)k + 2 + 4 * q));
                isum[i][0] = RC__Q_DPBUSD(isum[i][0], a0, wv);
                isum[i][1] = RC__Q_DPBUSD(isum[i][1], a1, wv);
            }
        }
        const __m256 d0 = _mm256_loadu_ps((const float *)xp), d1 = _mm256_loadu_ps((const float *)xp + 8);
        for (int i = 0; i < nr; i++) {
            const __m256 dw = _mm256_set1_ps(wd[i * nb + k]);
            acc[i][0] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum[i][0]), _mm256_mul_ps(d0, dw), acc[i][0]);
            acc[i][1] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum[i][1]), _mm256_mul_ps(d1, dw), acc[i][1]);
        }
    }
    rc__q_tile_store(out, ldo, acc, nr, nt);
}

#if !RC__Q_HAS_VNNI
/* acc += vpmaddwd(a, b): the sums of two int16 products per int32 lane, for the tiles without
   VNNI (rc__q_tile_w16, rc__q_tile_k). In loops of eight or twelve such sums GCC stores each sum
   into the product's register and moves it back, running out of registers and keeping half of
   them on the stack: rc__q_tile_w16 ran at 35 GMAC/s instead of 65 on Zen 3 (in L1), and a q4_K
   GEMM of 2048 x 2048 x 512 tokens at 126 GFLOP/s instead of 143 (one thread). The asm pins each
   sum to its register ("x": one of the 16 that VEX encodes). Clang needs no help. */
#if defined(__GNUC__) && !defined(__clang__)
#define RC__Q_MADD_ACC(acc, a, b)                                                                 \
    do {                                                                                          \
        __m256i p_;                                                                               \
        __asm__("vpmaddwd %2, %3, %1\n\tvpaddd %1, %0, %0" : "+x"(acc), "=&x"(p_) : "x"(b), "x"(a)); \
    } while (0)
#else
#define RC__Q_MADD_ACC(acc, a, b) ((acc) = _mm256_add_epi32((acc), _mm256_madd_epi16((a), (b))))
#endif
#endif

#if RC__Q_W16
/* Rows r0 + i (i < nr) of w (GGUF Q8_0: bl 32; RCLM q8_0: bl its group size), columns k0 .. k0
   + kc, as int16 in v[i * ldv + k] and their block scales in sc[i * (ldv / bl) + k / bl]; rows
   nr .. padded - 1 zero. */
static void rc__q_chunk_w16(int16_t *v, float *sc, size_t ldv, const rc_Matrix *w, int bl, int r0, int nr, int padded,
                            int k0, int kc) {
    for (int i = 0; i < padded; i++)
        for (int b = 0; b < kc / bl; b++) {
            const size_t r = (size_t)(r0 + i), blk = (size_t)(k0 / bl + b);
            const size_t bs = rc__gguf_types[RC__GGML_Q8_0].size; /* 34: GGUF Q8_0 block bytes */
            const unsigned char *g = w->g && i < nr ? w->g + r * w->row_bytes + bs * blk : NULL;
            const int8_t *src = i >= nr ? NULL : g ? (const int8_t *)(g + 2) : w->q + r * (size_t)w->cols + bl * blk;
            sc[i * (ldv / bl) + (size_t)b] = i >= nr ? 0.0f : g ? rc__q_h(g) : w->s[r * (size_t)(w->cols / bl) + blk];
            for (int h = 0; h < bl; h += 16)
                _mm256_storeu_si256((__m256i *)(v + i * ldv + (size_t)(bl * b + h)),
                                    src ? _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(src + h))) : _mm256_setzero_si256());
        }
}

/* rc__gemm's tile in int16 for q8_0 rows: tile[i * RC_GT + t] (+)= row i's columns k0 .. k0 + kc
   (v, chunk rows ldv apart, scales sc as rc__q_chunk_w16 lays them out) times token t of panel tt
   of the batch (blocks of bl: GGUF's q8_0 blocks of 32, or RCLM's int16 groups, in int16 pairs:
   rc__q_pack_panels), for the RC_GEMM_TR rows; first: from 0. Per block, the integer sums of 6
   rows x 16 tokens (twelve vectors) take bl / 2 steps of two token vectors times one broadcast
   pair of each row (RCLM's int16 activations times int8 weights stay within int32 over 64
   values), then go into the float tile as rc__q_tile_q8 adds them: acc + (float)sum x (the
   token's scale x the row's). vpmaddwd makes 16 products, an FMA 8; both issue twice per cycle
   on Zen 3: in L1, 65-70 GMAC/s against the f32 tile's 43-50. */
static void rc__q_tile_w16(float *tile, const rc__Batch *in, int n, int tt, int k0, const int16_t *v, const float *sc,
                           size_t ldv, int kc, int bl, int first) {
    const size_t pb = RC__Q_PBI(bl);
    const unsigned char *xp = (const unsigned char *)in->xt + ((size_t)tt * (size_t)(n / bl) + (size_t)(k0 / bl)) * pb;
    for (int b = 0; b < kc / bl; b++, xp += pb) {
        __m256i isum[RC_GEMM_TR][2];
        for (int i = 0; i < RC_GEMM_TR; i++) isum[i][0] = isum[i][1] = _mm256_setzero_si256();
        for (int p = 0; p < bl / 2; p++) {
            const __m256i a0 = _mm256_loadu_si256((const __m256i *)(xp + RC_GT * 4 + 64 * p));
            const __m256i a1 = _mm256_loadu_si256((const __m256i *)(xp + RC_GT * 4 + 64 * p + 32));
            for (int i = 0; i < RC_GEMM_TR; i++) {
                int32_t pair;
                memcpy(&pair, v + i * ldv + (size_t)(bl * b + 2 * p), 4);
                const __m256i wb = _mm256_set1_epi32(pair);
                RC__Q_MADD_ACC(isum[i][0], a0, wb);
                RC__Q_MADD_ACC(isum[i][1], a1, wb);
            }
        }
        const __m256 d0 = _mm256_loadu_ps((const float *)xp), d1 = _mm256_loadu_ps((const float *)xp + 8);
        for (int i = 0; i < RC_GEMM_TR; i++) {
            const __m256 dw = _mm256_set1_ps(sc[i * (ldv / bl) + (size_t)b]);
            float *t = tile + i * RC_GT;
            const int zero = first && b == 0;
            _mm256_storeu_ps(t, _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum[i][0]), _mm256_mul_ps(d0, dw),
                                                zero ? _mm256_setzero_ps() : _mm256_loadu_ps(t)));
            _mm256_storeu_ps(t + 8, _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum[i][1]), _mm256_mul_ps(d1, dw),
                                                    zero ? _mm256_setzero_ps() : _mm256_loadu_ps(t + 8)));
        }
    }
}
#endif

/* AMX (Intel Xeon from Sapphire Rapids on): one instruction multiplies a tile of 16 rows x 64
   bytes by one of 16 x 64 bytes into 16 x 16 int32 sums. Here a product covers 16 rows x 16
   tokens x one block of 32 values that shares a scale (q8_0, q4_0, q4_1, q5_0, q5_1; A = the
   rows' values, in place or unpacked per tile as int8 blocks of 32, 16 rows side by side), or 64
   values of a K-quant block whose group scales are multiplied into the values (rc__q_tile_k_amx);
   B = the panel's values as packed (runs of 4 values x 16 tokens; q8_0 / q8_1 signed:
   rc__q_pack_panels' bias 0). Four products are in flight, then their sums are stored and
   scaled into 16-lane AVX-512 float accumulators, in the AVX2 tiles' order, so both give the same
   floats. For blocks of 32 that float work, a 1 KiB store and 16 vectors per product, sets the
   speed: about 7% of the tile unit's peak (bench/HISTORY.md, "Xeon with AVX-512 VNNI and
   AMX"). BF16 rows take bf16 products instead (rc__q_gemm_bf16_amx, below). Linux lends
   the tiles only to a process that asks (arch_prctl); where it refuses, the AVX2 tiles and the
   f32 GEMM run. */
#if RC__Q_AMX
#define RC__Q_AMX_ROWS 16

/* 1 once Linux has granted this process the tile data (asked at the first call), 0 where it
   refuses; the tests set it to 0 to compare with the AVX2 tile. */
static _Atomic int rc__q_amx_state = -1;
static int rc__q_amx(void) {
    if (rc__q_amx_state < 0) /* ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA */
        rc__q_amx_state = syscall(SYS_arch_prctl, 0x1023, 18) == 0;
    return rc__q_amx_state;
}

/* The tile shapes, loaded by each thread before its first tile: 0-3 = C (16 x 16 int32),
   4, 5 = A (16 rows x kb values: q8_0 32, K-quants 64), 6, 7 = B (kb / 4 x 64 bytes). */
static void rc__q_amx_config(int kb) {
    struct { uint8_t palette, start_row, zero[14]; uint16_t colsb[16]; uint8_t rows[16]; } cfg = {.palette = 1};
    for (int t = 0; t < 8; t++) {
        cfg.rows[t] = (uint8_t)(t < 6 ? 16 : kb / 4);
        cfg.colsb[t] = (uint16_t)(t == 4 || t == 5 ? kb : 64);
    }
    _tile_loadconfig(&cfg);
}

/* acc[i] += (float)c[i] * (d * wd[i]) for the 16 rows of one block (their scales side by side:
   one cache line per block, not 16). */
RC_INLINE void rc__q_amx_scale(__m512 *acc, const int32_t (*c)[16], __m512 d, const float *wd) {
#pragma GCC unroll 16
    for (int i = 0; i < RC__Q_AMX_ROWS; i++)
        acc[i] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_load_si512(c[i])), _mm512_mul_ps(d, _mm512_set1_ps(wd[i])), acc[i]);
}

/* Tile C = tile A, loaded from a (rows lda bytes apart), times tile B, loaded from b, by dp
   (_tile_dpbssd: both signed; _tile_dpbusd: A unsigned). Tile numbers must be literals (they
   go into the asm): those of rc__q_amx_config. */
#define RC__Q_AMX_DOT(C, A, B, a, lda, b, dp)                                                       \
    do {                                                                                          \
        _tile_loadd(A, a, (long)(lda));                                                           \
        _tile_loadd(B, b, 64);                                                                    \
        _tile_zero(C);                                                                            \
        dp(C, A, B);                                                                              \
    } while (0)

/* Four products, the j-th from a + j * da and b + j * db, into c[j][16][16]: all four are issued
   before the first is stored, so the tile unit overlaps them. */
#define RC__Q_AMX_FOUR(c, a, da, lda, b, db, dp)                                                    \
    do {                                                                                          \
        RC__Q_AMX_DOT(0, 4, 6, a, lda, b, dp);                                                    \
        RC__Q_AMX_DOT(1, 5, 7, (a) + (da), lda, (b) + (db), dp);                                  \
        RC__Q_AMX_DOT(2, 4, 6, (a) + 2 * (da), lda, (b) + 2 * (db), dp);                          \
        RC__Q_AMX_DOT(3, 5, 7, (a) + 3 * (da), lda, (b) + 3 * (db), dp);                          \
        _tile_stored(0, (c)[0], 64);                                                              \
        _tile_stored(1, (c)[1], 64);                                                              \
        _tile_stored(2, (c)[2], 64);                                                              \
        _tile_stored(3, (c)[3], 64);                                                              \
    } while (0)

/* out[b * ldo + i] = acc[i][b] for rows i < nr (at most 16) and tokens b < nt: one vector store
   per token (its rows are adjacent in out), the 16 x 16 sums transposed in registers first (four
   rounds of 16 shuffles). Storing the 256 floats one by one, each into another line of out, took
   a third of the tile's time; a gather per token instead, 4-8% of stories110M's 768 x 768 GEMM. */
RC_INLINE void rc__q_amx_store(float *out, size_t ldo, const __m512 *acc, int nr, int nt) {
    __m512 t[16], u[16]; /* u[4g + c], 128-bit lane L: token 4L + c of rows 4g..4g+3 */
    for (int i = 0; i < 16; i += 2) t[i] = _mm512_unpacklo_ps(acc[i], acc[i + 1]), t[i + 1] = _mm512_unpackhi_ps(acc[i], acc[i + 1]);
    for (int i = 0; i < 16; i += 4) {
        u[i] = _mm512_shuffle_ps(t[i], t[i + 2], 0x44), u[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], 0xEE);
        u[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0x44), u[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
    }
    const __mmask16 rows = (__mmask16)((1u << nr) - 1);
    for (int c = 0; c < 4; c++) { /* the 128-bit blocks of u[c], u[4 + c], ... transposed: tokens 4L + c */
        const __m512 v0 = _mm512_shuffle_f32x4(u[c], u[4 + c], 0x44), v1 = _mm512_shuffle_f32x4(u[c], u[4 + c], 0xEE);
        const __m512 v2 = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0x44), v3 = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0xEE);
        const __m512 col[4] = {_mm512_shuffle_f32x4(v0, v2, 0x88), _mm512_shuffle_f32x4(v0, v2, 0xDD),
                               _mm512_shuffle_f32x4(v1, v3, 0x88), _mm512_shuffle_f32x4(v1, v3, 0xDD)};
        for (int L = 0; L < 4; L++)
            if (4 * L + c < nt) _mm512_mask_storeu_ps(out + (size_t)(4 * L + c) * ldo, rows, col[L]);
    }
}
/* The same from a tile's sums stored in memory, c[16][16]. */
RC_INLINE void rc__q_amx_store_c(float *out, size_t ldo, const float (*c)[16], int nr, int nt) {
    __m512 acc[16];
    for (int i = 0; i < 16; i++) acc[i] = _mm512_loadu_ps(c[i]);
    rc__q_amx_store(out, ldo, acc, nr, nt);
}

/* A tile's 16 x 16 sums over a chunk of columns: started from zero at the first chunk (k0 = 0),
   else from the panel's sums so far in part; kept in part, or at the last chunk (out not NULL)
   stored into out by rc__q_amx_store. Each chunk adds its blocks in order, so the sums are the
   floats of one pass over the row. */
RC_INLINE void rc__q_amx_part_in(__m512 *acc, const float (*part)[16], int k0) {
    for (int i = 0; i < RC__Q_AMX_ROWS; i++) acc[i] = k0 ? _mm512_loadu_ps(part[i]) : _mm512_setzero_ps();
}
RC_INLINE void rc__q_amx_part_out(const __m512 *acc, float (*part)[16], float *out, size_t ldo, int nt) {
    if (out) rc__q_amx_store(out, ldo, acc, RC__Q_AMX_ROWS, nt);
    else
        for (int i = 0; i < RC__Q_AMX_ROWS; i++) _mm512_storeu_ps(part[i], acc[i]);
}

/* acc[i] += s * wm[i] for the 16 rows of one block: q4_1 / q5_1 minimums times the tokens' q8_1
   sums, as generation adds them. */
RC_INLINE void rc__q_amx_min(__m512 *acc, __m512 s, const float *wm) {
#pragma GCC unroll 16
    for (int i = 0; i < RC__Q_AMX_ROWS; i++) acc[i] = _mm512_fmadd_ps(s, _mm512_set1_ps(wm[i]), acc[i]);
}

/* Rows i < nr of a tile (row_bytes apart from wr; the rest zero) of 32-value blocks of `type`
   unpacked as rc__q_tile_q8_amx takes them: values to a[nb][16][32], scales to wd[nb][16],
   minimums to wm[nb][16]. The switch compiles rc__q_unpack32 once per type: with the type only
   known at run time, unpacking a Q8_0 block took 15 cycles instead of 4. */
RC__Q_INLINE void rc__q_unpack_rows32(int type, int8_t *a, float *wd, float *wm, const unsigned char *wr,
                                      size_t row_bytes, int nr, int nb) {
    const size_t bs = rc__gguf_types[type].size;
    for (int i = 0; i < RC__Q_AMX_ROWS; i++)
        for (int k = 0; k < nb; k++) {
            int8_t *v = a + 512 * (size_t)k + 32 * i;
            if (i < nr) rc__q_unpack32(type, wr + i * row_bytes + bs * k, v, &wd[16 * k + i], &wm[16 * k + i]);
            else memset(v, 0, 32), wd[16 * k + i] = wm[16 * k + i] = 0;
        }
}
static void rc__q_unpack_tile32(int type, int8_t *a, float *wd, float *wm, const unsigned char *wr, size_t row_bytes,
                                int nr, int nb) {
    switch (type) {
    case RC__GGML_Q8_0: rc__q_unpack_rows32(RC__GGML_Q8_0, a, wd, wm, wr, row_bytes, nr, nb); break;
    case RC__GGML_Q4_0: rc__q_unpack_rows32(RC__GGML_Q4_0, a, wd, wm, wr, row_bytes, nr, nb); break;
    case RC__GGML_Q5_0: rc__q_unpack_rows32(RC__GGML_Q5_0, a, wd, wm, wr, row_bytes, nr, nb); break;
    case RC__GGML_Q4_1: rc__q_unpack_rows32(RC__GGML_Q4_1, a, wd, wm, wr, row_bytes, nr, nb); break;
    default: rc__q_unpack_rows32(RC__GGML_Q5_1, a, wd, wm, wr, row_bytes, nr, nb); break;
    }
}

/* rc__q_tile_q8 for RC__Q_AMX_ROWS rows at once, block k's values from a + astep * k, rows lda
   bytes apart: unpacked to a[nb][16 rows][32] (astep 512, lda 32), or Q8_0 rows read in place
   (astep 34, lda row_bytes); scales wd[nb][16]; q4_1 / q5_1: minimums wm[nb][16], else NULL. The
   panel is packed with bias 0 as q8_0 blocks (pb = RC__Q_PB) or q8_1 (RC__Q_PB1: the sums after
   the scales); blocks k0 <= k < k1, their sums through part (rc__q_amx_part_in / _out); nt
   tokens stored. */
static void rc__q_tile_q8_amx(float *out, size_t ldo, const unsigned char *xp, size_t pb, const int8_t *a,
                              size_t astep, size_t lda, const float *wd, const float *wm, int k0, int k1,
                              float (*part)[16], int nt) {
    const unsigned char *w = (const unsigned char *)a;
    const size_t head = pb - 32 * RC_GT; /* the scales (and sums) before a block's values */
    __m512 acc[RC__Q_AMX_ROWS];
    int32_t c[4][RC__Q_AMX_ROWS][16] __attribute__((aligned(64)));
    rc__q_amx_part_in(acc, (const float(*)[16])part, k0);
    int k = k0;
    for (; k + 4 <= k1; k += 4) {
        const unsigned char *xk = xp + (size_t)k * pb;
        RC__Q_AMX_FOUR(c, w + astep * (size_t)k, astep, lda, xk + head, pb, _tile_dpbssd);
        for (int j = 0; j < 4; j++) {
            rc__q_amx_scale(acc, c[j], _mm512_loadu_ps((const float *)(xk + (size_t)j * pb)), wd + 16 * (k + j));
            if (wm) rc__q_amx_min(acc, _mm512_loadu_ps((const float *)(xk + (size_t)j * pb + RC_GT * 4)), wm + 16 * (k + j));
        }
    }
    for (; k < k1; k++) {
        const unsigned char *xk = xp + (size_t)k * pb;
        RC__Q_AMX_DOT(0, 4, 6, w + astep * (size_t)k, lda, xk + head, _tile_dpbssd);
        _tile_stored(0, c[0], 64);
        rc__q_amx_scale(acc, c[0], _mm512_loadu_ps((const float *)xk), wd + 16 * k);
        if (wm) rc__q_amx_min(acc, _mm512_loadu_ps((const float *)(xk + RC_GT * 4)), wm + 16 * k);
    }
    rc__q_amx_part_out(acc, part, out, ldo, nt);
}

/* acc[i] += (float)((hi[i] << 8) + lo[i]) * (d * wd[i * nb]) for the 16 rows of one group. */
RC_INLINE void rc__q_amx_scale16(__m512 *acc, const int32_t (*hi)[16], const int32_t (*lo)[16], __m512 d, const float *wd,
                                 int nb) {
#pragma GCC unroll 16
    for (int i = 0; i < RC__Q_AMX_ROWS; i++) {
        const __m512i sum = _mm512_add_epi32(_mm512_slli_epi32(_mm512_load_si512(hi[i]), 8), _mm512_load_si512(lo[i]));
        acc[i] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum), _mm512_mul_ps(d, _mm512_set1_ps(wd[i * nb])), acc[i]);
    }
}

/* RCLM q8_0 rows for AMX: 16 rows (values in place, row_bytes apart; groups of gs = 32 or 64,
   scales wd[i * nb + g]) times a panel of int16 activations (rc__q_pack_panels). Each group's
   int32 sum is rc__row_q8's, exactly, from two products: the weights times the activations'
   high bytes (both signed), and times their low bytes (unsigned); (hi << 8) + lo stays within
   int32 (|hi| <= 64 x 127 x 128). Two groups per step, each on its own A and C tiles; groups
   k0 <= g < k1, sums through part as rc__q_tile_q8_amx's. */
static void rc__q_tile_i16_amx(float *out, size_t ldo, const unsigned char *xp, const unsigned char *v, size_t row_bytes,
                               int gs, const float *wd, int nb, int k0, int k1, float (*part)[16], int nt) {
    __m512 acc[RC__Q_AMX_ROWS];
    int32_t c[4][RC__Q_AMX_ROWS][16] __attribute__((aligned(64)));
    const size_t pb = RC__Q_PBI(gs), lo = RC_GT * 4 + (size_t)gs * RC_GT; /* a group's low bytes */
    rc__q_amx_part_in(acc, (const float(*)[16])part, k0);
/* Group g's two products into tiles Chi and Clo, its weights in tile A, the activations' bytes
   through tiles 6 and 7. */
#define RC__Q_AMX_I16(Chi, Clo, A, g)                                                              \
    do {                                                                                          \
        _tile_loadd(A, v + (size_t)(g) * gs, (long)row_bytes);                                    \
        _tile_loadd(6, xp + (size_t)(g) * pb + RC_GT * 4, 64);                                    \
        _tile_loadd(7, xp + (size_t)(g) * pb + lo, 64);                                           \
        _tile_zero(Chi);                                                                          \
        _tile_zero(Clo);                                                                          \
        _tile_dpbssd(Chi, A, 6);                                                                  \
        _tile_dpbsud(Clo, A, 7);                                                                  \
    } while (0)
    int g = k0;
    for (; g + 2 <= k1; g += 2) {
        const unsigned char *x0 = xp + (size_t)g * pb, *x1 = x0 + pb;
        RC__Q_AMX_I16(0, 1, 4, g);
        RC__Q_AMX_I16(2, 3, 5, g + 1);
        _tile_stored(0, c[0], 64);
        _tile_stored(1, c[1], 64);
        _tile_stored(2, c[2], 64);
        _tile_stored(3, c[3], 64);
        rc__q_amx_scale16(acc, c[0], c[1], _mm512_loadu_ps((const float *)x0), wd + g, nb);
        rc__q_amx_scale16(acc, c[2], c[3], _mm512_loadu_ps((const float *)x1), wd + g + 1, nb);
    }
    if (g < k1) {
        RC__Q_AMX_I16(0, 1, 4, g);
        _tile_stored(0, c[0], 64);
        _tile_stored(1, c[1], 64);
        rc__q_amx_scale16(acc, c[0], c[1], _mm512_loadu_ps((const float *)(xp + (size_t)g * pb)), wd + g, nb);
    }
#undef RC__Q_AMX_I16
    rc__q_amx_part_out(acc, part, out, ldo, nt);
}

/* One K-quant tile of 16 rows for AMX, laid out for it in the thread's wbuf: per row and block
   its 256 values already times their group's scale (w = sc * u, rc__q_tile_k's factors; q6_K's u
   unsigned as there), as the low bytes (unsigned) of w and then its high bytes (signed, w >> 8),
   rows rc__q_amx_kstride apart (64 bytes more than their length, so that a tile's 16 rows do not
   crowd a few cache sets); then per block the 16 rows side by side: minimum pairs, d and dmin. */
typedef struct {
    unsigned char *u; /* [16][rc__q_amx_kstride(nb)]: per block 256 low bytes, 256 high bytes */
    int32_t *mn;      /* [nb][8 pairs][16] */
    float *d;         /* [nb][2][16] */
} rc__qTileK;

static size_t rc__q_amx_kstride(int nb) { return (size_t)nb * 512 + 64; }

/* rc__q_tile_k for a tile of 16 rows: with the scales inside the values, a block's integer sum
   (rc__q_tile_k's isum, exactly: |w| < 2^13) takes the tile unit 4 x 64 values twice, low bytes
   and high bytes ((hi << 8) + lo); the minimums meet the group sums in vpdpwssd; the floats are
   then rc__q_tile_k's. Storing and scaling the sums of each run of 32 (q6_K 16) values instead
   took 1.2x (q4_K) and 1.7x (q6_K) as long (2048 x 2048 x 512 tokens, one thread of a Xeon). */
RC_INLINE void rc__q_tile_k_amx(float *out, size_t ldo, const unsigned char *xp, const rc__qTileK *w, int nb, int k0,
                                int k1, float (*part)[16], int nt) {
    __m512 acc[RC__Q_AMX_ROWS];
    int32_t c[2][RC__Q_AMX_ROWS][16] __attribute__((aligned(64)));
    const size_t stride = rc__q_amx_kstride(nb);
    rc__q_amx_part_in(acc, (const float(*)[16])part, k0);
    xp += (size_t)k0 * RC__Q_PBK;
    for (int k = k0; k < k1; k++, xp += RC__Q_PBK) {
        const unsigned char *v = xp + RC_GT * 4 + 8 * RC_GT * 4, *lo = w->u + 512 * (size_t)k, *hi = lo + 256;
        _tile_zero(0);
        _tile_zero(1);
        for (int s = 0; s < 4; s++) {
            _tile_loadd(6, v + 1024 * s, 64);
            _tile_loadd(4, lo + 64 * s, (long)stride);
            _tile_loadd(5, hi + 64 * s, (long)stride);
            _tile_dpbusd(0, 4, 6);
            _tile_dpbssd(1, 5, 6);
        }
        _tile_stored(0, c[0], 64);
        _tile_stored(1, c[1], 64);
        const __m512 d0 = _mm512_loadu_ps((const float *)xp);
        __m512i bs[8];
        for (int p = 0; p < 8; p++) bs[p] = _mm512_loadu_si512(xp + RC_GT * 4 + 64 * p);
        const int32_t *mn = w->mn + (size_t)k * 128;
        const float *d = w->d + (size_t)k * 32;
#pragma GCC unroll 16
        for (int i = 0; i < RC__Q_AMX_ROWS; i++) {
            __m512i m = _mm512_setzero_si512();
            for (int p = 0; p < 8; p++) m = _mm512_dpwssd_epi32(m, bs[p], _mm512_set1_epi32(mn[16 * p + i]));
            const __m512i isum = _mm512_add_epi32(_mm512_slli_epi32(_mm512_load_si512(c[1][i]), 8), _mm512_load_si512(c[0][i]));
            acc[i] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum), _mm512_mul_ps(d0, _mm512_set1_ps(d[i])), acc[i]);
            acc[i] = _mm512_fnmadd_ps(_mm512_cvtepi32_ps(m), _mm512_mul_ps(d0, _mm512_set1_ps(d[16 + i])), acc[i]);
        }
    }
    rc__q_amx_part_out(acc, part, out, ldo, nt);
}

/* Rows r0 + r (r < nr) of the BF16 matrix w, rows ld bytes apart in wt; rows nr..31 zero. */
static void rc__q_rows_bf16(unsigned char *wt, size_t ld, const rc_Matrix *w, int r0, int nr) {
    for (int r = 0; r < 32; r++) {
        unsigned char *o = wt + (size_t)r * ld;
        if (r < nr) memcpy(o, w->g + (size_t)(r0 + r) * w->row_bytes, (size_t)w->cols * 2);
        else memset(o, 0, (size_t)w->cols * 2);
    }
}

/* GGUF BF16 rows times a batch packed as RC__Q_ACT_BF16, in bf16 products with float sums;
   without AMX they go through the f32 GEMM. Each thread copies a tile of 32 rows into its wbuf
   (rows 64 bytes longer than their values, so that a tile's 16 rows do not crowd a few cache
   sets), then takes the panels two at a time: four C tiles (2 x 16 rows by 2 x 16 tokens) stay
   in the tile unit over the whole row, two A tiles of rows and four B tiles of tokens are loaded
   per 32 columns, and nothing but the tile unit works until the sums are stored. Generation
   multiplies BF16 weights by f32 activations, so the batch comes in two bf16 parts (16
   significant bits) and each block takes a product with each: within 1e-5 of the exact product,
   as the f32 GEMM. One part (8 bits, 2^-9 relative) ran 1.5x faster but moved TinyLlama's
   greedy ids after a 512-token prompt. The same tiles dequantizing q8_0, q4_0 ... K-quant rows
   to bf16 ran their prefill 1.2-1.5x faster than their int8 tiles of the time (sixth session),
   but a batch's floats were then about 1e-3 of a dot product away from generation's
   (llama.cpp's), and the server, whose prompt cache splits prompts into other batches than
   ./run, answered a GGUF Q8_0 model differently in 3 of its test's 307 checks (bench/HISTORY.md,
   "Xeon with AVX-512 VNNI and AMX"): those rows keep int8 tiles. */
static void rc__q_gemm_bf16_amx(float *out, const rc__Batch *in, const rc_Matrix *w, int B) {
    const int rows = w->rows, nb = w->cols / 32, tiles = (rows + 31) / 32, pairs = RC_PANELS_PAD(B) / (2 * RC_GT);
    const size_t pb = RC_GT * 128, pp = nb * pb; /* bytes per block (two parts) and per panel of xt */
    const size_t ld = (size_t)nb * 64 + 64;                          /* bytes per row of wt */
#pragma omp parallel num_threads(in->n_threads)
    {
        rc__q_amx_config(64); /* A: 16 rows x 32 bf16; B: 16 pairs of values x 16 tokens */
#ifdef _OPENMP
        unsigned char *wt = (unsigned char *)(in->wbuf + (size_t)omp_get_thread_num() * RC_GEMM_WBUF(w->cols));
#else
        unsigned char *wt = (unsigned char *)in->wbuf;
#endif
#pragma omp for schedule(static)
        for (int rt = 0; rt < tiles; rt++) {
            const int r0 = 32 * rt, nr = rows - r0 < 32 ? rows - r0 : 32;
            rc__q_rows_bf16(wt, ld, w, r0, nr);
            for (int p = 0; p < pairs; p++) {
                const unsigned char *x0 = (const unsigned char *)in->xt + 2 * (size_t)p * pp, *x1 = x0 + pp;
                _tile_zero(0);
                _tile_zero(1);
                _tile_zero(2);
                _tile_zero(3);
                for (size_t k = 0; k < (size_t)nb; k++) { /* C0, C1: rows 0-15; C2, C3: rows 16-31 */
                    _tile_loadd(4, wt + 64 * k, (long)ld);
                    _tile_loadd(5, wt + 16 * ld + 64 * k, (long)ld);
                    for (int part = 0; part < 2; part++) {
                        _tile_loadd(6, x0 + pb * k + RC_GT * 64 * part, 64);
                        _tile_loadd(7, x1 + pb * k + RC_GT * 64 * part, 64);
                        _tile_dpbf16ps(0, 4, 6);
                        _tile_dpbf16ps(1, 4, 7);
                        _tile_dpbf16ps(2, 5, 6);
                        _tile_dpbf16ps(3, 5, 7);
                    }
                }
                float c[4][16][16] __attribute__((aligned(64)));
                _tile_stored(0, c[0], 64);
                _tile_stored(1, c[1], 64);
                _tile_stored(2, c[2], 64);
                _tile_stored(3, c[3], 64);
                const int t0 = 2 * RC_GT * p, nt0 = B - t0 < RC_GT ? B - t0 : RC_GT, nt1 = B - t0 - RC_GT;
                float *o = out + (size_t)t0 * rows + r0;
                for (int h = 0; h < 2 && 16 * h < nr; h++) { /* the tile's real rows and tokens */
                    const int n_rows = nr - 16 * h < 16 ? nr - 16 * h : 16;
                    rc__q_amx_store_c(o + 16 * h, (size_t)rows, c[2 * h], n_rows, nt0);
                    if (nt1 > 0) rc__q_amx_store_c(o + 16 * h + (size_t)RC_GT * rows, (size_t)rows, c[2 * h + 1], n_rows, nt1 < RC_GT ? nt1 : RC_GT);
                }
            }
        }
        _tile_release();
    }
}
#else
#define RC__Q_AMX_ROWS RC__Q_GR8
static int rc__q_amx(void) { return 0; }
#endif

/* One K-quant row unpacked for rc__q_tile_k: 256 unsigned values per block, and per block its 16
   group scales, its 8 pairs of group minimums (two int16 in an int32) and d, dmin. */
typedef struct {
    unsigned char *u; /* [nb * 256] */
    int32_t *sc, *mn; /* [nb * 16], [nb * 8] */
    float *d;         /* [nb * 2] */
} rc__qRowK;

/* K-quant rows i < nr (unpacked) times the q8_K panel xp: the integer sums of each run of
   values that shares a scale (gw groups of 16: q4_K / q5_K 2, q6_K 1) are multiplied by it; the
   minimums meet the activations' group sums in vpdpwssd. */
RC_INLINE void rc__q_tile_k(float *out, size_t ldo, const unsigned char *xp, const rc__qRowK *w, int nb, int nr, int nt,
                            int gw) {
    __m256 acc[RC__Q_GR8][2];
    for (int i = 0; i < nr; i++) acc[i][0] = acc[i][1] = _mm256_setzero_ps();
    for (int k = 0; k < nb; k++, xp += RC__Q_PBK) {
        const unsigned char *bs = xp + RC_GT * 4, *v = bs + 8 * RC_GT * 4;
        __m256i isum[RC__Q_GR8][2], imin[RC__Q_GR8][2];
        for (int i = 0; i < nr; i++) isum[i][0] = isum[i][1] = imin[i][0] = imin[i][1] = _mm256_setzero_si256();
        for (int g = 0; g < 16; g += gw) {
#if RC__Q_HAS_VNNI /* the run's sums by vpdpbusd, then times its scale: a vpmulld per 32 values
                      instead of 16 made Q4_K_M prefill ~15% faster on a Xeon */
            __m256i gs[RC__Q_GR8][2];
            for (int i = 0; i < nr; i++) gs[i][0] = gs[i][1] = _mm256_setzero_si256();
            for (int q = 4 * g; q < 4 * (g + gw); q++) {
                const __m256i a0 = _mm256_loadu_si256((const __m256i *)(v + 64 * q));
                const __m256i a1 = _mm256_loadu_si256((const __m256i *)(v + 64 * q + 32));
                for (int i = 0; i < nr; i++) {
                    const __m256i wv = _mm256_set1_epi32((int)rc__u32(w[i].u + 256 * (size_t)k + 4 * q));
                    gs[i][0] = RC__Q_DPBUSD(gs[i][0], wv, a0);
                    gs[i][1] = RC__Q_DPBUSD(gs[i][1], wv, a1);
                }
            }
            for (int i = 0; i < nr; i++) {
                const __m256i sc = _mm256_set1_epi32(w[i].sc[16 * k + g]);
                isum[i][0] = _mm256_add_epi32(isum[i][0], _mm256_mullo_epi32(gs[i][0], sc));
                isum[i][1] = _mm256_add_epi32(isum[i][1], _mm256_mullo_epi32(gs[i][1], sc));
            }
#else /* AVX2: two quads' maddubs pairs added in int16 (at most 2 x 2 x 63 x 127), then madd
         by the scale: no multiply in int32 */
            for (int q = 4 * g; q < 4 * (g + gw); q += 2) {
                const __m256i a0 = _mm256_loadu_si256((const __m256i *)(v + 64 * q));
                const __m256i a1 = _mm256_loadu_si256((const __m256i *)(v + 64 * q + 32));
                const __m256i b0 = _mm256_loadu_si256((const __m256i *)(v + 64 * q + 64));
                const __m256i b1 = _mm256_loadu_si256((const __m256i *)(v + 64 * q + 96));
                for (int i = 0; i < nr; i++) {
                    const unsigned char *u = w[i].u + 256 * (size_t)k + 4 * q;
                    const __m256i wa = _mm256_set1_epi32((int)rc__u32(u)), wb = _mm256_set1_epi32((int)rc__u32(u + 4));
                    const __m256i sc = _mm256_set1_epi16((short)w[i].sc[16 * k + g]);
                    __m256i p0 = _mm256_add_epi16(_mm256_maddubs_epi16(wa, a0), _mm256_maddubs_epi16(wb, b0));
                    __m256i p1 = _mm256_add_epi16(_mm256_maddubs_epi16(wa, a1), _mm256_maddubs_epi16(wb, b1));
                    RC__Q_MADD_ACC(isum[i][0], p0, sc);
                    RC__Q_MADD_ACC(isum[i][1], p1, sc);
                }
            }
#endif
        }
        for (int g = 0; g < 8; g++) {
            const __m256i b0 = _mm256_loadu_si256((const __m256i *)(bs + 64 * g));
            const __m256i b1 = _mm256_loadu_si256((const __m256i *)(bs + 64 * g + 32));
            for (int i = 0; i < nr; i++) {
                const __m256i mv = _mm256_set1_epi32(w[i].mn[8 * k + g]);
                imin[i][0] = RC__Q_DPWSSD(imin[i][0], b0, mv);
                imin[i][1] = RC__Q_DPWSSD(imin[i][1], b1, mv);
            }
        }
        const __m256 d0 = _mm256_loadu_ps((const float *)xp), d1 = _mm256_loadu_ps((const float *)xp + 8);
        for (int i = 0; i < nr; i++) {
            const __m256 d = _mm256_set1_ps(w[i].d[2 * k]), dm = _mm256_set1_ps(w[i].d[2 * k + 1]);
            acc[i][0] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum[i][0]), _mm256_mul_ps(d0, d), acc[i][0]);
            acc[i][1] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(isum[i][1]), _mm256_mul_ps(d1, d), acc[i][1]);
            acc[i][0] = _mm256_fnmadd_ps(_mm256_cvtepi32_ps(imin[i][0]), _mm256_mul_ps(d0, dm), acc[i][0]);
            acc[i][1] = _mm256_fnmadd_ps(_mm256_cvtepi32_ps(imin[i][1]), _mm256_mul_ps(d1, dm), acc[i][1]);
        }
    }
    rc__q_tile_store(out, ldo, acc, nr, nt);
}

/* Unpacks K-quant rows r < nr of a tile (the rest zero) as rc__q_tile_k_amx takes them into
   t, whose arrays start at `at` (34.5 x cols bytes + 1 KiB, within RC__Q_AMX_TILE). The switch
   compiles the rows' loop once per type, as rc__q_unpack_tile32's: with the type known only at
   run time a q4_K block took 36 ns to unpack instead of 27 (q6_K 38 instead of 26). */
#if RC__Q_AMX
RC__Q_INLINE void rc__q_unpack_rowsK(int type, rc__qTileK *t, const unsigned char *wr, size_t row_bytes, int nr, int nb) {
    const size_t bs = rc__gguf_types[type].size, stride = rc__q_amx_kstride(nb);
    for (int i = 0; i < nr; i++)
        for (int k = 0; k < nb; k++) {
            unsigned char u[256], *lo = t->u + i * stride + 512 * (size_t)k;
            int16_t sc[16];
            int32_t mn2[8];
            rc__q_unpack_blockK(type, wr + i * row_bytes + bs * k, u, sc, mn2, &t->d[32 * k + i], &t->d[32 * k + 16 + i]);
            for (int g = 0; g < 16; g++)
                for (int j = 16 * g; j < 16 * g + 16; j++) {
                    const int16_t v = (int16_t)(sc[g] * u[j]);
                    lo[j] = (unsigned char)v;
                    lo[256 + j] = (unsigned char)(v >> 8);
                }
            for (int g = 0; g < 8; g++) t->mn[128 * k + 16 * g + i] = mn2[g];
        }
}
static void rc__q_unpack_tile_amx(rc__qTileK *t, unsigned char *at, const rc_Matrix *w, const unsigned char *wr, int nr) {
    const int nb = w->cols / 256;
    const size_t stride = rc__q_amx_kstride(nb), vals = 16 * stride;
    *t = (rc__qTileK){at, (int32_t *)(at + vals), (float *)(at + vals + (size_t)512 * nb)};
    memset(at + nr * stride, 0, vals - nr * stride + (size_t)640 * nb); /* rows nr.., minimums, d */
    switch (w->type) {
    case RC__GGML_Q4_K: rc__q_unpack_rowsK(RC__GGML_Q4_K, t, wr, w->row_bytes, nr, nb); break;
    case RC__GGML_Q5_K: rc__q_unpack_rowsK(RC__GGML_Q5_K, t, wr, w->row_bytes, nr, nb); break;
    default: rc__q_unpack_rowsK(RC__GGML_Q6_K, t, wr, w->row_bytes, nr, nb); break;
    }
}

/* One tile of 16 rows (nr real, from r0) as the AMX int8 kernels take it: rows rc__q_tile_q8_amx
   reads (a, astep, lda) or rc__q_tile_i16_amx reads (v), scales wd (and q4_1 / q5_1 minimums
   wm), or K-quants unpacked (k). */
typedef struct {
    int r0, nr;
    const int8_t *a;
    size_t astep, lda;
    const unsigned char *v;
    float *wd, *wm;
    rc__qTileK k;
} rc__qAmxTile;

/* Prepares tile rt of w in buf (RC__Q_AMX_TILE(w->cols) floats): Q8_0 rows of a whole tile are
   read in place (only their scales converted: unpacking them cost 3-10% of TinyLlama's GEMMs),
   other 32-value rows and a short last tile unpacked to int8 blocks [nb][16 rows][32], RCLM
   q8_0's short last tile zero-padded, K-quants (kq) unpacked (rc__q_unpack_tile_amx). */
static void rc__q_amx_tile(rc__qAmxTile *t, const rc_Matrix *w, int kq, int rt, float *buf) {
    const int i16 = w->q != NULL, nb = w->cols / (i16 ? w->gs : kq ? 256 : 32);
    const size_t row_bytes = i16 ? (size_t)w->cols : w->row_bytes, bs = rc__gguf_types[w->type].size;
    const unsigned char *wr = i16 ? (const unsigned char *)w->q + (size_t)rt * 16 * row_bytes : w->g + (size_t)rt * 16 * row_bytes;
    *t = (rc__qAmxTile){.r0 = 16 * rt, .nr = w->rows - 16 * rt < 16 ? w->rows - 16 * rt : 16, .wd = buf, .wm = buf + 16 * nb};
    if (i16) { /* scales [16 rows][nb]; a short last tile's rows after them, zero-padded (16 x cols bytes) */
        for (int i = 0; i < t->nr; i++) memcpy(buf + i * nb, w->s + (size_t)(t->r0 + i) * nb, sizeof(float) * nb);
        t->v = wr;
        if (t->nr < 16) {
            unsigned char *pad = (unsigned char *)(buf + 16 * nb);
            memcpy(pad, wr, (size_t)t->nr * row_bytes);
            memset(pad + (size_t)t->nr * row_bytes, 0, (size_t)(16 - t->nr) * row_bytes);
            t->v = pad;
        }
    } else if (kq) {
        rc__q_unpack_tile_amx(&t->k, (unsigned char *)buf, w, wr, t->nr);
    } else if (w->type == RC__GGML_Q8_0 && t->nr == 16) {
        for (int k = 0; k < nb; k++)
            for (int i = 0; i < 16; i++) buf[16 * k + i] = rc__q_h(wr + i * row_bytes + bs * k);
        t->a = (const int8_t *)wr + 2, t->astep = bs, t->lda = row_bytes;
    } else { /* on a 64-byte line after the scales and minimums */
        int8_t *v = (int8_t *)(buf + 32 * nb + 16);
        v += (64 - ((uintptr_t)v & 63)) & 63;
        rc__q_unpack_tile32(w->type, v, t->wd, t->wm, wr, row_bytes, t->nr, nb);
        t->a = v, t->astep = 512, t->lda = 32;
    }
}

/* rc__q_gemm_i8 on AMX tiles (16 rows x 16 tokens). Each thread takes its row tiles
   RC__Q_AMX_GROUP at a time, prepares them (rc__q_amx_tile) and then goes through the columns
   512 at a time: for each panel, every tile of the group takes the chunk, its sums kept in wbuf
   between chunks (rc__q_amx_part_in / _out). A chunk of the group's rows stays in L2 and a
   panel's chunk of activations in L1 for the group's tiles. One tile at a time over the whole
   batch read all the activations again for each tile, from L3 once they outgrew L2: a 2048 x
   5632 matrix (TinyLlama's FFN down) times 512 tokens took 1.2-1.3x as long (Q4_K and Q8_0) on
   one thread of a Xeon. */
static void rc__q_gemm_amx(float *out, const rc__Batch *in, const rc_Matrix *w, int B) {
    const int i16 = w->q != NULL, act = rc__q_gemm_act(w), q81 = act == RC__GGML_Q8_1, kq = act == RC__GGML_Q8_K;
    const int bl = i16 ? w->gs : kq ? 256 : 32, nb = w->cols / bl, kc = 512 / bl, rows = w->rows;
    const int tiles = (rows + 15) / 16, panels = (B + RC_GT - 1) / RC_GT;
    const int group = tiles >= RC__Q_AMX_GROUP * in->n_threads ? RC__Q_AMX_GROUP : 1, groups = (tiles + group - 1) / group;
    const size_t pb = i16 ? RC__Q_PBI(w->gs) : q81 ? RC__Q_PB1 : kq ? RC__Q_PBK : RC__Q_PB;
#pragma omp parallel num_threads(in->n_threads)
    {
        rc__q_amx_config(i16 ? w->gs : kq ? 64 : 32);
#ifdef _OPENMP
        float *buf = in->wbuf + (size_t)omp_get_thread_num() * RC_GEMM_WBUF(w->cols);
#else
        float *buf = in->wbuf;
#endif
        float(*part)[RC__Q_AMX_ROWS][16] = (float(*)[RC__Q_AMX_ROWS][16])(buf + RC__Q_AMX_GROUP * RC__Q_AMX_TILE(w->cols));
#pragma omp for schedule(static)
        for (int gi = 0; gi < groups; gi++) {
            rc__qAmxTile t[RC__Q_AMX_GROUP];
            int n = 0;
            for (int rt = gi * group; rt < tiles && n < group; rt++, n++) rc__q_amx_tile(&t[n], w, kq, rt, buf + n * RC__Q_AMX_TILE(w->cols));
            for (int k0 = 0; k0 < nb; k0 += kc) {
                const int k1 = nb - k0 < kc ? nb : k0 + kc;
                for (int p = 0; p < panels; p++) {
                    const int nt = B - p * RC_GT < RC_GT ? B - p * RC_GT : RC_GT;
                    const unsigned char *xp = (const unsigned char *)in->xt + (size_t)p * nb * pb;
                    for (int j = 0; j < n; j++) {
                        float *o = out + (size_t)p * RC_GT * rows + t[j].r0, sh[RC_GT * RC__Q_AMX_ROWS];
                        float *to = k1 < nb ? NULL : t[j].nr == 16 ? o : sh; /* a short tile into sh, then its rows out */
                        const size_t ld = t[j].nr == 16 ? (size_t)rows : RC__Q_AMX_ROWS;
                        float(*pj)[16] = part[j * panels + p];
                        if (i16) rc__q_tile_i16_amx(to, ld, xp, t[j].v, (size_t)w->cols, w->gs, t[j].wd, nb, k0, k1, pj, nt);
                        else if (kq) rc__q_tile_k_amx(to, ld, xp, &t[j].k, nb, k0, k1, pj, nt);
                        else rc__q_tile_q8_amx(to, ld, xp, pb, t[j].a, t[j].astep, t[j].lda, t[j].wd, q81 ? t[j].wm : NULL, k0, k1, pj, nt);
                        for (int b = 0; b < nt && to == sh; b++) memcpy(o + (size_t)b * rows, sh + b * RC__Q_AMX_ROWS, sizeof(float) * t[j].nr);
                    }
                }
            }
        }
        _tile_release();
    }
}
#endif

/* rc__gemm for the rows of a GGUF file that rc__q_gemm_act sends here, with `in` packed by
   rc__q_pack_panels: threads split the row tiles, and each tile is unpacked once into the
   thread's wbuf (RC_GR x cols floats; q8_0: its block scales and weight sums; K-quants: values,
   scales, minimums), then takes RC_GEMM_PASS panels per pass over the rows, so that the panels
   it reads stay in L2 (as rc__gemm). With AMX, rc__q_gemm_amx takes the int8 rows (q4_0 / q5_0 /
   q4_1 / q5_1 too, against q8_0 / q8_1 activations as in their generation, and RCLM q8_0) and
   rc__q_gemm_bf16_amx BF16 rows. */
static void rc__q_gemm_i8(float *out, const rc__Batch *in, const rc_Matrix *w, int B) {
#if RC__Q_AMX
    if (rc__q_gemm_act(w) >= RC__Q_ACT_BF16) {
        rc__q_gemm_bf16_amx(out, in, w, B);
        return;
    }
    if (rc__q_amx()) {
        rc__q_gemm_amx(out, in, w, B);
        return;
    }
#endif
#if RC__Q_W16
    if (w->q || w->type == RC__GGML_Q8_0) { /* int16 tiles in rc__gemm's blocks */
        rc__gemm(out, in, w, B);
        return;
    }
#endif
    const int q8 = w->type == RC__GGML_Q8_0, kq = !q8; /* q4_K, q5_K, q6_K */
    const int rows = w->rows, nb = w->cols / (q8 ? 32 : 256);
    const int gw = w->type == RC__GGML_Q6_K ? 1 : 2; /* K-quants: groups of 16 per scale */
    const int tiles = (rows + RC__Q_GR8 - 1) / RC__Q_GR8, panels = (B + RC_GT - 1) / RC_GT;
    const size_t pb = q8 ? RC__Q_PB : RC__Q_PBK, bs = rc__gguf_types[w->type].size;
#pragma omp parallel num_threads(in->n_threads)
    {
        for (int p0 = 0; p0 < panels; p0 += RC_GEMM_PASS) {
            const int p1 = panels - p0 < RC_GEMM_PASS ? panels : p0 + RC_GEMM_PASS;
#pragma omp for schedule(static)
            for (int rt = 0; rt < tiles; rt++) {
                const int r0 = rt * RC__Q_GR8, nr = rows - r0 < RC__Q_GR8 ? rows - r0 : RC__Q_GR8;
#ifdef _OPENMP
                float *buf = in->wbuf + (size_t)omp_get_thread_num() * RC_GEMM_WBUF(w->cols);
#else
                float *buf = in->wbuf;
#endif
                const unsigned char *wr = w->g + (size_t)r0 * w->row_bytes;
                int32_t *wc = (int32_t *)(buf + RC__Q_GR8 * nb);
                rc__qRowK rk[RC__Q_GR8];
                for (int i = 0; i < nr && q8; i++) /* q8_0 block scales and weight sums */
                    for (int k = 0; k < nb; k++) {
                        const unsigned char *blk = wr + i * w->row_bytes + bs * k;
                        buf[i * nb + k] = rc__q_h(blk);
                        int sum = 0;
                        for (int j = 0; j < 32; j++) sum += (int8_t)blk[2 + j];
                        wc[i * nb + k] = -128 * sum;
                    }
                for (int i = 0; i < nr && kq; i++) { /* K-quant rows for rc__q_tile_k */
                    unsigned char *at = (unsigned char *)buf + (size_t)i * nb * (256 + 4 * (16 + 8 + 2));
                    rk[i] = (rc__qRowK){at, (int32_t *)(at + 256 * nb), (int32_t *)(at + 320 * nb), (float *)(at + 352 * nb)};
                    for (int k = 0; k < nb; k++) {
                        int16_t sc[16];
                        rc__q_unpack_blockK(w->type, wr + i * w->row_bytes + bs * k, rk[i].u + 256 * k, sc, rk[i].mn + 8 * k,
                                            &rk[i].d[2 * k], &rk[i].d[2 * k + 1]);
                        for (int g = 0; g < 16; g++) rk[i].sc[16 * k + g] = sc[g];
                    }
                }
                for (int p = p0; p < p1; p++) {
                    const int nt = B - p * RC_GT < RC_GT ? B - p * RC_GT : RC_GT;
                    float *o = out + (size_t)p * RC_GT * rows + r0;
                    const unsigned char *xp = (const unsigned char *)in->xt + (size_t)p * nb * pb;
                    if (q8 && nr == RC__Q_GR8) rc__q_tile_q8(o, rows, xp, wr, w->row_bytes, buf, wc, nb, RC__Q_GR8, nt);
                    else if (q8) rc__q_tile_q8(o, rows, xp, wr, w->row_bytes, buf, wc, nb, nr, nt);
                    else if (nr == RC__Q_GR8 && gw == 2) rc__q_tile_k(o, rows, xp, rk, nb, RC__Q_GR8, nt, 2);
                    else if (nr == RC__Q_GR8) rc__q_tile_k(o, rows, xp, rk, nb, RC__Q_GR8, nt, 1);
                    else rc__q_tile_k(o, rows, xp, rk, nb, nr, nt, gw);
                }
            }
        }
    }
}
#endif /* RC__Q_I8GEMM */

/* How a batch (B >= RC_GEMM_MIN) through w goes to rc__q_gemm_i8: its activations as blocks of
   RC__GGML_Q8_0 or RC__GGML_Q8_K (the int8 tiles; with AMX also q4_0 / q5_0 rows, and q4_1 /
   q5_1 rows with RC__GGML_Q8_1), or with AMX or RC__Q_W16 as RC__Q_ACT_I16 (our q8_0 rows), or
   with AMX as RC__Q_ACT_BF16 (BF16 rows); 0: the f32 GEMM. */
static int rc__q_gemm_act(const rc_Matrix *w) {
    const int kq = w->type == RC__GGML_Q4_K || w->type == RC__GGML_Q5_K || w->type == RC__GGML_Q6_K;
    const int i16 = w->q && (w->gs == 32 || w->gs == 64) && w->cols % w->gs == 0; /* RCLM q8_0, whole groups */
#if RC__Q_AMX
    if (i16 && rc__q_amx()) return RC__Q_ACT_I16;
    if (w->g && (w->type == RC__GGML_Q4_0 || w->type == RC__GGML_Q5_0) && rc__q_amx()) return RC__GGML_Q8_0;
    if (w->g && (w->type == RC__GGML_Q4_1 || w->type == RC__GGML_Q5_1) && rc__q_amx()) return RC__GGML_Q8_1;
    if (w->g && w->type == RC__GGML_BF16 && w->cols % 32 == 0 && rc__q_amx()) return RC__Q_ACT_BF16;
#endif
    if (RC__Q_W16 && i16) return RC__Q_ACT_I16;
    if (!RC__Q_I8GEMM || !w->g) return 0;
    return w->type == RC__GGML_Q8_0 ? (RC__Q_HAS_VNNI || RC__Q_W16 ? RC__GGML_Q8_0 : 0) /* maddubs would saturate */
         : kq ? RC__GGML_Q8_K : 0;
}

/* ============================================================================================
   Annex B. Other checkpoint formats: llama2.c's (v0, ak42 v1 and v2) and GGUF (llama.cpp's).
   Skip on a first reading.
   ============================================================================================ */

/* Llama 2 defaults for llama2.c's files, which carry only the 7 shape ints. */
static void rc__config_llama2c(rc_Config *c, const unsigned char *ints) {
    memset(c, 0, sizeof *c);
    c->dim = rc__i32(ints);
    c->hidden_dim = rc__i32(ints + 4);
    c->n_layers = rc__i32(ints + 8);
    c->n_heads = rc__i32(ints + 12);
    c->n_kv_heads = rc__i32(ints + 16);
    c->vocab_size = rc__i32(ints + 20);
    c->seq_len = rc__i32(ints + 24);
    c->head_dim = c->n_heads > 0 && c->dim > 0 && c->dim % c->n_heads == 0 ? c->dim / c->n_heads : 0;
    c->bos_id = 1;
    c->eos_id = 2;
    c->norm_eps = 1e-5f;
    c->rope_theta = 10000.0f;
}

/* Reads an ak42 (v1, v2) or v0 header into m->config; sets the llama2.c version (0, 1, 2) and
   where the tensors start. */
static int rc__parse_llama2c(rc_Model *m, const char *path, int *version, uint64_t *tensors_at,
                            rc_Error *e) {
    const unsigned char *p = m->file.data;
    size_t size = m->file.size;
    rc_Config *g = &m->config;
    if (size >= 8 && rc__u32(p) == RC_MAGIC_AK42) {
        int32_t ver = rc__i32(p + 4);
        if (ver != 1 && ver != 2)
            return rc__fail(e, "%s: llama2.c ak42 version %d is not supported (expected 1 or 2)", path, ver);
        if (size < RC_HEADER_SIZE)
            return rc__fail(e, "%s: truncated: ak42 header needs %d bytes, file has %zu", path,
                           RC_HEADER_SIZE, size);
        rc__config_llama2c(g, p + 8);
        g->tied = p[36] != 0;
        if (ver == 2) {
            g->dtype = RC_Q8_0;
            g->group_size = rc__i32(p + 37);
        }
        *version = ver;
        *tensors_at = RC_HEADER_SIZE;
        m->format = ver == 1 ? "llama2.c ak42 v1" : "llama2.c ak42 v2";
    } else {
        if (size < 28)
            return rc__fail(e, "%s: too small to be a checkpoint (%zu bytes; expected a GGUF, RCLM, ak42 or "
                              "llama2.c v0 header)", path, size);
        rc__config_llama2c(g, p);
        g->tied = g->vocab_size > 0;  /* v0 marks an untied classifier with a negative vocab_size */
        if (g->vocab_size < 0 && g->vocab_size != INT32_MIN) g->vocab_size = -g->vocab_size;
        *version = 0;
        *tensors_at = 28;
        m->format = "llama2.c v0";
    }
    if (g->n_heads > 0 && g->dim > 0 && g->dim % g->n_heads)
        return rc__fail(e, "%s: dim %d is not a multiple of n_heads %d", path, g->dim, g->n_heads);
    return 0;
}

/* What llama2.c's files must satisfy beyond rc__config_check: v2's groups tile each row. */
static int rc__check_llama2c(const rc_Model *m, const char *path, int version, rc_Error *e) {
    const rc_Config *g = &m->config;
    if (version == 2 && (g->dim % g->group_size || g->hidden_dim % g->group_size))
        return rc__fail(e, "%s: ak42 v2 group_size %d does not divide dim %d and hidden_dim %d", path,
                       g->group_size, g->dim, g->hidden_dim);
    return 0;
}

/* llama2.c's files group tensors by kind across layers. In v2 (q8_0) the norms come first as f32;
   every matrix is then its int8 values followed by its scales. */
static int rc__load_llama2c(rc_Model *m, rc__Cursor *c, int version) {
    rc_Config *g = &m->config;
    int q_dim = g->n_heads * g->head_dim, kv_dim = g->n_kv_heads * g->head_dim;
    int nl = g->n_layers;
    if (version == 0 && rc__take_matrix(c, &m->embedding, g->vocab_size, g->dim, g, "token_embedding"))
        return -1;
    for (int l = 0; l < nl; l++)
        if (rc__take_vec(c, &m->layers[l].attn_norm, g->dim, "rms_att_weight")) return -1;
    if (version > 0) {
        for (int l = 0; l < nl; l++)
            if (rc__take_vec(c, &m->layers[l].ffn_norm, g->dim, "rms_ffn_weight")) return -1;
        if (rc__take_vec(c, &m->final_norm, g->dim, "rms_final_weight")) return -1;
        if (rc__take_matrix(c, &m->embedding, g->vocab_size, g->dim, g, "token_embedding")) return -1;
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
                if (rc__take_vec(c, &m->layers[l].ffn_norm, g->dim, "rms_ffn_weight")) return -1;
        for (int l = 0; l < nl; l++) {
            rc_Matrix *w = (rc_Matrix *)((char *)&m->layers[l] + kinds[k].off);
            if (rc__take_matrix(c, w, kinds[k].rows, kinds[k].cols, g, kinds[k].name)) return -1;
        }
    }
    if (version == 0) {
        if (rc__take_vec(c, &m->final_norm, g->dim, "rms_final_weight")) return -1;
        /* unused precomputed RoPE tables: freq_cis_real and freq_cis_imag [seq_len, head_dim/2] */
        if (!rc__take(c, (uint64_t)g->seq_len * (uint64_t)g->head_dim, 4, "freq_cis")) return -1;
    }
    if (!g->tied && rc__take_matrix(c, &m->classifier, g->vocab_size, g->dim, g, "classifier"))
        return -1;
    return 0;
}

/* ---- B1. The GGUF container (v2 and v3, little-endian) -------------------------------------

   Header, metadata key/values of every type (nested arrays included), tensor infos and the
   aligned data section, all checked against the file size and used in place from the mapping.
   -------------------------------------------------------------------------------------------- */

/* ---- GGUF container ----------------------------------------------------------------------- */

enum {
    RC__GGUF_UINT8 = 0, RC__GGUF_INT8 = 1, RC__GGUF_UINT16 = 2, RC__GGUF_INT16 = 3,
    RC__GGUF_UINT32 = 4, RC__GGUF_INT32 = 5, RC__GGUF_FLOAT32 = 6, RC__GGUF_BOOL = 7,
    RC__GGUF_STRING = 8, RC__GGUF_ARRAY = 9, RC__GGUF_UINT64 = 10, RC__GGUF_INT64 = 11,
    RC__GGUF_FLOAT64 = 12, RC__GGUF_NTYPES = 13
};
#define RC__GGUF_MAX_DEPTH 16   /* nesting of arrays of arrays */
#define RC__GGUF_MAX_DIMS 4

/* One metadata value, pointing into the mapping. */
typedef struct rc__GgufValue {
    uint32_t type;                /* RC__GGUF_* */
    uint32_t elem_type;           /* arrays: the elements' RC__GGUF_* type */
    uint64_t count;               /* arrays: number of elements; strings: length in bytes */
    const unsigned char *p;       /* scalar: its bytes; string: its bytes; array: first element */
    uint64_t *offs;               /* arrays of strings: element i's u64 length sits at p + offs[i] */
    struct rc__GgufValue *sub;    /* arrays of arrays: the `count` elements */
} rc__GgufValue;

typedef struct {
    const char *key;              /* into the mapping, NOT NUL-terminated */
    uint64_t key_len;
    rc__GgufValue v;
} rc__GgufKV;

typedef struct {
    const char *name;             /* into the mapping, NOT NUL-terminated */
    uint64_t name_len;
    uint32_t n_dims;              /* 0..4 */
    uint32_t type;                /* ggml type id (known, with a layout; maybe unsupported) */
    int64_t ne[RC__GGUF_MAX_DIMS];/* elements per dimension, ne[0] contiguous; unused ones are 1 */
    uint64_t offset;              /* from the start of the data section, a multiple of alignment */
    uint64_t n_elems, n_bytes;
    uint64_t n_rows, row_bytes;   /* ne[1]*ne[2]*ne[3] rows of ne[0] elements */
    const unsigned char *data;    /* in the mapping */
} rc__GgufTensor;

/* Sorted index entry for name lookup. */
typedef struct {
    const char *s;
    uint64_t len, idx;
} rc__GgufName;

typedef struct {
    uint32_t version;             /* 2 or 3 */
    uint64_t n_kv, n_tensors;
    rc__GgufKV *kv;               /* in file order */
    rc__GgufTensor *tensors;      /* in file order */
    uint64_t alignment;           /* general.alignment, default 32 */
    uint64_t data_offset;         /* start of the data section in the file */
    const unsigned char *base;
    uint64_t size;
    char *path;                   /* copy, for accessor messages */
    rc__GgufName *kv_index, *tensor_index;  /* sorted by name */
} rc__Gguf;

static const char *const rc__gguf_vtype_names[RC__GGUF_NTYPES] = {
    "u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "string", "array", "u64", "i64", "f64"};
static const uint8_t rc__gguf_vtype_size[RC__GGUF_NTYPES] = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};

/* A value type's name for messages. */
static const char *rc__gguf_vtype_name(uint32_t t) {
    return t < RC__GGUF_NTYPES ? rc__gguf_vtype_names[t] : "unknown";
}

/* Printable length of a name in messages (names come from the file and may be huge). */
static int rc__gguf_plen(uint64_t len) { return len > 96 ? 96 : (int)len; }

/* Reader over the file with the context used in messages. */
typedef struct {
    const unsigned char *p;
    uint64_t off, size;
    const char *path;
    rc_Error *e;
    char what[200];               /* what is being read, e.g. "key 3 ('general.name')" */
} rc__GgufRd;

/* Fails unless `n` more bytes are in the file. */
static int rc__gguf_need(rc__GgufRd *r, uint64_t n, const char *field) {
    if (n > r->size - r->off)
        return rc__fail(r->e, "%s: truncated: %s%s%s needs %llu bytes at offset %llu, file has %llu",
                        r->path, r->what, r->what[0] ? ": " : "", field, (unsigned long long)n,
                        (unsigned long long)r->off, (unsigned long long)r->size);
    return 0;
}
static int rc__gguf_rd_u32(rc__GgufRd *r, uint32_t *v, const char *field) {
    if (rc__gguf_need(r, 4, field)) return -1;
    *v = rc__u32(r->p + r->off);
    r->off += 4;
    return 0;
}
static int rc__gguf_rd_u64(rc__GgufRd *r, uint64_t *v, const char *field) {
    if (rc__gguf_need(r, 8, field)) return -1;
    *v = rc__q_u64(r->p + r->off);
    r->off += 8;
    return 0;
}
/* A GGUF string: u64 length, then the bytes (not NUL-terminated). */
static int rc__gguf_rd_str(rc__GgufRd *r, const char **s, uint64_t *len, const char *field) {
    if (rc__gguf_rd_u64(r, len, field) || rc__gguf_need(r, *len, field)) return -1;
    *s = (const char *)(r->p + r->off);
    r->off += *len;
    return 0;
}

static void rc__gguf_value_free(rc__GgufValue *v) {
    if (v->sub)
        for (uint64_t i = 0; i < v->count; i++) rc__gguf_value_free(&v->sub[i]);
    RC_FREE(v->sub);
    RC_FREE(v->offs);
    v->sub = NULL;
    v->offs = NULL;
}

/* Parses one value of `type` at the reader. Arrays of strings get an offset table and arrays of
   arrays their child values; both are allocated only after the file is seen to hold at least
   that many minimal elements, so allocation stays linear in the file size. */
static int rc__gguf_parse_value(rc__GgufRd *r, uint32_t type, rc__GgufValue *v, int depth) {
    memset(v, 0, sizeof *v);
    v->type = type;
    if (type >= RC__GGUF_NTYPES)
        return rc__fail(r->e, "%s: %s: unknown value type %u (expected 0..12)", r->path, r->what, type);
    if (type == RC__GGUF_STRING) {
        const char *s;
        if (rc__gguf_rd_str(r, &s, &v->count, "string")) return -1;
        v->p = (const unsigned char *)s;
        return 0;
    }
    if (type != RC__GGUF_ARRAY) {
        if (rc__gguf_need(r, rc__gguf_vtype_size[type], rc__gguf_vtype_name(type))) return -1;
        v->p = r->p + r->off;
        r->off += rc__gguf_vtype_size[type];
        if (type == RC__GGUF_BOOL && v->p[0] > 1)
            return rc__fail(r->e, "%s: %s: bool value is %u (expected 0 or 1)", r->path, r->what, v->p[0]);
        return 0;
    }
    if (depth >= RC__GGUF_MAX_DEPTH)
        return rc__fail(r->e, "%s: %s: arrays nested deeper than %d", r->path, r->what, RC__GGUF_MAX_DEPTH);
    if (rc__gguf_rd_u32(r, &v->elem_type, "array element type") ||
        rc__gguf_rd_u64(r, &v->count, "array length"))
        return -1;
    uint32_t et = v->elem_type;
    if (et >= RC__GGUF_NTYPES)
        return rc__fail(r->e, "%s: %s: unknown array element type %u (expected 0..12)", r->path, r->what, et);
    uint64_t left = r->size - r->off, n = v->count;
    v->p = r->p + r->off;
    if (et != RC__GGUF_STRING && et != RC__GGUF_ARRAY) {
        uint64_t bytes;
        if (!rc__mul_ok(n, rc__gguf_vtype_size[et], &bytes) || bytes > left)
            return rc__fail(r->e, "%s: truncated: %s: array of %llu %s needs more than the %llu bytes "
                            "left at offset %llu", r->path, r->what, (unsigned long long)n,
                            rc__gguf_vtype_name(et), (unsigned long long)left, (unsigned long long)r->off);
        if (et == RC__GGUF_BOOL)
            for (uint64_t i = 0; i < n; i++)
                if (v->p[i] > 1)
                    return rc__fail(r->e, "%s: %s: bool element %llu is %u (expected 0 or 1)", r->path,
                                    r->what, (unsigned long long)i, v->p[i]);
        r->off += bytes;
        return 0;
    }
    uint64_t min_elem = et == RC__GGUF_STRING ? 8 : 12;
    if (n > left / min_elem)
        return rc__fail(r->e, "%s: truncated: %s: array of %llu %ss needs at least %llu bytes at offset "
                        "%llu, file has %llu left", r->path, r->what, (unsigned long long)n,
                        rc__gguf_vtype_name(et), (unsigned long long)(n * min_elem),
                        (unsigned long long)r->off, (unsigned long long)left);
    if (n == 0) return 0;
    if (et == RC__GGUF_STRING) {
        v->offs = RC_MALLOC((size_t)n * sizeof *v->offs);
        if (!v->offs) return rc__fail(r->e, "%s: out of memory for %s", r->path, r->what);
        const unsigned char *base = v->p;
        for (uint64_t i = 0; i < n; i++) {
            v->offs[i] = (uint64_t)(r->p + r->off - base);
            if (r->size - r->off < 8) goto trunc;
            uint64_t len = rc__q_u64(r->p + r->off);
            r->off += 8;
            if (len > r->size - r->off) goto trunc;
            r->off += len;
            continue;
        trunc:
            return rc__fail(r->e, "%s: truncated: %s: string %llu of %llu runs past the end of the file "
                            "(offset %llu, size %llu)", r->path, r->what, (unsigned long long)i,
                            (unsigned long long)n, (unsigned long long)r->off, (unsigned long long)r->size);
        }
        return 0;
    }
    v->sub = RC_CALLOC((size_t)n, sizeof *v->sub);
    if (!v->sub) return rc__fail(r->e, "%s: out of memory for %s", r->path, r->what);
    for (uint64_t i = 0; i < n; i++) {
        /* the child's own elem_type/count are read inside; a failure leaves it freed-safe */
        if (rc__gguf_parse_value(r, RC__GGUF_ARRAY, &v->sub[i], depth + 1)) {
            v->count = i + 1;  /* free only what was set up */
            return -1;
        }
    }
    return 0;
}

static int rc__gguf_name_cmp(const void *a, const void *b) {
    const rc__GgufName *x = a, *y = b;
    uint64_t n = x->len < y->len ? x->len : y->len;
    int c = n ? memcmp(x->s, y->s, (size_t)n) : 0;
    if (c) return c;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Sorts names for lookup; fails on the first duplicate, naming both entries. */
static int rc__gguf_index(rc__GgufName **out, uint64_t n, const char *const *s, const uint64_t *len,
                          size_t stride, const char *kind, const char *path, rc_Error *e) {
    *out = NULL;
    if (n == 0) return 0;
    rc__GgufName *ix = RC_MALLOC((size_t)n * sizeof *ix);
    if (!ix) return rc__fail(e, "%s: out of memory for the %s index", path, kind);
    for (uint64_t i = 0; i < n; i++) {
        ix[i].s = *(const char *const *)((const char *)s + i * stride);
        ix[i].len = *(const uint64_t *)((const char *)len + i * stride);
        ix[i].idx = i;
    }
    qsort(ix, (size_t)n, sizeof *ix, rc__gguf_name_cmp);
    for (uint64_t i = 1; i < n; i++)
        if (ix[i].len == ix[i - 1].len && (ix[i].len == 0 || !memcmp(ix[i].s, ix[i - 1].s, (size_t)ix[i].len))) {
            rc__fail(e, "%s: duplicate %s '%.*s' (entries %llu and %llu)", path, kind,
                     rc__gguf_plen(ix[i].len), ix[i].s, (unsigned long long)ix[i - 1].idx,
                     (unsigned long long)ix[i].idx);
            RC_FREE(ix);
            return -1;
        }
    *out = ix;
    return 0;
}

/* Binary search in a sorted index; returns the entry's file-order position or -1. */
static int64_t rc__gguf_lookup(const rc__GgufName *ix, uint64_t n, const char *name) {
    if (!ix || !name) return -1;
    rc__GgufName key = {name, strlen(name), 0};
    uint64_t lo = 0, hi = n;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        rc__GgufName m = ix[mid];
        m.idx = 0;
        int c = rc__gguf_name_cmp(&m, &key);
        if (c == 0) return (int64_t)ix[mid].idx;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

static void rc__gguf_free(rc__Gguf *g) {
    if (g->kv)
        for (uint64_t i = 0; i < g->n_kv; i++) rc__gguf_value_free(&g->kv[i].v);
    RC_FREE(g->kv);
    RC_FREE(g->tensors);
    RC_FREE(g->kv_index);
    RC_FREE(g->tensor_index);
    RC_FREE(g->path);
    memset(g, 0, sizeof *g);
}

typedef struct {
    uint64_t start, end, idx;
} rc__GgufSpan;

static int rc__gguf_span_cmp(const void *a, const void *b) {
    const rc__GgufSpan *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Reads one tensor info and checks its shape and type; the byte range is checked later, once
   the data section's start is known. */
static int rc__gguf_parse_tensor(rc__GgufRd *r, rc__Gguf *g, uint64_t i) {
    rc__GgufTensor *t = &g->tensors[i];
    snprintf(r->what, sizeof r->what, "tensor info %llu", (unsigned long long)i);
    if (rc__gguf_rd_str(r, &t->name, &t->name_len, "name")) return -1;
    snprintf(r->what, sizeof r->what, "tensor %llu ('%.*s')", (unsigned long long)i,
             rc__gguf_plen(t->name_len), t->name);
    if (rc__gguf_rd_u32(r, &t->n_dims, "n_dims")) return -1;
    if (t->n_dims > RC__GGUF_MAX_DIMS)
        return rc__fail(r->e, "%s: %s has %u dimensions (expected at most %d)", r->path, r->what,
                        t->n_dims, RC__GGUF_MAX_DIMS);
    uint64_t n = 1;
    for (uint32_t d = 0; d < RC__GGUF_MAX_DIMS; d++) {
        uint64_t ne = 1;
        if (d < t->n_dims && rc__gguf_rd_u64(r, &ne, "shape")) return -1;
        if (ne > (uint64_t)INT64_MAX)
            return rc__fail(r->e, "%s: %s: dimension %u has %llu elements (negative as int64)", r->path,
                            r->what, d, (unsigned long long)ne);
        t->ne[d] = (int64_t)ne;
        if (!rc__mul_ok(n, ne, &n) || n > (uint64_t)INT64_MAX)
            return rc__fail(r->e, "%s: %s: element count overflows int64", r->path, r->what);
    }
    t->n_elems = n;
    if (rc__gguf_rd_u32(r, &t->type, "type")) return -1;
    const rc__GgufType *ty = rc__gguf_type(t->type);
    if (!ty)
        return rc__fail(r->e, "%s: %s has unknown ggml type %u (expected a type id below %d)", r->path,
                        r->what, t->type, RC__GGML_TYPE_COUNT);
    if (ty->blck == 0)
        return rc__fail(r->e, "%s: %s has ggml type %u (%s), which has no layout", r->path, r->what,
                        t->type, ty->name);
    if ((uint64_t)t->ne[0] % ty->blck != 0)
        return rc__fail(r->e, "%s: %s: %lld elements per row is not a multiple of the %s block size %u",
                        r->path, r->what, (long long)t->ne[0], ty->name, ty->blck);
    t->n_rows = n == 0 ? 0 : n / (uint64_t)t->ne[0];
    t->row_bytes = (uint64_t)t->ne[0] / ty->blck * ty->size;  /* < 2^63 / 32 * 292: no overflow */
    if (!rc__mul_ok(t->row_bytes, t->n_rows, &t->n_bytes))
        return rc__fail(r->e, "%s: %s: byte size overflows", r->path, r->what);
    if (t->ne[0] == 0) t->n_rows = 0;
    if (rc__gguf_rd_u64(r, &t->offset, "offset")) return -1;
    if (t->offset % g->alignment != 0)
        return rc__fail(r->e, "%s: %s: offset %llu is not a multiple of the alignment %llu", r->path,
                        r->what, (unsigned long long)t->offset, (unsigned long long)g->alignment);
    return 0;
}

/* The header: magic, version, and the two counts, each checked against the bytes left. */
static int rc__gguf_header(rc__GgufRd *r, rc__Gguf *g, uint64_t *n_tensors, uint64_t *n_kv) {
    const char *path = r->path;
    rc_Error *e = r->e;
    if (r->size < 4 || memcmp(r->p, "GGUF", 4) != 0)
        return rc__fail(e, "%s: not a GGUF file (expected magic \"GGUF\" at offset 0)", path);
    snprintf(r->what, sizeof r->what, "header");
    r->off = 4;
    uint32_t version;
    if (rc__gguf_rd_u32(r, &version, "version")) return -1;
    if (version == 1)
        return rc__fail(e, "%s: GGUF version 1 is not supported (expected 2 or 3; convert it with a "
                        "newer llama.cpp)", path);
    if ((version & 0xFFFF) == 0 && (version >> 16) != 0)
        return rc__fail(e, "%s: big-endian GGUF (version field reads 0x%08x) is not supported; only "
                        "little-endian files are", path, version);
    if (version != 2 && version != 3)
        return rc__fail(e, "%s: GGUF version %u is not supported (expected 2 or 3)", path, version);
    g->version = version;
    if (rc__gguf_rd_u64(r, n_tensors, "tensor count") || rc__gguf_rd_u64(r, n_kv, "metadata count")) return -1;
    /* each key/value takes at least 13 bytes and each tensor info 24 */
    uint64_t left = r->size - r->off;
    if (*n_kv > left / 13)
        return rc__fail(e, "%s: truncated: %llu metadata entries cannot fit in the %llu bytes after the "
                        "header (each takes at least 13)", path, (unsigned long long)*n_kv,
                        (unsigned long long)left);
    if (*n_tensors > left / 24)
        return rc__fail(e, "%s: truncated: %llu tensor infos cannot fit in the %llu bytes after the "
                        "header (each takes at least 24)", path, (unsigned long long)*n_tensors,
                        (unsigned long long)left);
    return 0;
}

/* The metadata key/values, their index, and general.alignment. */
static int rc__gguf_metadata(rc__GgufRd *r, rc__Gguf *g, uint64_t n_kv) {
    for (uint64_t i = 0; i < n_kv; i++) {
        rc__GgufKV *kv = &g->kv[i];
        snprintf(r->what, sizeof r->what, "metadata entry %llu", (unsigned long long)i);
        uint32_t type;
        if (rc__gguf_rd_str(r, &kv->key, &kv->key_len, "key")) return -1;
        snprintf(r->what, sizeof r->what, "key %llu ('%.*s')", (unsigned long long)i,
                 rc__gguf_plen(kv->key_len), kv->key);
        if (rc__gguf_rd_u32(r, &type, "value type")) return -1;
        g->n_kv = i + 1;  /* from here on kv[i] owns what parse_value allocates */
        if (rc__gguf_parse_value(r, type, &kv->v, 0)) return -1;
    }
    g->n_kv = n_kv;
    if (rc__gguf_index(&g->kv_index, n_kv, &g->kv[0].key, &g->kv[0].key_len, sizeof *g->kv, "key", r->path, r->e))
        return -1;
    int64_t ai = rc__gguf_lookup(g->kv_index, n_kv, "general.alignment");
    if (ai >= 0) {
        const rc__GgufValue *v = &g->kv[ai].v;
        if (v->type != RC__GGUF_UINT32)
            return rc__fail(r->e, "%s: general.alignment has type %s (expected u32)", r->path,
                            rc__gguf_vtype_name(v->type));
        uint32_t a = rc__u32(v->p);
        if (a == 0 || (a & (a - 1)) != 0)
            return rc__fail(r->e, "%s: general.alignment = %u is not a power of two", r->path, a);
        g->alignment = a;
    }
    return 0;
}

/* Places every tensor in the data section, which starts at the next multiple of the alignment
   after the tensor infos: each must fit the file, none may overlap another. */
static int rc__gguf_place(rc__GgufRd *r, rc__Gguf *g) {
    const char *path = r->path;
    rc_Error *e = r->e;
    uint64_t n_tensors = g->n_tensors, pad = (g->alignment - r->off % g->alignment) % g->alignment;
    g->data_offset = r->off + pad;
    if (n_tensors > 0 && pad > r->size - r->off)
        return rc__fail(e, "%s: truncated: the data section would start at offset %llu, file has %llu bytes",
                        path, (unsigned long long)g->data_offset, (unsigned long long)r->size);
    uint64_t data_size = g->data_offset <= r->size ? r->size - g->data_offset : 0;
    rc__GgufSpan *spans = n_tensors ? RC_MALLOC((size_t)n_tensors * sizeof *spans) : NULL;
    if (n_tensors && !spans) return rc__fail(e, "%s: out of memory", path);
    int rc = 0;
    for (uint64_t i = 0; i < n_tensors && rc == 0; i++) {
        rc__GgufTensor *t = &g->tensors[i];
        if (t->offset > data_size || t->n_bytes > data_size - t->offset)
            rc = rc__fail(e, "%s: truncated: tensor '%.*s' needs bytes [%llu, %llu) of the data section at "
                          "offset %llu, which has %llu", path, rc__gguf_plen(t->name_len), t->name,
                          (unsigned long long)t->offset,
                          (unsigned long long)(t->n_bytes > UINT64_MAX - t->offset ? UINT64_MAX : t->offset + t->n_bytes),
                          (unsigned long long)g->data_offset, (unsigned long long)data_size);
        if (rc) break;
        t->data = r->p + g->data_offset + t->offset;
        spans[i] = (rc__GgufSpan){t->offset, t->offset + t->n_bytes, i};
    }
    if (rc == 0 && n_tensors) qsort(spans, (size_t)n_tensors, sizeof *spans, rc__gguf_span_cmp);
    for (uint64_t i = 1; i < n_tensors && rc == 0; i++)
        if (spans[i].start < spans[i - 1].end) {
            const rc__GgufTensor *a = &g->tensors[spans[i - 1].idx], *b = &g->tensors[spans[i].idx];
            rc = rc__fail(e, "%s: tensor '%.*s' [%llu, %llu) overlaps tensor '%.*s' [%llu, %llu)", path,
                          rc__gguf_plen(b->name_len), b->name, (unsigned long long)spans[i].start,
                          (unsigned long long)spans[i].end, rc__gguf_plen(a->name_len), a->name,
                          (unsigned long long)spans[i - 1].start, (unsigned long long)spans[i - 1].end);
        }
    RC_FREE(spans);
    return rc;
}

/* Parses the GGUF file in `f` (which must outlive g): header, metadata, tensor infos, and checks
   every tensor's byte range against the file, for overlaps and for duplicate names. Tensor data
   is used in place. Refuses GGUF v1, big-endian files, unknown and removed types; tensors of
   known but unsupported types load (see rc__gguf_check_tensor). On failure g is zeroed. */
static int rc__gguf_open(rc__Gguf *g, const rc_File *f, const char *path, rc_Error *e) {
    memset(g, 0, sizeof *g);
    rc__GgufRd rd = {f->data, 0, f->size, path, e, ""}, *r = &rd;
    uint64_t n_tensors, n_kv;
    g->base = f->data;
    g->size = f->size;
    g->alignment = 32;
    if (rc__gguf_header(r, g, &n_tensors, &n_kv)) return -1;
    size_t plen = strlen(path);
    g->path = RC_MALLOC(plen + 1);
    g->kv = RC_CALLOC(n_kv ? (size_t)n_kv : 1, sizeof *g->kv);
    g->tensors = RC_CALLOC(n_tensors ? (size_t)n_tensors : 1, sizeof *g->tensors);
    if (!g->path || !g->kv || !g->tensors) {
        rc__gguf_free(g);
        return rc__fail(e, "%s: out of memory for %llu metadata entries and %llu tensors", path,
                        (unsigned long long)n_kv, (unsigned long long)n_tensors);
    }
    memcpy(g->path, path, plen + 1);
    int rc = rc__gguf_metadata(r, g, n_kv);
    g->n_tensors = n_tensors;
    for (uint64_t i = 0; i < n_tensors && rc == 0; i++) rc = rc__gguf_parse_tensor(r, g, i);
    r->what[0] = 0;
    if (rc == 0) rc = rc__gguf_place(r, g);
    if (rc == 0)
        rc = rc__gguf_index(&g->tensor_index, n_tensors, &g->tensors[0].name, &g->tensors[0].name_len,
                            sizeof *g->tensors, "tensor name", path, e);
    if (rc) rc__gguf_free(g);
    return rc;
}

/* ---- metadata accessors ------------------------------------------------------------------- */

/* The entry for `key`, or NULL. */
static const rc__GgufKV *rc__gguf_find(const rc__Gguf *g, const char *key) {
    int64_t i = rc__gguf_lookup(g->kv_index, g->n_kv, key);
    return i < 0 ? NULL : &g->kv[i];
}

/* The tensor named `name`, or NULL. */
static const rc__GgufTensor *rc__gguf_tensor(const rc__Gguf *g, const char *name) {
    int64_t i = rc__gguf_lookup(g->tensor_index, g->n_tensors, name);
    return i < 0 ? NULL : &g->tensors[i];
}

/* Fails unless the kernels support t's type, naming the file, the tensor and the type. */
static int rc__gguf_check_tensor(const rc__Gguf *g, const rc__GgufTensor *t, rc_Error *e) {
    if (rc__gguf_type_supported(t->type)) return 0;
    return rc__fail(e, "%s: tensor '%.*s' has type %s, which is not supported (supported: f32, f16, "
                    "bf16, q8_0, q4_0, q4_1, q5_0, q5_1, q4_K, q5_K, q6_K)", g->path,
                    rc__gguf_plen(t->name_len), t->name, rc__gguf_type_name(t->type));
}

/* Scalar value v (or array element at p of type `type`) as int64: any integer type, 0 on
   success, -1 when not an integer or a u64 above INT64_MAX. */
static int rc__gguf_int_at(uint32_t type, const unsigned char *p, int64_t *out) {
    switch (type) {
    case RC__GGUF_UINT8: *out = p[0]; return 0;
    case RC__GGUF_INT8: *out = (int8_t)p[0]; return 0;
    case RC__GGUF_UINT16: *out = rc__q_u16(p); return 0;
    case RC__GGUF_INT16: *out = (int16_t)rc__q_u16(p); return 0;
    case RC__GGUF_UINT32: *out = rc__u32(p); return 0;
    case RC__GGUF_INT32: *out = (int32_t)rc__u32(p); return 0;
    case RC__GGUF_INT64: *out = (int64_t)rc__q_u64(p); return 0;
    case RC__GGUF_UINT64: {
        uint64_t u = rc__q_u64(p);
        if (u > (uint64_t)INT64_MAX) return -1;
        *out = (int64_t)u;
        return 0;
    }
    default: return -1;
    }
}
/* f32 or f64 at p as double; -1 for other types. */
static int rc__gguf_float_at(uint32_t type, const unsigned char *p, double *out) {
    if (type == RC__GGUF_FLOAT32) {
        *out = rc__q_bitsf(rc__u32(p));
        return 0;
    }
    if (type == RC__GGUF_FLOAT64) {
        uint64_t u = rc__q_u64(p);
        memcpy(out, &u, 8);
        return 0;
    }
    return -1;
}

/* Looks `key` up with the expected kind for messages: returns the value, or NULL with *rc = 0
   when absent and optional, -1 with an error when absent and required. */
static const rc__GgufValue *rc__gguf_lookup_val(const rc__Gguf *g, const char *key, int required,
                                                int *rc, rc_Error *e) {
    const rc__GgufKV *kv = rc__gguf_find(g, key);
    *rc = 0;
    if (!kv && required) *rc = rc__fail(e, "%s: metadata key '%s' is missing", g->path, key);
    return kv ? &kv->v : NULL;
}

/* Integer metadata: 1 when found (any integer type) and stored in *out, 0 when absent and not
   required (*out untouched), -1 with an error when absent and required, not an integer, or a u64
   above INT64_MAX. */
static int rc__gguf_get_int(const rc__Gguf *g, const char *key, int64_t *out, int required, rc_Error *e) {
    int rc;
    const rc__GgufValue *v = rc__gguf_lookup_val(g, key, required, &rc, e);
    if (!v) return rc;
    if (v->type == RC__GGUF_ARRAY || v->type == RC__GGUF_STRING || rc__gguf_int_at(v->type, v->p, out))
        return rc__fail(e, "%s: metadata '%s' is %s%s (expected an integer below 2^63)", g->path, key,
                        v->type == RC__GGUF_UINT64 ? "the u64 " : "of type ",
                        v->type == RC__GGUF_UINT64 ? "above INT64_MAX" : rc__gguf_vtype_name(v->type));
    return 1;
}

/* Float metadata (f32 or f64): as rc__gguf_get_int. */
static int rc__gguf_get_float(const rc__Gguf *g, const char *key, double *out, int required, rc_Error *e) {
    int rc;
    const rc__GgufValue *v = rc__gguf_lookup_val(g, key, required, &rc, e);
    if (!v) return rc;
    if (v->type == RC__GGUF_ARRAY || rc__gguf_float_at(v->type, v->p, out))
        return rc__fail(e, "%s: metadata '%s' has type %s (expected f32 or f64)", g->path, key,
                        rc__gguf_vtype_name(v->type));
    return 1;
}

/* Bool metadata: as rc__gguf_get_int. */
static int rc__gguf_get_bool(const rc__Gguf *g, const char *key, int *out, int required, rc_Error *e) {
    int rc;
    const rc__GgufValue *v = rc__gguf_lookup_val(g, key, required, &rc, e);
    if (!v) return rc;
    if (v->type != RC__GGUF_BOOL)
        return rc__fail(e, "%s: metadata '%s' has type %s (expected bool)", g->path, key,
                        rc__gguf_vtype_name(v->type));
    *out = v->p[0];
    return 1;
}

/* String metadata: *s points into the mapping (NOT NUL-terminated), *len bytes. As get_int. */
static int rc__gguf_get_str(const rc__Gguf *g, const char *key, const char **s, uint64_t *len,
                            int required, rc_Error *e) {
    int rc;
    const rc__GgufValue *v = rc__gguf_lookup_val(g, key, required, &rc, e);
    if (!v) return rc;
    if (v->type != RC__GGUF_STRING)
        return rc__fail(e, "%s: metadata '%s' has type %s (expected string)", g->path, key,
                        rc__gguf_vtype_name(v->type));
    *s = (const char *)v->p;
    *len = v->count;
    return 1;
}

/* Array metadata whose elements have type `elem_type` (-1: any): as get_int. */
static int rc__gguf_get_arr(const rc__Gguf *g, const char *key, const rc__GgufValue **arr,
                            int elem_type, int required, rc_Error *e) {
    int rc;
    const rc__GgufValue *v = rc__gguf_lookup_val(g, key, required, &rc, e);
    if (!v) return rc;
    if (v->type != RC__GGUF_ARRAY)
        return rc__fail(e, "%s: metadata '%s' has type %s (expected an array)", g->path, key,
                        rc__gguf_vtype_name(v->type));
    if (elem_type >= 0 && v->elem_type != (uint32_t)elem_type)
        return rc__fail(e, "%s: metadata '%s' is an array of %s (expected an array of %s)", g->path, key,
                        rc__gguf_vtype_name(v->elem_type), rc__gguf_vtype_name((uint32_t)elem_type));
    *arr = v;
    return 1;
}

/* Element i < a->count of an array of strings: its bytes (NOT NUL-terminated) and length. */
static inline const char *rc__gguf_arr_str(const rc__GgufValue *a, uint64_t i, uint64_t *len) {
    const unsigned char *p = a->p + a->offs[i];
    *len = rc__q_u64(p);
    return (const char *)p + 8;
}
/* Element i < a->count of an array of i32 / f32 (the caller checked elem_type). */
static inline int32_t rc__gguf_arr_i32(const rc__GgufValue *a, uint64_t i) {
    return (int32_t)rc__u32(a->p + 4 * i);
}
static inline float rc__gguf_arr_f32(const rc__GgufValue *a, uint64_t i) {
    return rc__q_bitsf(rc__u32(a->p + 4 * i));
}

/* ---- B2. GGUF: the llama, qwen2 and qwen3 architectures --------------------------------------

   llama.cpp's `llama` architecture (Llama 2 and 3, TinyLlama, SmolLM, Mistral): hyperparameters
   under "llama.*", tensors named token_embd, blk.N.{attn_norm, attn_q, attn_k, attn_v,
   attn_output, ffn_norm, ffn_gate, ffn_down, ffn_up}, output_norm, output (absent when tied) and
   rope_freqs (Llama 3.1 scaling). ggml lists the contiguous dimension first, so a weight
   W[rows, cols] is a tensor of ne = {cols, rows}. The converter permutes q and k so that RoPE
   rotates interleaved pairs, as ours does. `qwen2` and `qwen3` ("qwen2.*", "qwen3.*") keep Hugging
   Face's q/k layout, so RoPE rotates halves; qwen3 adds blk.N.attn_{q,k}_norm. Any architecture
   may carry blk.N.attn_{q,k,v}.bias (Qwen2 always does): all three in every layer, or none. Every
   tensor of the file must be used: anything else is refused.
   -------------------------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    int llama;   /* Meta's layout: RoPE on pairs; may have rope_freqs.weight and a sliding window */
    int qk_norm; /* blk.N.attn_q_norm and attn_k_norm */
} rc__GgufArch;
static const rc__GgufArch rc__gguf_archs[] = {{"llama", 1, 0}, {"qwen2", 0, 0}, {"qwen3", 0, 1}};

/* The key "<arch>.<name>", in key[96]. */
static const char *rc__gguf_akey(char *key, const rc__GgufArch *a, const char *name) {
    snprintf(key, 96, "%s.%s", a->name, name);
    return key;
}

/* An integer hyperparameter "<arch>.<name>" into *out (kept when absent and optional), in [lo, hi]. */
static int rc__gguf_hparam(const rc__Gguf *g, const rc__GgufArch *a, const char *name, int *out, int required,
                           long lo, long hi, rc_Error *e) {
    char key[96];
    int64_t v = 0;
    int rc = rc__gguf_get_int(g, rc__gguf_akey(key, a, name), &v, required, e);
    if (rc <= 0) return rc;
    if (v < lo || v > hi)
        return rc__fail(e, "%s: %s = %lld is out of range [%ld, %ld]", g->path, key, (long long)v, lo, hi);
    *out = (int)v;
    return 0;
}

/* Reads the config of a GGUF file into c and its architecture into *arch; refuses what this
   engine does not compute. */
static int rc__gguf_config(const rc__Gguf *g, rc_Config *c, const rc__GgufArch **arch, rc_Error *e) {
    const char *name;
    uint64_t len;
    if (rc__gguf_get_str(g, "general.architecture", &name, &len, 1, e) < 0) return -1;
    const rc__GgufArch *a = NULL;
    for (size_t i = 0; i < sizeof rc__gguf_archs / sizeof rc__gguf_archs[0]; i++)
        if (len == strlen(rc__gguf_archs[i].name) && memcmp(name, rc__gguf_archs[i].name, len) == 0)
            a = &rc__gguf_archs[i];
    if (!a)
        return rc__fail(e, "%s: architecture '%.*s' is not supported (expected llama, qwen2 or qwen3)", g->path,
                        rc__gguf_plen(len), name);
    *arch = a;
    char key[96];
    int64_t experts = 0, window = 0;
    const char *scaling = "none";
    uint64_t scaling_len = 4;
    if (rc__gguf_get_int(g, rc__gguf_akey(key, a, "expert_count"), &experts, 0, e) < 0 ||
        rc__gguf_get_int(g, rc__gguf_akey(key, a, "attention.sliding_window"), &window, 0, e) < 0 ||
        rc__gguf_get_str(g, rc__gguf_akey(key, a, "rope.scaling.type"), &scaling, &scaling_len, 0, e) < 0)
        return -1;
    if (experts > 0)
        return rc__fail(e, "%s: %s.expert_count = %lld: mixture-of-experts models are not implemented", g->path,
                        a->name, (long long)experts);
    /* llama (Mistral): every position attends to the last W (rc__config_check bounds it); Qwen's
       window applies to some layers only */
    if (window != 0 && !a->llama)
        return rc__fail(e, "%s: %s.attention.sliding_window = %lld is not implemented (a window is read for "
                        "llama only)", g->path, a->name, (long long)window);
    if (scaling_len != 4 || memcmp(scaling, "none", 4) != 0)
        return rc__fail(e, "%s: %s.rope.scaling.type '%.*s' is not implemented (expected none; Llama 3.1 "
                        "scaling comes as the tensor rope_freqs.weight)", g->path, a->name,
                        rc__gguf_plen(scaling_len), scaling);
    memset(c, 0, sizeof *c);
    c->dtype = RC_GGUF;
    c->norm_eps = 1e-5f;
    c->rope_theta = 10000.0f;
    c->rope_layout = a->llama ? RC_ROPE_PAIRS : RC_ROPE_HALVES;
    c->qk_norm = a->qk_norm;
    c->sliding_window = window >= 0 && window <= INT32_MAX ? (int)window : -1;
    if (rc__gguf_hparam(g, a, "embedding_length", &c->dim, 1, 1, 1 << 16, e) ||
        rc__gguf_hparam(g, a, "feed_forward_length", &c->hidden_dim, 1, 1, 1 << 18, e) ||
        rc__gguf_hparam(g, a, "block_count", &c->n_layers, 1, 1, 1024, e) ||
        rc__gguf_hparam(g, a, "attention.head_count", &c->n_heads, 1, 1, 1024, e) ||
        rc__gguf_hparam(g, a, "context_length", &c->seq_len, 1, 1, 1 << 22, e))
        return -1;
    c->n_kv_heads = c->n_heads;
    c->head_dim = c->dim % c->n_heads == 0 ? c->dim / c->n_heads : 0;
    int rope_dims = -1, value_len = -1;
    if (rc__gguf_hparam(g, a, "attention.head_count_kv", &c->n_kv_heads, 0, 1, 1024, e) ||
        rc__gguf_hparam(g, a, "attention.key_length", &c->head_dim, 0, 2, 4096, e) ||
        rc__gguf_hparam(g, a, "attention.value_length", &value_len, 0, 2, 4096, e) ||
        rc__gguf_hparam(g, a, "rope.dimension_count", &rope_dims, 0, 2, 4096, e))
        return -1;
    if ((value_len >= 0 && value_len != c->head_dim) || (rope_dims >= 0 && rope_dims != c->head_dim))
        return rc__fail(e, "%s: key_length %d, value_length %d and rope.dimension_count %d differ (expected "
                        "all equal: partial RoPE and unequal heads are not implemented)", g->path, c->head_dim,
                        value_len, rope_dims);
    double eps = c->norm_eps, theta = c->rope_theta;
    if (rc__gguf_get_float(g, rc__gguf_akey(key, a, "attention.layer_norm_rms_epsilon"), &eps, 0, e) < 0 ||
        rc__gguf_get_float(g, rc__gguf_akey(key, a, "rope.freq_base"), &theta, 0, e) < 0)
        return -1;
    c->norm_eps = (float)eps, c->rope_theta = (float)theta;
    int64_t bos = 1, eos = 2;
    if (rc__gguf_get_int(g, "tokenizer.ggml.bos_token_id", &bos, 0, e) < 0 ||
        rc__gguf_get_int(g, "tokenizer.ggml.eos_token_id", &eos, 0, e) < 0)
        return -1;
    c->bos_id = bos >= 0 && bos < INT32_MAX ? (int)bos : -1;
    c->eos_id = eos >= 0 && eos < INT32_MAX ? (int)eos : -1;
    return 0;
}

/* Points *w at the GGUF tensor `name`, which must hold W[rows, cols] (ne = {cols, rows}) in a
   supported type (vectors: rows 0, f32); 0 and leaves *w alone when absent and optional.
   Marks it in used[]. */
static int rc__gguf_take(const rc__Gguf *g, const char *name, rc_Matrix *w, int rows, int cols, int required,
                         unsigned char *used, rc_Error *e) {
    const rc__GgufTensor *t = rc__gguf_tensor(g, name);
    if (!t) return required ? rc__fail(e, "%s: tensor '%s' is missing", g->path, name) : 0;
    if (t->ne[0] != cols || t->ne[1] != (rows ? rows : 1) || t->ne[2] != 1 || t->ne[3] != 1)
        return rc__fail(e, "%s: tensor '%s' has shape [%lld, %lld, %lld, %lld] (expected [%d, %d])", g->path,
                        name, (long long)t->ne[0], (long long)t->ne[1], (long long)t->ne[2], (long long)t->ne[3],
                        cols, rows ? rows : 1);
    if (rc__gguf_check_tensor(g, t, e)) return -1;
    memset(w, 0, sizeof *w);
    w->rows = rows ? rows : 1, w->cols = cols;
    if (t->type == RC__GGML_F32) w->f = (const float *)t->data;
    else w->g = t->data, w->type = (int)t->type, w->row_bytes = (size_t)t->row_bytes;
    if (!rows && !w->f) /* vectors (norms, rope factors) are read as floats directly */
        return rc__fail(e, "%s: tensor '%s' has type %s (expected f32)", g->path, name, rc__gguf_type_name(t->type));
    if (w->f && ((uintptr_t)t->data % 4) != 0)
        return rc__fail(e, "%s: tensor '%s' is not 4-byte aligned", g->path, name);
    used[t - g->tensors] = 1;
    return 1;
}

/* Maps a GGUF file (m->file is open): config, then every tensor. */
static int rc__load_gguf(rc_Model *m, const char *path, rc_Error *e) {
    rc__Gguf g;
    if (rc__gguf_open(&g, &m->file, path, e)) return -1;
    rc_Config *c = &m->config;
    const rc__GgufArch *a = NULL;
    char key[96];
    unsigned char *used = RC_CALLOC(g.n_tensors ? (size_t)g.n_tensors : 1, 1);
    int rc = used ? rc__gguf_config(&g, c, &a, e) : rc__fail(e, "%s: out of memory", path);
    const rc__GgufTensor *emb = rc__gguf_tensor(&g, "token_embd.weight");
    if (rc == 0 && !emb) rc = rc__fail(e, "%s: tensor 'token_embd.weight' is missing", path);
    if (rc == 0) {
        int64_t vocab = emb->ne[1];
        if (rc__gguf_get_int(&g, rc__gguf_akey(key, a, "vocab_size"), &vocab, 0, e) < 0) rc = -1;
        c->vocab_size = vocab > 0 && vocab <= (1 << 22) ? (int)vocab : -1;
        c->tied = !rc__gguf_tensor(&g, "output.weight");
        c->qkv_bias = rc__gguf_tensor(&g, "blk.0.attn_q.bias") != NULL;
    }
    if (rc == 0) rc = rc__config_check(c, path, 1, e);
    if (rc == 0 && !(m->layers = RC_CALLOC((size_t)c->n_layers, sizeof(rc_Layer))))
        rc = rc__fail(e, "%s: out of memory", path);
    int dim = c->dim, hd = c->head_dim, q_dim = c->n_heads * hd, kv_dim = c->n_kv_heads * hd;
    rc_Matrix v = {0};
    if (rc == 0 && (rc__gguf_take(&g, "token_embd.weight", &m->embedding, c->vocab_size, dim, 1, used, e) < 0 ||
                    rc__gguf_take(&g, "output_norm.weight", &v, 0, dim, 1, used, e) < 0 ||
                    rc__gguf_take(&g, "output.weight", &m->classifier, c->vocab_size, dim, 0, used, e) < 0))
        rc = -1;
    m->final_norm = v.f;
    if (rc == 0 && a->llama && rc__gguf_take(&g, "rope_freqs.weight", &v, 0, hd / 2, 0, used, e) < 0) rc = -1;
    if (rc == 0 && a->llama && rc__gguf_tensor(&g, "rope_freqs.weight")) m->rope_freqs = v.f;
    for (int l = 0; l < c->n_layers && rc == 0; l++) {
        rc_Layer *L = &m->layers[l];
        /* matrices into w, vectors (rows 0) through v into vec; `need`: present in this model */
        struct { const char *name; rc_Matrix *w; const float **vec; int rows, cols, need; } t[] = {
            {"attn_q.weight", &L->wq, NULL, q_dim, dim, 1},   {"attn_k.weight", &L->wk, NULL, kv_dim, dim, 1},
            {"attn_v.weight", &L->wv, NULL, kv_dim, dim, 1},  {"attn_output.weight", &L->wo, NULL, dim, q_dim, 1},
            {"ffn_gate.weight", &L->w1, NULL, c->hidden_dim, dim, 1},
            {"ffn_down.weight", &L->w2, NULL, dim, c->hidden_dim, 1},
            {"ffn_up.weight", &L->w3, NULL, c->hidden_dim, dim, 1},
            {"attn_norm.weight", &v, &L->attn_norm, 0, dim, 1}, {"ffn_norm.weight", &v, &L->ffn_norm, 0, dim, 1},
            {"attn_q.bias", &v, &L->bq, 0, q_dim, c->qkv_bias}, {"attn_k.bias", &v, &L->bk, 0, kv_dim, c->qkv_bias},
            {"attn_v.bias", &v, &L->bv, 0, kv_dim, c->qkv_bias},
            {"attn_q_norm.weight", &v, &L->q_norm, 0, hd, c->qk_norm},
            {"attn_k_norm.weight", &v, &L->k_norm, 0, hd, c->qk_norm},
        };
        for (size_t k = 0; k < sizeof t / sizeof t[0] && rc == 0; k++) {
            if (!t[k].need) continue; /* a tensor this model does not have is refused below as unknown */
            char name[64];
            snprintf(name, sizeof name, "blk.%d.%s", l, t[k].name);
            if (rc__gguf_take(&g, name, t[k].w, t[k].rows, t[k].cols, 1, used, e) < 0) rc = -1;
            else if (t[k].vec) *t[k].vec = v.f;
        }
    }
    for (uint64_t i = 0; i < g.n_tensors && rc == 0; i++)
        if (!used[i])
            rc = rc__fail(e, "%s: tensor '%.*s' is not part of the %s architecture (unknown tensors are refused, not "
                          "ignored)", path, rc__gguf_plen(g.tensors[i].name_len), g.tensors[i].name, a->name);
    m->format = g.version == 2 ? "GGUF v2" : "GGUF v3";
    RC_FREE(used);
    rc__gguf_free(&g);
    return rc;
}

/* ============================================================================================
   Annex C. Tokenizers. Skip on a first reading: rc_encode turns text into ids, rc_decode ids
   into bytes.

   The vocabulary is a list of pieces (byte strings), of one of two kinds:

   - Kind 1, SentencePiece BPE (Llama 2): the text gets a leading space (the "dummy prefix"), is
     split into characters, and adjacent symbols are merged, best piece score first (leftmost on
     ties), while the merged string is a piece; characters left that are not pieces fall back to
     their UTF-8 bytes (`<0xAB>` pieces). Pieces keep spaces where SentencePiece writes U+2581, as
     llama2.c's tokenizer.bin does.
   - Kind 2, byte-level BPE (Llama 3, Qwen2/3; tiktoken / Hugging Face tokenizer.json): pieces are
     raw bytes. Invalid UTF-8 becomes U+FFFD, added tokens are cut out of the text, each section
     between them is normalized (NFC for Qwen) and split by the model's pre-tokenizer regex
     (implemented by hand below, with generated Unicode tables), and each split piece starts as
     single bytes that are merged by rank, the lowest-ranked adjacent pair first.

   Both kinds merge with the same loop (rc__merge_symbols) over one binary heap; they differ only
   in what makes a pair mergeable and in what order (rc__propose).
   ============================================================================================ */

#define RC_MAGIC_TOKENIZER "RCTK"
#define RC_TOKENIZER_HEADER 64

/* ---- C1. Loading a vocabulary ------------------------------------------------------------ */

static uint64_t rc__hash(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ull;  /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* Hash of a pair of token ids (multiplicative; the high bits are folded down because the table
   index uses the low ones). */
static size_t rc__pair_hash(int a, int b) {
    uint64_t h = ((uint64_t)(uint32_t)a << 32 | (uint32_t)b) * 0x9E3779B97F4A7C15ull;
    return (size_t)(h ^ (h >> 32));
}

/* The id of the mergeable piece equal to s[0..n), or -1. */
static int rc__piece_lookup(const rc_Tokenizer *t, const char *s, size_t n) {
    for (size_t i = rc__hash(s, n) & (t->n_slots - 1);; i = (i + 1) & (t->n_slots - 1)) {
        int id = t->slot[i] - 1;
        if (id < 0) return -1;
        if ((size_t)t->piece_len[id] == n && memcmp(t->piece[id], s, n) == 0) return id;
    }
}

/* The byte of a `<0xAB>` piece: exactly 6 bytes, two hex digits. Returns 0..255, or -1. (Not
   sscanf: "%2X" accepts a sign, so "<0x-1>" would read as 0xFFFFFFFF.) */
static int rc__byte_piece(const char *p, int len) {
    if (len != 6 || memcmp(p, "<0x", 3) != 0 || p[5] != '>') return -1;
    int v = 0;
    for (int i = 3; i < 5; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10
              : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Rank of the kind-2 merge rule (left, right), or -1 if that pair does not merge. */
static long rc__merge_rank(const rc_Tokenizer *t, int left, int right) {
    for (size_t i = rc__pair_hash(left, right) & (t->n_merge_slots - 1);; i = (i + 1) & (t->n_merge_slots - 1)) {
        uint32_t slot = t->merge_slot[i];
        if (slot == 0) return -1;
        const rc__BpeMerge *m = &t->merge[slot - 1];
        if (m->left == left && m->right == right) return (long)slot - 1;
    }
}

/* Kind 2's merge table: each rule's result and an open-addressing index on (left, right), built
   anew (a GGUF vocabulary gets its merges after the piece table). Fails on a bad merge list. */
static int rc__tokenizer_merge_table(rc_Tokenizer *t, const char *path, rc_Error *e) {
    RC_FREE(t->merge_slot);
    t->n_merge_slots = 16;
    while (t->n_merge_slots < 2 * (size_t)t->n_merges) t->n_merge_slots *= 2;
    t->merge_slot = RC_CALLOC(t->n_merge_slots, sizeof(uint32_t));
    char *buf = RC_MALLOC(2 * (size_t)t->max_piece_len + 1);
    if (!t->merge_slot || !buf) {
        RC_FREE(buf);
        return rc__fail(e, "%s: out of memory for %d merges", path, t->n_merges);
    }
    int rc = 0;
    for (int r = 0; r < t->n_merges && rc == 0; r++) {
        rc__BpeMerge *m = &t->merge[r];
        size_t nl = (size_t)t->piece_len[m->left], nr = (size_t)t->piece_len[m->right];
        memcpy(buf, t->piece[m->left], nl);
        memcpy(buf + nl, t->piece[m->right], nr);
        m->merged = rc__piece_lookup(t, buf, nl + nr);
        if (m->merged < 0)
            rc = rc__fail(e, "%s: merge %d (%d, %d) makes a piece that is not in the vocabulary", path, r,
                         m->left, m->right);
        else if (rc__merge_rank(t, m->left, m->right) >= 0)
            rc = rc__fail(e, "%s: merge %d (%d, %d) repeats an earlier one", path, r, m->left, m->right);
        else {
            size_t i = rc__pair_hash(m->left, m->right) & (t->n_merge_slots - 1);
            while (t->merge_slot[i]) i = (i + 1) & (t->n_merge_slots - 1);
            t->merge_slot[i] = (uint32_t)r + 1;
        }
    }
    RC_FREE(buf);
    return rc;
}

/* Kind 2's lookup tables: the 1-byte tokens, the added-token buckets, and the merge table with
   each rule's result. Fails on a vocabulary that cannot encode every byte or a bad merge list. */
static int rc__tokenizer_index_bpe(rc_Tokenizer *t, const char *path, rc_Error *e) {
    int counts[257] = {0};
    for (int id = 0; id < t->vocab_size; id++) {
        if (t->type[id] == RC_TOK_NORMAL && t->piece_len[id] == 1 && t->byte_id[(unsigned char)t->piece[id][0]] < 0)
            t->byte_id[(unsigned char)t->piece[id][0]] = id;
        if ((t->type[id] == RC_TOK_CONTROL || t->type[id] == RC_TOK_USER) && t->piece_len[id] > 0)
            counts[(unsigned char)t->piece[id][0] + 1]++;
    }
    for (int b = 0; b < 256; b++) {
        if (t->byte_id[b] < 0)
            return rc__fail(e, "%s: byte-level vocabulary has no token for the byte 0x%02X", path, b);
        counts[b + 1] += counts[b];
    }
    memcpy(t->special_start, counts, sizeof counts);
    t->special = RC_MALLOC(((size_t)counts[256] + 1) * sizeof(int));
    if (!t->special) return rc__fail(e, "%s: out of memory for %d merges", path, t->n_merges);
    /* user-defined tokens first in each bucket, so that the ones always recognised are a prefix */
    const int order[2] = {RC_TOK_USER, RC_TOK_CONTROL};
    for (int pass = 0; pass < 2; pass++) {
        for (int id = 0; id < t->vocab_size; id++)
            if (t->type[id] == order[pass] && t->piece_len[id] > 0)
                t->special[counts[(unsigned char)t->piece[id][0]]++] = id;
        if (pass == 0) memcpy(t->user_end, counts, sizeof t->user_end);
    }
    return rc__tokenizer_merge_table(t, path, e);
}

/* Builds the lookup tables once the pieces and types are known. */
static int rc__tokenizer_index(rc_Tokenizer *t, const char *path, rc_Error *e) {
    for (int b = 0; b < 256; b++) {
        t->byte_id[b] = -1;
        t->byte_text[b] = (unsigned char)b;
    }
    t->n_slots = 16;
    while (t->n_slots < 2 * (size_t)t->vocab_size) t->n_slots *= 2;
    t->slot = RC_CALLOC(t->n_slots, sizeof(int));
    if (!t->slot) return rc__fail(e, "%s: out of memory", path);
    t->unk_id = -1;
    t->newline_splits = 1;
    for (int id = 0; id < t->vocab_size; id++) {
        const char *p = t->piece[id];
        if (t->type[id] == RC_TOK_BYTE && t->kind == RC_VOCAB_SP) {
            int v = rc__byte_piece(p, t->piece_len[id]);
            if (v < 0)
                return rc__fail(e, "%s: byte token %d has malformed text \"%.16s\" (expected <0xAB>)",
                               path, id, p);
            t->byte_id[v] = id;
        } else if (t->type[id] == RC_TOK_UNKNOWN && t->unk_id < 0) {
            t->unk_id = id;
        } else if (t->type[id] == RC_TOK_NORMAL || (t->type[id] == RC_TOK_USER && t->kind == RC_VOCAB_SP)) {
            /* kind 2's added tokens are matched in the text, never made by merges */
            size_t i = rc__hash(p, (size_t)t->piece_len[id]) & (t->n_slots - 1);
            while (t->slot[i] && !(t->piece_len[t->slot[i] - 1] == t->piece_len[id] &&
                                   memcmp(t->piece[t->slot[i] - 1], p, (size_t)t->piece_len[id]) == 0))
                i = (i + 1) & (t->n_slots - 1);
            if (!t->slot[i]) t->slot[i] = id + 1;  /* duplicates: the first id wins, as in SentencePiece */
            if (memchr(p, '\n', (size_t)t->piece_len[id])) t->newline_splits = 0;
        }
    }
    if (t->unk_id < 0) t->unk_id = 0;
    return t->kind == RC_VOCAB_BPE ? rc__tokenizer_index_bpe(t, path, e) : 0;
}

/* Parses the records of either format. `ours` selects RCTK records (with a type byte) over
   llama2.c's (score, len, bytes). Counts records until EOF when vocab_size is 0. Sets *end to the
   offset after the last record. */
static int rc__tokenizer_parse(rc_Tokenizer *t, const rc_File *f, const char *path, size_t at,
                              int ours, size_t *end, rc_Error *e) {
    const unsigned char *p = f->data;
    size_t rec_head = ours ? 12 : 8;
    int count = 0;
    size_t blob_size = 0;
    for (size_t off = at; off < f->size; count++) {  /* first pass: validate and measure */
        if (t->vocab_size && count == t->vocab_size) break;
        if (f->size - off < rec_head)
            return rc__fail(e, "%s: truncated: token %d header at offset %zu needs %zu bytes, %zu left",
                           path, count, off, rec_head, f->size - off);
        int32_t len = rc__i32(p + off + rec_head - 4);
        if (len < 0 || (size_t)len > f->size - off - rec_head)
            return rc__fail(e, "%s: truncated: token %d at offset %zu has length %d but only %zu bytes "
                              "remain", path, count, off, (int)len, f->size - off - rec_head);
        if (ours && (p[off + 4] < RC_TOK_NORMAL || p[off + 4] > RC_TOK_BYTE))
            return rc__fail(e, "%s: token %d has unknown type %d", path, count, p[off + 4]);
        off += rec_head + (size_t)len;
        blob_size += (size_t)len + 1;
        if (count >= (1 << 22)) return rc__fail(e, "%s: more than %d tokens", path, 1 << 22);
    }
    if (t->vocab_size && count != t->vocab_size)
        return rc__fail(e, "%s: truncated: %s %d tokens, file holds %d", path,
                       ours ? "header says" : "the model's vocabulary needs", t->vocab_size, count);
    if (count == 0) return rc__fail(e, "%s: no tokens", path);
    t->vocab_size = count;
    t->piece = RC_CALLOC((size_t)count, sizeof(char *));
    t->piece_len = RC_CALLOC((size_t)count, sizeof(int));
    t->score = RC_CALLOC((size_t)count, sizeof(float));
    t->type = RC_CALLOC((size_t)count, 1);
    t->blob = RC_MALLOC(blob_size);
    if (!t->piece || !t->piece_len || !t->score || !t->type || !t->blob)
        return rc__fail(e, "%s: out of memory for %d tokens", path, count);
    char *w = t->blob;
    size_t off = at;
    for (int id = 0; id < count; id++) {
        t->score[id] = rc__f32(p + off);
        int len = rc__i32(p + off + rec_head - 4);
        const char *s = (const char *)p + off + rec_head;
        memcpy(w, s, (size_t)len);
        w[len] = 0;
        t->piece[id] = w;
        t->piece_len[id] = len;
        if (len > t->max_piece_len) t->max_piece_len = len;
        if (ours) {
            t->type[id] = p[off + 4];
        } else { /* llama2.c's file has no types: recognise its special and byte pieces */
            /* compared with their lengths: pieces may contain NUL */
            if ((size_t)len == strlen(w) && strcmp(w, "<unk>") == 0) t->type[id] = RC_TOK_UNKNOWN;
            else if ((size_t)len == strlen(w) && (strcmp(w, "\n<s>\n") == 0 || strcmp(w, "\n</s>\n") == 0 ||
                                                  strcmp(w, "<s>") == 0 || strcmp(w, "</s>") == 0))
                t->type[id] = RC_TOK_CONTROL;
            else if (rc__byte_piece(w, len) >= 0)
                t->type[id] = RC_TOK_BYTE;
            else t->type[id] = RC_TOK_NORMAL;
        }
        w += len + 1;
        off += rec_head + (size_t)len;
    }
    *end = off;
    return 0;
}

RC_API void rc_tokenizer_free(rc_Tokenizer *t) {
    RC_FREE(t->piece);
    RC_FREE(t->piece_len);
    RC_FREE(t->score);
    RC_FREE(t->type);
    RC_FREE(t->blob);
    RC_FREE(t->slot);
    RC_FREE(t->merge);
    RC_FREE(t->merge_slot);
    RC_FREE(t->special);
    RC_FREE(t->default_system);
    memset(t, 0, sizeof *t);
}

/* Reads kind 2's header fields and its merge list, which follows the vocabulary records at `at`. */
static int rc__tokenizer_merges(rc_Tokenizer *t, const rc_File *f, const char *path, size_t at, rc_Error *e) {
    const unsigned char *p = f->data;
    uint32_t flags = rc__u32(p + 36), pretok = rc__u32(p + 44), n = rc__u32(p + 48), norm = rc__u32(p + 52);
    if (pretok < RC_PRETOK_LLAMA3 || pretok > RC_PRETOK_SMOLLM)
        return rc__fail(e, "%s: pretokenizer %u at offset 44 is not supported (expected 1 = Llama 3, 2 = Qwen2, "
                          "3 = GPT-2 or 4 = SmolLM)", path, pretok);
    if (norm > 1)
        return rc__fail(e, "%s: normalizer %u at offset 52 is not supported (expected 0 = none or 1 = NFC)",
                       path, norm);
    if (n > (1u << 24)) /* ranks become float scores in the merge heap: exact up to 2^24 */
        return rc__fail(e, "%s: n_merges %u at offset 48 is out of range [0, %d]", path, n, 1 << 24);
    if (f->size - at != (size_t)n * 8)
        return rc__fail(e, "%s: merges at offset %zu: expected %u merges (%zu bytes), found %zu bytes", path,
                       at, n, (size_t)n * 8, f->size - at);
    t->add_bos = (flags >> 1) & 1;
    t->ignore_merges = (flags >> 2) & 1;
    t->pretokenizer = (int)pretok;
    t->nfc = norm == 1;
    t->n_merges = (int)n;
    t->merge = RC_MALLOC(((size_t)n + 1) * sizeof(rc__BpeMerge));
    if (!t->merge) return rc__fail(e, "%s: out of memory for %u merges", path, n);
    for (uint32_t r = 0; r < n; r++) {
        uint32_t left = rc__u32(p + at + 8 * (size_t)r), right = rc__u32(p + at + 8 * (size_t)r + 4);
        if (left >= (uint32_t)t->vocab_size || right >= (uint32_t)t->vocab_size)
            return rc__fail(e, "%s: merge %u at offset %zu: ids (%u, %u) outside the vocabulary of %d", path,
                           r, at + 8 * (size_t)r, left, right, t->vocab_size);
        t->merge[r] = (rc__BpeMerge){(int)left, (int)right, -1};
    }
    return 0;
}

/* Our RCTK file: the 64-byte header, the records, and (kind 2) the merges. */
static int rc__tokenizer_rctk(rc_Tokenizer *t, const rc_File *f, const char *path, rc_Error *e) {
    const unsigned char *p = f->data;
    size_t end;
    if (f->size < RC_TOKENIZER_HEADER)
        return rc__fail(e, "%s: truncated: RCTK header needs %d bytes, file has %zu", path,
                        RC_TOKENIZER_HEADER, f->size);
    uint32_t ver = rc__u32(p + 4), hsize = rc__u32(p + 8), n = rc__u32(p + 12), kind = rc__u32(p + 20);
    if (ver != 1 || hsize != RC_TOKENIZER_HEADER)
        return rc__fail(e, "%s: RCTK version %u / header_size %u not supported (expected 1 / %d)", path,
                        ver, hsize, RC_TOKENIZER_HEADER);
    if (kind != RC_VOCAB_SP && kind != RC_VOCAB_BPE)
        return rc__fail(e, "%s: tokenizer kind %u is not supported (expected 1 = SentencePiece BPE or 2 = "
                           "byte-level BPE)", path, kind);
    if (n < 1 || n > (1u << 22))
        return rc__fail(e, "%s: vocab_size %u is out of range [1, %d]", path, n, 1 << 22);
    t->vocab_size = (int)n;
    t->kind = (int)kind;
    t->bos_id = rc__i32(p + 24);
    t->eos_id = rc__i32(p + 28);
    t->eot_id = rc__i32(p + 32);
    t->add_dummy_prefix = kind == RC_VOCAB_SP && (rc__u32(p + 36) & 1);
    t->add_bos = kind == RC_VOCAB_SP; /* kind 2 reads its flag with the merges */
    t->chat_template = (int)(rc__u32(p + 40) & 0xff);
    if (rc__tokenizer_parse(t, f, path, RC_TOKENIZER_HEADER, 1, &end, e)) return -1;
    if (kind == RC_VOCAB_BPE && rc__tokenizer_merges(t, f, path, end, e)) return -1;
    if (t->bos_id < -1 || t->bos_id >= t->vocab_size || t->eos_id < -1 ||
        t->eos_id >= t->vocab_size || t->eot_id < -1 || t->eot_id >= t->vocab_size)
        return rc__fail(e, "%s: special token ids bos %d / eos %d / eot %d outside the vocabulary of %d",
                        path, t->bos_id, t->eos_id, t->eot_id, t->vocab_size);
    return 0;
}

/* llama2.c's tokenizer.bin: max_token_length, then (score, len, bytes) records up to the model's
   vocabulary, with Llama 2's fixed special ids. */
static int rc__tokenizer_llama2c(rc_Tokenizer *t, const rc_File *f, const char *path, int model_vocab, rc_Error *e) {
    size_t end;
    if (f->size < 4) return rc__fail(e, "%s: too small to be a tokenizer (%zu bytes)", path, f->size);
    int32_t maxlen = rc__i32(f->data);
    if (maxlen < 1 || maxlen > 65536)
        return rc__fail(e, "%s: not a tokenizer: no RCTK magic, and as a llama2.c tokenizer.bin its "
                           "max_token_length would be %d", path, (int)maxlen);
    t->kind = RC_VOCAB_SP;
    t->bos_id = 1;
    t->eos_id = 2;
    t->eot_id = -1;
    t->add_dummy_prefix = 1;
    t->add_bos = 1;
    t->chat_template = RC_CHAT_LLAMA2;
    t->vocab_size = model_vocab;  /* llama2.c's file is read up to the model's vocab_size */
    if (rc__tokenizer_parse(t, f, path, 4, 0, &end, e)) return -1;
    if (t->bos_id >= t->vocab_size) t->bos_id = -1;  /* fixed ids a tiny vocabulary lacks */
    if (t->eos_id >= t->vocab_size) t->eos_id = -1;
    return 0;
}

/* C7 below: a vocabulary from a GGUF file's metadata. */
static int rc__tokenizer_gguf(rc_Tokenizer *t, const rc_File *f, const char *path, rc_Error *e);

/* Loads a tokenizer in our RCTK format (kind 1 or 2), llama2.c's, or a GGUF file's. `model_vocab` > 0 requires the
   vocabulary to have exactly that many tokens (a model can emit any id below its vocab_size); 0
   accepts any. */
RC_API int rc_tokenizer_load(rc_Tokenizer *t, const char *path, int model_vocab, rc_Error *e) {
    memset(t, 0, sizeof *t);
    rc_File f;
    if (rc__file_open(&f, path, 0, e)) return -1;
    int ours = f.size >= 4 && memcmp(f.data, RC_MAGIC_TOKENIZER, 4) == 0;
    int gguf = f.size >= 4 && memcmp(f.data, "GGUF", 4) == 0; /* indexed as it loads */
    int rc = gguf ? rc__tokenizer_gguf(t, &f, path, e)
           : ours ? rc__tokenizer_rctk(t, &f, path, e) : rc__tokenizer_llama2c(t, &f, path, model_vocab, e);
    if (rc == 0 && model_vocab > 0 && t->vocab_size != model_vocab)
        rc = rc__fail(e, "%s: tokenizer has %d tokens but the model's vocabulary has %d%s", path,
                      t->vocab_size, model_vocab, t->kind == RC_VOCAB_BPE && t->vocab_size < model_vocab
                      ? " (export.py --tokenizer tokenizer.json --vocab-size N pads it)" : "");
    if (rc == 0 && !gguf) rc = rc__tokenizer_index(t, path, e);
    rc__file_close(&f);
    if (rc) rc_tokenizer_free(t);
    return rc;
}

/* ---- C2. UTF-8 ---------------------------------------------------------------------------- */

/* Length of the UTF-8 sequence at s[0..n) (n > 0); *valid says whether it is one well-formed
   character (no overlongs, no surrogates, nothing above U+10FFFF). An ill-formed one's length is
   its maximal subpart (Unicode 3.9, "U+FFFD substitution of maximal subparts"): the longest prefix
   of some well-formed sequence, at least 1 byte. */
static size_t rc__utf8_seq(const unsigned char *s, size_t n, int *valid) {
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t need;
    *valid = 0;
    if (c < 0x80) {
        *valid = 1;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) need = 1;
    else if (c >= 0xE0 && c <= 0xEF) need = 2, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4) need = 3, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else return 1;
    for (size_t i = 1; i <= need; i++) {
        if (i >= n || s[i] < lo || s[i] > hi) return i;
        lo = 0x80, hi = 0xBF;  /* only the second byte has a narrower range */
    }
    *valid = 1;
    return need + 1;
}

/* Length of the valid UTF-8 character at s[0..n), or 0 if the bytes there are not one. */
static size_t rc__utf8_len(const unsigned char *s, size_t n) {
    int valid;
    size_t len = rc__utf8_seq(s, n, &valid);
    return valid ? len : 0;
}

/* Decodes the code point at s, which must be well-formed UTF-8; *len gets its byte length. */
static uint32_t rc__utf8_decode(const unsigned char *s, size_t *len) {
    if (s[0] < 0x80) return *len = 1, s[0];
    if (s[0] < 0xE0) return *len = 2, (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    if (s[0] < 0xF0) return *len = 3, (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    *len = 4;
    return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 | (uint32_t)(s[2] & 0x3F) << 6 |
           (s[3] & 0x3F);
}

/* Writes cp as UTF-8 to o (room for 4 bytes); returns the byte count. */
static size_t rc__utf8_encode(uint32_t cp, unsigned char *o) {
    if (cp < 0x80) return o[0] = (unsigned char)cp, 1;
    if (cp < 0x800) return o[0] = (unsigned char)(0xC0 | cp >> 6), o[1] = (unsigned char)(0x80 | (cp & 0x3F)), 2;
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | cp >> 12), o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | cp >> 18), o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)), o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Appends the complete characters of in[0..n) (after any bytes held from before) to out, which
   must have room for 3 * (n + 4) bytes; returns the bytes written. Holds back an incomplete tail. */
RC_API size_t rc_utf8_feed(rc_Utf8 *u, const char *in, size_t n, char *out) {
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        u->buf[u->n++] = (unsigned char)in[i];
        for (;;) {
            unsigned char c = u->buf[0];
            size_t need = c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
            size_t ok = u->n >= need && need ? rc__utf8_len(u->buf, u->n) : 0;
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
RC_API size_t rc_utf8_flush(rc_Utf8 *u, char *out) {
    size_t w = u->n ? 3 : 0;
    if (w) memcpy(out, "\xEF\xBF\xBD", 3);
    u->n = 0;
    return w;
}

/* ---- C3. Merging: one heap for both kinds -------------------------------------------------- */

/* A candidate merge of two adjacent symbols, ordered by score, then by position. */
typedef struct {
    float score;      /* kind 1: the piece's score; kind 2: -rank */
    int left, right;  /* symbol indices; left < right in text order */
    int len;          /* byte length of the merged piece when it was proposed */
    int id;           /* the token it makes */
} rc__Merge;

static int rc__merge_before(const rc__Merge *a, const rc__Merge *b) {
    return a->score > b->score || (a->score == b->score && a->left < b->left);
}

static void rc__heap_push(rc__Merge *h, size_t *n, rc__Merge m) {
    size_t i = (*n)++;
    for (; i > 0 && rc__merge_before(&m, &h[(i - 1) / 2]); i = (i - 1) / 2) h[i] = h[(i - 1) / 2];
    h[i] = m;
}

static rc__Merge rc__heap_pop(rc__Merge *h, size_t *n) {
    rc__Merge top = h[0], last = h[--*n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= *n) break;
        if (c + 1 < *n && rc__merge_before(&h[c + 1], &h[c])) c++;
        if (!rc__merge_before(&h[c], &last)) break;
        h[i] = h[c];
        i = c;
    }
    if (*n) h[i] = last;
    return top;
}

/* The symbols being merged: symbol i is text[start[i] .. start[i] + len[i]) and token id[i] (-1
   when that text is not a token); len 0 marks a symbol merged into its left neighbour. Scratch
   space reused across calls, grown as needed. */
typedef struct {
    int *start, *len, *id, *prev, *next;
    rc__Merge *heap;  /* room for 3 * cap: n - 1 first pairs, then at most 2 per merge */
    size_t cap;
} rc__Symbols;

static void rc__symbols_free(rc__Symbols *y) {
    RC_FREE(y->start), RC_FREE(y->len), RC_FREE(y->id), RC_FREE(y->prev), RC_FREE(y->next);
    RC_FREE(y->heap);
    memset(y, 0, sizeof *y);
}

/* Makes room for n symbols; -1 when out of memory. */
static int rc__symbols_reserve(rc__Symbols *y, size_t n) {
    if (n <= y->cap) return 0;
    size_t cap = y->cap, heap_cap = 3 * y->cap;
    int **arr[5] = {&y->start, &y->len, &y->id, &y->prev, &y->next};
    for (int k = 0; k < 5; k++) { /* each grows from y->cap to the same new cap */
        cap = y->cap;
        int *p = rc__grow(*arr[k], &cap, n, sizeof(int));
        if (!p) return -1;
        *arr[k] = p;
    }
    rc__Merge *h = rc__grow(y->heap, &heap_cap, 3 * cap, sizeof(rc__Merge));
    if (!h) return -1;
    y->heap = h;
    y->cap = cap;
    return 0;
}

/* Queues the merge of adjacent symbols a and b if there is one: kind 1 when their text is a
   piece (by its score), kind 2 when (id[a], id[b]) is a merge rule (by rank). */
static void rc__propose(const rc_Tokenizer *t, const char *text, rc__Symbols *y, int a, int b, size_t *nh) {
    int len = y->len[a] + y->len[b], id = -1;
    float score = 0;
    if (t->kind == RC_VOCAB_SP) {
        id = rc__piece_lookup(t, text + y->start[a], (size_t)len);
        if (id >= 0) score = t->score[id];
    } else if (y->id[a] >= 0 && y->id[b] >= 0) {
        long rank = rc__merge_rank(t, y->id[a], y->id[b]);
        if (rank >= 0) id = t->merge[rank].merged, score = -(float)rank;
    }
    if (id >= 0) rc__heap_push(y->heap, nh, (rc__Merge){score, a, b, len, id});
}

/* Merges symbols 0..n-1 (start, len and id set), always the best adjacent pair, until no pair
   merges; the survivors are linked by next[] from symbol 0 (merges keep the left symbol). */
static void rc__merge_symbols(const rc_Tokenizer *t, const char *text, rc__Symbols *y, int n) {
    for (int i = 0; i < n; i++) y->prev[i] = i - 1, y->next[i] = i + 1 < n ? i + 1 : -1;
    size_t nh = 0;
    for (int i = 0; i + 1 < n; i++) rc__propose(t, text, y, i, i + 1, &nh);
    while (nh > 0) {
        rc__Merge m = rc__heap_pop(y->heap, &nh);
        /* stale if either side was merged away or grew since this pair was proposed */
        if (y->len[m.left] == 0 || y->len[m.right] == 0 || y->next[m.left] != m.right ||
            y->len[m.left] + y->len[m.right] != m.len)
            continue;
        y->len[m.left] = m.len;
        y->id[m.left] = m.id;
        y->len[m.right] = 0;
        y->next[m.left] = y->next[m.right];
        if (y->next[m.left] >= 0) y->prev[y->next[m.left]] = m.left;
        if (y->prev[m.left] >= 0) rc__propose(t, text, y, y->prev[m.left], m.left, &nh);
        if (y->next[m.left] >= 0) rc__propose(t, text, y, m.left, y->next[m.left], &nh);
    }
}

/* Appends id to ids[0..cap), counting in *n_ids. */
static int rc__push_id(int *ids, size_t cap, size_t *n_ids, int id, rc_Error *e) {
    if (*n_ids >= cap) return rc__fail(e, "encode: more than %zu ids", cap);
    ids[(*n_ids)++] = id;
    return 0;
}

/* ---- C4. SentencePiece BPE (kind 1) ------------------------------------------------------- */

/* Kind 1, one stretch of text: normalizes s[0..n) into norm (a space first when `prefix`; U+2581 ->
   space; invalid bytes -> U+FFFD), merges its characters and appends the ids. */
static int rc__encode_sp_span(const rc_Tokenizer *t, const unsigned char *s, size_t n, int prefix,
                             char *norm, rc__Symbols *y, int *ids, size_t cap, size_t *n_ids, rc_Error *e) {
    if (rc__symbols_reserve(y, n + 1)) return rc__fail(e, "encode: out of memory for %zu bytes of text", n);
    size_t nn = 0;
    int n_sym = 0;
    if (prefix) {
        y->start[n_sym] = 0, y->len[n_sym++] = 1;
        norm[nn++] = ' ';
    }
    for (size_t i = 0; i < n;) {
        size_t cl = rc__utf8_len(s + i, n - i);
        y->start[n_sym] = (int)nn;
        if (cl == 0) {
            memcpy(norm + nn, "\xEF\xBF\xBD", 3), nn += 3, i += 1;
        } else if (cl == 3 && memcmp(s + i, "\xE2\x96\x81", 3) == 0) {
            norm[nn++] = ' ', i += 3;
        } else {
            memcpy(norm + nn, s + i, cl), nn += cl, i += cl;
        }
        y->len[n_sym] = (int)nn - y->start[n_sym];
        n_sym++;
    }
    for (int i = 0; i < n_sym; i++) y->id[i] = rc__piece_lookup(t, norm + y->start[i], (size_t)y->len[i]);
    rc__merge_symbols(t, norm, y, n_sym);
    /* emit: pieces as themselves, anything else as its bytes */
    for (int i = 0; i >= 0 && n_sym > 0; i = y->next[i]) {
        if (y->id[i] >= 0) {
            if (rc__push_id(ids, cap, n_ids, y->id[i], e)) return -1;
        } else {
            for (int k = 0; k < y->len[i]; k++) {
                int b = t->byte_id[(unsigned char)norm[y->start[i] + k]];
                if (rc__push_id(ids, cap, n_ids, b >= 0 ? b : t->unk_id, e)) return -1;
            }
        }
    }
    return 0;
}

/* Kind 1: encodes text[0..len) exactly as SentencePiece does for the Llama 2 model, which merges
   over the whole text. When no piece can hold a newline, merges never cross one, so each line is
   encoded on its own: the same ids, with scratch memory bounded by the longest line. */
static int rc__encode_sp(const rc_Tokenizer *t, const char *text, size_t len, int *ids, size_t cap,
                        size_t *n_ids, rc_Error *e) {
    const unsigned char *s = (const unsigned char *)text;
    char *norm = RC_MALLOC(3 * len + 1);
    rc__Symbols y = {0};
    int rc = norm ? 0 : rc__fail(e, "encode: out of memory for %zu bytes of text", len);
    for (size_t at = 0; rc == 0 && at < len;) {
        const unsigned char *nl = t->newline_splits ? memchr(s + at, '\n', len - at) : NULL;
        size_t end = nl ? (size_t)(nl - s) + 1 : len;
        rc = rc__encode_sp_span(t, s + at, end - at, at == 0 && t->add_dummy_prefix, norm, &y, ids, cap, n_ids, e);
        at = end;
    }
    RC_FREE(norm);
    rc__symbols_free(&y);
    return rc;
}

/* ---- C5. Byte-level BPE (kind 2): U+FFFD replacement, NFC, the pre-tokenizer, merging by rank */

/* A growable array (bytes or code points) for the encoder's scratch space. */
typedef struct {
    void *data;
    size_t len, cap;  /* in elements */
} rc__Buf;

/* Makes room for `extra` more elements of `elem` bytes; -1 when out of memory. */
static int rc__buf_reserve(rc__Buf *b, size_t extra, size_t elem) {
    void *p = rc__grow(b->data, &b->cap, b->len + extra, elem);
    if (!p) return -1;
    b->data = p;
    return 0;
}

/* Unicode lookups over the generated tables (Appendix). Classes of code points: */
enum { RC_UCLASS_OTHER = 0, RC_UCLASS_LETTER = 1, RC_UCLASS_NUMBER = 2, RC_UCLASS_SPACE = 3 };
static int rc__char_class(uint32_t cp);
static uint32_t rc__combining_class(uint32_t cp);
static uint32_t rc__fold_letter(uint32_t cp);
static int rc__uni_decomposition(uint32_t cp, uint32_t *first, uint32_t *second);
static uint32_t rc__uni_composite(uint32_t a, uint32_t b);
static int rc__uni_nfc_maybe(uint32_t cp);

/* NFC (Unicode Standard Annex #15): decompose canonically, sort each run of combining marks by
   combining class, then recompose. Code points travel through the steps as ccc << 24 | cp. */
enum { RC_HANGUL_S = 0xAC00, RC_HANGUL_L = 0x1100, RC_HANGUL_V = 0x1161, RC_HANGUL_T = 0x11A7,
       RC_HANGUL_LCOUNT = 19, RC_HANGUL_VCOUNT = 21, RC_HANGUL_TCOUNT = 28, RC_HANGUL_SCOUNT = 11172 };

/* Appends the full canonical decomposition of cp to out (uint32_t elements); -1 out of memory. */
static int rc__nfc_decompose(uint32_t cp, rc__Buf *out) {
    if (cp - RC_HANGUL_S < RC_HANGUL_SCOUNT) { /* Hangul syllables decompose arithmetically */
        uint32_t s = cp - RC_HANGUL_S, t = s % RC_HANGUL_TCOUNT;
        int err = rc__nfc_decompose(RC_HANGUL_L + s / (RC_HANGUL_VCOUNT * RC_HANGUL_TCOUNT), out);
        if (!err) err = rc__nfc_decompose(RC_HANGUL_V + s % (RC_HANGUL_VCOUNT * RC_HANGUL_TCOUNT) / RC_HANGUL_TCOUNT, out);
        if (!err && t) err = rc__nfc_decompose(RC_HANGUL_T + t, out);
        return err;
    }
    uint32_t first, second;
    if (rc__uni_decomposition(cp, &first, &second)) {
        int err = rc__nfc_decompose(first, out);
        if (!err && second) err = rc__nfc_decompose(second, out);
        return err;
    }
    if (rc__buf_reserve(out, 1, sizeof(uint32_t))) return -1;
    ((uint32_t *)out->data)[out->len++] = rc__combining_class(cp) << 24 | cp;
    return 0;
}

/* The primary composite of starter a followed by b, or 0 if they do not compose. */
static uint32_t rc__nfc_compose(uint32_t a, uint32_t b) {
    if (a - RC_HANGUL_L < RC_HANGUL_LCOUNT && b - RC_HANGUL_V < RC_HANGUL_VCOUNT)
        return RC_HANGUL_S + ((a - RC_HANGUL_L) * RC_HANGUL_VCOUNT + (b - RC_HANGUL_V)) * RC_HANGUL_TCOUNT;
    if (a - RC_HANGUL_S < RC_HANGUL_SCOUNT && (a - RC_HANGUL_S) % RC_HANGUL_TCOUNT == 0 &&
        b - RC_HANGUL_T - 1 < RC_HANGUL_TCOUNT - 1)
        return a + (b - RC_HANGUL_T);
    return rc__uni_composite(a, b);
}

/* Stable sort of x[0..n) by combining class (bits 24..31); tmp has room for n. A merge sort, so
   that even a long adversarial run of combining marks costs O(n log n). */
static void rc__sort_by_ccc(uint32_t *x, uint32_t *tmp, size_t n) {
    if (n < 2) return;
    size_t h = n / 2, i = 0, j = h, k = 0;
    rc__sort_by_ccc(x, tmp, h);
    rc__sort_by_ccc(x + h, tmp, n - h);
    while (i < h && j < n) tmp[k++] = (x[j] >> 24) < (x[i] >> 24) ? x[j++] : x[i++];
    while (i < h) tmp[k++] = x[i++];
    memcpy(x, tmp, k * sizeof *x);  /* x[j..n) is already in place */
}

/* Normalizes the well-formed UTF-8 s[0..n) to NFC into out (bytes); cps and tmp are scratch.
   Sets *changed = 0 and leaves out alone when s is NFC by the quick check (none of its code points
   can change under NFC), the common case. -1 when out of memory. */
static int rc__nfc(const unsigned char *s, size_t n, rc__Buf *out, rc__Buf *cps, rc__Buf *tmp, int *changed) {
    size_t len;
    *changed = 0;
    for (size_t i = 0; i < n && !*changed; i += len) {
        uint32_t cp = rc__utf8_decode(s + i, &len);
        *changed = rc__uni_nfc_maybe(cp);
    }
    if (!*changed) return 0;
    cps->len = 0;
    for (size_t i = 0; i < n; i += len)
        if (rc__nfc_decompose(rc__utf8_decode(s + i, &len), cps)) return -1;
    uint32_t *x = cps->data;
    size_t m = cps->len;
    tmp->len = 0;
    if (rc__buf_reserve(tmp, m, sizeof(uint32_t))) return -1;
    for (size_t i = 0; i < m;) { /* canonical ordering of each run of nonzero classes */
        size_t j = i;
        while (j < m && x[j] >> 24) j++;
        rc__sort_by_ccc(x + i, tmp->data, j - i);
        i = j + 1;
    }
    /* Canonical composition: a character joins the last starter unless something between them
       blocks it (a starter, or a mark of the same or higher class). The marks left between are
       sorted, so the last one decides. */
    size_t o = 0, starter = SIZE_MAX;
    for (size_t i = 0; i < m; i++) {
        uint32_t cp = x[i] & 0xFFFFFF, cc = x[i] >> 24;
        if (starter != SIZE_MAX) {
            int adjacent = o == starter + 1;
            uint32_t last_cc = x[o - 1] >> 24;
            uint32_t c = adjacent || (last_cc != 0 && last_cc < cc) ? rc__nfc_compose(x[starter], cp) : 0;
            if (c) {
                x[starter] = c;  /* primary composites are starters (class 0) */
                continue;
            }
        }
        if (cc == 0) starter = o;
        x[o++] = x[i];
    }
    out->len = 0;
    if (rc__buf_reserve(out, 4 * o, 1)) return -1;
    for (size_t i = 0; i < o; i++)
        out->len += rc__utf8_encode(x[i] & 0xFFFFFF, (unsigned char *)out->data + out->len);
    return 0;
}

/* The pre-tokenizer: a hand-written equivalent of the split regex (Llama 3; Qwen2 has \p{N} for
   \p{N}{1,3})
       (?i:'s|'t|'re|'ve|'m|'ll|'d) | [^\r\n\p{L}\p{N}]?\p{L}+ | \p{N}{1,3}
       | ?[^\s\p{L}\p{N}]+[\r\n]* | \s*[\r\n]+ | \s+(?!\S) | \s+
   A backtracking engine takes, at each position, the first alternative that matches. Every code
   point is a letter, a number, white space or other, so some alternative always matches and the
   matches tile the text. */

/* Class of the code point at s[i]. */
static int rc__class_at(const unsigned char *s, size_t i) {
    size_t len;
    return rc__char_class(rc__utf8_decode(s + i, &len));
}

/* End of the run of code points of class cls starting at s[i]. */
static size_t rc__skip_class(const unsigned char *s, size_t n, size_t i, int cls) {
    size_t len;
    while (i < n && rc__char_class(rc__utf8_decode(s + i, &len)) == cls) i += len;
    return i;
}

/* Length of a contraction suffix (s, t, re, ve, m, ll, d; any case when `fold`) at s[i..n), or 0. */
static size_t rc__contraction_len(const unsigned char *s, size_t n, size_t i, int fold) {
    size_t l1, l2;
    uint32_t c1 = rc__utf8_decode(s + i, &l1);
    c1 = fold ? rc__fold_letter(c1) : c1;
    if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') return l1;
    if ((c1 == 'r' || c1 == 'v' || c1 == 'l') && i + l1 < n) {
        uint32_t c2 = rc__utf8_decode(s + i + l1, &l2);
        c2 = fold ? rc__fold_letter(c2) : c2;
        if (c2 == (c1 == 'l' ? 'l' : 'e')) return l1 + l2;
    }
    return 0;
}

/* End of the pre-token that starts at s[i] (i < n) in the well-formed UTF-8 s[0..n). */
static size_t rc__pretoken_end(const unsigned char *s, size_t n, size_t i, int pretokenizer) {
    size_t len;
    uint32_t c = rc__utf8_decode(s + i, &len);
    int cls = rc__char_class(c);
    size_t next = i + len;
    /* (?i:'s|'t|'re|'ve|'m|'ll|'d) */
    if (c == '\'' && next < n) {
        size_t m = rc__contraction_len(s, n, next, 1);
        if (m) return next + m;
    }
    /* [^\r\n\p{L}\p{N}]?\p{L}+ : letters, optionally led by one non-newline, non-number */
    if (cls == RC_UCLASS_LETTER) return rc__skip_class(s, n, i, RC_UCLASS_LETTER);
    if (c != '\r' && c != '\n' && cls != RC_UCLASS_NUMBER && next < n && rc__class_at(s, next) == RC_UCLASS_LETTER)
        return rc__skip_class(s, n, next, RC_UCLASS_LETTER);
    /* \p{N}{1,3} or \p{N} */
    if (cls == RC_UCLASS_NUMBER) {
        for (int digits = 1; digits < (pretokenizer == RC_PRETOK_LLAMA3 ? 3 : 1) && next < n; digits++) {
            if (rc__char_class(rc__utf8_decode(s + next, &len)) != RC_UCLASS_NUMBER) break;
            next += len;
        }
        return next;
    }
    /*  ?[^\s\p{L}\p{N}]+[\r\n]* : symbols, optionally after one space, then any newlines */
    size_t start = c == ' ' ? next : i;
    if (start < n && rc__class_at(s, start) == RC_UCLASS_OTHER) {
        size_t end = rc__skip_class(s, n, start, RC_UCLASS_OTHER);
        while (end < n && (s[end] == '\r' || s[end] == '\n')) end++;
        return end;
    }
    /* c is white space. \s*[\r\n]+ backtracks from the whole run to its last newline; failing
       that, \s+(?!\S) keeps the run but, when a non-space follows, gives its last code point to
       the next pre-token (so " word" stays together); a single white space falls to \s+. */
    size_t end = i, last = i, after_newline = 0;
    while (end < n) {
        uint32_t w = rc__utf8_decode(s + end, &len);
        if (rc__char_class(w) != RC_UCLASS_SPACE) break;
        if (w == '\r' || w == '\n') after_newline = end + 1;
        last = end;
        end += len;
    }
    if (after_newline) return after_newline;
    return end == n || last == i ? end : last;
}

/* End of the pre-token at s[i] (i < n) under GPT-2's split regex (GGUF pre "gpt-2", "smollm"):
       's|'t|'re|'ve|'m|'ll|'d | ?\p{L}+ | ?\p{N}+ | ?[^\s\p{L}\p{N}]+ | \s+(?!\S) | \s+
   Contractions are case-sensitive here, and numbers run on. */
static size_t rc__pretoken_end_gpt2(const unsigned char *s, size_t n, size_t i) {
    size_t len;
    uint32_t c = rc__utf8_decode(s + i, &len);
    size_t next = i + len, m;
    if (c == '\'' && next < n && (m = rc__contraction_len(s, n, next, 0))) return next + m;
    /* a run of letters, numbers or other symbols, optionally after one space */
    size_t start = c == ' ' && next < n ? next : i;
    int cls = rc__class_at(s, start);
    if (cls != RC_UCLASS_SPACE) return rc__skip_class(s, n, start, cls);
    /* white space: \s+(?!\S) gives a following non-space the run's last code point; a single
       one falls to \s+ */
    size_t end = i, last = i;
    while (end < n && rc__class_at(s, end) == RC_UCLASS_SPACE) {
        last = end;
        rc__utf8_decode(s + end, &len);
        end += len;
    }
    return end == n || last == i ? end : last;
}

/* End of the stretch at s[i] that SmolLM's pre-tokenizer splits on its own: one number code
   point (digits stand alone), or everything up to the next one. */
static size_t rc__digit_stretch(const unsigned char *s, size_t n, size_t i) {
    size_t len;
    int digit = rc__class_at(s, i) == RC_UCLASS_NUMBER;
    do {
        rc__utf8_decode(s + i, &len);
        i += len;
    } while (!digit && i < n && rc__class_at(s, i) != RC_UCLASS_NUMBER);
    return i;
}

/* Id of the longest added token that s[i..n) starts with, or -1; *len gets its length. User-
   defined tokens always count, control tokens only if `special`. Added tokens are few, and
   bucketing them by first byte makes the common case one empty-bucket check. */
static int rc__special_at(const rc_Tokenizer *t, const unsigned char *s, size_t n, size_t i, int special,
                         size_t *len) {
    int best = -1, end = special ? t->special_start[s[i] + 1] : t->user_end[s[i]];
    *len = 0;
    for (int k = t->special_start[s[i]]; k < end; k++) {
        int id = t->special[k];
        size_t l = (size_t)t->piece_len[id];
        if (l > *len && l <= n - i && memcmp(s + i, t->piece[id], l) == 0) best = id, *len = l;
    }
    return best;
}

/* Scratch space of one kind-2 encode. */
typedef struct {
    rc__Symbols sym;
    rc__Buf norm, cps, tmp;  /* for rc__nfc */
} rc__BpeWork;

/* Appends the ids of one pre-token s[0..n) (n > 0). */
static int rc__bpe_word(const rc_Tokenizer *t, const unsigned char *s, size_t n, rc__BpeWork *w, int *ids,
                       size_t cap, size_t *n_ids, rc_Error *e) {
    if (t->ignore_merges) { /* a whole pre-token in the vocabulary is taken as is */
        int id = rc__piece_lookup(t, (const char *)s, n);
        if (id >= 0) return rc__push_id(ids, cap, n_ids, id, e);
    }
    if (rc__symbols_reserve(&w->sym, n)) return rc__fail(e, "encode: out of memory for a %zu-byte word", n);
    for (size_t i = 0; i < n; i++) w->sym.start[i] = (int)i, w->sym.len[i] = 1, w->sym.id[i] = t->byte_id[s[i]];
    rc__merge_symbols(t, (const char *)s, &w->sym, (int)n);
    for (int i = 0; i >= 0; i = w->sym.next[i])
        if (rc__push_id(ids, cap, n_ids, w->sym.id[i], e)) return -1;
    return 0;
}

/* Appends the ids of one section s[0..n) (well-formed UTF-8, no added tokens inside):
   normalize, pre-tokenize, merge. */
static int rc__bpe_section(const rc_Tokenizer *t, const unsigned char *s, size_t n, rc__BpeWork *w, int *ids,
                          size_t cap, size_t *n_ids, rc_Error *e) {
    if (t->nfc) {
        int changed;
        if (rc__nfc(s, n, &w->norm, &w->cps, &w->tmp, &changed))
            return rc__fail(e, "encode: out of memory normalizing %zu bytes", n);
        if (changed) s = w->norm.data, n = w->norm.len;
    }
    for (size_t i = 0, stretch = 0; i < n;) {
        if (t->pretokenizer == RC_PRETOK_SMOLLM && i >= stretch) stretch = rc__digit_stretch(s, n, i);
        size_t end = t->pretokenizer == RC_PRETOK_SMOLLM ? rc__pretoken_end_gpt2(s, stretch, i)
                   : t->pretokenizer == RC_PRETOK_GPT2 ? rc__pretoken_end_gpt2(s, n, i)
                   : rc__pretoken_end(s, n, i, t->pretokenizer);
        if (rc__bpe_word(t, s + i, end - i, w, ids, cap, n_ids, e)) return -1;
        i = end;
    }
    return 0;
}

/* Kind 2: encodes text[0..len) as Hugging Face's tokenizers do. Invalid UTF-8 first becomes
   U+FFFD, one per maximal ill-formed subpart (what Python's bytes.decode(errors="replace") does
   before a text can reach the reference, which only takes strings). `special` also cuts out
   control tokens' text ("<|eot_id|>"), which must never happen to untrusted text. */
static int rc__encode_bpe(const rc_Tokenizer *t, const char *text, size_t len, int special, int *ids, size_t cap,
                         size_t *n_ids, rc_Error *e) {
    unsigned char *s = RC_MALLOC(3 * len + 1);
    if (!s) return rc__fail(e, "encode: out of memory for %zu bytes of text", len);
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        int valid;
        size_t l = rc__utf8_seq((const unsigned char *)text + i, len - i, &valid);
        if (valid) memcpy(s + n, text + i, l), n += l;
        else memcpy(s + n, "\xEF\xBF\xBD", 3), n += 3;
        i += l;
    }
    rc__BpeWork w;
    memset(&w, 0, sizeof w);
    int rc = 0;
    size_t start = 0;
    for (size_t i = 0; i < n && rc == 0;) {
        size_t special_len;
        int id = rc__special_at(t, s, n, i, special, &special_len);
        if (id < 0) {
            i++;
            continue;
        }
        if (i > start) rc = rc__bpe_section(t, s + start, i - start, &w, ids, cap, n_ids, e);
        if (rc == 0) rc = rc__push_id(ids, cap, n_ids, id, e);
        i += special_len;
        start = i;
    }
    if (rc == 0 && start < n) rc = rc__bpe_section(t, s + start, n - start, &w, ids, cap, n_ids, e);
    RC_FREE(s);
    rc__symbols_free(&w.sym);
    RC_FREE(w.norm.data), RC_FREE(w.cps.data), RC_FREE(w.tmp.data);
    return rc;
}

/* ---- C6. Encoding and decoding, either kind ------------------------------------------------ */

/* Upper bound on the ids rc_encode can produce for `len` bytes of text (plus BOS). Kind 2 makes at
   most one id per byte of its text after U+FFFD replacement and NFC, each at most 3x the input. */
RC_API size_t rc_encode_bound(size_t len) { return 3 * len + 2; }

/* Encodes text[0..len) (any bytes, NUL included) into ids: SentencePiece's for kind 1, Hugging
   Face tokenizers' for kind 2. flags: RC_ENC_BOS prepends BOS (kind 2: only if the tokenizer's
   add-BOS flag says the reference does); RC_ENC_SPECIAL recognises control tokens in the text
   (kind 2; kind 1 ignores it). Writes at most `cap` ids (rc_encode_bound(len) always suffices) and
   their count to *n_ids. */
RC_API int rc_encode(const rc_Tokenizer *t, const char *text, size_t len, int flags, int *ids, size_t cap,
              size_t *n_ids, rc_Error *e) {
    *n_ids = 0;
    if (len > (size_t)INT32_MAX / 4) return rc__fail(e, "input of %zu bytes is too long to encode", len);
    if ((flags & RC_ENC_BOS) && t->bos_id >= 0 && t->add_bos)
        if (rc__push_id(ids, cap, n_ids, t->bos_id, e)) return -1;
    if (len == 0) return 0;
    return t->kind == RC_VOCAB_SP ? rc__encode_sp(t, text, len, ids, cap, n_ids, e)
                                  : rc__encode_bpe(t, text, len, flags & RC_ENC_SPECIAL, ids, cap, n_ids, e);
}

/* The text of `token` when it follows `prev`: byte tokens give their byte, control, unknown and
   unused tokens nothing, and (kind 1) the first piece after BOS loses the dummy-prefix space.
   Kind 2's pieces are raw bytes, possibly part of a UTF-8 character (see rc_utf8_feed). */
RC_API const char *rc_decode(const rc_Tokenizer *t, int prev, int token, size_t *len) {
    *len = 0;
    if (token < 0 || token >= t->vocab_size) return "";
    switch (t->type[token]) {
    case RC_TOK_BYTE: {
        int v = rc__byte_piece(t->piece[token], t->piece_len[token]);  /* valid: checked at load */
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

/* Appends id to a growable id list. */
static int rc__ids_push(rc_Ids *b, int id, rc_Error *e) {
    int *v = rc__grow(b->v, &b->cap, b->n + 1, sizeof(int));
    if (!v) return rc__fail(e, "out of memory for %zu token ids", b->n + 1);
    b->v = v;
    b->v[b->n++] = id;
    return 0;
}

RC_API void rc_ids_free(rc_Ids *ids) {
    RC_FREE(ids->v);
    memset(ids, 0, sizeof *ids);
}

/* rc_encode into the end of a growable list, which grows by rc_encode_bound(len) first. */
RC_API int rc_encode_ids(const rc_Tokenizer *t, const char *text, size_t len, int flags, rc_Ids *out,
                         rc_Error *e) {
    size_t got, room = rc_encode_bound(len);
    int *v = rc__grow(out->v, &out->cap, out->n + room, sizeof(int));
    if (!v) return rc__fail(e, "out of memory for the ids of %zu bytes of text", len);
    out->v = v;
    if (rc_encode(t, text, len, flags, out->v + out->n, room, &got, e)) return -1;
    out->n += got;
    return 0;
}

/* ---- C7. Vocabularies from GGUF files ---------------------------------------------------------

   tokenizer.ggml.model "llama" is SentencePiece (kind 1: pieces spell spaces as U+2581, stored
   here as spaces; scores; byte pieces <0xAB>), "gpt2" is byte-level BPE (kind 2: pieces spelled
   in GPT-2's byte-to-unicode alphabet, decoded to raw bytes; merges as "left right" strings).
   The token types use the same numbers as ours. Only the tables come from the file: the encoders
   are the ones above. */

/* The byte a code point of GPT-2's byte-level alphabet stands for, or -1: printable bytes stand
   for themselves, the other 68 bytes for U+0100 onwards, in byte order. */
static int rc__gpt2_byte(uint32_t cp) {
    if ((cp >= 33 && cp <= 126) || (cp >= 161 && cp <= 172) || (cp >= 174 && cp <= 255)) return (int)cp;
    if (cp < 256 || cp >= 256 + 68) return -1;
    uint32_t n = cp - 256;
    return n < 33 ? (int)n : n < 67 ? (int)(127 + n - 33) : 173;
}

/* Decodes the byte-level spelling s[0..n) into out (room for n bytes); returns the length, or -1
   when a character is not in the alphabet. */
static long rc__gpt2_decode(const char *s, size_t n, char *out) {
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t len = rc__utf8_len((const unsigned char *)s + i, n - i);
        int b = len ? rc__gpt2_byte(rc__utf8_decode((const unsigned char *)s + i, &len)) : -1;
        if (b < 0) return -1;
        out[o++] = (char)b;
        i += len;
    }
    return (long)o;
}

/* Whether s[0..n) contains the text `marker`. */
static int rc__contains(const char *s, size_t n, const char *marker) {
    size_t m = strlen(marker);
    for (size_t j = 0; j + m <= n; j++)
        if (memcmp(s + j, marker, m) == 0) return 1;
    return 0;
}

/* The chat template family from tokenizer.chat_template's distinctive markers (Jinja is not
   run), first match wins: Llama 3 header tokens, ChatML, Phi-3 (<|user|> and <|end|>), Zephyr /
   TinyLlama (<|user|>), Llama 2 ([INST] with <<SYS>>), Mistral ([INST] without a system block);
   RC_CHAT_NONE when none matches. */
static int rc__chat_template_kind(const char *s, size_t n) {
    if (rc__contains(s, n, "<|start_header_id|>")) return RC_CHAT_LLAMA3;
    if (rc__contains(s, n, "<|im_start|>")) return RC_CHAT_CHATML;
    if (rc__contains(s, n, "<|user|>")) return rc__contains(s, n, "<|end|>") ? RC_CHAT_PHI3 : RC_CHAT_ZEPHYR;
    if (rc__contains(s, n, "[INST]")) return rc__contains(s, n, "<<SYS>>") ? RC_CHAT_LLAMA2 : RC_CHAT_MISTRAL;
    return RC_CHAT_NONE;
}

/* The system prompt a ChatML template writes when the conversation has none: the first quoted
   literal '<|im_start|>system\n TEXT <|im_end|>' whose TEXT holds no quote, brace or escape other
   than \n (Qwen2 and Qwen2.5 have one; in a template's other branches the system turn is built
   from messages[0], which this skips). Heap-allocated, or NULL. */
static char *rc__chat_default_system(const char *s, size_t n) {
    static const char head[] = "<|im_start|>system", tail[] = "<|im_end|>";
    size_t hn = sizeof head - 1, tn = sizeof tail - 1;
    for (size_t i = 0; i + hn + 1 < n; i++) {
        if (memcmp(s + i, head, hn) != 0) continue;
        size_t j = i + hn, k, len = 0;
        if (s[j] == '\n') j += 1;
        else if (s[j] == '\\' && s[j + 1] == 'n') j += 2;
        else continue;
        for (k = j; k + tn <= n && memcmp(s + k, tail, tn) != 0; k++, len++) {
            if (s[k] == '\'' || s[k] == '"' || s[k] == '{' || s[k] == '}' || s[k] == 0) break;
            if (s[k] == '\\' && (k + 1 >= n || s[++k] != 'n')) break;
        }
        if (k + tn > n || memcmp(s + k, tail, tn) != 0 || len == 0) continue;
        char *out = RC_MALLOC(len + 1);
        if (!out) return NULL;
        for (size_t a = j, b = 0; a < k; a++) out[b++] = s[a] == '\\' ? (a++, '\n') : s[a];
        out[len] = 0;
        return out;
    }
    return NULL;
}

/* The id of the token spelled `name` of type `type` (0: any type), or -1. Linear: called at load
   and once per chat turn. */
static int rc__token_id(const rc_Tokenizer *t, const char *name, int type) {
    size_t n = strlen(name);
    for (int id = 0; id < t->vocab_size; id++)
        if ((!type || t->type[id] == type) && (size_t)t->piece_len[id] == n && memcmp(t->piece[id], name, n) == 0)
            return id;
    return -1;
}

/* The pieces, scores and types of tokenizer.ggml.tokens / scores / token_type. */
static int rc__gguf_pieces(rc_Tokenizer *t, const rc__Gguf *g, rc_Error *e) {
    const rc__GgufValue *tokens, *scores = NULL, *types = NULL;
    if (rc__gguf_get_arr(g, "tokenizer.ggml.tokens", &tokens, RC__GGUF_STRING, 1, e) < 0 ||
        rc__gguf_get_arr(g, "tokenizer.ggml.scores", &scores, RC__GGUF_FLOAT32, 0, e) < 0 ||
        rc__gguf_get_arr(g, "tokenizer.ggml.token_type", &types, RC__GGUF_INT32, 0, e) < 0)
        return -1;
    uint64_t n = tokens->count, blob = 0, len;
    if (n < 1 || n > (1u << 22))
        return rc__fail(e, "%s: tokenizer.ggml.tokens has %llu tokens (expected 1 to %d)", g->path,
                        (unsigned long long)n, 1 << 22);
    if ((scores && scores->count != n) || (types && types->count != n))
        return rc__fail(e, "%s: tokenizer.ggml.scores / token_type have %llu / %llu entries (expected %llu, one "
                        "per token)", g->path, (unsigned long long)(scores ? scores->count : n),
                        (unsigned long long)(types ? types->count : n), (unsigned long long)n);
    for (uint64_t i = 0; i < n; i++) {
        rc__gguf_arr_str(tokens, i, &len);
        if (len > 65536) return rc__fail(e, "%s: token %llu is %llu bytes long (at most 65536)", g->path,
                                         (unsigned long long)i, (unsigned long long)len);
        blob += len + 1;
    }
    t->vocab_size = (int)n;
    t->piece = RC_CALLOC((size_t)n, sizeof(char *));
    t->piece_len = RC_CALLOC((size_t)n, sizeof(int));
    t->score = RC_CALLOC((size_t)n, sizeof(float));
    t->type = RC_CALLOC((size_t)n, 1);
    t->blob = RC_MALLOC((size_t)blob);
    if (!t->piece || !t->piece_len || !t->score || !t->type || !t->blob)
        return rc__fail(e, "%s: out of memory for %llu tokens", g->path, (unsigned long long)n);
    char *w = t->blob;
    for (uint64_t i = 0; i < n; i++) {
        const char *s = rc__gguf_arr_str(tokens, i, &len);
        int32_t type = types ? rc__gguf_arr_i32(types, i) : RC_TOK_NORMAL;
        if (type < RC_TOK_NORMAL || type > RC_TOK_BYTE)
            return rc__fail(e, "%s: token %llu has type %d (expected 1 to 6)", g->path, (unsigned long long)i, type);
        long m = 0;
        if (t->kind == RC_VOCAB_BPE && type == RC_TOK_NORMAL) {
            if ((m = rc__gpt2_decode(s, (size_t)len, w)) < 0)
                return rc__fail(e, "%s: token %llu '%.32s' is not spelled in the byte-level alphabet", g->path,
                                (unsigned long long)i, s);
        } else {
            for (uint64_t k = 0; k < len; k++) /* SentencePiece's U+2581 is a space here */
                if (t->kind == RC_VOCAB_SP && k + 2 < len && memcmp(s + k, "\xE2\x96\x81", 3) == 0)
                    w[m++] = ' ', k += 2;
                else w[m++] = s[k];
        }
        w[m] = 0;
        t->piece[i] = w, t->piece_len[i] = (int)m, t->type[i] = (unsigned char)type;
        t->score[i] = scores ? rc__gguf_arr_f32(scores, i) : 0.0f;
        if (m > t->max_piece_len) t->max_piece_len = (int)m;
        w += m + 1;
    }
    return 0;
}

/* tokenizer.ggml.merges ("left right", byte-level spelling, in rank order) as id pairs; needs
   the piece lookup table, so it runs after rc__tokenizer_index. */
static int rc__gguf_merges(rc_Tokenizer *t, const rc__Gguf *g, rc_Error *e) {
    const rc__GgufValue *merges;
    if (rc__gguf_get_arr(g, "tokenizer.ggml.merges", &merges, RC__GGUF_STRING, 1, e) < 0) return -1;
    if (merges->count > (1u << 24))
        return rc__fail(e, "%s: %llu merges (at most %d)", g->path, (unsigned long long)merges->count, 1 << 24);
    t->n_merges = (int)merges->count;
    t->merge = RC_MALLOC(((size_t)t->n_merges + 1) * sizeof(rc__BpeMerge));
    char *buf = RC_MALLOC((size_t)t->max_piece_len * 8 + 16);
    int rc = t->merge && buf ? 0 : rc__fail(e, "%s: out of memory for %d merges", g->path, t->n_merges);
    for (int r = 0; r < t->n_merges && rc == 0; r++) {
        uint64_t len;
        const char *s = rc__gguf_arr_str(merges, (uint64_t)r, &len);
        const char *space = len <= (uint64_t)t->max_piece_len * 8 ? memchr(s, ' ', (size_t)len) : NULL;
        long nl = space ? rc__gpt2_decode(s, (size_t)(space - s), buf) : -1;
        long nr = nl >= 0 ? rc__gpt2_decode(space + 1, (size_t)(s + len - space - 1), buf + nl) : -1;
        int left = nr >= 0 ? rc__piece_lookup(t, buf, (size_t)nl) : -1;
        int right = left >= 0 ? rc__piece_lookup(t, buf + nl, (size_t)nr) : -1;
        if (right < 0)
            rc = rc__fail(e, "%s: merge %d '%.*s' is not two byte-level pieces of the vocabulary", g->path, r,
                          rc__gguf_plen(len), s);
        else t->merge[r] = (rc__BpeMerge){left, right, -1};
    }
    RC_FREE(buf);
    return rc ? rc : rc__tokenizer_merge_table(t, g->path, e);
}

/* The special ids, flags, pre-tokenizer and chat template of a GGUF tokenizer. */
static int rc__gguf_vocab_flags(rc_Tokenizer *t, const rc__Gguf *g, rc_Error *e) {
    int64_t bos = -1, eos = -1, eot = -1;
    int add_bos = t->kind == RC_VOCAB_SP, add_prefix = 1;
    const char *pre = "default", *tpl = "";
    uint64_t pre_len = 7, tpl_len = 0;
    if (rc__gguf_get_int(g, "tokenizer.ggml.bos_token_id", &bos, 0, e) < 0 ||
        rc__gguf_get_int(g, "tokenizer.ggml.eos_token_id", &eos, 0, e) < 0 ||
        rc__gguf_get_int(g, "tokenizer.ggml.eot_token_id", &eot, 0, e) < 0 ||
        rc__gguf_get_bool(g, "tokenizer.ggml.add_bos_token", &add_bos, 0, e) < 0 ||
        rc__gguf_get_bool(g, "tokenizer.ggml.add_space_prefix", &add_prefix, 0, e) < 0 ||
        rc__gguf_get_str(g, "tokenizer.ggml.pre", &pre, &pre_len, 0, e) < 0 ||
        rc__gguf_get_str(g, "tokenizer.chat_template", &tpl, &tpl_len, 0, e) < 0)
        return -1;
    if (bos < -1 || bos >= t->vocab_size || eos < -1 || eos >= t->vocab_size || eot < -1 || eot >= t->vocab_size)
        return rc__fail(e, "%s: special token ids bos %lld / eos %lld / eot %lld outside the vocabulary of %d",
                        g->path, (long long)bos, (long long)eos, (long long)eot, t->vocab_size);
    t->bos_id = (int)bos, t->eos_id = (int)eos, t->eot_id = (int)eot;
    t->add_bos = add_bos;
    t->add_dummy_prefix = t->kind == RC_VOCAB_SP && add_prefix;
    t->chat_template = rc__chat_template_kind(tpl, (size_t)tpl_len);
    if (t->chat_template == RC_CHAT_CHATML) t->default_system = rc__chat_default_system(tpl, (size_t)tpl_len);
    /* the end of a turn is the template's closing marker */
    int marker = t->chat_template == RC_CHAT_LLAMA3 ? rc__token_id(t, "<|eot_id|>", 0)
               : t->chat_template == RC_CHAT_CHATML ? rc__token_id(t, "<|im_end|>", 0)
               : t->chat_template == RC_CHAT_PHI3 ? rc__token_id(t, "<|end|>", 0) : -1;
    if (marker >= 0) t->eot_id = marker;
    if (t->kind == RC_VOCAB_SP) return 0;
    if ((pre_len == 9 && memcmp(pre, "llama-bpe", 9) == 0) || (pre_len == 6 && memcmp(pre, "llama3", 6) == 0))
        t->pretokenizer = RC_PRETOK_LLAMA3, t->ignore_merges = 1;
    else if (pre_len == 5 && memcmp(pre, "qwen2", 5) == 0)
        t->pretokenizer = RC_PRETOK_QWEN2, t->nfc = 1;
    else if (pre_len == 5 && memcmp(pre, "gpt-2", 5) == 0)
        t->pretokenizer = RC_PRETOK_GPT2;
    else if (pre_len == 6 && memcmp(pre, "smollm", 6) == 0)
        t->pretokenizer = RC_PRETOK_SMOLLM;
    else
        return rc__fail(e, "%s: tokenizer.ggml.pre '%.*s' is not supported (expected llama-bpe, qwen2, gpt-2 or "
                        "smollm)", g->path, rc__gguf_plen(pre_len), pre);
    return 0;
}

/* A tokenizer from a GGUF file's tokenizer.ggml.* metadata. */
static int rc__tokenizer_gguf(rc_Tokenizer *t, const rc_File *f, const char *path, rc_Error *e) {
    rc__Gguf g;
    if (rc__gguf_open(&g, f, path, e)) return -1;
    const char *model;
    uint64_t len;
    int rc = rc__gguf_get_str(&g, "tokenizer.ggml.model", &model, &len, 1, e) < 0 ? -1 : 0;
    if (rc == 0) {
        if (len == 5 && memcmp(model, "llama", 5) == 0) t->kind = RC_VOCAB_SP;
        else if (len == 4 && memcmp(model, "gpt2", 4) == 0) t->kind = RC_VOCAB_BPE;
        else rc = rc__fail(e, "%s: tokenizer.ggml.model '%.*s' is not supported (expected llama or gpt2)", path,
                           rc__gguf_plen(len), model);
    }
    if (rc == 0) rc = rc__gguf_pieces(t, &g, e);
    if (rc == 0) rc = rc__gguf_vocab_flags(t, &g, e);
    if (rc == 0) rc = rc__tokenizer_index(t, path, e); /* no merges yet */
    if (rc == 0 && t->kind == RC_VOCAB_BPE) rc = rc__gguf_merges(t, &g, e);
    rc__gguf_free(&g);
    return rc;
}

/* ============================================================================================
   Annex D. Chat templates, JSON mode and perplexity. Skip on a first reading.
   ============================================================================================ */

/* ---- JSON mode: sampling constrained to a JSON object ---------------------------------------

   A byte-level pushdown automaton for the JSON grammar (RFC 8259, strict UTF-8 in strings, up to
   RC__JSON_DEPTH nested containers, at most RC__JSON_WS white space bytes in a row). Before each
   draw, every token whose text would take the output out of the language of JSON-object prefixes
   is masked, and so is every token after which the object could no longer be closed within the
   tokens left: rc__json_need is the fewest bytes that close it, every state has a one-byte token
   that lowers it by one (both vocabulary kinds have a token for every byte), so keeping
   need <= tokens left always ends in a complete object. End tokens are masked until it closes. */

#define RC__JSON_DEPTH 32
#define RC__JSON_WS 8

enum { /* what the automaton expects next */
    RC__J_START, RC__J_OBJ_FIRST, RC__J_KEY, RC__J_COLON, RC__J_VALUE, RC__J_ARR_FIRST, RC__J_AFTER,
    RC__J_STRING, RC__J_ESC, RC__J_HEX, RC__J_UTF8, RC__J_NUMBER, RC__J_LITERAL, RC__J_DONE
};
enum { RC__N_MINUS, RC__N_ZERO, RC__N_INT, RC__N_DOT, RC__N_FRAC, RC__N_E, RC__N_ESIGN, RC__N_EXP };

static const char *const rc__json_literals[3] = {"true", "false", "null"};

/* A number in state sub may end here (0, 12, 1.5, 1e3; not -, 1., 1e, 1e+). */
static int rc__json_number_ends(int sub) {
    return sub == RC__N_ZERO || sub == RC__N_INT || sub == RC__N_FRAC || sub == RC__N_EXP;
}

/* The fewest bytes after which the output is a complete object (0: it is). */
static int rc__json_need(const rc__Json *j) {
    int d = j->depth;
    switch (j->mode) {
    case RC__J_START: return 2;
    case RC__J_KEY: return 4 + d;    /* "": 0 */
    case RC__J_COLON: return 2 + d;  /* : 0 */
    case RC__J_VALUE: return 1 + d;  /* 0 */
    case RC__J_STRING: return 1 + (j->key ? 2 : 0) + d;
    case RC__J_ESC: return 2 + (j->key ? 2 : 0) + d;
    case RC__J_HEX: case RC__J_UTF8: return j->sub + 1 + (j->key ? 2 : 0) + d;
    case RC__J_NUMBER: return !rc__json_number_ends(j->sub) + d;
    case RC__J_LITERAL: return (int)strlen(rc__json_literals[j->lit]) - j->sub + d;
    case RC__J_DONE: return 0;
    default: return d; /* OBJ_FIRST, ARR_FIRST, AFTER: the closers */
    }
}

/* After a complete value: the container's comma or close, or the end. */
static void rc__json_value_done(rc__Json *j) { j->mode = j->depth ? RC__J_AFTER : RC__J_DONE; }

/* Feeds one byte; 0 if it cannot continue a JSON-object prefix. */
static int rc__json_byte(rc__Json *j, unsigned char c) {
    int ws = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    switch (j->mode) {
    case RC__J_STRING:
        if (c == '"') {
            if (j->key) j->mode = RC__J_COLON, j->key = 0;
            else rc__json_value_done(j);
        } else if (c == '\\') {
            j->mode = RC__J_ESC;
        } else if (c < 0x20) {
            return 0;
        } else if (c >= 0x80) { /* a UTF-8 lead byte: how many follow and the first one's range */
            if (c < 0xC2 || c > 0xF4) return 0;
            j->sub = c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3, j->mode = RC__J_UTF8;
            j->lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80, j->hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
        }
        return 1;
    case RC__J_UTF8:
        if (c < j->lo || c > j->hi) return 0;
        j->lo = 0x80, j->hi = 0xBF;
        if (--j->sub == 0) j->mode = RC__J_STRING;
        return 1;
    case RC__J_ESC:
        if (c == 'u') j->mode = RC__J_HEX, j->sub = 4;
        else if (strchr("\"\\/bfnrt", c) && c) j->mode = RC__J_STRING;
        else return 0;
        return 1;
    case RC__J_HEX:
        if (!((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'))) return 0;
        if (--j->sub == 0) j->mode = RC__J_STRING;
        return 1;
    case RC__J_LITERAL:
        if (c != (unsigned char)rc__json_literals[j->lit][j->sub]) return 0;
        if (rc__json_literals[j->lit][++j->sub] == 0) rc__json_value_done(j);
        return 1;
    case RC__J_NUMBER: {
        int digit = c >= '0' && c <= '9', s = j->sub;
        if (digit && (s == RC__N_MINUS || s == RC__N_INT)) j->sub = s == RC__N_MINUS && c == '0' ? RC__N_ZERO : RC__N_INT;
        else if (digit && (s == RC__N_DOT || s == RC__N_FRAC)) j->sub = RC__N_FRAC;
        else if (digit && s >= RC__N_E) j->sub = RC__N_EXP;
        else if (c == '.' && (s == RC__N_ZERO || s == RC__N_INT)) j->sub = RC__N_DOT;
        else if ((c == 'e' || c == 'E') && (s == RC__N_ZERO || s == RC__N_INT || s == RC__N_FRAC)) j->sub = RC__N_E;
        else if ((c == '+' || c == '-') && s == RC__N_E) j->sub = RC__N_ESIGN;
        else if (rc__json_number_ends(s)) {
            rc__json_value_done(j); /* the number ended: the byte belongs to what follows */
            return rc__json_byte(j, c);
        } else return 0;
        return 1;
    }
    case RC__J_DONE: return 0;
    default: break;
    }
    if (ws) return ++j->ws <= RC__JSON_WS; /* between tokens of the grammar */
    j->ws = 0;
    int m = j->mode;
    if (m == RC__J_START) {
        if (c != '{') return 0;
    } else if ((m == RC__J_OBJ_FIRST || m == RC__J_KEY) && c == '"') {
        j->mode = RC__J_STRING, j->key = 1;
        return 1;
    } else if (m == RC__J_COLON) {
        if (c != ':') return 0;
        j->mode = RC__J_VALUE;
        return 1;
    } else if (m == RC__J_AFTER || ((m == RC__J_OBJ_FIRST || m == RC__J_ARR_FIRST) && c != ',')) {
        int obj = (j->stack >> (j->depth - 1)) & 1;
        if (c == ',' && m == RC__J_AFTER) {
            j->mode = obj ? RC__J_KEY : RC__J_VALUE;
            return 1;
        }
        if (c == (obj ? '}' : ']')) {
            j->depth--;
            rc__json_value_done(j);
            return 1;
        }
        if (m == RC__J_AFTER || m == RC__J_OBJ_FIRST) return 0;
    } else if (m != RC__J_VALUE) {
        return 0;
    }
    /* a value starts (START: the top-level object) */
    if (c == '{' || c == '[') {
        if (j->depth == RC__JSON_DEPTH) return 0;
        j->stack = (j->stack & ~(1u << j->depth)) | (uint32_t)(c == '{') << j->depth;
        j->depth++;
        j->mode = c == '{' ? RC__J_OBJ_FIRST : RC__J_ARR_FIRST;
    } else if (c == '"') {
        j->mode = RC__J_STRING, j->key = 0;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        j->mode = RC__J_NUMBER, j->sub = c == '-' ? RC__N_MINUS : c == '0' ? RC__N_ZERO : RC__N_INT;
    } else if (c == 't' || c == 'f' || c == 'n') {
        j->mode = RC__J_LITERAL, j->lit = c == 't' ? 0 : c == 'f' ? 1 : 2, j->sub = 1;
    } else {
        return 0;
    }
    return 1;
}

/* Feeds text[0..n); 0 if some byte cannot continue the prefix (j is then undefined). */
static int rc__json_feed(rc__Json *j, const char *text, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!rc__json_byte(j, (unsigned char)text[i])) return 0;
    return 1;
}

/* Sets logits[id] = -inf for every token that must not come next: its text leaves the language,
   or needs more than `left - 1` tokens after it to close, or it ends the sequence before the
   object does. A token of only plain string bytes (printable ASCII but " and \, or whole UTF-8
   characters) cannot change a string's state, so inside a string it costs one comparison. */
static void rc__json_mask(const rc__Json *j, const rc_Tokenizer *t, const unsigned char *plain, int prev, int left,
                          float *logits) {
    int in_string = j->mode == RC__J_STRING, ok_plain = in_string && rc__json_need(j) <= left - 1;
    for (int id = 0; id < t->vocab_size; id++) {
        if (logits[id] == -INFINITY) continue;
        if (in_string && plain[id]) {
            if (!ok_plain) logits[id] = -INFINITY;
            continue;
        }
        size_t len;
        const char *p = rc_decode(t, prev, id, &len);
        rc__Json k = *j;
        if (len == 0 || !rc__json_feed(&k, p, len) || rc__json_need(&k) > left - 1) logits[id] = -INFINITY;
    }
}

/* plain[id] = 1 for tokens whose text is only plain string bytes (see rc__json_mask). */
static void rc__json_plain(const rc_Tokenizer *t, unsigned char *plain) {
    for (int id = 0; id < t->vocab_size; id++) {
        size_t len, i = 0;
        const unsigned char *p = (const unsigned char *)rc_decode(t, -1, id, &len);
        while (i < len) {
            size_t cl = p[i] < 0x80 ? (p[i] >= 0x20 && p[i] != '"' && p[i] != '\\' && p[i] != 0x7F) : rc__utf8_len(p + i, len - i);
            if (cl == 0) break;
            i += cl;
        }
        plain[id] = len > 0 && i == len;
    }
}


/* Perplexity of tokens[0..n): consecutive windows of s->ctx tokens, each scored with a fresh KV
   cache; every position predicts the next token (a window's last position predicts the first token
   of the next window). Returns the summed negative log-likelihood and the number of predictions. */
RC_API int rc_perplexity(rc_State *s, const int *tokens, int n, double *nll, long *count, rc_Error *e) {
    const rc_Model *m = s->model;
    *nll = 0;
    *count = 0;
    int V = m->config.vocab_size;
    enum { PPL_BATCH = 128 }; /* a row of logits per token: 128 x 128256 floats is 66 MB (Llama 3) */
    float *logits = RC_MALLOC((size_t)PPL_BATCH * V * sizeof(float));
    if (!logits) return rc__fail(e, "out of memory for %d x %d logits", PPL_BATCH, V);
    int rc = 0;
    for (int w = 0; w < n - 1 && rc == 0; w += s->ctx) {
        int wlen = n - w < s->ctx ? n - w : s->ctx;
        for (int done = 0; done < wlen && rc == 0; done += PPL_BATCH) {
            int B = wlen - done < PPL_BATCH ? wlen - done : PPL_BATCH;
            if ((rc = rc_forward(s, tokens + w + done, B, done, RC_LOGITS_ALL, logits, e))) break;
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
static size_t rc__chat_render(char *out, size_t cap, const char *system, const char *user) {
    int n = system && *system
                ? snprintf(out, cap, "[INST] <<SYS>>\n%s\n<</SYS>>\n\n%s [/INST]", system, user)
                : snprintf(out, cap, "[INST] %s [/INST]", user);
    return n < 0 ? 0 : (size_t)n;
}

/* Appends the ids of prefix followed by s[0..n), encoded as one text (no BOS, no control tokens
   recognised): a template's text between two special tokens is one section for the reference
   tokenizer, so "\n\n" + content must not be encoded in two parts. */
static int rc__ids_text(rc_Ids *b, const rc_Tokenizer *t, const char *prefix, const char *s, size_t n, int flags,
                       rc_Error *e) {
    size_t np = strlen(prefix);
    char *text = RC_MALLOC(np + n + 1);
    if (!text) return rc__fail(e, "chat: out of memory for %zu bytes", np + n);
    memcpy(text, prefix, np);
    if (n) memcpy(text + np, s, n);
    int rc = rc_encode_ids(t, text, np + n, flags, b, e);
    RC_FREE(text);
    return rc;
}

/* s[0..*n) without leading and trailing Unicode white space (Jinja's `trim`); returns the start. */
static const char *rc__trim(const char *s, size_t *n) {
    size_t start = 0, end = 0, i = 0, len;
    int seen = 0;
    while (i < *n) {
        int valid;
        size_t l = rc__utf8_seq((const unsigned char *)s + i, *n - i, &valid);
        int space = valid && rc__char_class(rc__utf8_decode((const unsigned char *)s + i, &len)) == RC_UCLASS_SPACE;
        if (!space) {
            if (!seen) start = i, seen = 1;
            end = i + l;
        }
        i += l;
    }
    *n = seen ? end - start : 0;
    return s + start;
}

/* The ids to feed for one user turn, in the tokenizer's chat template, up to the assistant's
   header (the generation prompt). `first` marks the conversation's first turn, which carries
   BOS (Llama 3 and 2) and the system prompt. `pending` is the previous reply's last token, not
   yet in the KV cache (-1 if none), and `pending_end` says it is an end token: the templates close
   an assistant message with their own end-of-turn token, so Llama 3 and ChatML feed that instead
   of whatever end token the model chose (and append it after a reply cut short by -n).
   - 1 Llama 2 (also 0, none):  [pending] BOS "[INST] <<SYS>>\n{system}\n<</SYS>>\n\n{user} [/INST]"
   - 2 Llama 3: [BOS] <|start_header_id|>system<|end_header_id|> "\n\n{trim(system)}" <|eot_id|>
                <|start_header_id|>user<|end_header_id|> "\n\n{trim(user)}" <|eot_id|>
                <|start_header_id|>assistant<|end_header_id|> "\n\n"
   - 3 ChatML:  <|im_start|> "system\n{system}" <|im_end|> "\n" <|im_start|> "user\n{user}" <|im_end|>
                "\n" <|im_start|> "assistant\n"
   Special tokens are ids here, never parsed from the text: a user typing "<|eot_id|>" types text. */
/* rc_chat_prompt for the families whose markers are text (Zephyr, Mistral) or, for Phi-3,
   tokens that swallow the white space after them (llama.cpp and Hugging Face strip it); each
   text between two special tokens is encoded as one piece, as the references tokenize it:
   - 4 Zephyr:  BOS "<|system|>\n{system}" </s> "\n<|user|>\n{user}" </s> "\n<|assistant|>\n"
   - 5 Mistral: BOS "[INST] {system}\n{user} [/INST]" (no system: "[INST] {user} [/INST]")
   - 6 Phi-3:   BOS <|system|> {system} <|end|> <|user|> {user} <|end|> <|assistant|>
   A reply is closed by the template's end token (Zephyr and Mistral: EOS; Phi-3: <|end|>); later
   turns have no BOS. */
static int rc__chat_prompt_plain(const rc_Tokenizer *t, int tpl, const char *system, const char *user, int first,
                                 int pending, int pending_end, rc_Ids *out, rc_Error *e) {
    int end = tpl == RC_CHAT_PHI3 ? rc__token_id(t, "<|end|>", 0) : t->eos_id;
    int sys_tok = rc__token_id(t, "<|system|>", 0), user_tok = rc__token_id(t, "<|user|>", 0);
    int asst_tok = rc__token_id(t, "<|assistant|>", 0);
    if (end < 0 || (tpl == RC_CHAT_PHI3 && (sys_tok < 0 || user_tok < 0 || asst_tok < 0)))
        return rc__fail(e, "chat: the tokenizer lacks the %s template's special tokens", tpl == RC_CHAT_PHI3
                        ? "Phi-3 (<|system|>, <|user|>, <|assistant|>, <|end|>)" : "end-of-sequence token the");
    int rc = 0, sys = first && system && *system;
    if (pending >= 0) { /* close the previous assistant message */
        if (!pending_end) rc = rc__ids_push(out, pending, e);
        if (rc == 0) rc = rc__ids_push(out, end, e);
    }
    if (rc == 0 && first && t->bos_id >= 0) rc = rc__ids_push(out, t->bos_id, e);
    if (tpl == RC_CHAT_MISTRAL) {
        size_t n = strlen(user) + (sys ? strlen(system) + 1 : 0) + 16;
        char *turn = RC_MALLOC(n);
        if (!turn) return rc__fail(e, "chat: out of memory");
        snprintf(turn, n, "[INST] %s%s%s [/INST]", sys ? system : "", sys ? "\n" : "", user);
        if (rc == 0) rc = rc__ids_text(out, t, "", turn, strlen(turn), 0, e);
        RC_FREE(turn);
        return rc;
    }
    if (tpl == RC_CHAT_ZEPHYR) {
        if (rc == 0 && sys) rc = rc__ids_text(out, t, "<|system|>\n", system, strlen(system), 0, e);
        if (rc == 0 && sys) rc = rc__ids_push(out, end, e);
        if (rc == 0) rc = rc__ids_text(out, t, first && !sys ? "<|user|>\n" : "\n<|user|>\n", user, strlen(user), 0, e);
        if (rc == 0) rc = rc__ids_push(out, end, e);
        return rc ? rc : rc__ids_text(out, t, "\n<|assistant|>\n", "", 0, 0, e);
    }
    const char *content[2] = {sys ? system : NULL, user};
    const int head[2] = {sys_tok, user_tok};
    for (int k = 0; k < 2 && rc == 0; k++) { /* Phi-3 */
        if (!content[k]) continue;
        const char *c = content[k];
        while (*c == ' ' || *c == '\n' || *c == '\t' || *c == '\r') c++; /* the marker's right strip */
        rc = rc__ids_push(out, head[k], e);
        if (rc == 0 && *c) rc = rc__ids_text(out, t, "", c, strlen(c), 0, e);
        if (rc == 0) rc = rc__ids_push(out, end, e);
    }
    return rc ? rc : rc__ids_push(out, asst_tok, e);
}

RC_API int rc_chat_prompt(const rc_Tokenizer *t, const char *system, const char *user, int first, int pending,
                          int pending_end, rc_Ids *out, rc_Error *e) {
    out->n = 0;
    int tpl = t->chat_template;
    if (tpl >= RC_CHAT_ZEPHYR && tpl <= RC_CHAT_PHI3)
        return rc__chat_prompt_plain(t, tpl, system, user, first, pending, pending_end, out, e);
    if (tpl == RC_CHAT_NONE || tpl == RC_CHAT_LLAMA2) {
        const char *sys = first ? system : NULL;
        size_t need = rc__chat_render(NULL, 0, sys, user) + 1;
        char *turn = RC_MALLOC(need);
        if (!turn) return rc__fail(e, "chat: out of memory");
        rc__chat_render(turn, need, sys, user);
        int rc = pending >= 0 ? rc__ids_push(out, pending, e) : 0;
        if (rc == 0) rc = rc__ids_text(out, t, "", turn, need - 1, RC_ENC_BOS, e);
        RC_FREE(turn);
        return rc;
    }
    if (tpl != RC_CHAT_LLAMA3 && tpl != RC_CHAT_CHATML)
        return rc__fail(e, "chat: the tokenizer's chat template %d is unknown (expected 1 = Llama 2, 2 = Llama 3, "
                          "3 = ChatML, 4 = Zephyr, 5 = Mistral, 6 = Phi-3)", tpl);
    int llama3 = tpl == RC_CHAT_LLAMA3;
    int open = rc__token_id(t, llama3 ? "<|start_header_id|>" : "<|im_start|>", RC_TOK_CONTROL);
    int close = llama3 ? rc__token_id(t, "<|end_header_id|>", RC_TOK_CONTROL) : -1, eot = t->eot_id;
    if (open < 0 || (llama3 && close < 0) || eot < 0)
        return rc__fail(e, "chat: the tokenizer lacks the %s template's special tokens (%s and its end-of-turn "
                          "token)", llama3 ? "Llama 3" : "ChatML",
                       llama3 ? "<|start_header_id|>, <|end_header_id|>" : "<|im_start|>");
    const char *after_eot = llama3 ? "" : "\n";
    int rc = 0;
    if (pending >= 0) { /* close the previous assistant message */
        if (!pending_end) rc = rc__ids_push(out, pending, e);
        if (rc == 0) rc = rc__ids_push(out, eot, e);
        if (rc == 0 && *after_eot) rc = rc__ids_text(out, t, after_eot, "", 0, 0, e);
    }
    if (rc == 0 && first && llama3 && t->bos_id >= 0) rc = rc__ids_push(out, t->bos_id, e);
    const char *role[3] = {"system", "user", "assistant"};
    const char *sys = system && *system ? system : t->default_system; /* set for ChatML only */
    const char *content[3] = {first ? sys : NULL, user, ""};
    for (int k = 0; k < 3 && rc == 0; k++) {
        if (!content[k]) continue;
        size_t n = strlen(content[k]);
        const char *c = llama3 ? rc__trim(content[k], &n) : content[k];
        rc = rc__ids_push(out, open, e);
        if (llama3) { /* <|start_header_id|>role<|end_header_id|> "\n\n" content */
            if (rc == 0) rc = rc__ids_text(out, t, role[k], "", 0, 0, e);
            if (rc == 0) rc = rc__ids_push(out, close, e);
            if (rc == 0) rc = rc__ids_text(out, t, "\n\n", c, n, 0, e);
        } else { /* <|im_start|> "role\n" content */
            char head[16];
            snprintf(head, sizeof head, "%s\n", role[k]);
            if (rc == 0) rc = rc__ids_text(out, t, head, c, n, 0, e);
        }
        if (k == 2) break; /* the generation prompt stays open */
        if (rc == 0) rc = rc__ids_push(out, eot, e);
        if (rc == 0 && *after_eot) rc = rc__ids_text(out, t, after_eot, "", 0, 0, e);
    }
    return rc;
}

/* Reads one line from `in` into a growing buffer, without its newline. Returns 0 at EOF, -1 for a
   line longer than `limit` bytes. */
static int rc__read_line(FILE *in, char **buf, size_t *cap, size_t limit) {
    size_t n = 0;
    int c;
    while ((c = fgetc(in)) != EOF && c != '\n') {
        if (n + 2 > *cap) {
            char *nb = *cap >= limit ? NULL : rc__grow(*buf, cap, n + 2, 1);
            if (!nb) return -1;
            *buf = nb;
        }
        (*buf)[n++] = (char)c;
    }
    if (c == EOF && n == 0) return 0;
    char *nb = rc__grow(*buf, cap, n + 1, 1);
    if (!nb) return -1;
    *buf = nb;
    (*buf)[n] = 0;
    return 1;
}

typedef struct {
    FILE *out;
} rc__ChatSink;

static int rc__chat_emit(void *user, int token, const char *text, size_t len) {
    (void)token;
    FILE *out = ((rc__ChatSink *)user)->out;
    fwrite(text, 1, len, out);
    fflush(out);
    return 0;
}

/* A multi-turn chat in the tokenizer's template (rc_chat_prompt): user lines come from `in` (the
   first one may be given as `first_user`), replies are written to `out`. The KV cache keeps the
   whole conversation, so each turn only processes its new tokens. With g->context_shift, a turn
   that would not fit first drops the oldest whole turns (the system prompt stays), and a reply
   that fills the context shifts it as rc_generate does. `trace`, if not NULL, gets each turn's
   prompt ids ("prompt ids: 1 2 3"). Returns RC_CHAT_DONE at end of input, RC_CHAT_CONTEXT_FULL
   when the next turn would not fit, or -1 on error. */
RC_API int rc_chat(rc_State *s, const rc_Tokenizer *t, rc_Sampler *smp, const char *system, const char *first_user,
                   const rc_GenParams *g, FILE *in, FILE *out, FILE *trace, rc_Error *e) {
    char *line = NULL;
    rc_Ids ids = {0}, bare = {0}, turns = {0}; /* turns: where each turn after `keep` starts in the cache */
    size_t line_cap = 0;
    int pos = 0, pending = -1, pending_end = 0, keep = 0, rc = -1;
    rc__ChatSink sink = {out};
    for (int n_turn = 0;; n_turn++) {
        const char *user = first_user;
        if (n_turn > 0 || !first_user) {
            fputs("User: ", out);
            fflush(out);
            int got = rc__read_line(in, &line, &line_cap, 1 << 20);
            if (got < 0) {
                rc__fail(e, "chat: input line longer than %d bytes (or out of memory)", 1 << 20);
                goto done;
            }
            if (got == 0) {
                rc = RC_CHAT_DONE;
                goto done;
            }
            user = line;
        }
        if (rc_chat_prompt(t, system, user, n_turn == 0, pending, pending_end, &ids, e)) goto done;
        if (g->context_shift) {
            /* the same turn without the previous reply's closing tokens (and, first, without the
               system prompt): where this turn proper starts, and what the system prompt spans */
            if (rc_chat_prompt(t, system, user, 0, -1, 0, &bare, e)) goto done;
            size_t lead = ids.n - bare.n; /* tokens before this turn proper, if bare is a suffix of ids */
            int suffix = bare.n <= ids.n && memcmp(ids.v + lead, bare.v, bare.n * sizeof(int)) == 0;
            int start = pos + (suffix ? (int)lead : 0);
            if (n_turn == 0) keep = suffix ? start : (int)ids.n; /* no separate system block: turn 1 stays */
            else if (turns.n == 0) keep = start;
            if ((n_turn > 0 || suffix) && rc__ids_push(&turns, start, e)) goto done; /* turns.v[0] == keep */
        }
        if (trace) {
            fputs("prompt ids:", trace);
            for (size_t i = 0; i < ids.n; i++) fprintf(trace, " %d", ids.v[i]);
            fputs("\n", trace);
            fflush(trace);
        }
        /* room for the prompt and some reply: drop the oldest turns while that is not there */
        int reserve = g->context_shift ? (s->ctx - keep) / 4 : 1;
        if (reserve > g->max_new) reserve = g->max_new > 0 ? g->max_new : 1;
        while (g->context_shift && ids.n + (size_t)reserve > (size_t)(s->ctx - pos) && turns.n >= 2) {
            int n_drop = turns.v[1] - keep;
            if (turns.v[1] > pos) { /* every older turn goes, and so do the closing tokens of its reply */
                size_t skip = (size_t)(turns.v[1] - pos);
                memmove(ids.v, ids.v + skip, (ids.n - skip) * sizeof(int)), ids.n -= skip;
                n_drop = pos - keep;
            }
            if (rc_context_shift(s, keep, n_drop, pos, e)) goto done;
            if (trace) fprintf(trace, "context shift: dropped %d positions (the oldest turn), kept the first %d\n", n_drop, keep);
            pos -= n_drop;
            memmove(turns.v + 1, turns.v + 2, (turns.n - 2) * sizeof(int)), turns.n--;
            for (size_t i = 1; i < turns.n; i++) turns.v[i] -= n_drop;
        }
        if (ids.n >= (size_t)(s->ctx - pos)) {
            rc = RC_CHAT_CONTEXT_FULL;
            goto done;
        }
        fputs("Assistant: ", out);
        rc_Stats st;
        rc_GenParams gt = *g;
        gt.keep = keep;
        if (rc_generate(s, t, smp, ids.v, (int)ids.n, pos, &gt, rc__chat_emit, &sink, &st, e)) goto done;
        fputs("\n", out);
        if (st.n_shifts) turns.v[0] = keep, turns.n = 1; /* a shift inside the reply blurred the turns */
        pos = st.end_pos;
        pending = st.pending;
        pending_end = st.hit_eos;
    }
done:
    RC_FREE(line);
    rc_ids_free(&ids), rc_ids_free(&bare), rc_ids_free(&turns);
    return rc;
}

/* ============================================================================================
   Annex E. The command line: `./run MODEL [options]`. Skip on a first reading.
   ============================================================================================ */
#ifndef RC_NO_MAIN

static void usage(FILE *f) {
    fputs("Usage:   run MODEL [options]\n"
          "Example: run models/kjv15M.q8_0.bin -i \"In the beginning\" -n 64\n"
          "Options:\n"
          "  -i <string>  prompt text\n"
          "  -I <ids>     prompt as token ids, e.g. \"1 306 4658\" (no tokenizer needed)\n"
          "  -z <path>    tokenizer file (default: the model itself if it is GGUF, else tokenizer.bin)\n"
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
          "  -S           parse special tokens like <|eot_id|> in -i text (byte-level BPE\n"
          "               tokenizers; off by default: the text is encoded as typed)\n"
          "  -v           print the prompt token ids to stderr (in chat: each turn's)\n"
          "  --mmap       use the weights in place from the file's mapping (starts at once, shares\n"
          "               the page cache) instead of a copy in huge pages (faster generation)\n"
          "  -h           this help\n"
          "Sampling, stopping and the context (llama.cpp's names):\n"
          "  --min-p <float>             keep tokens with p >= P * p_max, in [0, 1] (default 0: off)\n"
          "  --repeat-penalty <float>    recent tokens' logits: positive / R, negative * R, in\n"
          "                              (0, 100] (default 1: off)\n"
          "  --repeat-last-n <int>       how many recent tokens the penalties see, prompt included\n"
          "                              (default 64; 0: none; -1: the context)\n"
          "  --frequency-penalty <float> logit -= F * count, in [-2, 2] (default 0)\n"
          "  --presence-penalty <float>  logit -= P if the token occurred, in [-2, 2] (default 0)\n"
          "  --logit-bias <id>=<float>   add to a token's logit (-inf bans it); repeatable\n"
          "  --stop <string>             end the output right before this text; repeatable\n"
          "  --context-shift             when the context is full, drop the oldest half after\n"
          "                              --keep tokens and go on (default in chat; generate: off)\n"
          "  --no-context-shift          stop when the context is full (chat: end the conversation)\n"
          "  --keep <int>                tokens a context shift keeps (generate; default: BOS)\n"
          "  --kv <type>                 KV cache: f32 | f16 | bf16 (default f32; f16/bf16: half the\n"
          "                              memory)\n"
          "  --json                      the output is one JSON object: sampling is masked to keep it\n"
          "                              valid and closable within -n; it ends when the object closes\n"
          "Sampling runs, in this order: logit bias, penalties, top-k, top-p, min-p, temperature,\n"
          "then a seeded draw; -t 0 takes the argmax after bias and penalties.\n"
          "Modes:\n"
          "  generate  continue the prompt (BOS + prompt); stats go to stderr\n"
          "  chat      chat in the tokenizer's template (Llama 2 [INST], Llama 3 headers or\n"
          "            ChatML); -i is the first user message, then lines from stdin\n"
          "  tokenize  print the ids of -i text with BOS, space separated (MODEL optional)\n"
          "  ppl       perplexity of -f file: windows of the context length, last line\n"
          "            \"perplexity: X\"\n",
          f);
}

/* Prints the error and usage to stderr and exits: the only way out for bad command lines. */
static _Noreturn void die_usage(const char *fmt, const char *arg) {
    fputs("run: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n", stderr);
    usage(stderr);
    exit(1);
}

static _Noreturn void die(const rc_Error *e) {
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

static int cli_emit(void *user, int token, const char *text, size_t len) {
    CliSink *sink = user;
    if (sink->ids) {
        if (token >= 0) printf(sink->count++ ? " %d" : "%d", token);
    } else {
        fwrite(text, 1, len, stdout);
    }
    fflush(stdout);
    return 0;
}

/* Reads a whole file into a NUL-terminated heap buffer. */
static char *read_file(const char *path, size_t *len, rc_Error *e) {
    rc_File f;
    if (rc__file_open(&f, path, 0, e)) return NULL;
    char *buf = RC_MALLOC(f.size + 1);
    if (!buf) {
        rc__file_close(&f);
        rc__fail(e, "%s: out of memory for %zu bytes", path, f.size);
        return NULL;
    }
    if (f.size) memcpy(buf, f.data, f.size);
    buf[f.size] = 0;
    *len = f.size;
    rc__file_close(&f);
    return buf;
}

/* "1 306 4658" -> ids; every id must be below vocab_size. */
static int *parse_ids(const char *s, int vocab_size, int *n) {
    size_t cap = strlen(s) / 2 + 1;
    int *ids = RC_MALLOC(cap * sizeof(int));
    if (!ids) die_usage("-I: out of memory for \"%.32s\"", s);
    *n = 0;
    for (const char *p = s;;) {
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

/* The command line, parsed. */
typedef struct {
    const char *model_path, *tok_path, *prompt, *prompt_ids, *mode, *system, *file, *format;
    long steps, ctx, threads, keep;
    rc_SamplerParams sp;
    rc_LogitBias *bias;  /* [argc] the --logit-bias entries, sp.n_bias of them */
    const char **stop;   /* [argc] the --stop strings, n_stop of them */
    int n_stop, shift;   /* shift: --context-shift 1, --no-context-shift 0, else -1 */
    int kv;              /* RC_KV_* of --kv */
    int json;            /* --json */
    int load;            /* RC_LOAD_MAP with --mmap */
    int special, verbose;
    int is_gen, is_chat, is_tok, is_ppl, need_tok;
} Cli;

/* What the modes run on; main frees it. */
typedef struct {
    rc_Model model;
    rc_Tokenizer tok;
    rc_State state;
    rc_Sampler sampler;
    int have_model, have_tok;
} CliRun;

/* --logit-bias ID=V: V a number or -inf. */
static rc_LogitBias parse_bias(const char *s) {
    char *end;
    errno = 0;
    long id = strtol(s, &end, 10);
    rc_LogitBias b = {(int)id, 0};
    if (errno || end == s || *end != '=' || id < 0 || id > INT32_MAX)
        die_usage("--logit-bias expects TOKEN_ID=BIAS (e.g. 13=-inf or 2=1.5), got \"%s\"", s);
    b.bias = strcmp(end + 1, "-inf") == 0 ? -INFINITY : parse_float("--logit-bias", end + 1, -100, 100, 0);
    return b;
}

/* The flags that take a value and start with "--" (llama.cpp's names); 0 if flag is not one. */
static int cli_long_flag(Cli *o, const char *flag, const char *v) {
    rc_SamplerParams *p = &o->sp;
    if (strcmp(flag, "--min-p") == 0) p->min_p = parse_float(flag, v, 0, 1, 0);
    else if (strcmp(flag, "--repeat-penalty") == 0) p->repeat_penalty = parse_float(flag, v, 0, 100, 1);
    else if (strcmp(flag, "--repeat-last-n") == 0) p->repeat_last_n = (int)parse_int(flag, v, -1, 1 << 24);
    else if (strcmp(flag, "--frequency-penalty") == 0) p->frequency_penalty = parse_float(flag, v, -2, 2, 0);
    else if (strcmp(flag, "--presence-penalty") == 0) p->presence_penalty = parse_float(flag, v, -2, 2, 0);
    else if (strcmp(flag, "--logit-bias") == 0) o->bias[p->n_bias++] = parse_bias(v);
    else if (strcmp(flag, "--keep") == 0) o->keep = parse_int(flag, v, 0, INT32_MAX);
    else if (strcmp(flag, "--kv") == 0) {
        o->kv = strcmp(v, "f32") == 0 ? RC_KV_F32 : strcmp(v, "f16") == 0 ? RC_KV_F16 : strcmp(v, "bf16") == 0 ? RC_KV_BF16 : -1;
        if (o->kv < 0) die_usage("--kv must be f32, f16 or bf16, got \"%s\"", v);
    }
    else if (strcmp(flag, "--stop") != 0) return 0;
    else if (!*v) die_usage("%s", "--stop needs a non-empty string");
    else o->stop[o->n_stop++] = v;
    return 1;
}

/* Parses argv into o, with llama2.c's flags and defaults; exits with usage on a bad command line. */
static void cli_parse(Cli *o, int argc, char **argv) {
    *o = (Cli){.mode = "generate", .format = "text", .steps = 256, .keep = -1, .shift = -1,
               .sp = rc_sampler_defaults()};
    o->bias = RC_CALLOC((size_t)argc, sizeof *o->bias);
    o->stop = RC_CALLOC((size_t)argc, sizeof *o->stop);
    if (!o->bias || !o->stop) die_usage("%s", "out of memory");
    o->sp.bias = o->bias;
    int argi = 1;
    if (argc >= 2 && argv[1][0] != '-') o->model_path = argv[argi++];
    for (; argi < argc; argi += 2) {
        const char *flag = argv[argi];
        if (strcmp(flag, "-h") == 0 || strcmp(flag, "--help") == 0) {
            usage(stdout);
            exit(0);
        }
        if (strcmp(flag, "-S") == 0 || strcmp(flag, "-v") == 0) { /* switches: no value */
            *(flag[1] == 'S' ? &o->special : &o->verbose) = 1;
            argi--;
            continue;
        }
        if (strcmp(flag, "--json") == 0 || strcmp(flag, "--mmap") == 0) {
            if (flag[2] == 'j') o->json = 1;
            else o->load = RC_LOAD_MAP;
            argi--;
            continue;
        }
        if (strcmp(flag, "--context-shift") == 0 || strcmp(flag, "--no-context-shift") == 0) {
            o->shift = flag[2] == 'c';
            argi--;
            continue;
        }
        if (flag[0] != '-' || (strlen(flag) != 2 && flag[1] != '-')) die_usage("unexpected argument \"%s\"", flag);
        if (argi + 1 >= argc) die_usage("%s needs a value", flag);
        const char *v = argv[argi + 1];
        if (flag[1] == '-') {
            if (!cli_long_flag(o, flag, v)) die_usage("unknown flag %s", flag);
            continue;
        }
        switch (flag[1]) {
        case 'i': o->prompt = v; break;
        case 'I': o->prompt_ids = v; break;
        case 'z': o->tok_path = v; break;
        case 'n': o->steps = parse_int("-n", v, 0, INT32_MAX); break;
        case 't': o->sp.temperature = parse_float("-t", v, 0, 100, 0); break;
        case 'p': o->sp.top_p = parse_float("-p", v, 0, 1, 1); break;
        case 'k': o->sp.top_k = (int)parse_int("-k", v, 1, INT32_MAX); break;
        case 's': o->sp.seed = (uint64_t)parse_int("-s", v, 0, LONG_MAX); break;
        case 'c': o->ctx = parse_int("-c", v, 1, INT32_MAX); break;
        case 'j': o->threads = parse_int("-j", v, 1, 4096); break;
        case 'm': o->mode = v; break;
        case 'y': o->system = v; break;
        case 'f': o->file = v; break;
        case 'o': o->format = v; break;
        default: die_usage("unknown flag %s", flag);
        }
    }
    o->is_gen = strcmp(o->mode, "generate") == 0, o->is_chat = strcmp(o->mode, "chat") == 0;
    o->is_tok = strcmp(o->mode, "tokenize") == 0, o->is_ppl = strcmp(o->mode, "ppl") == 0;
    if (!o->is_gen && !o->is_chat && !o->is_tok && !o->is_ppl)
        die_usage("-m must be generate, chat, tokenize or ppl, got \"%s\"", o->mode);
    if (strcmp(o->format, "text") != 0 && strcmp(o->format, "ids") != 0)
        die_usage("-o must be text or ids, got \"%s\"", o->format);
    if (o->prompt && o->prompt_ids) die_usage("%s", "give the prompt as text (-i) or as ids (-I), not both");
    if (o->is_ppl && !o->file) die_usage("%s", "-m ppl needs a text file: -f FILE");
    if (o->is_tok && !o->prompt) die_usage("%s", "-m tokenize needs text: -i TEXT");
    if (!o->model_path && !o->is_tok) die_usage("%s", "missing MODEL (the first argument)");
    if (o->is_chat && o->keep >= 0) die_usage("%s", "--keep is for -m generate (chat keeps the system prompt)");
    if (o->n_stop && !o->is_gen && !o->is_chat) die_usage("--stop is for -m generate and chat, not %s", o->mode);
    if (o->json && !o->is_gen && !o->is_chat) die_usage("--json is for -m generate and chat, not %s", o->mode);
    /* the tokenizer is needed for text in or out; -I with -o ids runs on ids alone */
    o->need_tok = o->is_tok || o->is_chat || o->is_ppl || o->prompt || strcmp(o->format, "text") == 0;
}

/* -m tokenize: the ids of -i text, with BOS. */
static void cli_tokenize(const Cli *o, CliRun *r) {
    rc_Error err;
    rc_Ids ids = {0};
    if (rc_encode_ids(&r->tok, o->prompt, strlen(o->prompt), RC_ENC_BOS | (o->special ? RC_ENC_SPECIAL : 0), &ids,
                      &err))
        die(&err);
    for (size_t i = 0; i < ids.n; i++) printf(i ? " %d" : "%d", ids.v[i]);
    printf("\n");
    rc_ids_free(&ids);
}

/* -m ppl: perplexity of the -f file. */
static void cli_ppl(const Cli *o, CliRun *r) {
    rc_Error err;
    size_t len;
    char *text = read_file(o->file, &len, &err);
    if (!text) die(&err);
    rc_Ids ids = {0};
    if (rc_encode_ids(&r->tok, text, len, RC_ENC_BOS, &ids, &err)) die(&err);
    if (ids.n > INT32_MAX) die_usage("%s: too many tokens", o->file);
    double nll;
    long count;
    double t0 = rc__now();
    if (rc_perplexity(&r->state, ids.v, (int)ids.n, &nll, &count, &err)) die(&err);
    double dt = rc__now() - t0;
    fprintf(stderr, "%zu tokens, %ld scored in windows of %d, %.1f tok/s\n", ids.n, count, r->state.ctx,
            (double)ids.n / dt);
    printf("nll: %.6f\nperplexity: %.4f\n", count ? nll / (double)count : 0.0, count ? exp(nll / (double)count) : 1.0);
    rc_ids_free(&ids);
    RC_FREE(text);
}

/* -m chat: stdin lines in, replies out. A GGUF vocabulary must name a template we render. */
static void cli_chat(const Cli *o, CliRun *r, const char *tok_path, int gguf_vocab, const rc_GenParams *g) {
    static const char *const names[] = {"none", "Llama 2 [INST]", "Llama 3 headers", "ChatML", "Zephyr <|user|>",
                                        "Mistral [INST]", "Phi-3 <|user|> <|end|>"};
    rc_Error err;
    int tpl = r->tok.chat_template;
    if (gguf_vocab && tpl == RC_CHAT_NONE) {
        rc__fail(&err, "%s: tokenizer.chat_template is missing or of a family this engine does not render "
                       "(expected Llama 2 or Mistral [INST], Llama 3 header tokens, ChatML <|im_start|>, Zephyr "
                       "<|user|> or Phi-3 <|user|> <|end|>); -m generate works",
                 tok_path);
        die(&err);
    }
    if (o->verbose) fprintf(stderr, "chat template: %s\n", tpl >= 0 && tpl <= RC_CHAT_PHI3 ? names[tpl] : "unknown");
    int rc = rc_chat(&r->state, &r->tok, &r->sampler, o->system, o->prompt, g, stdin, stdout,
                     o->verbose ? stderr : NULL, &err);
    if (rc < 0) die(&err);
    if (rc == RC_CHAT_CONTEXT_FULL)
        fprintf(stderr, "run: the context of %d tokens is full; ending the conversation\n", r->state.ctx);
}

/* The prompt of -i (text, BOS first) or -I (ids) into ids. */
static void cli_prompt(const Cli *o, CliRun *r, rc_Ids *ids) {
    rc_Error err;
    if (o->prompt_ids) {
        int n;
        ids->v = parse_ids(o->prompt_ids, r->model.config.vocab_size, &n);
        ids->n = ids->cap = (size_t)n;
        if (n == 0) die_usage("-I \"%s\" holds no token ids", o->prompt_ids);
        return;
    }
    const char *prompt = o->prompt ? o->prompt : "";
    if (rc_encode_ids(&r->tok, prompt, strlen(prompt), RC_ENC_BOS | (o->special ? RC_ENC_SPECIAL : 0), ids, &err))
        die(&err);
    if (ids->n > (size_t)r->state.ctx) {
        rc__fail(&err, "the prompt is %zu tokens, longer than the context of %d tokens (see -c)", ids->n,
                 r->state.ctx);
        rc_ids_free(ids); /* LeakSanitizer: a pointer only in a register is "lost" at exit */
        die(&err);
    }
}

/* Echoes the prompt as the model sees it, as llama2.c does. */
static void cli_echo(const rc_Tokenizer *t, const rc_Ids *ids) {
    rc_Utf8 utf8 = {{0}, 0};
    char *text = RC_MALLOC(3 * ((size_t)t->max_piece_len + 4));
    if (!text) die_usage("%s", "out of memory");
    for (size_t i = 0; i < ids->n; i++) {
        size_t plen;
        const char *piece = rc_decode(t, i ? ids->v[i - 1] : -1, ids->v[i], &plen);
        fwrite(text, 1, rc_utf8_feed(&utf8, piece, plen, text), stdout);
    }
    fwrite(text, 1, rc_utf8_flush(&utf8, text), stdout);
    RC_FREE(text);
}

/* -m generate: continue the prompt, stats to stderr. */
static void cli_generate(const Cli *o, CliRun *r, rc_GenParams *g) {
    rc_Error err;
    rc_Ids ids = {0};
    cli_prompt(o, r, &ids);
    if (o->verbose) {
        fputs("prompt ids:", stderr);
        for (size_t i = 0; i < ids.n; i++) fprintf(stderr, " %d", ids.v[i]);
        fputs("\n", stderr);
    }
    CliSink sink = {strcmp(o->format, "ids") == 0, 0};
    if (!sink.ids) cli_echo(&r->tok, &ids);
    rc_Stats st;
    if (o->keep < 0) g->keep = ids.n && ids.v[0] == r->model.config.bos_id; /* BOS stays */
    if (rc_generate(&r->state, o->need_tok ? &r->tok : NULL, &r->sampler, ids.v, (int)ids.n, 0, g, cli_emit,
                    &sink, &st, &err))
        die(&err);
    printf("\n");
    fflush(stdout);
    if (g->json && !st.json_done) {
        rc__fail(&err, "--json: the output above is not a complete JSON object (%s after %d tokens)",
                 st.stop >= 0 ? "a stop string ended it" : "-n ran out", st.n_generated);
        rc_ids_free(&ids);
        die(&err);
    }
    if (st.context_full && st.n_generated < g->max_new)
        fprintf(stderr, "run: the context of %d tokens is full (--context-shift goes on past it)\n", r->state.ctx);
    fprintf(stderr, "prompt: %d tokens, %.1f tok/s | generated: %d tokens, %.1f tok/s\n", st.n_prompt,
            st.prompt_seconds > 0 ? st.n_prompt / st.prompt_seconds : 0.0, st.n_generated,
            st.gen_seconds > 0 ? st.n_generated / st.gen_seconds : 0.0);
    rc_ids_free(&ids);
}

/* Loads what the mode needs (model, tokenizer, state, sampler) and runs it. */
static void cli_run(const Cli *o, CliRun *r) {
    rc_Error err;
    if (o->model_path && rc_model_load_mode(&r->model, o->model_path, o->load, &err)) die(&err);
    r->have_model = o->model_path != NULL;
    int vocab = r->have_model ? r->model.config.vocab_size : 0;
    if (r->have_model && o->sp.top_k > vocab) {
        char msg[64];
        snprintf(msg, sizeof msg, "%d", o->sp.top_k);
        die_usage("-k %s exceeds the vocabulary size", msg);
    }
    /* a GGUF file carries its vocabulary: it is the default tokenizer then */
    int gguf = r->have_model && strncmp(r->model.format, "GGUF", 4) == 0;
    const char *tok_path = o->tok_path ? o->tok_path : gguf ? o->model_path : "tokenizer.bin";
    if (o->need_tok && rc_tokenizer_load(&r->tok, tok_path, vocab, &err)) die(&err);
    r->have_tok = o->need_tok;
    if (o->is_tok) {
        cli_tokenize(o, r);
        return;
    }
    if (rc_state_init_kv(&r->state, &r->model, (int)o->ctx, o->kv, &err)) die(&err);
    if (o->is_ppl) {
        cli_ppl(o, r);
        return;
    }
    rc_SamplerParams sp = o->sp;
    if (!sp.seed) sp.seed = (uint64_t)time(NULL);
    if (sp.repeat_last_n < 0) sp.repeat_last_n = r->state.ctx;
    if (rc_sampler_init(&r->sampler, vocab, &sp, &err)) die(&err);
    long max_new = o->steps == 0 ? r->state.ctx : o->steps;
    rc_GenParams g = {.max_new = (int)(max_new > INT32_MAX ? INT32_MAX : max_new), .stop = o->stop,
                      .n_stop = o->n_stop, .context_shift = o->shift < 0 ? o->is_chat : o->shift,
                      .keep = o->keep < 0 ? 0 : (int)o->keep, .json = o->json};
    if (o->is_chat) {
        cli_chat(o, r, tok_path, gguf && tok_path == o->model_path, &g);
        return;
    }
    cli_generate(o, r, &g);
}

int main(int argc, char **argv) {
    Cli o;
    cli_parse(&o, argc, argv);
#ifdef _OPENMP
    if (o.threads > 0) omp_set_num_threads((int)o.threads);
    else if (!getenv("OMP_NUM_THREADS")) omp_set_num_threads(physical_cores());
#else
    (void)physical_cores;
#endif
    CliRun r;
    memset(&r, 0, sizeof r);
    cli_run(&o, &r);
    RC_FREE(o.bias), RC_FREE((void *)o.stop);
    rc_sampler_free(&r.sampler);
    rc_state_free(&r.state);
    if (r.have_tok) rc_tokenizer_free(&r.tok);
    if (r.have_model) rc_model_free(&r.model);
    return 0;
}
#endif /* RC_NO_MAIN */

/* ============================================================================================
   Appendix. Generated Unicode tables (tools/gen_unicode.py) and their lookups.
   ============================================================================================ */

/* ---- BEGIN generated by tools/gen_unicode.py - do not edit (python3 tools/gen_unicode.py --update run.c) ---- */
/* From Python 3.11.7's unicodedata (Unicode 14.0.0). */
#define RC_UNICODE_VERSION "14.0.0"

typedef struct { uint32_t first, last, value; } rc__UniRange;
typedef struct { uint32_t first, last; } rc__UniSpan;
typedef struct { uint32_t cp, letter; } rc__UniPair;
typedef struct { uint32_t a, b, c; } rc__UniTriple;

/* Class of each ASCII code point (RC_UCLASS_*). */
static const unsigned char rc__uni_ascii_class[128] = {
    0,0,0,0,0,0,0,0,0,3,3,3,3,3,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    3,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,2,2,2,2,2,2,2,2,2,0,0,0,0,0,0,
    0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,
    0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,
};

/* Non-ASCII letters (\p{L}), numbers (\p{N}) and white space (\s): {first, last, RC_UCLASS_*}, sorted. */
static const rc__UniRange rc__uni_class_ranges[787] = {
    {0x85,0x85,0x3},{0xA0,0xA0,0x3},{0xAA,0xAA,0x1},{0xB2,0xB3,0x2},{0xB5,0xB5,0x1},{0xB9,0xB9,0x2},
    {0xBA,0xBA,0x1},{0xBC,0xBE,0x2},{0xC0,0xD6,0x1},{0xD8,0xF6,0x1},{0xF8,0x2C1,0x1},{0x2C6,0x2D1,0x1},
    {0x2E0,0x2E4,0x1},{0x2EC,0x2EC,0x1},{0x2EE,0x2EE,0x1},{0x370,0x374,0x1},{0x376,0x377,0x1},{0x37A,0x37D,0x1},
    {0x37F,0x37F,0x1},{0x386,0x386,0x1},{0x388,0x38A,0x1},{0x38C,0x38C,0x1},{0x38E,0x3A1,0x1},{0x3A3,0x3F5,0x1},
    {0x3F7,0x481,0x1},{0x48A,0x52F,0x1},{0x531,0x556,0x1},{0x559,0x559,0x1},{0x560,0x588,0x1},{0x5D0,0x5EA,0x1},
    {0x5EF,0x5F2,0x1},{0x620,0x64A,0x1},{0x660,0x669,0x2},{0x66E,0x66F,0x1},{0x671,0x6D3,0x1},{0x6D5,0x6D5,0x1},
    {0x6E5,0x6E6,0x1},{0x6EE,0x6EF,0x1},{0x6F0,0x6F9,0x2},{0x6FA,0x6FC,0x1},{0x6FF,0x6FF,0x1},{0x710,0x710,0x1},
    {0x712,0x72F,0x1},{0x74D,0x7A5,0x1},{0x7B1,0x7B1,0x1},{0x7C0,0x7C9,0x2},{0x7CA,0x7EA,0x1},{0x7F4,0x7F5,0x1},
    {0x7FA,0x7FA,0x1},{0x800,0x815,0x1},{0x81A,0x81A,0x1},{0x824,0x824,0x1},{0x828,0x828,0x1},{0x840,0x858,0x1},
    {0x860,0x86A,0x1},{0x870,0x887,0x1},{0x889,0x88E,0x1},{0x8A0,0x8C9,0x1},{0x904,0x939,0x1},{0x93D,0x93D,0x1},
    {0x950,0x950,0x1},{0x958,0x961,0x1},{0x966,0x96F,0x2},{0x971,0x980,0x1},{0x985,0x98C,0x1},{0x98F,0x990,0x1},
    {0x993,0x9A8,0x1},{0x9AA,0x9B0,0x1},{0x9B2,0x9B2,0x1},{0x9B6,0x9B9,0x1},{0x9BD,0x9BD,0x1},{0x9CE,0x9CE,0x1},
    {0x9DC,0x9DD,0x1},{0x9DF,0x9E1,0x1},{0x9E6,0x9EF,0x2},{0x9F0,0x9F1,0x1},{0x9F4,0x9F9,0x2},{0x9FC,0x9FC,0x1},
    {0xA05,0xA0A,0x1},{0xA0F,0xA10,0x1},{0xA13,0xA28,0x1},{0xA2A,0xA30,0x1},{0xA32,0xA33,0x1},{0xA35,0xA36,0x1},
    {0xA38,0xA39,0x1},{0xA59,0xA5C,0x1},{0xA5E,0xA5E,0x1},{0xA66,0xA6F,0x2},{0xA72,0xA74,0x1},{0xA85,0xA8D,0x1},
    {0xA8F,0xA91,0x1},{0xA93,0xAA8,0x1},{0xAAA,0xAB0,0x1},{0xAB2,0xAB3,0x1},{0xAB5,0xAB9,0x1},{0xABD,0xABD,0x1},
    {0xAD0,0xAD0,0x1},{0xAE0,0xAE1,0x1},{0xAE6,0xAEF,0x2},{0xAF9,0xAF9,0x1},{0xB05,0xB0C,0x1},{0xB0F,0xB10,0x1},
    {0xB13,0xB28,0x1},{0xB2A,0xB30,0x1},{0xB32,0xB33,0x1},{0xB35,0xB39,0x1},{0xB3D,0xB3D,0x1},{0xB5C,0xB5D,0x1},
    {0xB5F,0xB61,0x1},{0xB66,0xB6F,0x2},{0xB71,0xB71,0x1},{0xB72,0xB77,0x2},{0xB83,0xB83,0x1},{0xB85,0xB8A,0x1},
    {0xB8E,0xB90,0x1},{0xB92,0xB95,0x1},{0xB99,0xB9A,0x1},{0xB9C,0xB9C,0x1},{0xB9E,0xB9F,0x1},{0xBA3,0xBA4,0x1},
    {0xBA8,0xBAA,0x1},{0xBAE,0xBB9,0x1},{0xBD0,0xBD0,0x1},{0xBE6,0xBF2,0x2},{0xC05,0xC0C,0x1},{0xC0E,0xC10,0x1},
    {0xC12,0xC28,0x1},{0xC2A,0xC39,0x1},{0xC3D,0xC3D,0x1},{0xC58,0xC5A,0x1},{0xC5D,0xC5D,0x1},{0xC60,0xC61,0x1},
    {0xC66,0xC6F,0x2},{0xC78,0xC7E,0x2},{0xC80,0xC80,0x1},{0xC85,0xC8C,0x1},{0xC8E,0xC90,0x1},{0xC92,0xCA8,0x1},
    {0xCAA,0xCB3,0x1},{0xCB5,0xCB9,0x1},{0xCBD,0xCBD,0x1},{0xCDD,0xCDE,0x1},{0xCE0,0xCE1,0x1},{0xCE6,0xCEF,0x2},
    {0xCF1,0xCF2,0x1},{0xD04,0xD0C,0x1},{0xD0E,0xD10,0x1},{0xD12,0xD3A,0x1},{0xD3D,0xD3D,0x1},{0xD4E,0xD4E,0x1},
    {0xD54,0xD56,0x1},{0xD58,0xD5E,0x2},{0xD5F,0xD61,0x1},{0xD66,0xD78,0x2},{0xD7A,0xD7F,0x1},{0xD85,0xD96,0x1},
    {0xD9A,0xDB1,0x1},{0xDB3,0xDBB,0x1},{0xDBD,0xDBD,0x1},{0xDC0,0xDC6,0x1},{0xDE6,0xDEF,0x2},{0xE01,0xE30,0x1},
    {0xE32,0xE33,0x1},{0xE40,0xE46,0x1},{0xE50,0xE59,0x2},{0xE81,0xE82,0x1},{0xE84,0xE84,0x1},{0xE86,0xE8A,0x1},
    {0xE8C,0xEA3,0x1},{0xEA5,0xEA5,0x1},{0xEA7,0xEB0,0x1},{0xEB2,0xEB3,0x1},{0xEBD,0xEBD,0x1},{0xEC0,0xEC4,0x1},
    {0xEC6,0xEC6,0x1},{0xED0,0xED9,0x2},{0xEDC,0xEDF,0x1},{0xF00,0xF00,0x1},{0xF20,0xF33,0x2},{0xF40,0xF47,0x1},
    {0xF49,0xF6C,0x1},{0xF88,0xF8C,0x1},{0x1000,0x102A,0x1},{0x103F,0x103F,0x1},{0x1040,0x1049,0x2},{0x1050,0x1055,0x1},
    {0x105A,0x105D,0x1},{0x1061,0x1061,0x1},{0x1065,0x1066,0x1},{0x106E,0x1070,0x1},{0x1075,0x1081,0x1},{0x108E,0x108E,0x1},
    {0x1090,0x1099,0x2},{0x10A0,0x10C5,0x1},{0x10C7,0x10C7,0x1},{0x10CD,0x10CD,0x1},{0x10D0,0x10FA,0x1},{0x10FC,0x1248,0x1},
    {0x124A,0x124D,0x1},{0x1250,0x1256,0x1},{0x1258,0x1258,0x1},{0x125A,0x125D,0x1},{0x1260,0x1288,0x1},{0x128A,0x128D,0x1},
    {0x1290,0x12B0,0x1},{0x12B2,0x12B5,0x1},{0x12B8,0x12BE,0x1},{0x12C0,0x12C0,0x1},{0x12C2,0x12C5,0x1},{0x12C8,0x12D6,0x1},
    {0x12D8,0x1310,0x1},{0x1312,0x1315,0x1},{0x1318,0x135A,0x1},{0x1369,0x137C,0x2},{0x1380,0x138F,0x1},{0x13A0,0x13F5,0x1},
    {0x13F8,0x13FD,0x1},{0x1401,0x166C,0x1},{0x166F,0x167F,0x1},{0x1680,0x1680,0x3},{0x1681,0x169A,0x1},{0x16A0,0x16EA,0x1},
    {0x16EE,0x16F0,0x2},{0x16F1,0x16F8,0x1},{0x1700,0x1711,0x1},{0x171F,0x1731,0x1},{0x1740,0x1751,0x1},{0x1760,0x176C,0x1},
    {0x176E,0x1770,0x1},{0x1780,0x17B3,0x1},{0x17D7,0x17D7,0x1},{0x17DC,0x17DC,0x1},{0x17E0,0x17E9,0x2},{0x17F0,0x17F9,0x2},
    {0x1810,0x1819,0x2},{0x1820,0x1878,0x1},{0x1880,0x1884,0x1},{0x1887,0x18A8,0x1},{0x18AA,0x18AA,0x1},{0x18B0,0x18F5,0x1},
    {0x1900,0x191E,0x1},{0x1946,0x194F,0x2},{0x1950,0x196D,0x1},{0x1970,0x1974,0x1},{0x1980,0x19AB,0x1},{0x19B0,0x19C9,0x1},
    {0x19D0,0x19DA,0x2},{0x1A00,0x1A16,0x1},{0x1A20,0x1A54,0x1},{0x1A80,0x1A89,0x2},{0x1A90,0x1A99,0x2},{0x1AA7,0x1AA7,0x1},
    {0x1B05,0x1B33,0x1},{0x1B45,0x1B4C,0x1},{0x1B50,0x1B59,0x2},{0x1B83,0x1BA0,0x1},{0x1BAE,0x1BAF,0x1},{0x1BB0,0x1BB9,0x2},
    {0x1BBA,0x1BE5,0x1},{0x1C00,0x1C23,0x1},{0x1C40,0x1C49,0x2},{0x1C4D,0x1C4F,0x1},{0x1C50,0x1C59,0x2},{0x1C5A,0x1C7D,0x1},
    {0x1C80,0x1C88,0x1},{0x1C90,0x1CBA,0x1},{0x1CBD,0x1CBF,0x1},{0x1CE9,0x1CEC,0x1},{0x1CEE,0x1CF3,0x1},{0x1CF5,0x1CF6,0x1},
    {0x1CFA,0x1CFA,0x1},{0x1D00,0x1DBF,0x1},{0x1E00,0x1F15,0x1},{0x1F18,0x1F1D,0x1},{0x1F20,0x1F45,0x1},{0x1F48,0x1F4D,0x1},
    {0x1F50,0x1F57,0x1},{0x1F59,0x1F59,0x1},{0x1F5B,0x1F5B,0x1},{0x1F5D,0x1F5D,0x1},{0x1F5F,0x1F7D,0x1},{0x1F80,0x1FB4,0x1},
    {0x1FB6,0x1FBC,0x1},{0x1FBE,0x1FBE,0x1},{0x1FC2,0x1FC4,0x1},{0x1FC6,0x1FCC,0x1},{0x1FD0,0x1FD3,0x1},{0x1FD6,0x1FDB,0x1},
    {0x1FE0,0x1FEC,0x1},{0x1FF2,0x1FF4,0x1},{0x1FF6,0x1FFC,0x1},{0x2000,0x200A,0x3},{0x2028,0x2029,0x3},{0x202F,0x202F,0x3},
    {0x205F,0x205F,0x3},{0x2070,0x2070,0x2},{0x2071,0x2071,0x1},{0x2074,0x2079,0x2},{0x207F,0x207F,0x1},{0x2080,0x2089,0x2},
    {0x2090,0x209C,0x1},{0x2102,0x2102,0x1},{0x2107,0x2107,0x1},{0x210A,0x2113,0x1},{0x2115,0x2115,0x1},{0x2119,0x211D,0x1},
    {0x2124,0x2124,0x1},{0x2126,0x2126,0x1},{0x2128,0x2128,0x1},{0x212A,0x212D,0x1},{0x212F,0x2139,0x1},{0x213C,0x213F,0x1},
    {0x2145,0x2149,0x1},{0x214E,0x214E,0x1},{0x2150,0x2182,0x2},{0x2183,0x2184,0x1},{0x2185,0x2189,0x2},{0x2460,0x249B,0x2},
    {0x24EA,0x24FF,0x2},{0x2776,0x2793,0x2},{0x2C00,0x2CE4,0x1},{0x2CEB,0x2CEE,0x1},{0x2CF2,0x2CF3,0x1},{0x2CFD,0x2CFD,0x2},
    {0x2D00,0x2D25,0x1},{0x2D27,0x2D27,0x1},{0x2D2D,0x2D2D,0x1},{0x2D30,0x2D67,0x1},{0x2D6F,0x2D6F,0x1},{0x2D80,0x2D96,0x1},
    {0x2DA0,0x2DA6,0x1},{0x2DA8,0x2DAE,0x1},{0x2DB0,0x2DB6,0x1},{0x2DB8,0x2DBE,0x1},{0x2DC0,0x2DC6,0x1},{0x2DC8,0x2DCE,0x1},
    {0x2DD0,0x2DD6,0x1},{0x2DD8,0x2DDE,0x1},{0x2E2F,0x2E2F,0x1},{0x3000,0x3000,0x3},{0x3005,0x3006,0x1},{0x3007,0x3007,0x2},
    {0x3021,0x3029,0x2},{0x3031,0x3035,0x1},{0x3038,0x303A,0x2},{0x303B,0x303C,0x1},{0x3041,0x3096,0x1},{0x309D,0x309F,0x1},
    {0x30A1,0x30FA,0x1},{0x30FC,0x30FF,0x1},{0x3105,0x312F,0x1},{0x3131,0x318E,0x1},{0x3192,0x3195,0x2},{0x31A0,0x31BF,0x1},
    {0x31F0,0x31FF,0x1},{0x3220,0x3229,0x2},{0x3248,0x324F,0x2},{0x3251,0x325F,0x2},{0x3280,0x3289,0x2},{0x32B1,0x32BF,0x2},
    {0x3400,0x4DBF,0x1},{0x4E00,0xA48C,0x1},{0xA4D0,0xA4FD,0x1},{0xA500,0xA60C,0x1},{0xA610,0xA61F,0x1},{0xA620,0xA629,0x2},
    {0xA62A,0xA62B,0x1},{0xA640,0xA66E,0x1},{0xA67F,0xA69D,0x1},{0xA6A0,0xA6E5,0x1},{0xA6E6,0xA6EF,0x2},{0xA717,0xA71F,0x1},
    {0xA722,0xA788,0x1},{0xA78B,0xA7CA,0x1},{0xA7D0,0xA7D1,0x1},{0xA7D3,0xA7D3,0x1},{0xA7D5,0xA7D9,0x1},{0xA7F2,0xA801,0x1},
    {0xA803,0xA805,0x1},{0xA807,0xA80A,0x1},{0xA80C,0xA822,0x1},{0xA830,0xA835,0x2},{0xA840,0xA873,0x1},{0xA882,0xA8B3,0x1},
    {0xA8D0,0xA8D9,0x2},{0xA8F2,0xA8F7,0x1},{0xA8FB,0xA8FB,0x1},{0xA8FD,0xA8FE,0x1},{0xA900,0xA909,0x2},{0xA90A,0xA925,0x1},
    {0xA930,0xA946,0x1},{0xA960,0xA97C,0x1},{0xA984,0xA9B2,0x1},{0xA9CF,0xA9CF,0x1},{0xA9D0,0xA9D9,0x2},{0xA9E0,0xA9E4,0x1},
    {0xA9E6,0xA9EF,0x1},{0xA9F0,0xA9F9,0x2},{0xA9FA,0xA9FE,0x1},{0xAA00,0xAA28,0x1},{0xAA40,0xAA42,0x1},{0xAA44,0xAA4B,0x1},
    {0xAA50,0xAA59,0x2},{0xAA60,0xAA76,0x1},{0xAA7A,0xAA7A,0x1},{0xAA7E,0xAAAF,0x1},{0xAAB1,0xAAB1,0x1},{0xAAB5,0xAAB6,0x1},
    {0xAAB9,0xAABD,0x1},{0xAAC0,0xAAC0,0x1},{0xAAC2,0xAAC2,0x1},{0xAADB,0xAADD,0x1},{0xAAE0,0xAAEA,0x1},{0xAAF2,0xAAF4,0x1},
    {0xAB01,0xAB06,0x1},{0xAB09,0xAB0E,0x1},{0xAB11,0xAB16,0x1},{0xAB20,0xAB26,0x1},{0xAB28,0xAB2E,0x1},{0xAB30,0xAB5A,0x1},
    {0xAB5C,0xAB69,0x1},{0xAB70,0xABE2,0x1},{0xABF0,0xABF9,0x2},{0xAC00,0xD7A3,0x1},{0xD7B0,0xD7C6,0x1},{0xD7CB,0xD7FB,0x1},
    {0xF900,0xFA6D,0x1},{0xFA70,0xFAD9,0x1},{0xFB00,0xFB06,0x1},{0xFB13,0xFB17,0x1},{0xFB1D,0xFB1D,0x1},{0xFB1F,0xFB28,0x1},
    {0xFB2A,0xFB36,0x1},{0xFB38,0xFB3C,0x1},{0xFB3E,0xFB3E,0x1},{0xFB40,0xFB41,0x1},{0xFB43,0xFB44,0x1},{0xFB46,0xFBB1,0x1},
    {0xFBD3,0xFD3D,0x1},{0xFD50,0xFD8F,0x1},{0xFD92,0xFDC7,0x1},{0xFDF0,0xFDFB,0x1},{0xFE70,0xFE74,0x1},{0xFE76,0xFEFC,0x1},
    {0xFF10,0xFF19,0x2},{0xFF21,0xFF3A,0x1},{0xFF41,0xFF5A,0x1},{0xFF66,0xFFBE,0x1},{0xFFC2,0xFFC7,0x1},{0xFFCA,0xFFCF,0x1},
    {0xFFD2,0xFFD7,0x1},{0xFFDA,0xFFDC,0x1},{0x10000,0x1000B,0x1},{0x1000D,0x10026,0x1},{0x10028,0x1003A,0x1},{0x1003C,0x1003D,0x1},
    {0x1003F,0x1004D,0x1},{0x10050,0x1005D,0x1},{0x10080,0x100FA,0x1},{0x10107,0x10133,0x2},{0x10140,0x10178,0x2},{0x1018A,0x1018B,0x2},
    {0x10280,0x1029C,0x1},{0x102A0,0x102D0,0x1},{0x102E1,0x102FB,0x2},{0x10300,0x1031F,0x1},{0x10320,0x10323,0x2},{0x1032D,0x10340,0x1},
    {0x10341,0x10341,0x2},{0x10342,0x10349,0x1},{0x1034A,0x1034A,0x2},{0x10350,0x10375,0x1},{0x10380,0x1039D,0x1},{0x103A0,0x103C3,0x1},
    {0x103C8,0x103CF,0x1},{0x103D1,0x103D5,0x2},{0x10400,0x1049D,0x1},{0x104A0,0x104A9,0x2},{0x104B0,0x104D3,0x1},{0x104D8,0x104FB,0x1},
    {0x10500,0x10527,0x1},{0x10530,0x10563,0x1},{0x10570,0x1057A,0x1},{0x1057C,0x1058A,0x1},{0x1058C,0x10592,0x1},{0x10594,0x10595,0x1},
    {0x10597,0x105A1,0x1},{0x105A3,0x105B1,0x1},{0x105B3,0x105B9,0x1},{0x105BB,0x105BC,0x1},{0x10600,0x10736,0x1},{0x10740,0x10755,0x1},
    {0x10760,0x10767,0x1},{0x10780,0x10785,0x1},{0x10787,0x107B0,0x1},{0x107B2,0x107BA,0x1},{0x10800,0x10805,0x1},{0x10808,0x10808,0x1},
    {0x1080A,0x10835,0x1},{0x10837,0x10838,0x1},{0x1083C,0x1083C,0x1},{0x1083F,0x10855,0x1},{0x10858,0x1085F,0x2},{0x10860,0x10876,0x1},
    {0x10879,0x1087F,0x2},{0x10880,0x1089E,0x1},{0x108A7,0x108AF,0x2},{0x108E0,0x108F2,0x1},{0x108F4,0x108F5,0x1},{0x108FB,0x108FF,0x2},
    {0x10900,0x10915,0x1},{0x10916,0x1091B,0x2},{0x10920,0x10939,0x1},{0x10980,0x109B7,0x1},{0x109BC,0x109BD,0x2},{0x109BE,0x109BF,0x1},
    {0x109C0,0x109CF,0x2},{0x109D2,0x109FF,0x2},{0x10A00,0x10A00,0x1},{0x10A10,0x10A13,0x1},{0x10A15,0x10A17,0x1},{0x10A19,0x10A35,0x1},
    {0x10A40,0x10A48,0x2},{0x10A60,0x10A7C,0x1},{0x10A7D,0x10A7E,0x2},{0x10A80,0x10A9C,0x1},{0x10A9D,0x10A9F,0x2},{0x10AC0,0x10AC7,0x1},
    {0x10AC9,0x10AE4,0x1},{0x10AEB,0x10AEF,0x2},{0x10B00,0x10B35,0x1},{0x10B40,0x10B55,0x1},{0x10B58,0x10B5F,0x2},{0x10B60,0x10B72,0x1},
    {0x10B78,0x10B7F,0x2},{0x10B80,0x10B91,0x1},{0x10BA9,0x10BAF,0x2},{0x10C00,0x10C48,0x1},{0x10C80,0x10CB2,0x1},{0x10CC0,0x10CF2,0x1},
    {0x10CFA,0x10CFF,0x2},{0x10D00,0x10D23,0x1},{0x10D30,0x10D39,0x2},{0x10E60,0x10E7E,0x2},{0x10E80,0x10EA9,0x1},{0x10EB0,0x10EB1,0x1},
    {0x10F00,0x10F1C,0x1},{0x10F1D,0x10F26,0x2},{0x10F27,0x10F27,0x1},{0x10F30,0x10F45,0x1},{0x10F51,0x10F54,0x2},{0x10F70,0x10F81,0x1},
    {0x10FB0,0x10FC4,0x1},{0x10FC5,0x10FCB,0x2},{0x10FE0,0x10FF6,0x1},{0x11003,0x11037,0x1},{0x11052,0x1106F,0x2},{0x11071,0x11072,0x1},
    {0x11075,0x11075,0x1},{0x11083,0x110AF,0x1},{0x110D0,0x110E8,0x1},{0x110F0,0x110F9,0x2},{0x11103,0x11126,0x1},{0x11136,0x1113F,0x2},
    {0x11144,0x11144,0x1},{0x11147,0x11147,0x1},{0x11150,0x11172,0x1},{0x11176,0x11176,0x1},{0x11183,0x111B2,0x1},{0x111C1,0x111C4,0x1},
    {0x111D0,0x111D9,0x2},{0x111DA,0x111DA,0x1},{0x111DC,0x111DC,0x1},{0x111E1,0x111F4,0x2},{0x11200,0x11211,0x1},{0x11213,0x1122B,0x1},
    {0x11280,0x11286,0x1},{0x11288,0x11288,0x1},{0x1128A,0x1128D,0x1},{0x1128F,0x1129D,0x1},{0x1129F,0x112A8,0x1},{0x112B0,0x112DE,0x1},
    {0x112F0,0x112F9,0x2},{0x11305,0x1130C,0x1},{0x1130F,0x11310,0x1},{0x11313,0x11328,0x1},{0x1132A,0x11330,0x1},{0x11332,0x11333,0x1},
    {0x11335,0x11339,0x1},{0x1133D,0x1133D,0x1},{0x11350,0x11350,0x1},{0x1135D,0x11361,0x1},{0x11400,0x11434,0x1},{0x11447,0x1144A,0x1},
    {0x11450,0x11459,0x2},{0x1145F,0x11461,0x1},{0x11480,0x114AF,0x1},{0x114C4,0x114C5,0x1},{0x114C7,0x114C7,0x1},{0x114D0,0x114D9,0x2},
    {0x11580,0x115AE,0x1},{0x115D8,0x115DB,0x1},{0x11600,0x1162F,0x1},{0x11644,0x11644,0x1},{0x11650,0x11659,0x2},{0x11680,0x116AA,0x1},
    {0x116B8,0x116B8,0x1},{0x116C0,0x116C9,0x2},{0x11700,0x1171A,0x1},{0x11730,0x1173B,0x2},{0x11740,0x11746,0x1},{0x11800,0x1182B,0x1},
    {0x118A0,0x118DF,0x1},{0x118E0,0x118F2,0x2},{0x118FF,0x11906,0x1},{0x11909,0x11909,0x1},{0x1190C,0x11913,0x1},{0x11915,0x11916,0x1},
    {0x11918,0x1192F,0x1},{0x1193F,0x1193F,0x1},{0x11941,0x11941,0x1},{0x11950,0x11959,0x2},{0x119A0,0x119A7,0x1},{0x119AA,0x119D0,0x1},
    {0x119E1,0x119E1,0x1},{0x119E3,0x119E3,0x1},{0x11A00,0x11A00,0x1},{0x11A0B,0x11A32,0x1},{0x11A3A,0x11A3A,0x1},{0x11A50,0x11A50,0x1},
    {0x11A5C,0x11A89,0x1},{0x11A9D,0x11A9D,0x1},{0x11AB0,0x11AF8,0x1},{0x11C00,0x11C08,0x1},{0x11C0A,0x11C2E,0x1},{0x11C40,0x11C40,0x1},
    {0x11C50,0x11C6C,0x2},{0x11C72,0x11C8F,0x1},{0x11D00,0x11D06,0x1},{0x11D08,0x11D09,0x1},{0x11D0B,0x11D30,0x1},{0x11D46,0x11D46,0x1},
    {0x11D50,0x11D59,0x2},{0x11D60,0x11D65,0x1},{0x11D67,0x11D68,0x1},{0x11D6A,0x11D89,0x1},{0x11D98,0x11D98,0x1},{0x11DA0,0x11DA9,0x2},
    {0x11EE0,0x11EF2,0x1},{0x11FB0,0x11FB0,0x1},{0x11FC0,0x11FD4,0x2},{0x12000,0x12399,0x1},{0x12400,0x1246E,0x2},{0x12480,0x12543,0x1},
    {0x12F90,0x12FF0,0x1},{0x13000,0x1342E,0x1},{0x14400,0x14646,0x1},{0x16800,0x16A38,0x1},{0x16A40,0x16A5E,0x1},{0x16A60,0x16A69,0x2},
    {0x16A70,0x16ABE,0x1},{0x16AC0,0x16AC9,0x2},{0x16AD0,0x16AED,0x1},{0x16B00,0x16B2F,0x1},{0x16B40,0x16B43,0x1},{0x16B50,0x16B59,0x2},
    {0x16B5B,0x16B61,0x2},{0x16B63,0x16B77,0x1},{0x16B7D,0x16B8F,0x1},{0x16E40,0x16E7F,0x1},{0x16E80,0x16E96,0x2},{0x16F00,0x16F4A,0x1},
    {0x16F50,0x16F50,0x1},{0x16F93,0x16F9F,0x1},{0x16FE0,0x16FE1,0x1},{0x16FE3,0x16FE3,0x1},{0x17000,0x187F7,0x1},{0x18800,0x18CD5,0x1},
    {0x18D00,0x18D08,0x1},{0x1AFF0,0x1AFF3,0x1},{0x1AFF5,0x1AFFB,0x1},{0x1AFFD,0x1AFFE,0x1},{0x1B000,0x1B122,0x1},{0x1B150,0x1B152,0x1},
    {0x1B164,0x1B167,0x1},{0x1B170,0x1B2FB,0x1},{0x1BC00,0x1BC6A,0x1},{0x1BC70,0x1BC7C,0x1},{0x1BC80,0x1BC88,0x1},{0x1BC90,0x1BC99,0x1},
    {0x1D2E0,0x1D2F3,0x2},{0x1D360,0x1D378,0x2},{0x1D400,0x1D454,0x1},{0x1D456,0x1D49C,0x1},{0x1D49E,0x1D49F,0x1},{0x1D4A2,0x1D4A2,0x1},
    {0x1D4A5,0x1D4A6,0x1},{0x1D4A9,0x1D4AC,0x1},{0x1D4AE,0x1D4B9,0x1},{0x1D4BB,0x1D4BB,0x1},{0x1D4BD,0x1D4C3,0x1},{0x1D4C5,0x1D505,0x1},
    {0x1D507,0x1D50A,0x1},{0x1D50D,0x1D514,0x1},{0x1D516,0x1D51C,0x1},{0x1D51E,0x1D539,0x1},{0x1D53B,0x1D53E,0x1},{0x1D540,0x1D544,0x1},
    {0x1D546,0x1D546,0x1},{0x1D54A,0x1D550,0x1},{0x1D552,0x1D6A5,0x1},{0x1D6A8,0x1D6C0,0x1},{0x1D6C2,0x1D6DA,0x1},{0x1D6DC,0x1D6FA,0x1},
    {0x1D6FC,0x1D714,0x1},{0x1D716,0x1D734,0x1},{0x1D736,0x1D74E,0x1},{0x1D750,0x1D76E,0x1},{0x1D770,0x1D788,0x1},{0x1D78A,0x1D7A8,0x1},
    {0x1D7AA,0x1D7C2,0x1},{0x1D7C4,0x1D7CB,0x1},{0x1D7CE,0x1D7FF,0x2},{0x1DF00,0x1DF1E,0x1},{0x1E100,0x1E12C,0x1},{0x1E137,0x1E13D,0x1},
    {0x1E140,0x1E149,0x2},{0x1E14E,0x1E14E,0x1},{0x1E290,0x1E2AD,0x1},{0x1E2C0,0x1E2EB,0x1},{0x1E2F0,0x1E2F9,0x2},{0x1E7E0,0x1E7E6,0x1},
    {0x1E7E8,0x1E7EB,0x1},{0x1E7ED,0x1E7EE,0x1},{0x1E7F0,0x1E7FE,0x1},{0x1E800,0x1E8C4,0x1},{0x1E8C7,0x1E8CF,0x2},{0x1E900,0x1E943,0x1},
    {0x1E94B,0x1E94B,0x1},{0x1E950,0x1E959,0x2},{0x1EC71,0x1ECAB,0x2},{0x1ECAD,0x1ECAF,0x2},{0x1ECB1,0x1ECB4,0x2},{0x1ED01,0x1ED2D,0x2},
    {0x1ED2F,0x1ED3D,0x2},{0x1EE00,0x1EE03,0x1},{0x1EE05,0x1EE1F,0x1},{0x1EE21,0x1EE22,0x1},{0x1EE24,0x1EE24,0x1},{0x1EE27,0x1EE27,0x1},
    {0x1EE29,0x1EE32,0x1},{0x1EE34,0x1EE37,0x1},{0x1EE39,0x1EE39,0x1},{0x1EE3B,0x1EE3B,0x1},{0x1EE42,0x1EE42,0x1},{0x1EE47,0x1EE47,0x1},
    {0x1EE49,0x1EE49,0x1},{0x1EE4B,0x1EE4B,0x1},{0x1EE4D,0x1EE4F,0x1},{0x1EE51,0x1EE52,0x1},{0x1EE54,0x1EE54,0x1},{0x1EE57,0x1EE57,0x1},
    {0x1EE59,0x1EE59,0x1},{0x1EE5B,0x1EE5B,0x1},{0x1EE5D,0x1EE5D,0x1},{0x1EE5F,0x1EE5F,0x1},{0x1EE61,0x1EE62,0x1},{0x1EE64,0x1EE64,0x1},
    {0x1EE67,0x1EE6A,0x1},{0x1EE6C,0x1EE72,0x1},{0x1EE74,0x1EE77,0x1},{0x1EE79,0x1EE7C,0x1},{0x1EE7E,0x1EE7E,0x1},{0x1EE80,0x1EE89,0x1},
    {0x1EE8B,0x1EE9B,0x1},{0x1EEA1,0x1EEA3,0x1},{0x1EEA5,0x1EEA9,0x1},{0x1EEAB,0x1EEBB,0x1},{0x1F100,0x1F10C,0x2},{0x1FBF0,0x1FBF9,0x2},
    {0x20000,0x2A6DF,0x1},{0x2A700,0x2B738,0x1},{0x2B740,0x2B81D,0x1},{0x2B820,0x2CEA1,0x1},{0x2CEB0,0x2EBE0,0x1},{0x2F800,0x2FA1D,0x1},
    {0x30000,0x3134A,0x1},
};

/* Non-ASCII code points that case-fold to one of the ASCII letters in 's 't 're 've 'm 'll 'd: {cp, letter}. */
static const rc__UniPair rc__uni_fold_extra[1] = {
    {0x17F,0x73},
};

/* Canonical combining class, where nonzero: {first, last, ccc}, sorted. */
static const rc__UniRange rc__uni_ccc_ranges[382] = {
    {0x300,0x314,0xE6},{0x315,0x315,0xE8},{0x316,0x319,0xDC},{0x31A,0x31A,0xE8},{0x31B,0x31B,0xD8},{0x31C,0x320,0xDC},
    {0x321,0x322,0xCA},{0x323,0x326,0xDC},{0x327,0x328,0xCA},{0x329,0x333,0xDC},{0x334,0x338,0x1},{0x339,0x33C,0xDC},
    {0x33D,0x344,0xE6},{0x345,0x345,0xF0},{0x346,0x346,0xE6},{0x347,0x349,0xDC},{0x34A,0x34C,0xE6},{0x34D,0x34E,0xDC},
    {0x350,0x352,0xE6},{0x353,0x356,0xDC},{0x357,0x357,0xE6},{0x358,0x358,0xE8},{0x359,0x35A,0xDC},{0x35B,0x35B,0xE6},
    {0x35C,0x35C,0xE9},{0x35D,0x35E,0xEA},{0x35F,0x35F,0xE9},{0x360,0x361,0xEA},{0x362,0x362,0xE9},{0x363,0x36F,0xE6},
    {0x483,0x487,0xE6},{0x591,0x591,0xDC},{0x592,0x595,0xE6},{0x596,0x596,0xDC},{0x597,0x599,0xE6},{0x59A,0x59A,0xDE},
    {0x59B,0x59B,0xDC},{0x59C,0x5A1,0xE6},{0x5A2,0x5A7,0xDC},{0x5A8,0x5A9,0xE6},{0x5AA,0x5AA,0xDC},{0x5AB,0x5AC,0xE6},
    {0x5AD,0x5AD,0xDE},{0x5AE,0x5AE,0xE4},{0x5AF,0x5AF,0xE6},{0x5B0,0x5B0,0xA},{0x5B1,0x5B1,0xB},{0x5B2,0x5B2,0xC},
    {0x5B3,0x5B3,0xD},{0x5B4,0x5B4,0xE},{0x5B5,0x5B5,0xF},{0x5B6,0x5B6,0x10},{0x5B7,0x5B7,0x11},{0x5B8,0x5B8,0x12},
    {0x5B9,0x5BA,0x13},{0x5BB,0x5BB,0x14},{0x5BC,0x5BC,0x15},{0x5BD,0x5BD,0x16},{0x5BF,0x5BF,0x17},{0x5C1,0x5C1,0x18},
    {0x5C2,0x5C2,0x19},{0x5C4,0x5C4,0xE6},{0x5C5,0x5C5,0xDC},{0x5C7,0x5C7,0x12},{0x610,0x617,0xE6},{0x618,0x618,0x1E},
    {0x619,0x619,0x1F},{0x61A,0x61A,0x20},{0x64B,0x64B,0x1B},{0x64C,0x64C,0x1C},{0x64D,0x64D,0x1D},{0x64E,0x64E,0x1E},
    {0x64F,0x64F,0x1F},{0x650,0x650,0x20},{0x651,0x651,0x21},{0x652,0x652,0x22},{0x653,0x654,0xE6},{0x655,0x656,0xDC},
    {0x657,0x65B,0xE6},{0x65C,0x65C,0xDC},{0x65D,0x65E,0xE6},{0x65F,0x65F,0xDC},{0x670,0x670,0x23},{0x6D6,0x6DC,0xE6},
    {0x6DF,0x6E2,0xE6},{0x6E3,0x6E3,0xDC},{0x6E4,0x6E4,0xE6},{0x6E7,0x6E8,0xE6},{0x6EA,0x6EA,0xDC},{0x6EB,0x6EC,0xE6},
    {0x6ED,0x6ED,0xDC},{0x711,0x711,0x24},{0x730,0x730,0xE6},{0x731,0x731,0xDC},{0x732,0x733,0xE6},{0x734,0x734,0xDC},
    {0x735,0x736,0xE6},{0x737,0x739,0xDC},{0x73A,0x73A,0xE6},{0x73B,0x73C,0xDC},{0x73D,0x73D,0xE6},{0x73E,0x73E,0xDC},
    {0x73F,0x741,0xE6},{0x742,0x742,0xDC},{0x743,0x743,0xE6},{0x744,0x744,0xDC},{0x745,0x745,0xE6},{0x746,0x746,0xDC},
    {0x747,0x747,0xE6},{0x748,0x748,0xDC},{0x749,0x74A,0xE6},{0x7EB,0x7F1,0xE6},{0x7F2,0x7F2,0xDC},{0x7F3,0x7F3,0xE6},
    {0x7FD,0x7FD,0xDC},{0x816,0x819,0xE6},{0x81B,0x823,0xE6},{0x825,0x827,0xE6},{0x829,0x82D,0xE6},{0x859,0x85B,0xDC},
    {0x898,0x898,0xE6},{0x899,0x89B,0xDC},{0x89C,0x89F,0xE6},{0x8CA,0x8CE,0xE6},{0x8CF,0x8D3,0xDC},{0x8D4,0x8E1,0xE6},
    {0x8E3,0x8E3,0xDC},{0x8E4,0x8E5,0xE6},{0x8E6,0x8E6,0xDC},{0x8E7,0x8E8,0xE6},{0x8E9,0x8E9,0xDC},{0x8EA,0x8EC,0xE6},
    {0x8ED,0x8EF,0xDC},{0x8F0,0x8F0,0x1B},{0x8F1,0x8F1,0x1C},{0x8F2,0x8F2,0x1D},{0x8F3,0x8F5,0xE6},{0x8F6,0x8F6,0xDC},
    {0x8F7,0x8F8,0xE6},{0x8F9,0x8FA,0xDC},{0x8FB,0x8FF,0xE6},{0x93C,0x93C,0x7},{0x94D,0x94D,0x9},{0x951,0x951,0xE6},
    {0x952,0x952,0xDC},{0x953,0x954,0xE6},{0x9BC,0x9BC,0x7},{0x9CD,0x9CD,0x9},{0x9FE,0x9FE,0xE6},{0xA3C,0xA3C,0x7},
    {0xA4D,0xA4D,0x9},{0xABC,0xABC,0x7},{0xACD,0xACD,0x9},{0xB3C,0xB3C,0x7},{0xB4D,0xB4D,0x9},{0xBCD,0xBCD,0x9},
    {0xC3C,0xC3C,0x7},{0xC4D,0xC4D,0x9},{0xC55,0xC55,0x54},{0xC56,0xC56,0x5B},{0xCBC,0xCBC,0x7},{0xCCD,0xCCD,0x9},
    {0xD3B,0xD3C,0x9},{0xD4D,0xD4D,0x9},{0xDCA,0xDCA,0x9},{0xE38,0xE39,0x67},{0xE3A,0xE3A,0x9},{0xE48,0xE4B,0x6B},
    {0xEB8,0xEB9,0x76},{0xEBA,0xEBA,0x9},{0xEC8,0xECB,0x7A},{0xF18,0xF19,0xDC},{0xF35,0xF35,0xDC},{0xF37,0xF37,0xDC},
    {0xF39,0xF39,0xD8},{0xF71,0xF71,0x81},{0xF72,0xF72,0x82},{0xF74,0xF74,0x84},{0xF7A,0xF7D,0x82},{0xF80,0xF80,0x82},
    {0xF82,0xF83,0xE6},{0xF84,0xF84,0x9},{0xF86,0xF87,0xE6},{0xFC6,0xFC6,0xDC},{0x1037,0x1037,0x7},{0x1039,0x103A,0x9},
    {0x108D,0x108D,0xDC},{0x135D,0x135F,0xE6},{0x1714,0x1715,0x9},{0x1734,0x1734,0x9},{0x17D2,0x17D2,0x9},{0x17DD,0x17DD,0xE6},
    {0x18A9,0x18A9,0xE4},{0x1939,0x1939,0xDE},{0x193A,0x193A,0xE6},{0x193B,0x193B,0xDC},{0x1A17,0x1A17,0xE6},{0x1A18,0x1A18,0xDC},
    {0x1A60,0x1A60,0x9},{0x1A75,0x1A7C,0xE6},{0x1A7F,0x1A7F,0xDC},{0x1AB0,0x1AB4,0xE6},{0x1AB5,0x1ABA,0xDC},{0x1ABB,0x1ABC,0xE6},
    {0x1ABD,0x1ABD,0xDC},{0x1ABF,0x1AC0,0xDC},{0x1AC1,0x1AC2,0xE6},{0x1AC3,0x1AC4,0xDC},{0x1AC5,0x1AC9,0xE6},{0x1ACA,0x1ACA,0xDC},
    {0x1ACB,0x1ACE,0xE6},{0x1B34,0x1B34,0x7},{0x1B44,0x1B44,0x9},{0x1B6B,0x1B6B,0xE6},{0x1B6C,0x1B6C,0xDC},{0x1B6D,0x1B73,0xE6},
    {0x1BAA,0x1BAB,0x9},{0x1BE6,0x1BE6,0x7},{0x1BF2,0x1BF3,0x9},{0x1C37,0x1C37,0x7},{0x1CD0,0x1CD2,0xE6},{0x1CD4,0x1CD4,0x1},
    {0x1CD5,0x1CD9,0xDC},{0x1CDA,0x1CDB,0xE6},{0x1CDC,0x1CDF,0xDC},{0x1CE0,0x1CE0,0xE6},{0x1CE2,0x1CE8,0x1},{0x1CED,0x1CED,0xDC},
    {0x1CF4,0x1CF4,0xE6},{0x1CF8,0x1CF9,0xE6},{0x1DC0,0x1DC1,0xE6},{0x1DC2,0x1DC2,0xDC},{0x1DC3,0x1DC9,0xE6},{0x1DCA,0x1DCA,0xDC},
    {0x1DCB,0x1DCC,0xE6},{0x1DCD,0x1DCD,0xEA},{0x1DCE,0x1DCE,0xD6},{0x1DCF,0x1DCF,0xDC},{0x1DD0,0x1DD0,0xCA},{0x1DD1,0x1DF5,0xE6},
    {0x1DF6,0x1DF6,0xE8},{0x1DF7,0x1DF8,0xE4},{0x1DF9,0x1DF9,0xDC},{0x1DFA,0x1DFA,0xDA},{0x1DFB,0x1DFB,0xE6},{0x1DFC,0x1DFC,0xE9},
    {0x1DFD,0x1DFD,0xDC},{0x1DFE,0x1DFE,0xE6},{0x1DFF,0x1DFF,0xDC},{0x20D0,0x20D1,0xE6},{0x20D2,0x20D3,0x1},{0x20D4,0x20D7,0xE6},
    {0x20D8,0x20DA,0x1},{0x20DB,0x20DC,0xE6},{0x20E1,0x20E1,0xE6},{0x20E5,0x20E6,0x1},{0x20E7,0x20E7,0xE6},{0x20E8,0x20E8,0xDC},
    {0x20E9,0x20E9,0xE6},{0x20EA,0x20EB,0x1},{0x20EC,0x20EF,0xDC},{0x20F0,0x20F0,0xE6},{0x2CEF,0x2CF1,0xE6},{0x2D7F,0x2D7F,0x9},
    {0x2DE0,0x2DFF,0xE6},{0x302A,0x302A,0xDA},{0x302B,0x302B,0xE4},{0x302C,0x302C,0xE8},{0x302D,0x302D,0xDE},{0x302E,0x302F,0xE0},
    {0x3099,0x309A,0x8},{0xA66F,0xA66F,0xE6},{0xA674,0xA67D,0xE6},{0xA69E,0xA69F,0xE6},{0xA6F0,0xA6F1,0xE6},{0xA806,0xA806,0x9},
    {0xA82C,0xA82C,0x9},{0xA8C4,0xA8C4,0x9},{0xA8E0,0xA8F1,0xE6},{0xA92B,0xA92D,0xDC},{0xA953,0xA953,0x9},{0xA9B3,0xA9B3,0x7},
    {0xA9C0,0xA9C0,0x9},{0xAAB0,0xAAB0,0xE6},{0xAAB2,0xAAB3,0xE6},{0xAAB4,0xAAB4,0xDC},{0xAAB7,0xAAB8,0xE6},{0xAABE,0xAABF,0xE6},
    {0xAAC1,0xAAC1,0xE6},{0xAAF6,0xAAF6,0x9},{0xABED,0xABED,0x9},{0xFB1E,0xFB1E,0x1A},{0xFE20,0xFE26,0xE6},{0xFE27,0xFE2D,0xDC},
    {0xFE2E,0xFE2F,0xE6},{0x101FD,0x101FD,0xDC},{0x102E0,0x102E0,0xDC},{0x10376,0x1037A,0xE6},{0x10A0D,0x10A0D,0xDC},{0x10A0F,0x10A0F,0xE6},
    {0x10A38,0x10A38,0xE6},{0x10A39,0x10A39,0x1},{0x10A3A,0x10A3A,0xDC},{0x10A3F,0x10A3F,0x9},{0x10AE5,0x10AE5,0xE6},{0x10AE6,0x10AE6,0xDC},
    {0x10D24,0x10D27,0xE6},{0x10EAB,0x10EAC,0xE6},{0x10F46,0x10F47,0xDC},{0x10F48,0x10F4A,0xE6},{0x10F4B,0x10F4B,0xDC},{0x10F4C,0x10F4C,0xE6},
    {0x10F4D,0x10F50,0xDC},{0x10F82,0x10F82,0xE6},{0x10F83,0x10F83,0xDC},{0x10F84,0x10F84,0xE6},{0x10F85,0x10F85,0xDC},{0x11046,0x11046,0x9},
    {0x11070,0x11070,0x9},{0x1107F,0x1107F,0x9},{0x110B9,0x110B9,0x9},{0x110BA,0x110BA,0x7},{0x11100,0x11102,0xE6},{0x11133,0x11134,0x9},
    {0x11173,0x11173,0x7},{0x111C0,0x111C0,0x9},{0x111CA,0x111CA,0x7},{0x11235,0x11235,0x9},{0x11236,0x11236,0x7},{0x112E9,0x112E9,0x7},
    {0x112EA,0x112EA,0x9},{0x1133B,0x1133C,0x7},{0x1134D,0x1134D,0x9},{0x11366,0x1136C,0xE6},{0x11370,0x11374,0xE6},{0x11442,0x11442,0x9},
    {0x11446,0x11446,0x7},{0x1145E,0x1145E,0xE6},{0x114C2,0x114C2,0x9},{0x114C3,0x114C3,0x7},{0x115BF,0x115BF,0x9},{0x115C0,0x115C0,0x7},
    {0x1163F,0x1163F,0x9},{0x116B6,0x116B6,0x9},{0x116B7,0x116B7,0x7},{0x1172B,0x1172B,0x9},{0x11839,0x11839,0x9},{0x1183A,0x1183A,0x7},
    {0x1193D,0x1193E,0x9},{0x11943,0x11943,0x7},{0x119E0,0x119E0,0x9},{0x11A34,0x11A34,0x9},{0x11A47,0x11A47,0x9},{0x11A99,0x11A99,0x9},
    {0x11C3F,0x11C3F,0x9},{0x11D42,0x11D42,0x7},{0x11D44,0x11D45,0x9},{0x11D97,0x11D97,0x9},{0x16AF0,0x16AF4,0x1},{0x16B30,0x16B36,0xE6},
    {0x16FF0,0x16FF1,0x6},{0x1BC9E,0x1BC9E,0x1},{0x1D165,0x1D166,0xD8},{0x1D167,0x1D169,0x1},{0x1D16D,0x1D16D,0xE2},{0x1D16E,0x1D172,0xD8},
    {0x1D17B,0x1D182,0xDC},{0x1D185,0x1D189,0xE6},{0x1D18A,0x1D18B,0xDC},{0x1D1AA,0x1D1AD,0xE6},{0x1D242,0x1D244,0xE6},{0x1E000,0x1E006,0xE6},
    {0x1E008,0x1E018,0xE6},{0x1E01B,0x1E021,0xE6},{0x1E023,0x1E024,0xE6},{0x1E026,0x1E02A,0xE6},{0x1E130,0x1E136,0xE6},{0x1E2AE,0x1E2AE,0xE6},
    {0x1E2EC,0x1E2EF,0xE6},{0x1E8D0,0x1E8D6,0xDC},{0x1E944,0x1E949,0xE6},{0x1E94A,0x1E94A,0x7},
};

/* Canonical decompositions, one level, Hangul syllables excluded: {cp, first, second or 0}, sorted by cp. */
static const rc__UniTriple rc__uni_decomp[2061] = {
    {0xC0,0x41,0x300},{0xC1,0x41,0x301},{0xC2,0x41,0x302},{0xC3,0x41,0x303},{0xC4,0x41,0x308},
    {0xC5,0x41,0x30A},{0xC7,0x43,0x327},{0xC8,0x45,0x300},{0xC9,0x45,0x301},{0xCA,0x45,0x302},
    {0xCB,0x45,0x308},{0xCC,0x49,0x300},{0xCD,0x49,0x301},{0xCE,0x49,0x302},{0xCF,0x49,0x308},
    {0xD1,0x4E,0x303},{0xD2,0x4F,0x300},{0xD3,0x4F,0x301},{0xD4,0x4F,0x302},{0xD5,0x4F,0x303},
    {0xD6,0x4F,0x308},{0xD9,0x55,0x300},{0xDA,0x55,0x301},{0xDB,0x55,0x302},{0xDC,0x55,0x308},
    {0xDD,0x59,0x301},{0xE0,0x61,0x300},{0xE1,0x61,0x301},{0xE2,0x61,0x302},{0xE3,0x61,0x303},
    {0xE4,0x61,0x308},{0xE5,0x61,0x30A},{0xE7,0x63,0x327},{0xE8,0x65,0x300},{0xE9,0x65,0x301},
    {0xEA,0x65,0x302},{0xEB,0x65,0x308},{0xEC,0x69,0x300},{0xED,0x69,0x301},{0xEE,0x69,0x302},
    {0xEF,0x69,0x308},{0xF1,0x6E,0x303},{0xF2,0x6F,0x300},{0xF3,0x6F,0x301},{0xF4,0x6F,0x302},
    {0xF5,0x6F,0x303},{0xF6,0x6F,0x308},{0xF9,0x75,0x300},{0xFA,0x75,0x301},{0xFB,0x75,0x302},
    {0xFC,0x75,0x308},{0xFD,0x79,0x301},{0xFF,0x79,0x308},{0x100,0x41,0x304},{0x101,0x61,0x304},
    {0x102,0x41,0x306},{0x103,0x61,0x306},{0x104,0x41,0x328},{0x105,0x61,0x328},{0x106,0x43,0x301},
    {0x107,0x63,0x301},{0x108,0x43,0x302},{0x109,0x63,0x302},{0x10A,0x43,0x307},{0x10B,0x63,0x307},
    {0x10C,0x43,0x30C},{0x10D,0x63,0x30C},{0x10E,0x44,0x30C},{0x10F,0x64,0x30C},{0x112,0x45,0x304},
    {0x113,0x65,0x304},{0x114,0x45,0x306},{0x115,0x65,0x306},{0x116,0x45,0x307},{0x117,0x65,0x307},
    {0x118,0x45,0x328},{0x119,0x65,0x328},{0x11A,0x45,0x30C},{0x11B,0x65,0x30C},{0x11C,0x47,0x302},
    {0x11D,0x67,0x302},{0x11E,0x47,0x306},{0x11F,0x67,0x306},{0x120,0x47,0x307},{0x121,0x67,0x307},
    {0x122,0x47,0x327},{0x123,0x67,0x327},{0x124,0x48,0x302},{0x125,0x68,0x302},{0x128,0x49,0x303},
    {0x129,0x69,0x303},{0x12A,0x49,0x304},{0x12B,0x69,0x304},{0x12C,0x49,0x306},{0x12D,0x69,0x306},
    {0x12E,0x49,0x328},{0x12F,0x69,0x328},{0x130,0x49,0x307},{0x134,0x4A,0x302},{0x135,0x6A,0x302},
    {0x136,0x4B,0x327},{0x137,0x6B,0x327},{0x139,0x4C,0x301},{0x13A,0x6C,0x301},{0x13B,0x4C,0x327},
    {0x13C,0x6C,0x327},{0x13D,0x4C,0x30C},{0x13E,0x6C,0x30C},{0x143,0x4E,0x301},{0x144,0x6E,0x301},
    {0x145,0x4E,0x327},{0x146,0x6E,0x327},{0x147,0x4E,0x30C},{0x148,0x6E,0x30C},{0x14C,0x4F,0x304},
    {0x14D,0x6F,0x304},{0x14E,0x4F,0x306},{0x14F,0x6F,0x306},{0x150,0x4F,0x30B},{0x151,0x6F,0x30B},
    {0x154,0x52,0x301},{0x155,0x72,0x301},{0x156,0x52,0x327},{0x157,0x72,0x327},{0x158,0x52,0x30C},
    {0x159,0x72,0x30C},{0x15A,0x53,0x301},{0x15B,0x73,0x301},{0x15C,0x53,0x302},{0x15D,0x73,0x302},
    {0x15E,0x53,0x327},{0x15F,0x73,0x327},{0x160,0x53,0x30C},{0x161,0x73,0x30C},{0x162,0x54,0x327},
    {0x163,0x74,0x327},{0x164,0x54,0x30C},{0x165,0x74,0x30C},{0x168,0x55,0x303},{0x169,0x75,0x303},
    {0x16A,0x55,0x304},{0x16B,0x75,0x304},{0x16C,0x55,0x306},{0x16D,0x75,0x306},{0x16E,0x55,0x30A},
    {0x16F,0x75,0x30A},{0x170,0x55,0x30B},{0x171,0x75,0x30B},{0x172,0x55,0x328},{0x173,0x75,0x328},
    {0x174,0x57,0x302},{0x175,0x77,0x302},{0x176,0x59,0x302},{0x177,0x79,0x302},{0x178,0x59,0x308},
    {0x179,0x5A,0x301},{0x17A,0x7A,0x301},{0x17B,0x5A,0x307},{0x17C,0x7A,0x307},{0x17D,0x5A,0x30C},
    {0x17E,0x7A,0x30C},{0x1A0,0x4F,0x31B},{0x1A1,0x6F,0x31B},{0x1AF,0x55,0x31B},{0x1B0,0x75,0x31B},
    {0x1CD,0x41,0x30C},{0x1CE,0x61,0x30C},{0x1CF,0x49,0x30C},{0x1D0,0x69,0x30C},{0x1D1,0x4F,0x30C},
    {0x1D2,0x6F,0x30C},{0x1D3,0x55,0x30C},{0x1D4,0x75,0x30C},{0x1D5,0xDC,0x304},{0x1D6,0xFC,0x304},
    {0x1D7,0xDC,0x301},{0x1D8,0xFC,0x301},{0x1D9,0xDC,0x30C},{0x1DA,0xFC,0x30C},{0x1DB,0xDC,0x300},
    {0x1DC,0xFC,0x300},{0x1DE,0xC4,0x304},{0x1DF,0xE4,0x304},{0x1E0,0x226,0x304},{0x1E1,0x227,0x304},
    {0x1E2,0xC6,0x304},{0x1E3,0xE6,0x304},{0x1E6,0x47,0x30C},{0x1E7,0x67,0x30C},{0x1E8,0x4B,0x30C},
    {0x1E9,0x6B,0x30C},{0x1EA,0x4F,0x328},{0x1EB,0x6F,0x328},{0x1EC,0x1EA,0x304},{0x1ED,0x1EB,0x304},
    {0x1EE,0x1B7,0x30C},{0x1EF,0x292,0x30C},{0x1F0,0x6A,0x30C},{0x1F4,0x47,0x301},{0x1F5,0x67,0x301},
    {0x1F8,0x4E,0x300},{0x1F9,0x6E,0x300},{0x1FA,0xC5,0x301},{0x1FB,0xE5,0x301},{0x1FC,0xC6,0x301},
    {0x1FD,0xE6,0x301},{0x1FE,0xD8,0x301},{0x1FF,0xF8,0x301},{0x200,0x41,0x30F},{0x201,0x61,0x30F},
    {0x202,0x41,0x311},{0x203,0x61,0x311},{0x204,0x45,0x30F},{0x205,0x65,0x30F},{0x206,0x45,0x311},
    {0x207,0x65,0x311},{0x208,0x49,0x30F},{0x209,0x69,0x30F},{0x20A,0x49,0x311},{0x20B,0x69,0x311},
    {0x20C,0x4F,0x30F},{0x20D,0x6F,0x30F},{0x20E,0x4F,0x311},{0x20F,0x6F,0x311},{0x210,0x52,0x30F},
    {0x211,0x72,0x30F},{0x212,0x52,0x311},{0x213,0x72,0x311},{0x214,0x55,0x30F},{0x215,0x75,0x30F},
    {0x216,0x55,0x311},{0x217,0x75,0x311},{0x218,0x53,0x326},{0x219,0x73,0x326},{0x21A,0x54,0x326},
    {0x21B,0x74,0x326},{0x21E,0x48,0x30C},{0x21F,0x68,0x30C},{0x226,0x41,0x307},{0x227,0x61,0x307},
    {0x228,0x45,0x327},{0x229,0x65,0x327},{0x22A,0xD6,0x304},{0x22B,0xF6,0x304},{0x22C,0xD5,0x304},
    {0x22D,0xF5,0x304},{0x22E,0x4F,0x307},{0x22F,0x6F,0x307},{0x230,0x22E,0x304},{0x231,0x22F,0x304},
    {0x232,0x59,0x304},{0x233,0x79,0x304},{0x340,0x300,0x0},{0x341,0x301,0x0},{0x343,0x313,0x0},
    {0x344,0x308,0x301},{0x374,0x2B9,0x0},{0x37E,0x3B,0x0},{0x385,0xA8,0x301},{0x386,0x391,0x301},
    {0x387,0xB7,0x0},{0x388,0x395,0x301},{0x389,0x397,0x301},{0x38A,0x399,0x301},{0x38C,0x39F,0x301},
    {0x38E,0x3A5,0x301},{0x38F,0x3A9,0x301},{0x390,0x3CA,0x301},{0x3AA,0x399,0x308},{0x3AB,0x3A5,0x308},
    {0x3AC,0x3B1,0x301},{0x3AD,0x3B5,0x301},{0x3AE,0x3B7,0x301},{0x3AF,0x3B9,0x301},{0x3B0,0x3CB,0x301},
    {0x3CA,0x3B9,0x308},{0x3CB,0x3C5,0x308},{0x3CC,0x3BF,0x301},{0x3CD,0x3C5,0x301},{0x3CE,0x3C9,0x301},
    {0x3D3,0x3D2,0x301},{0x3D4,0x3D2,0x308},{0x400,0x415,0x300},{0x401,0x415,0x308},{0x403,0x413,0x301},
    {0x407,0x406,0x308},{0x40C,0x41A,0x301},{0x40D,0x418,0x300},{0x40E,0x423,0x306},{0x419,0x418,0x306},
    {0x439,0x438,0x306},{0x450,0x435,0x300},{0x451,0x435,0x308},{0x453,0x433,0x301},{0x457,0x456,0x308},
    {0x45C,0x43A,0x301},{0x45D,0x438,0x300},{0x45E,0x443,0x306},{0x476,0x474,0x30F},{0x477,0x475,0x30F},
    {0x4C1,0x416,0x306},{0x4C2,0x436,0x306},{0x4D0,0x410,0x306},{0x4D1,0x430,0x306},{0x4D2,0x410,0x308},
    {0x4D3,0x430,0x308},{0x4D6,0x415,0x306},{0x4D7,0x435,0x306},{0x4DA,0x4D8,0x308},{0x4DB,0x4D9,0x308},
    {0x4DC,0x416,0x308},{0x4DD,0x436,0x308},{0x4DE,0x417,0x308},{0x4DF,0x437,0x308},{0x4E2,0x418,0x304},
    {0x4E3,0x438,0x304},{0x4E4,0x418,0x308},{0x4E5,0x438,0x308},{0x4E6,0x41E,0x308},{0x4E7,0x43E,0x308},
    {0x4EA,0x4E8,0x308},{0x4EB,0x4E9,0x308},{0x4EC,0x42D,0x308},{0x4ED,0x44D,0x308},{0x4EE,0x423,0x304},
    {0x4EF,0x443,0x304},{0x4F0,0x423,0x308},{0x4F1,0x443,0x308},{0x4F2,0x423,0x30B},{0x4F3,0x443,0x30B},
    {0x4F4,0x427,0x308},{0x4F5,0x447,0x308},{0x4F8,0x42B,0x308},{0x4F9,0x44B,0x308},{0x622,0x627,0x653},
    {0x623,0x627,0x654},{0x624,0x648,0x654},{0x625,0x627,0x655},{0x626,0x64A,0x654},{0x6C0,0x6D5,0x654},
    {0x6C2,0x6C1,0x654},{0x6D3,0x6D2,0x654},{0x929,0x928,0x93C},{0x931,0x930,0x93C},{0x934,0x933,0x93C},
    {0x958,0x915,0x93C},{0x959,0x916,0x93C},{0x95A,0x917,0x93C},{0x95B,0x91C,0x93C},{0x95C,0x921,0x93C},
    {0x95D,0x922,0x93C},{0x95E,0x92B,0x93C},{0x95F,0x92F,0x93C},{0x9CB,0x9C7,0x9BE},{0x9CC,0x9C7,0x9D7},
    {0x9DC,0x9A1,0x9BC},{0x9DD,0x9A2,0x9BC},{0x9DF,0x9AF,0x9BC},{0xA33,0xA32,0xA3C},{0xA36,0xA38,0xA3C},
    {0xA59,0xA16,0xA3C},{0xA5A,0xA17,0xA3C},{0xA5B,0xA1C,0xA3C},{0xA5E,0xA2B,0xA3C},{0xB48,0xB47,0xB56},
    {0xB4B,0xB47,0xB3E},{0xB4C,0xB47,0xB57},{0xB5C,0xB21,0xB3C},{0xB5D,0xB22,0xB3C},{0xB94,0xB92,0xBD7},
    {0xBCA,0xBC6,0xBBE},{0xBCB,0xBC7,0xBBE},{0xBCC,0xBC6,0xBD7},{0xC48,0xC46,0xC56},{0xCC0,0xCBF,0xCD5},
    {0xCC7,0xCC6,0xCD5},{0xCC8,0xCC6,0xCD6},{0xCCA,0xCC6,0xCC2},{0xCCB,0xCCA,0xCD5},{0xD4A,0xD46,0xD3E},
    {0xD4B,0xD47,0xD3E},{0xD4C,0xD46,0xD57},{0xDDA,0xDD9,0xDCA},{0xDDC,0xDD9,0xDCF},{0xDDD,0xDDC,0xDCA},
    {0xDDE,0xDD9,0xDDF},{0xF43,0xF42,0xFB7},{0xF4D,0xF4C,0xFB7},{0xF52,0xF51,0xFB7},{0xF57,0xF56,0xFB7},
    {0xF5C,0xF5B,0xFB7},{0xF69,0xF40,0xFB5},{0xF73,0xF71,0xF72},{0xF75,0xF71,0xF74},{0xF76,0xFB2,0xF80},
    {0xF78,0xFB3,0xF80},{0xF81,0xF71,0xF80},{0xF93,0xF92,0xFB7},{0xF9D,0xF9C,0xFB7},{0xFA2,0xFA1,0xFB7},
    {0xFA7,0xFA6,0xFB7},{0xFAC,0xFAB,0xFB7},{0xFB9,0xF90,0xFB5},{0x1026,0x1025,0x102E},{0x1B06,0x1B05,0x1B35},
    {0x1B08,0x1B07,0x1B35},{0x1B0A,0x1B09,0x1B35},{0x1B0C,0x1B0B,0x1B35},{0x1B0E,0x1B0D,0x1B35},{0x1B12,0x1B11,0x1B35},
    {0x1B3B,0x1B3A,0x1B35},{0x1B3D,0x1B3C,0x1B35},{0x1B40,0x1B3E,0x1B35},{0x1B41,0x1B3F,0x1B35},{0x1B43,0x1B42,0x1B35},
    {0x1E00,0x41,0x325},{0x1E01,0x61,0x325},{0x1E02,0x42,0x307},{0x1E03,0x62,0x307},{0x1E04,0x42,0x323},
    {0x1E05,0x62,0x323},{0x1E06,0x42,0x331},{0x1E07,0x62,0x331},{0x1E08,0xC7,0x301},{0x1E09,0xE7,0x301},
    {0x1E0A,0x44,0x307},{0x1E0B,0x64,0x307},{0x1E0C,0x44,0x323},{0x1E0D,0x64,0x323},{0x1E0E,0x44,0x331},
    {0x1E0F,0x64,0x331},{0x1E10,0x44,0x327},{0x1E11,0x64,0x327},{0x1E12,0x44,0x32D},{0x1E13,0x64,0x32D},
    {0x1E14,0x112,0x300},{0x1E15,0x113,0x300},{0x1E16,0x112,0x301},{0x1E17,0x113,0x301},{0x1E18,0x45,0x32D},
    {0x1E19,0x65,0x32D},{0x1E1A,0x45,0x330},{0x1E1B,0x65,0x330},{0x1E1C,0x228,0x306},{0x1E1D,0x229,0x306},
    {0x1E1E,0x46,0x307},{0x1E1F,0x66,0x307},{0x1E20,0x47,0x304},{0x1E21,0x67,0x304},{0x1E22,0x48,0x307},
    {0x1E23,0x68,0x307},{0x1E24,0x48,0x323},{0x1E25,0x68,0x323},{0x1E26,0x48,0x308},{0x1E27,0x68,0x308},
    {0x1E28,0x48,0x327},{0x1E29,0x68,0x327},{0x1E2A,0x48,0x32E},{0x1E2B,0x68,0x32E},{0x1E2C,0x49,0x330},
    {0x1E2D,0x69,0x330},{0x1E2E,0xCF,0x301},{0x1E2F,0xEF,0x301},{0x1E30,0x4B,0x301},{0x1E31,0x6B,0x301},
    {0x1E32,0x4B,0x323},{0x1E33,0x6B,0x323},{0x1E34,0x4B,0x331},{0x1E35,0x6B,0x331},{0x1E36,0x4C,0x323},
    {0x1E37,0x6C,0x323},{0x1E38,0x1E36,0x304},{0x1E39,0x1E37,0x304},{0x1E3A,0x4C,0x331},{0x1E3B,0x6C,0x331},
    {0x1E3C,0x4C,0x32D},{0x1E3D,0x6C,0x32D},{0x1E3E,0x4D,0x301},{0x1E3F,0x6D,0x301},{0x1E40,0x4D,0x307},
    {0x1E41,0x6D,0x307},{0x1E42,0x4D,0x323},{0x1E43,0x6D,0x323},{0x1E44,0x4E,0x307},{0x1E45,0x6E,0x307},
    {0x1E46,0x4E,0x323},{0x1E47,0x6E,0x323},{0x1E48,0x4E,0x331},{0x1E49,0x6E,0x331},{0x1E4A,0x4E,0x32D},
    {0x1E4B,0x6E,0x32D},{0x1E4C,0xD5,0x301},{0x1E4D,0xF5,0x301},{0x1E4E,0xD5,0x308},{0x1E4F,0xF5,0x308},
    {0x1E50,0x14C,0x300},{0x1E51,0x14D,0x300},{0x1E52,0x14C,0x301},{0x1E53,0x14D,0x301},{0x1E54,0x50,0x301},
    {0x1E55,0x70,0x301},{0x1E56,0x50,0x307},{0x1E57,0x70,0x307},{0x1E58,0x52,0x307},{0x1E59,0x72,0x307},
    {0x1E5A,0x52,0x323},{0x1E5B,0x72,0x323},{0x1E5C,0x1E5A,0x304},{0x1E5D,0x1E5B,0x304},{0x1E5E,0x52,0x331},
    {0x1E5F,0x72,0x331},{0x1E60,0x53,0x307},{0x1E61,0x73,0x307},{0x1E62,0x53,0x323},{0x1E63,0x73,0x323},
    {0x1E64,0x15A,0x307},{0x1E65,0x15B,0x307},{0x1E66,0x160,0x307},{0x1E67,0x161,0x307},{0x1E68,0x1E62,0x307},
    {0x1E69,0x1E63,0x307},{0x1E6A,0x54,0x307},{0x1E6B,0x74,0x307},{0x1E6C,0x54,0x323},{0x1E6D,0x74,0x323},
    {0x1E6E,0x54,0x331},{0x1E6F,0x74,0x331},{0x1E70,0x54,0x32D},{0x1E71,0x74,0x32D},{0x1E72,0x55,0x324},
    {0x1E73,0x75,0x324},{0x1E74,0x55,0x330},{0x1E75,0x75,0x330},{0x1E76,0x55,0x32D},{0x1E77,0x75,0x32D},
    {0x1E78,0x168,0x301},{0x1E79,0x169,0x301},{0x1E7A,0x16A,0x308},{0x1E7B,0x16B,0x308},{0x1E7C,0x56,0x303},
    {0x1E7D,0x76,0x303},{0x1E7E,0x56,0x323},{0x1E7F,0x76,0x323},{0x1E80,0x57,0x300},{0x1E81,0x77,0x300},
    {0x1E82,0x57,0x301},{0x1E83,0x77,0x301},{0x1E84,0x57,0x308},{0x1E85,0x77,0x308},{0x1E86,0x57,0x307},
    {0x1E87,0x77,0x307},{0x1E88,0x57,0x323},{0x1E89,0x77,0x323},{0x1E8A,0x58,0x307},{0x1E8B,0x78,0x307},
    {0x1E8C,0x58,0x308},{0x1E8D,0x78,0x308},{0x1E8E,0x59,0x307},{0x1E8F,0x79,0x307},{0x1E90,0x5A,0x302},
    {0x1E91,0x7A,0x302},{0x1E92,0x5A,0x323},{0x1E93,0x7A,0x323},{0x1E94,0x5A,0x331},{0x1E95,0x7A,0x331},
    {0x1E96,0x68,0x331},{0x1E97,0x74,0x308},{0x1E98,0x77,0x30A},{0x1E99,0x79,0x30A},{0x1E9B,0x17F,0x307},
    {0x1EA0,0x41,0x323},{0x1EA1,0x61,0x323},{0x1EA2,0x41,0x309},{0x1EA3,0x61,0x309},{0x1EA4,0xC2,0x301},
    {0x1EA5,0xE2,0x301},{0x1EA6,0xC2,0x300},{0x1EA7,0xE2,0x300},{0x1EA8,0xC2,0x309},{0x1EA9,0xE2,0x309},
    {0x1EAA,0xC2,0x303},{0x1EAB,0xE2,0x303},{0x1EAC,0x1EA0,0x302},{0x1EAD,0x1EA1,0x302},{0x1EAE,0x102,0x301},
    {0x1EAF,0x103,0x301},{0x1EB0,0x102,0x300},{0x1EB1,0x103,0x300},{0x1EB2,0x102,0x309},{0x1EB3,0x103,0x309},
    {0x1EB4,0x102,0x303},{0x1EB5,0x103,0x303},{0x1EB6,0x1EA0,0x306},{0x1EB7,0x1EA1,0x306},{0x1EB8,0x45,0x323},
    {0x1EB9,0x65,0x323},{0x1EBA,0x45,0x309},{0x1EBB,0x65,0x309},{0x1EBC,0x45,0x303},{0x1EBD,0x65,0x303},
    {0x1EBE,0xCA,0x301},{0x1EBF,0xEA,0x301},{0x1EC0,0xCA,0x300},{0x1EC1,0xEA,0x300},{0x1EC2,0xCA,0x309},
    {0x1EC3,0xEA,0x309},{0x1EC4,0xCA,0x303},{0x1EC5,0xEA,0x303},{0x1EC6,0x1EB8,0x302},{0x1EC7,0x1EB9,0x302},
    {0x1EC8,0x49,0x309},{0x1EC9,0x69,0x309},{0x1ECA,0x49,0x323},{0x1ECB,0x69,0x323},{0x1ECC,0x4F,0x323},
    {0x1ECD,0x6F,0x323},{0x1ECE,0x4F,0x309},{0x1ECF,0x6F,0x309},{0x1ED0,0xD4,0x301},{0x1ED1,0xF4,0x301},
    {0x1ED2,0xD4,0x300},{0x1ED3,0xF4,0x300},{0x1ED4,0xD4,0x309},{0x1ED5,0xF4,0x309},{0x1ED6,0xD4,0x303},
    {0x1ED7,0xF4,0x303},{0x1ED8,0x1ECC,0x302},{0x1ED9,0x1ECD,0x302},{0x1EDA,0x1A0,0x301},{0x1EDB,0x1A1,0x301},
    {0x1EDC,0x1A0,0x300},{0x1EDD,0x1A1,0x300},{0x1EDE,0x1A0,0x309},{0x1EDF,0x1A1,0x309},{0x1EE0,0x1A0,0x303},
    {0x1EE1,0x1A1,0x303},{0x1EE2,0x1A0,0x323},{0x1EE3,0x1A1,0x323},{0x1EE4,0x55,0x323},{0x1EE5,0x75,0x323},
    {0x1EE6,0x55,0x309},{0x1EE7,0x75,0x309},{0x1EE8,0x1AF,0x301},{0x1EE9,0x1B0,0x301},{0x1EEA,0x1AF,0x300},
    {0x1EEB,0x1B0,0x300},{0x1EEC,0x1AF,0x309},{0x1EED,0x1B0,0x309},{0x1EEE,0x1AF,0x303},{0x1EEF,0x1B0,0x303},
    {0x1EF0,0x1AF,0x323},{0x1EF1,0x1B0,0x323},{0x1EF2,0x59,0x300},{0x1EF3,0x79,0x300},{0x1EF4,0x59,0x323},
    {0x1EF5,0x79,0x323},{0x1EF6,0x59,0x309},{0x1EF7,0x79,0x309},{0x1EF8,0x59,0x303},{0x1EF9,0x79,0x303},
    {0x1F00,0x3B1,0x313},{0x1F01,0x3B1,0x314},{0x1F02,0x1F00,0x300},{0x1F03,0x1F01,0x300},{0x1F04,0x1F00,0x301},
    {0x1F05,0x1F01,0x301},{0x1F06,0x1F00,0x342},{0x1F07,0x1F01,0x342},{0x1F08,0x391,0x313},{0x1F09,0x391,0x314},
    {0x1F0A,0x1F08,0x300},{0x1F0B,0x1F09,0x300},{0x1F0C,0x1F08,0x301},{0x1F0D,0x1F09,0x301},{0x1F0E,0x1F08,0x342},
    {0x1F0F,0x1F09,0x342},{0x1F10,0x3B5,0x313},{0x1F11,0x3B5,0x314},{0x1F12,0x1F10,0x300},{0x1F13,0x1F11,0x300},
    {0x1F14,0x1F10,0x301},{0x1F15,0x1F11,0x301},{0x1F18,0x395,0x313},{0x1F19,0x395,0x314},{0x1F1A,0x1F18,0x300},
    {0x1F1B,0x1F19,0x300},{0x1F1C,0x1F18,0x301},{0x1F1D,0x1F19,0x301},{0x1F20,0x3B7,0x313},{0x1F21,0x3B7,0x314},
    {0x1F22,0x1F20,0x300},{0x1F23,0x1F21,0x300},{0x1F24,0x1F20,0x301},{0x1F25,0x1F21,0x301},{0x1F26,0x1F20,0x342},
    {0x1F27,0x1F21,0x342},{0x1F28,0x397,0x313},{0x1F29,0x397,0x314},{0x1F2A,0x1F28,0x300},{0x1F2B,0x1F29,0x300},
    {0x1F2C,0x1F28,0x301},{0x1F2D,0x1F29,0x301},{0x1F2E,0x1F28,0x342},{0x1F2F,0x1F29,0x342},{0x1F30,0x3B9,0x313},
    {0x1F31,0x3B9,0x314},{0x1F32,0x1F30,0x300},{0x1F33,0x1F31,0x300},{0x1F34,0x1F30,0x301},{0x1F35,0x1F31,0x301},
    {0x1F36,0x1F30,0x342},{0x1F37,0x1F31,0x342},{0x1F38,0x399,0x313},{0x1F39,0x399,0x314},{0x1F3A,0x1F38,0x300},
    {0x1F3B,0x1F39,0x300},{0x1F3C,0x1F38,0x301},{0x1F3D,0x1F39,0x301},{0x1F3E,0x1F38,0x342},{0x1F3F,0x1F39,0x342},
    {0x1F40,0x3BF,0x313},{0x1F41,0x3BF,0x314},{0x1F42,0x1F40,0x300},{0x1F43,0x1F41,0x300},{0x1F44,0x1F40,0x301},
    {0x1F45,0x1F41,0x301},{0x1F48,0x39F,0x313},{0x1F49,0x39F,0x314},{0x1F4A,0x1F48,0x300},{0x1F4B,0x1F49,0x300},
    {0x1F4C,0x1F48,0x301},{0x1F4D,0x1F49,0x301},{0x1F50,0x3C5,0x313},{0x1F51,0x3C5,0x314},{0x1F52,0x1F50,0x300},
    {0x1F53,0x1F51,0x300},{0x1F54,0x1F50,0x301},{0x1F55,0x1F51,0x301},{0x1F56,0x1F50,0x342},{0x1F57,0x1F51,0x342},
    {0x1F59,0x3A5,0x314},{0x1F5B,0x1F59,0x300},{0x1F5D,0x1F59,0x301},{0x1F5F,0x1F59,0x342},{0x1F60,0x3C9,0x313},
    {0x1F61,0x3C9,0x314},{0x1F62,0x1F60,0x300},{0x1F63,0x1F61,0x300},{0x1F64,0x1F60,0x301},{0x1F65,0x1F61,0x301},
    {0x1F66,0x1F60,0x342},{0x1F67,0x1F61,0x342},{0x1F68,0x3A9,0x313},{0x1F69,0x3A9,0x314},{0x1F6A,0x1F68,0x300},
    {0x1F6B,0x1F69,0x300},{0x1F6C,0x1F68,0x301},{0x1F6D,0x1F69,0x301},{0x1F6E,0x1F68,0x342},{0x1F6F,0x1F69,0x342},
    {0x1F70,0x3B1,0x300},{0x1F71,0x3AC,0x0},{0x1F72,0x3B5,0x300},{0x1F73,0x3AD,0x0},{0x1F74,0x3B7,0x300},
    {0x1F75,0x3AE,0x0},{0x1F76,0x3B9,0x300},{0x1F77,0x3AF,0x0},{0x1F78,0x3BF,0x300},{0x1F79,0x3CC,0x0},
    {0x1F7A,0x3C5,0x300},{0x1F7B,0x3CD,0x0},{0x1F7C,0x3C9,0x300},{0x1F7D,0x3CE,0x0},{0x1F80,0x1F00,0x345},
    {0x1F81,0x1F01,0x345},{0x1F82,0x1F02,0x345},{0x1F83,0x1F03,0x345},{0x1F84,0x1F04,0x345},{0x1F85,0x1F05,0x345},
    {0x1F86,0x1F06,0x345},{0x1F87,0x1F07,0x345},{0x1F88,0x1F08,0x345},{0x1F89,0x1F09,0x345},{0x1F8A,0x1F0A,0x345},
    {0x1F8B,0x1F0B,0x345},{0x1F8C,0x1F0C,0x345},{0x1F8D,0x1F0D,0x345},{0x1F8E,0x1F0E,0x345},{0x1F8F,0x1F0F,0x345},
    {0x1F90,0x1F20,0x345},{0x1F91,0x1F21,0x345},{0x1F92,0x1F22,0x345},{0x1F93,0x1F23,0x345},{0x1F94,0x1F24,0x345},
    {0x1F95,0x1F25,0x345},{0x1F96,0x1F26,0x345},{0x1F97,0x1F27,0x345},{0x1F98,0x1F28,0x345},{0x1F99,0x1F29,0x345},
    {0x1F9A,0x1F2A,0x345},{0x1F9B,0x1F2B,0x345},{0x1F9C,0x1F2C,0x345},{0x1F9D,0x1F2D,0x345},{0x1F9E,0x1F2E,0x345},
    {0x1F9F,0x1F2F,0x345},{0x1FA0,0x1F60,0x345},{0x1FA1,0x1F61,0x345},{0x1FA2,0x1F62,0x345},{0x1FA3,0x1F63,0x345},
    {0x1FA4,0x1F64,0x345},{0x1FA5,0x1F65,0x345},{0x1FA6,0x1F66,0x345},{0x1FA7,0x1F67,0x345},{0x1FA8,0x1F68,0x345},
    {0x1FA9,0x1F69,0x345},{0x1FAA,0x1F6A,0x345},{0x1FAB,0x1F6B,0x345},{0x1FAC,0x1F6C,0x345},{0x1FAD,0x1F6D,0x345},
    {0x1FAE,0x1F6E,0x345},{0x1FAF,0x1F6F,0x345},{0x1FB0,0x3B1,0x306},{0x1FB1,0x3B1,0x304},{0x1FB2,0x1F70,0x345},
    {0x1FB3,0x3B1,0x345},{0x1FB4,0x3AC,0x345},{0x1FB6,0x3B1,0x342},{0x1FB7,0x1FB6,0x345},{0x1FB8,0x391,0x306},
    {0x1FB9,0x391,0x304},{0x1FBA,0x391,0x300},{0x1FBB,0x386,0x0},{0x1FBC,0x391,0x345},{0x1FBE,0x3B9,0x0},
    {0x1FC1,0xA8,0x342},{0x1FC2,0x1F74,0x345},{0x1FC3,0x3B7,0x345},{0x1FC4,0x3AE,0x345},{0x1FC6,0x3B7,0x342},
    {0x1FC7,0x1FC6,0x345},{0x1FC8,0x395,0x300},{0x1FC9,0x388,0x0},{0x1FCA,0x397,0x300},{0x1FCB,0x389,0x0},
    {0x1FCC,0x397,0x345},{0x1FCD,0x1FBF,0x300},{0x1FCE,0x1FBF,0x301},{0x1FCF,0x1FBF,0x342},{0x1FD0,0x3B9,0x306},
    {0x1FD1,0x3B9,0x304},{0x1FD2,0x3CA,0x300},{0x1FD3,0x390,0x0},{0x1FD6,0x3B9,0x342},{0x1FD7,0x3CA,0x342},
    {0x1FD8,0x399,0x306},{0x1FD9,0x399,0x304},{0x1FDA,0x399,0x300},{0x1FDB,0x38A,0x0},{0x1FDD,0x1FFE,0x300},
    {0x1FDE,0x1FFE,0x301},{0x1FDF,0x1FFE,0x342},{0x1FE0,0x3C5,0x306},{0x1FE1,0x3C5,0x304},{0x1FE2,0x3CB,0x300},
    {0x1FE3,0x3B0,0x0},{0x1FE4,0x3C1,0x313},{0x1FE5,0x3C1,0x314},{0x1FE6,0x3C5,0x342},{0x1FE7,0x3CB,0x342},
    {0x1FE8,0x3A5,0x306},{0x1FE9,0x3A5,0x304},{0x1FEA,0x3A5,0x300},{0x1FEB,0x38E,0x0},{0x1FEC,0x3A1,0x314},
    {0x1FED,0xA8,0x300},{0x1FEE,0x385,0x0},{0x1FEF,0x60,0x0},{0x1FF2,0x1F7C,0x345},{0x1FF3,0x3C9,0x345},
    {0x1FF4,0x3CE,0x345},{0x1FF6,0x3C9,0x342},{0x1FF7,0x1FF6,0x345},{0x1FF8,0x39F,0x300},{0x1FF9,0x38C,0x0},
    {0x1FFA,0x3A9,0x300},{0x1FFB,0x38F,0x0},{0x1FFC,0x3A9,0x345},{0x1FFD,0xB4,0x0},{0x2000,0x2002,0x0},
    {0x2001,0x2003,0x0},{0x2126,0x3A9,0x0},{0x212A,0x4B,0x0},{0x212B,0xC5,0x0},{0x219A,0x2190,0x338},
    {0x219B,0x2192,0x338},{0x21AE,0x2194,0x338},{0x21CD,0x21D0,0x338},{0x21CE,0x21D4,0x338},{0x21CF,0x21D2,0x338},
    {0x2204,0x2203,0x338},{0x2209,0x2208,0x338},{0x220C,0x220B,0x338},{0x2224,0x2223,0x338},{0x2226,0x2225,0x338},
    {0x2241,0x223C,0x338},{0x2244,0x2243,0x338},{0x2247,0x2245,0x338},{0x2249,0x2248,0x338},{0x2260,0x3D,0x338},
    {0x2262,0x2261,0x338},{0x226D,0x224D,0x338},{0x226E,0x3C,0x338},{0x226F,0x3E,0x338},{0x2270,0x2264,0x338},
    {0x2271,0x2265,0x338},{0x2274,0x2272,0x338},{0x2275,0x2273,0x338},{0x2278,0x2276,0x338},{0x2279,0x2277,0x338},
    {0x2280,0x227A,0x338},{0x2281,0x227B,0x338},{0x2284,0x2282,0x338},{0x2285,0x2283,0x338},{0x2288,0x2286,0x338},
    {0x2289,0x2287,0x338},{0x22AC,0x22A2,0x338},{0x22AD,0x22A8,0x338},{0x22AE,0x22A9,0x338},{0x22AF,0x22AB,0x338},
    {0x22E0,0x227C,0x338},{0x22E1,0x227D,0x338},{0x22E2,0x2291,0x338},{0x22E3,0x2292,0x338},{0x22EA,0x22B2,0x338},
    {0x22EB,0x22B3,0x338},{0x22EC,0x22B4,0x338},{0x22ED,0x22B5,0x338},{0x2329,0x3008,0x0},{0x232A,0x3009,0x0},
    {0x2ADC,0x2ADD,0x338},{0x304C,0x304B,0x3099},{0x304E,0x304D,0x3099},{0x3050,0x304F,0x3099},{0x3052,0x3051,0x3099},
    {0x3054,0x3053,0x3099},{0x3056,0x3055,0x3099},{0x3058,0x3057,0x3099},{0x305A,0x3059,0x3099},{0x305C,0x305B,0x3099},
    {0x305E,0x305D,0x3099},{0x3060,0x305F,0x3099},{0x3062,0x3061,0x3099},{0x3065,0x3064,0x3099},{0x3067,0x3066,0x3099},
    {0x3069,0x3068,0x3099},{0x3070,0x306F,0x3099},{0x3071,0x306F,0x309A},{0x3073,0x3072,0x3099},{0x3074,0x3072,0x309A},
    {0x3076,0x3075,0x3099},{0x3077,0x3075,0x309A},{0x3079,0x3078,0x3099},{0x307A,0x3078,0x309A},{0x307C,0x307B,0x3099},
    {0x307D,0x307B,0x309A},{0x3094,0x3046,0x3099},{0x309E,0x309D,0x3099},{0x30AC,0x30AB,0x3099},{0x30AE,0x30AD,0x3099},
    {0x30B0,0x30AF,0x3099},{0x30B2,0x30B1,0x3099},{0x30B4,0x30B3,0x3099},{0x30B6,0x30B5,0x3099},{0x30B8,0x30B7,0x3099},
    {0x30BA,0x30B9,0x3099},{0x30BC,0x30BB,0x3099},{0x30BE,0x30BD,0x3099},{0x30C0,0x30BF,0x3099},{0x30C2,0x30C1,0x3099},
    {0x30C5,0x30C4,0x3099},{0x30C7,0x30C6,0x3099},{0x30C9,0x30C8,0x3099},{0x30D0,0x30CF,0x3099},{0x30D1,0x30CF,0x309A},
    {0x30D3,0x30D2,0x3099},{0x30D4,0x30D2,0x309A},{0x30D6,0x30D5,0x3099},{0x30D7,0x30D5,0x309A},{0x30D9,0x30D8,0x3099},
    {0x30DA,0x30D8,0x309A},{0x30DC,0x30DB,0x3099},{0x30DD,0x30DB,0x309A},{0x30F4,0x30A6,0x3099},{0x30F7,0x30EF,0x3099},
    {0x30F8,0x30F0,0x3099},{0x30F9,0x30F1,0x3099},{0x30FA,0x30F2,0x3099},{0x30FE,0x30FD,0x3099},{0xF900,0x8C48,0x0},
    {0xF901,0x66F4,0x0},{0xF902,0x8ECA,0x0},{0xF903,0x8CC8,0x0},{0xF904,0x6ED1,0x0},{0xF905,0x4E32,0x0},
    {0xF906,0x53E5,0x0},{0xF907,0x9F9C,0x0},{0xF908,0x9F9C,0x0},{0xF909,0x5951,0x0},{0xF90A,0x91D1,0x0},
    {0xF90B,0x5587,0x0},{0xF90C,0x5948,0x0},{0xF90D,0x61F6,0x0},{0xF90E,0x7669,0x0},{0xF90F,0x7F85,0x0},
    {0xF910,0x863F,0x0},{0xF911,0x87BA,0x0},{0xF912,0x88F8,0x0},{0xF913,0x908F,0x0},{0xF914,0x6A02,0x0},
    {0xF915,0x6D1B,0x0},{0xF916,0x70D9,0x0},{0xF917,0x73DE,0x0},{0xF918,0x843D,0x0},{0xF919,0x916A,0x0},
    {0xF91A,0x99F1,0x0},{0xF91B,0x4E82,0x0},{0xF91C,0x5375,0x0},{0xF91D,0x6B04,0x0},{0xF91E,0x721B,0x0},
    {0xF91F,0x862D,0x0},{0xF920,0x9E1E,0x0},{0xF921,0x5D50,0x0},{0xF922,0x6FEB,0x0},{0xF923,0x85CD,0x0},
    {0xF924,0x8964,0x0},{0xF925,0x62C9,0x0},{0xF926,0x81D8,0x0},{0xF927,0x881F,0x0},{0xF928,0x5ECA,0x0},
    {0xF929,0x6717,0x0},{0xF92A,0x6D6A,0x0},{0xF92B,0x72FC,0x0},{0xF92C,0x90CE,0x0},{0xF92D,0x4F86,0x0},
    {0xF92E,0x51B7,0x0},{0xF92F,0x52DE,0x0},{0xF930,0x64C4,0x0},{0xF931,0x6AD3,0x0},{0xF932,0x7210,0x0},
    {0xF933,0x76E7,0x0},{0xF934,0x8001,0x0},{0xF935,0x8606,0x0},{0xF936,0x865C,0x0},{0xF937,0x8DEF,0x0},
    {0xF938,0x9732,0x0},{0xF939,0x9B6F,0x0},{0xF93A,0x9DFA,0x0},{0xF93B,0x788C,0x0},{0xF93C,0x797F,0x0},
    {0xF93D,0x7DA0,0x0},{0xF93E,0x83C9,0x0},{0xF93F,0x9304,0x0},{0xF940,0x9E7F,0x0},{0xF941,0x8AD6,0x0},
    {0xF942,0x58DF,0x0},{0xF943,0x5F04,0x0},{0xF944,0x7C60,0x0},{0xF945,0x807E,0x0},{0xF946,0x7262,0x0},
    {0xF947,0x78CA,0x0},{0xF948,0x8CC2,0x0},{0xF949,0x96F7,0x0},{0xF94A,0x58D8,0x0},{0xF94B,0x5C62,0x0},
    {0xF94C,0x6A13,0x0},{0xF94D,0x6DDA,0x0},{0xF94E,0x6F0F,0x0},{0xF94F,0x7D2F,0x0},{0xF950,0x7E37,0x0},
    {0xF951,0x964B,0x0},{0xF952,0x52D2,0x0},{0xF953,0x808B,0x0},{0xF954,0x51DC,0x0},{0xF955,0x51CC,0x0},
    {0xF956,0x7A1C,0x0},{0xF957,0x7DBE,0x0},{0xF958,0x83F1,0x0},{0xF959,0x9675,0x0},{0xF95A,0x8B80,0x0},
    {0xF95B,0x62CF,0x0},{0xF95C,0x6A02,0x0},{0xF95D,0x8AFE,0x0},{0xF95E,0x4E39,0x0},{0xF95F,0x5BE7,0x0},
    {0xF960,0x6012,0x0},{0xF961,0x7387,0x0},{0xF962,0x7570,0x0},{0xF963,0x5317,0x0},{0xF964,0x78FB,0x0},
    {0xF965,0x4FBF,0x0},{0xF966,0x5FA9,0x0},{0xF967,0x4E0D,0x0},{0xF968,0x6CCC,0x0},{0xF969,0x6578,0x0},
    {0xF96A,0x7D22,0x0},{0xF96B,0x53C3,0x0},{0xF96C,0x585E,0x0},{0xF96D,0x7701,0x0},{0xF96E,0x8449,0x0},
    {0xF96F,0x8AAA,0x0},{0xF970,0x6BBA,0x0},{0xF971,0x8FB0,0x0},{0xF972,0x6C88,0x0},{0xF973,0x62FE,0x0},
    {0xF974,0x82E5,0x0},{0xF975,0x63A0,0x0},{0xF976,0x7565,0x0},{0xF977,0x4EAE,0x0},{0xF978,0x5169,0x0},
    {0xF979,0x51C9,0x0},{0xF97A,0x6881,0x0},{0xF97B,0x7CE7,0x0},{0xF97C,0x826F,0x0},{0xF97D,0x8AD2,0x0},
    {0xF97E,0x91CF,0x0},{0xF97F,0x52F5,0x0},{0xF980,0x5442,0x0},{0xF981,0x5973,0x0},{0xF982,0x5EEC,0x0},
    {0xF983,0x65C5,0x0},{0xF984,0x6FFE,0x0},{0xF985,0x792A,0x0},{0xF986,0x95AD,0x0},{0xF987,0x9A6A,0x0},
    {0xF988,0x9E97,0x0},{0xF989,0x9ECE,0x0},{0xF98A,0x529B,0x0},{0xF98B,0x66C6,0x0},{0xF98C,0x6B77,0x0},
    {0xF98D,0x8F62,0x0},{0xF98E,0x5E74,0x0},{0xF98F,0x6190,0x0},{0xF990,0x6200,0x0},{0xF991,0x649A,0x0},
    {0xF992,0x6F23,0x0},{0xF993,0x7149,0x0},{0xF994,0x7489,0x0},{0xF995,0x79CA,0x0},{0xF996,0x7DF4,0x0},
    {0xF997,0x806F,0x0},{0xF998,0x8F26,0x0},{0xF999,0x84EE,0x0},{0xF99A,0x9023,0x0},{0xF99B,0x934A,0x0},
    {0xF99C,0x5217,0x0},{0xF99D,0x52A3,0x0},{0xF99E,0x54BD,0x0},{0xF99F,0x70C8,0x0},{0xF9A0,0x88C2,0x0},
    {0xF9A1,0x8AAA,0x0},{0xF9A2,0x5EC9,0x0},{0xF9A3,0x5FF5,0x0},{0xF9A4,0x637B,0x0},{0xF9A5,0x6BAE,0x0},
    {0xF9A6,0x7C3E,0x0},{0xF9A7,0x7375,0x0},{0xF9A8,0x4EE4,0x0},{0xF9A9,0x56F9,0x0},{0xF9AA,0x5BE7,0x0},
    {0xF9AB,0x5DBA,0x0},{0xF9AC,0x601C,0x0},{0xF9AD,0x73B2,0x0},{0xF9AE,0x7469,0x0},{0xF9AF,0x7F9A,0x0},
    {0xF9B0,0x8046,0x0},{0xF9B1,0x9234,0x0},{0xF9B2,0x96F6,0x0},{0xF9B3,0x9748,0x0},{0xF9B4,0x9818,0x0},
    {0xF9B5,0x4F8B,0x0},{0xF9B6,0x79AE,0x0},{0xF9B7,0x91B4,0x0},{0xF9B8,0x96B8,0x0},{0xF9B9,0x60E1,0x0},
    {0xF9BA,0x4E86,0x0},{0xF9BB,0x50DA,0x0},{0xF9BC,0x5BEE,0x0},{0xF9BD,0x5C3F,0x0},{0xF9BE,0x6599,0x0},
    {0xF9BF,0x6A02,0x0},{0xF9C0,0x71CE,0x0},{0xF9C1,0x7642,0x0},{0xF9C2,0x84FC,0x0},{0xF9C3,0x907C,0x0},
    {0xF9C4,0x9F8D,0x0},{0xF9C5,0x6688,0x0},{0xF9C6,0x962E,0x0},{0xF9C7,0x5289,0x0},{0xF9C8,0x677B,0x0},
    {0xF9C9,0x67F3,0x0},{0xF9CA,0x6D41,0x0},{0xF9CB,0x6E9C,0x0},{0xF9CC,0x7409,0x0},{0xF9CD,0x7559,0x0},
    {0xF9CE,0x786B,0x0},{0xF9CF,0x7D10,0x0},{0xF9D0,0x985E,0x0},{0xF9D1,0x516D,0x0},{0xF9D2,0x622E,0x0},
    {0xF9D3,0x9678,0x0},{0xF9D4,0x502B,0x0},{0xF9D5,0x5D19,0x0},{0xF9D6,0x6DEA,0x0},{0xF9D7,0x8F2A,0x0},
    {0xF9D8,0x5F8B,0x0},{0xF9D9,0x6144,0x0},{0xF9DA,0x6817,0x0},{0xF9DB,0x7387,0x0},{0xF9DC,0x9686,0x0},
    {0xF9DD,0x5229,0x0},{0xF9DE,0x540F,0x0},{0xF9DF,0x5C65,0x0},{0xF9E0,0x6613,0x0},{0xF9E1,0x674E,0x0},
    {0xF9E2,0x68A8,0x0},{0xF9E3,0x6CE5,0x0},{0xF9E4,0x7406,0x0},{0xF9E5,0x75E2,0x0},{0xF9E6,0x7F79,0x0},
    {0xF9E7,0x88CF,0x0},{0xF9E8,0x88E1,0x0},{0xF9E9,0x91CC,0x0},{0xF9EA,0x96E2,0x0},{0xF9EB,0x533F,0x0},
    {0xF9EC,0x6EBA,0x0},{0xF9ED,0x541D,0x0},{0xF9EE,0x71D0,0x0},{0xF9EF,0x7498,0x0},{0xF9F0,0x85FA,0x0},
    {0xF9F1,0x96A3,0x0},{0xF9F2,0x9C57,0x0},{0xF9F3,0x9E9F,0x0},{0xF9F4,0x6797,0x0},{0xF9F5,0x6DCB,0x0},
    {0xF9F6,0x81E8,0x0},{0xF9F7,0x7ACB,0x0},{0xF9F8,0x7B20,0x0},{0xF9F9,0x7C92,0x0},{0xF9FA,0x72C0,0x0},
    {0xF9FB,0x7099,0x0},{0xF9FC,0x8B58,0x0},{0xF9FD,0x4EC0,0x0},{0xF9FE,0x8336,0x0},{0xF9FF,0x523A,0x0},
    {0xFA00,0x5207,0x0},{0xFA01,0x5EA6,0x0},{0xFA02,0x62D3,0x0},{0xFA03,0x7CD6,0x0},{0xFA04,0x5B85,0x0},
    {0xFA05,0x6D1E,0x0},{0xFA06,0x66B4,0x0},{0xFA07,0x8F3B,0x0},{0xFA08,0x884C,0x0},{0xFA09,0x964D,0x0},
    {0xFA0A,0x898B,0x0},{0xFA0B,0x5ED3,0x0},{0xFA0C,0x5140,0x0},{0xFA0D,0x55C0,0x0},{0xFA10,0x585A,0x0},
    {0xFA12,0x6674,0x0},{0xFA15,0x51DE,0x0},{0xFA16,0x732A,0x0},{0xFA17,0x76CA,0x0},{0xFA18,0x793C,0x0},
    {0xFA19,0x795E,0x0},{0xFA1A,0x7965,0x0},{0xFA1B,0x798F,0x0},{0xFA1C,0x9756,0x0},{0xFA1D,0x7CBE,0x0},
    {0xFA1E,0x7FBD,0x0},{0xFA20,0x8612,0x0},{0xFA22,0x8AF8,0x0},{0xFA25,0x9038,0x0},{0xFA26,0x90FD,0x0},
    {0xFA2A,0x98EF,0x0},{0xFA2B,0x98FC,0x0},{0xFA2C,0x9928,0x0},{0xFA2D,0x9DB4,0x0},{0xFA2E,0x90DE,0x0},
    {0xFA2F,0x96B7,0x0},{0xFA30,0x4FAE,0x0},{0xFA31,0x50E7,0x0},{0xFA32,0x514D,0x0},{0xFA33,0x52C9,0x0},
    {0xFA34,0x52E4,0x0},{0xFA35,0x5351,0x0},{0xFA36,0x559D,0x0},{0xFA37,0x5606,0x0},{0xFA38,0x5668,0x0},
    {0xFA39,0x5840,0x0},{0xFA3A,0x58A8,0x0},{0xFA3B,0x5C64,0x0},{0xFA3C,0x5C6E,0x0},{0xFA3D,0x6094,0x0},
    {0xFA3E,0x6168,0x0},{0xFA3F,0x618E,0x0},{0xFA40,0x61F2,0x0},{0xFA41,0x654F,0x0},{0xFA42,0x65E2,0x0},
    {0xFA43,0x6691,0x0},{0xFA44,0x6885,0x0},{0xFA45,0x6D77,0x0},{0xFA46,0x6E1A,0x0},{0xFA47,0x6F22,0x0},
    {0xFA48,0x716E,0x0},{0xFA49,0x722B,0x0},{0xFA4A,0x7422,0x0},{0xFA4B,0x7891,0x0},{0xFA4C,0x793E,0x0},
    {0xFA4D,0x7949,0x0},{0xFA4E,0x7948,0x0},{0xFA4F,0x7950,0x0},{0xFA50,0x7956,0x0},{0xFA51,0x795D,0x0},
    {0xFA52,0x798D,0x0},{0xFA53,0x798E,0x0},{0xFA54,0x7A40,0x0},{0xFA55,0x7A81,0x0},{0xFA56,0x7BC0,0x0},
    {0xFA57,0x7DF4,0x0},{0xFA58,0x7E09,0x0},{0xFA59,0x7E41,0x0},{0xFA5A,0x7F72,0x0},{0xFA5B,0x8005,0x0},
    {0xFA5C,0x81ED,0x0},{0xFA5D,0x8279,0x0},{0xFA5E,0x8279,0x0},{0xFA5F,0x8457,0x0},{0xFA60,0x8910,0x0},
    {0xFA61,0x8996,0x0},{0xFA62,0x8B01,0x0},{0xFA63,0x8B39,0x0},{0xFA64,0x8CD3,0x0},{0xFA65,0x8D08,0x0},
    {0xFA66,0x8FB6,0x0},{0xFA67,0x9038,0x0},{0xFA68,0x96E3,0x0},{0xFA69,0x97FF,0x0},{0xFA6A,0x983B,0x0},
    {0xFA6B,0x6075,0x0},{0xFA6C,0x242EE,0x0},{0xFA6D,0x8218,0x0},{0xFA70,0x4E26,0x0},{0xFA71,0x51B5,0x0},
    {0xFA72,0x5168,0x0},{0xFA73,0x4F80,0x0},{0xFA74,0x5145,0x0},{0xFA75,0x5180,0x0},{0xFA76,0x52C7,0x0},
    {0xFA77,0x52FA,0x0},{0xFA78,0x559D,0x0},{0xFA79,0x5555,0x0},{0xFA7A,0x5599,0x0},{0xFA7B,0x55E2,0x0},
    {0xFA7C,0x585A,0x0},{0xFA7D,0x58B3,0x0},{0xFA7E,0x5944,0x0},{0xFA7F,0x5954,0x0},{0xFA80,0x5A62,0x0},
    {0xFA81,0x5B28,0x0},{0xFA82,0x5ED2,0x0},{0xFA83,0x5ED9,0x0},{0xFA84,0x5F69,0x0},{0xFA85,0x5FAD,0x0},
    {0xFA86,0x60D8,0x0},{0xFA87,0x614E,0x0},{0xFA88,0x6108,0x0},{0xFA89,0x618E,0x0},{0xFA8A,0x6160,0x0},
    {0xFA8B,0x61F2,0x0},{0xFA8C,0x6234,0x0},{0xFA8D,0x63C4,0x0},{0xFA8E,0x641C,0x0},{0xFA8F,0x6452,0x0},
    {0xFA90,0x6556,0x0},{0xFA91,0x6674,0x0},{0xFA92,0x6717,0x0},{0xFA93,0x671B,0x0},{0xFA94,0x6756,0x0},
    {0xFA95,0x6B79,0x0},{0xFA96,0x6BBA,0x0},{0xFA97,0x6D41,0x0},{0xFA98,0x6EDB,0x0},{0xFA99,0x6ECB,0x0},
    {0xFA9A,0x6F22,0x0},{0xFA9B,0x701E,0x0},{0xFA9C,0x716E,0x0},{0xFA9D,0x77A7,0x0},{0xFA9E,0x7235,0x0},
    {0xFA9F,0x72AF,0x0},{0xFAA0,0x732A,0x0},{0xFAA1,0x7471,0x0},{0xFAA2,0x7506,0x0},{0xFAA3,0x753B,0x0},
    {0xFAA4,0x761D,0x0},{0xFAA5,0x761F,0x0},{0xFAA6,0x76CA,0x0},{0xFAA7,0x76DB,0x0},{0xFAA8,0x76F4,0x0},
    {0xFAA9,0x774A,0x0},{0xFAAA,0x7740,0x0},{0xFAAB,0x78CC,0x0},{0xFAAC,0x7AB1,0x0},{0xFAAD,0x7BC0,0x0},
    {0xFAAE,0x7C7B,0x0},{0xFAAF,0x7D5B,0x0},{0xFAB0,0x7DF4,0x0},{0xFAB1,0x7F3E,0x0},{0xFAB2,0x8005,0x0},
    {0xFAB3,0x8352,0x0},{0xFAB4,0x83EF,0x0},{0xFAB5,0x8779,0x0},{0xFAB6,0x8941,0x0},{0xFAB7,0x8986,0x0},
    {0xFAB8,0x8996,0x0},{0xFAB9,0x8ABF,0x0},{0xFABA,0x8AF8,0x0},{0xFABB,0x8ACB,0x0},{0xFABC,0x8B01,0x0},
    {0xFABD,0x8AFE,0x0},{0xFABE,0x8AED,0x0},{0xFABF,0x8B39,0x0},{0xFAC0,0x8B8A,0x0},{0xFAC1,0x8D08,0x0},
    {0xFAC2,0x8F38,0x0},{0xFAC3,0x9072,0x0},{0xFAC4,0x9199,0x0},{0xFAC5,0x9276,0x0},{0xFAC6,0x967C,0x0},
    {0xFAC7,0x96E3,0x0},{0xFAC8,0x9756,0x0},{0xFAC9,0x97DB,0x0},{0xFACA,0x97FF,0x0},{0xFACB,0x980B,0x0},
    {0xFACC,0x983B,0x0},{0xFACD,0x9B12,0x0},{0xFACE,0x9F9C,0x0},{0xFACF,0x2284A,0x0},{0xFAD0,0x22844,0x0},
    {0xFAD1,0x233D5,0x0},{0xFAD2,0x3B9D,0x0},{0xFAD3,0x4018,0x0},{0xFAD4,0x4039,0x0},{0xFAD5,0x25249,0x0},
    {0xFAD6,0x25CD0,0x0},{0xFAD7,0x27ED3,0x0},{0xFAD8,0x9F43,0x0},{0xFAD9,0x9F8E,0x0},{0xFB1D,0x5D9,0x5B4},
    {0xFB1F,0x5F2,0x5B7},{0xFB2A,0x5E9,0x5C1},{0xFB2B,0x5E9,0x5C2},{0xFB2C,0xFB49,0x5C1},{0xFB2D,0xFB49,0x5C2},
    {0xFB2E,0x5D0,0x5B7},{0xFB2F,0x5D0,0x5B8},{0xFB30,0x5D0,0x5BC},{0xFB31,0x5D1,0x5BC},{0xFB32,0x5D2,0x5BC},
    {0xFB33,0x5D3,0x5BC},{0xFB34,0x5D4,0x5BC},{0xFB35,0x5D5,0x5BC},{0xFB36,0x5D6,0x5BC},{0xFB38,0x5D8,0x5BC},
    {0xFB39,0x5D9,0x5BC},{0xFB3A,0x5DA,0x5BC},{0xFB3B,0x5DB,0x5BC},{0xFB3C,0x5DC,0x5BC},{0xFB3E,0x5DE,0x5BC},
    {0xFB40,0x5E0,0x5BC},{0xFB41,0x5E1,0x5BC},{0xFB43,0x5E3,0x5BC},{0xFB44,0x5E4,0x5BC},{0xFB46,0x5E6,0x5BC},
    {0xFB47,0x5E7,0x5BC},{0xFB48,0x5E8,0x5BC},{0xFB49,0x5E9,0x5BC},{0xFB4A,0x5EA,0x5BC},{0xFB4B,0x5D5,0x5B9},
    {0xFB4C,0x5D1,0x5BF},{0xFB4D,0x5DB,0x5BF},{0xFB4E,0x5E4,0x5BF},{0x1109A,0x11099,0x110BA},{0x1109C,0x1109B,0x110BA},
    {0x110AB,0x110A5,0x110BA},{0x1112E,0x11131,0x11127},{0x1112F,0x11132,0x11127},{0x1134B,0x11347,0x1133E},{0x1134C,0x11347,0x11357},
    {0x114BB,0x114B9,0x114BA},{0x114BC,0x114B9,0x114B0},{0x114BE,0x114B9,0x114BD},{0x115BA,0x115B8,0x115AF},{0x115BB,0x115B9,0x115AF},
    {0x11938,0x11935,0x11930},{0x1D15E,0x1D157,0x1D165},{0x1D15F,0x1D158,0x1D165},{0x1D160,0x1D15F,0x1D16E},{0x1D161,0x1D15F,0x1D16F},
    {0x1D162,0x1D15F,0x1D170},{0x1D163,0x1D15F,0x1D171},{0x1D164,0x1D15F,0x1D172},{0x1D1BB,0x1D1B9,0x1D165},{0x1D1BC,0x1D1BA,0x1D165},
    {0x1D1BD,0x1D1BB,0x1D16E},{0x1D1BE,0x1D1BC,0x1D16E},{0x1D1BF,0x1D1BB,0x1D16F},{0x1D1C0,0x1D1BC,0x1D16F},{0x2F800,0x4E3D,0x0},
    {0x2F801,0x4E38,0x0},{0x2F802,0x4E41,0x0},{0x2F803,0x20122,0x0},{0x2F804,0x4F60,0x0},{0x2F805,0x4FAE,0x0},
    {0x2F806,0x4FBB,0x0},{0x2F807,0x5002,0x0},{0x2F808,0x507A,0x0},{0x2F809,0x5099,0x0},{0x2F80A,0x50E7,0x0},
    {0x2F80B,0x50CF,0x0},{0x2F80C,0x349E,0x0},{0x2F80D,0x2063A,0x0},{0x2F80E,0x514D,0x0},{0x2F80F,0x5154,0x0},
    {0x2F810,0x5164,0x0},{0x2F811,0x5177,0x0},{0x2F812,0x2051C,0x0},{0x2F813,0x34B9,0x0},{0x2F814,0x5167,0x0},
    {0x2F815,0x518D,0x0},{0x2F816,0x2054B,0x0},{0x2F817,0x5197,0x0},{0x2F818,0x51A4,0x0},{0x2F819,0x4ECC,0x0},
    {0x2F81A,0x51AC,0x0},{0x2F81B,0x51B5,0x0},{0x2F81C,0x291DF,0x0},{0x2F81D,0x51F5,0x0},{0x2F81E,0x5203,0x0},
    {0x2F81F,0x34DF,0x0},{0x2F820,0x523B,0x0},{0x2F821,0x5246,0x0},{0x2F822,0x5272,0x0},{0x2F823,0x5277,0x0},
    {0x2F824,0x3515,0x0},{0x2F825,0x52C7,0x0},{0x2F826,0x52C9,0x0},{0x2F827,0x52E4,0x0},{0x2F828,0x52FA,0x0},
    {0x2F829,0x5305,0x0},{0x2F82A,0x5306,0x0},{0x2F82B,0x5317,0x0},{0x2F82C,0x5349,0x0},{0x2F82D,0x5351,0x0},
    {0x2F82E,0x535A,0x0},{0x2F82F,0x5373,0x0},{0x2F830,0x537D,0x0},{0x2F831,0x537F,0x0},{0x2F832,0x537F,0x0},
    {0x2F833,0x537F,0x0},{0x2F834,0x20A2C,0x0},{0x2F835,0x7070,0x0},{0x2F836,0x53CA,0x0},{0x2F837,0x53DF,0x0},
    {0x2F838,0x20B63,0x0},{0x2F839,0x53EB,0x0},{0x2F83A,0x53F1,0x0},{0x2F83B,0x5406,0x0},{0x2F83C,0x549E,0x0},
    {0x2F83D,0x5438,0x0},{0x2F83E,0x5448,0x0},{0x2F83F,0x5468,0x0},{0x2F840,0x54A2,0x0},{0x2F841,0x54F6,0x0},
    {0x2F842,0x5510,0x0},{0x2F843,0x5553,0x0},{0x2F844,0x5563,0x0},{0x2F845,0x5584,0x0},{0x2F846,0x5584,0x0},
    {0x2F847,0x5599,0x0},{0x2F848,0x55AB,0x0},{0x2F849,0x55B3,0x0},{0x2F84A,0x55C2,0x0},{0x2F84B,0x5716,0x0},
    {0x2F84C,0x5606,0x0},{0x2F84D,0x5717,0x0},{0x2F84E,0x5651,0x0},{0x2F84F,0x5674,0x0},{0x2F850,0x5207,0x0},
    {0x2F851,0x58EE,0x0},{0x2F852,0x57CE,0x0},{0x2F853,0x57F4,0x0},{0x2F854,0x580D,0x0},{0x2F855,0x578B,0x0},
    {0x2F856,0x5832,0x0},{0x2F857,0x5831,0x0},{0x2F858,0x58AC,0x0},{0x2F859,0x214E4,0x0},{0x2F85A,0x58F2,0x0},
    {0x2F85B,0x58F7,0x0},{0x2F85C,0x5906,0x0},{0x2F85D,0x591A,0x0},{0x2F85E,0x5922,0x0},{0x2F85F,0x5962,0x0},
    {0x2F860,0x216A8,0x0},{0x2F861,0x216EA,0x0},{0x2F862,0x59EC,0x0},{0x2F863,0x5A1B,0x0},{0x2F864,0x5A27,0x0},
    {0x2F865,0x59D8,0x0},{0x2F866,0x5A66,0x0},{0x2F867,0x36EE,0x0},{0x2F868,0x36FC,0x0},{0x2F869,0x5B08,0x0},
    {0x2F86A,0x5B3E,0x0},{0x2F86B,0x5B3E,0x0},{0x2F86C,0x219C8,0x0},{0x2F86D,0x5BC3,0x0},{0x2F86E,0x5BD8,0x0},
    {0x2F86F,0x5BE7,0x0},{0x2F870,0x5BF3,0x0},{0x2F871,0x21B18,0x0},{0x2F872,0x5BFF,0x0},{0x2F873,0x5C06,0x0},
    {0x2F874,0x5F53,0x0},{0x2F875,0x5C22,0x0},{0x2F876,0x3781,0x0},{0x2F877,0x5C60,0x0},{0x2F878,0x5C6E,0x0},
    {0x2F879,0x5CC0,0x0},{0x2F87A,0x5C8D,0x0},{0x2F87B,0x21DE4,0x0},{0x2F87C,0x5D43,0x0},{0x2F87D,0x21DE6,0x0},
    {0x2F87E,0x5D6E,0x0},{0x2F87F,0x5D6B,0x0},{0x2F880,0x5D7C,0x0},{0x2F881,0x5DE1,0x0},{0x2F882,0x5DE2,0x0},
    {0x2F883,0x382F,0x0},{0x2F884,0x5DFD,0x0},{0x2F885,0x5E28,0x0},{0x2F886,0x5E3D,0x0},{0x2F887,0x5E69,0x0},
    {0x2F888,0x3862,0x0},{0x2F889,0x22183,0x0},{0x2F88A,0x387C,0x0},{0x2F88B,0x5EB0,0x0},{0x2F88C,0x5EB3,0x0},
    {0x2F88D,0x5EB6,0x0},{0x2F88E,0x5ECA,0x0},{0x2F88F,0x2A392,0x0},{0x2F890,0x5EFE,0x0},{0x2F891,0x22331,0x0},
    {0x2F892,0x22331,0x0},{0x2F893,0x8201,0x0},{0x2F894,0x5F22,0x0},{0x2F895,0x5F22,0x0},{0x2F896,0x38C7,0x0},
    {0x2F897,0x232B8,0x0},{0x2F898,0x261DA,0x0},{0x2F899,0x5F62,0x0},{0x2F89A,0x5F6B,0x0},{0x2F89B,0x38E3,0x0},
    {0x2F89C,0x5F9A,0x0},{0x2F89D,0x5FCD,0x0},{0x2F89E,0x5FD7,0x0},{0x2F89F,0x5FF9,0x0},{0x2F8A0,0x6081,0x0},
    {0x2F8A1,0x393A,0x0},{0x2F8A2,0x391C,0x0},{0x2F8A3,0x6094,0x0},{0x2F8A4,0x226D4,0x0},{0x2F8A5,0x60C7,0x0},
    {0x2F8A6,0x6148,0x0},{0x2F8A7,0x614C,0x0},{0x2F8A8,0x614E,0x0},{0x2F8A9,0x614C,0x0},{0x2F8AA,0x617A,0x0},
    {0x2F8AB,0x618E,0x0},{0x2F8AC,0x61B2,0x0},{0x2F8AD,0x61A4,0x0},{0x2F8AE,0x61AF,0x0},{0x2F8AF,0x61DE,0x0},
    {0x2F8B0,0x61F2,0x0},{0x2F8B1,0x61F6,0x0},{0x2F8B2,0x6210,0x0},{0x2F8B3,0x621B,0x0},{0x2F8B4,0x625D,0x0},
    {0x2F8B5,0x62B1,0x0},{0x2F8B6,0x62D4,0x0},{0x2F8B7,0x6350,0x0},{0x2F8B8,0x22B0C,0x0},{0x2F8B9,0x633D,0x0},
    {0x2F8BA,0x62FC,0x0},{0x2F8BB,0x6368,0x0},{0x2F8BC,0x6383,0x0},{0x2F8BD,0x63E4,0x0},{0x2F8BE,0x22BF1,0x0},
    {0x2F8BF,0x6422,0x0},{0x2F8C0,0x63C5,0x0},{0x2F8C1,0x63A9,0x0},{0x2F8C2,0x3A2E,0x0},{0x2F8C3,0x6469,0x0},
    {0x2F8C4,0x647E,0x0},{0x2F8C5,0x649D,0x0},{0x2F8C6,0x6477,0x0},{0x2F8C7,0x3A6C,0x0},{0x2F8C8,0x654F,0x0},
    {0x2F8C9,0x656C,0x0},{0x2F8CA,0x2300A,0x0},{0x2F8CB,0x65E3,0x0},{0x2F8CC,0x66F8,0x0},{0x2F8CD,0x6649,0x0},
    {0x2F8CE,0x3B19,0x0},{0x2F8CF,0x6691,0x0},{0x2F8D0,0x3B08,0x0},{0x2F8D1,0x3AE4,0x0},{0x2F8D2,0x5192,0x0},
    {0x2F8D3,0x5195,0x0},{0x2F8D4,0x6700,0x0},{0x2F8D5,0x669C,0x0},{0x2F8D6,0x80AD,0x0},{0x2F8D7,0x43D9,0x0},
    {0x2F8D8,0x6717,0x0},{0x2F8D9,0x671B,0x0},{0x2F8DA,0x6721,0x0},{0x2F8DB,0x675E,0x0},{0x2F8DC,0x6753,0x0},
    {0x2F8DD,0x233C3,0x0},{0x2F8DE,0x3B49,0x0},{0x2F8DF,0x67FA,0x0},{0x2F8E0,0x6785,0x0},{0x2F8E1,0x6852,0x0},
    {0x2F8E2,0x6885,0x0},{0x2F8E3,0x2346D,0x0},{0x2F8E4,0x688E,0x0},{0x2F8E5,0x681F,0x0},{0x2F8E6,0x6914,0x0},
    {0x2F8E7,0x3B9D,0x0},{0x2F8E8,0x6942,0x0},{0x2F8E9,0x69A3,0x0},{0x2F8EA,0x69EA,0x0},{0x2F8EB,0x6AA8,0x0},
    {0x2F8EC,0x236A3,0x0},{0x2F8ED,0x6ADB,0x0},{0x2F8EE,0x3C18,0x0},{0x2F8EF,0x6B21,0x0},{0x2F8F0,0x238A7,0x0},
    {0x2F8F1,0x6B54,0x0},{0x2F8F2,0x3C4E,0x0},{0x2F8F3,0x6B72,0x0},{0x2F8F4,0x6B9F,0x0},{0x2F8F5,0x6BBA,0x0},
    {0x2F8F6,0x6BBB,0x0},{0x2F8F7,0x23A8D,0x0},{0x2F8F8,0x21D0B,0x0},{0x2F8F9,0x23AFA,0x0},{0x2F8FA,0x6C4E,0x0},
    {0x2F8FB,0x23CBC,0x0},{0x2F8FC,0x6CBF,0x0},{0x2F8FD,0x6CCD,0x0},{0x2F8FE,0x6C67,0x0},{0x2F8FF,0x6D16,0x0},
    {0x2F900,0x6D3E,0x0},{0x2F901,0x6D77,0x0},{0x2F902,0x6D41,0x0},{0x2F903,0x6D69,0x0},{0x2F904,0x6D78,0x0},
    {0x2F905,0x6D85,0x0},{0x2F906,0x23D1E,0x0},{0x2F907,0x6D34,0x0},{0x2F908,0x6E2F,0x0},{0x2F909,0x6E6E,0x0},
    {0x2F90A,0x3D33,0x0},{0x2F90B,0x6ECB,0x0},{0x2F90C,0x6EC7,0x0},{0x2F90D,0x23ED1,0x0},{0x2F90E,0x6DF9,0x0},
    {0x2F90F,0x6F6E,0x0},{0x2F910,0x23F5E,0x0},{0x2F911,0x23F8E,0x0},{0x2F912,0x6FC6,0x0},{0x2F913,0x7039,0x0},
    {0x2F914,0x701E,0x0},{0x2F915,0x701B,0x0},{0x2F916,0x3D96,0x0},{0x2F917,0x704A,0x0},{0x2F918,0x707D,0x0},
    {0x2F919,0x7077,0x0},{0x2F91A,0x70AD,0x0},{0x2F91B,0x20525,0x0},{0x2F91C,0x7145,0x0},{0x2F91D,0x24263,0x0},
    {0x2F91E,0x719C,0x0},{0x2F91F,0x243AB,0x0},{0x2F920,0x7228,0x0},{0x2F921,0x7235,0x0},{0x2F922,0x7250,0x0},
    {0x2F923,0x24608,0x0},{0x2F924,0x7280,0x0},{0x2F925,0x7295,0x0},{0x2F926,0x24735,0x0},{0x2F927,0x24814,0x0},
    {0x2F928,0x737A,0x0},{0x2F929,0x738B,0x0},{0x2F92A,0x3EAC,0x0},{0x2F92B,0x73A5,0x0},{0x2F92C,0x3EB8,0x0},
    {0x2F92D,0x3EB8,0x0},{0x2F92E,0x7447,0x0},{0x2F92F,0x745C,0x0},{0x2F930,0x7471,0x0},{0x2F931,0x7485,0x0},
    {0x2F932,0x74CA,0x0},{0x2F933,0x3F1B,0x0},{0x2F934,0x7524,0x0},{0x2F935,0x24C36,0x0},{0x2F936,0x753E,0x0},
    {0x2F937,0x24C92,0x0},{0x2F938,0x7570,0x0},{0x2F939,0x2219F,0x0},{0x2F93A,0x7610,0x0},{0x2F93B,0x24FA1,0x0},
    {0x2F93C,0x24FB8,0x0},{0x2F93D,0x25044,0x0},{0x2F93E,0x3FFC,0x0},{0x2F93F,0x4008,0x0},{0x2F940,0x76F4,0x0},
    {0x2F941,0x250F3,0x0},{0x2F942,0x250F2,0x0},{0x2F943,0x25119,0x0},{0x2F944,0x25133,0x0},{0x2F945,0x771E,0x0},
    {0x2F946,0x771F,0x0},{0x2F947,0x771F,0x0},{0x2F948,0x774A,0x0},{0x2F949,0x4039,0x0},{0x2F94A,0x778B,0x0},
    {0x2F94B,0x4046,0x0},{0x2F94C,0x4096,0x0},{0x2F94D,0x2541D,0x0},{0x2F94E,0x784E,0x0},{0x2F94F,0x788C,0x0},
    {0x2F950,0x78CC,0x0},{0x2F951,0x40E3,0x0},{0x2F952,0x25626,0x0},{0x2F953,0x7956,0x0},{0x2F954,0x2569A,0x0},
    {0x2F955,0x256C5,0x0},{0x2F956,0x798F,0x0},{0x2F957,0x79EB,0x0},{0x2F958,0x412F,0x0},{0x2F959,0x7A40,0x0},
    {0x2F95A,0x7A4A,0x0},{0x2F95B,0x7A4F,0x0},{0x2F95C,0x2597C,0x0},{0x2F95D,0x25AA7,0x0},{0x2F95E,0x25AA7,0x0},
    {0x2F95F,0x7AEE,0x0},{0x2F960,0x4202,0x0},{0x2F961,0x25BAB,0x0},{0x2F962,0x7BC6,0x0},{0x2F963,0x7BC9,0x0},
    {0x2F964,0x4227,0x0},{0x2F965,0x25C80,0x0},{0x2F966,0x7CD2,0x0},{0x2F967,0x42A0,0x0},{0x2F968,0x7CE8,0x0},
    {0x2F969,0x7CE3,0x0},{0x2F96A,0x7D00,0x0},{0x2F96B,0x25F86,0x0},{0x2F96C,0x7D63,0x0},{0x2F96D,0x4301,0x0},
    {0x2F96E,0x7DC7,0x0},{0x2F96F,0x7E02,0x0},{0x2F970,0x7E45,0x0},{0x2F971,0x4334,0x0},{0x2F972,0x26228,0x0},
    {0x2F973,0x26247,0x0},{0x2F974,0x4359,0x0},{0x2F975,0x262D9,0x0},{0x2F976,0x7F7A,0x0},{0x2F977,0x2633E,0x0},
    {0x2F978,0x7F95,0x0},{0x2F979,0x7FFA,0x0},{0x2F97A,0x8005,0x0},{0x2F97B,0x264DA,0x0},{0x2F97C,0x26523,0x0},
    {0x2F97D,0x8060,0x0},{0x2F97E,0x265A8,0x0},{0x2F97F,0x8070,0x0},{0x2F980,0x2335F,0x0},{0x2F981,0x43D5,0x0},
    {0x2F982,0x80B2,0x0},{0x2F983,0x8103,0x0},{0x2F984,0x440B,0x0},{0x2F985,0x813E,0x0},{0x2F986,0x5AB5,0x0},
    {0x2F987,0x267A7,0x0},{0x2F988,0x267B5,0x0},{0x2F989,0x23393,0x0},{0x2F98A,0x2339C,0x0},{0x2F98B,0x8201,0x0},
    {0x2F98C,0x8204,0x0},{0x2F98D,0x8F9E,0x0},{0x2F98E,0x446B,0x0},{0x2F98F,0x8291,0x0},{0x2F990,0x828B,0x0},
    {0x2F991,0x829D,0x0},{0x2F992,0x52B3,0x0},{0x2F993,0x82B1,0x0},{0x2F994,0x82B3,0x0},{0x2F995,0x82BD,0x0},
    {0x2F996,0x82E6,0x0},{0x2F997,0x26B3C,0x0},{0x2F998,0x82E5,0x0},{0x2F999,0x831D,0x0},{0x2F99A,0x8363,0x0},
    {0x2F99B,0x83AD,0x0},{0x2F99C,0x8323,0x0},{0x2F99D,0x83BD,0x0},{0x2F99E,0x83E7,0x0},{0x2F99F,0x8457,0x0},
    {0x2F9A0,0x8353,0x0},{0x2F9A1,0x83CA,0x0},{0x2F9A2,0x83CC,0x0},{0x2F9A3,0x83DC,0x0},{0x2F9A4,0x26C36,0x0},
    {0x2F9A5,0x26D6B,0x0},{0x2F9A6,0x26CD5,0x0},{0x2F9A7,0x452B,0x0},{0x2F9A8,0x84F1,0x0},{0x2F9A9,0x84F3,0x0},
    {0x2F9AA,0x8516,0x0},{0x2F9AB,0x273CA,0x0},{0x2F9AC,0x8564,0x0},{0x2F9AD,0x26F2C,0x0},{0x2F9AE,0x455D,0x0},
    {0x2F9AF,0x4561,0x0},{0x2F9B0,0x26FB1,0x0},{0x2F9B1,0x270D2,0x0},{0x2F9B2,0x456B,0x0},{0x2F9B3,0x8650,0x0},
    {0x2F9B4,0x865C,0x0},{0x2F9B5,0x8667,0x0},{0x2F9B6,0x8669,0x0},{0x2F9B7,0x86A9,0x0},{0x2F9B8,0x8688,0x0},
    {0x2F9B9,0x870E,0x0},{0x2F9BA,0x86E2,0x0},{0x2F9BB,0x8779,0x0},{0x2F9BC,0x8728,0x0},{0x2F9BD,0x876B,0x0},
    {0x2F9BE,0x8786,0x0},{0x2F9BF,0x45D7,0x0},{0x2F9C0,0x87E1,0x0},{0x2F9C1,0x8801,0x0},{0x2F9C2,0x45F9,0x0},
    {0x2F9C3,0x8860,0x0},{0x2F9C4,0x8863,0x0},{0x2F9C5,0x27667,0x0},{0x2F9C6,0x88D7,0x0},{0x2F9C7,0x88DE,0x0},
    {0x2F9C8,0x4635,0x0},{0x2F9C9,0x88FA,0x0},{0x2F9CA,0x34BB,0x0},{0x2F9CB,0x278AE,0x0},{0x2F9CC,0x27966,0x0},
    {0x2F9CD,0x46BE,0x0},{0x2F9CE,0x46C7,0x0},{0x2F9CF,0x8AA0,0x0},{0x2F9D0,0x8AED,0x0},{0x2F9D1,0x8B8A,0x0},
    {0x2F9D2,0x8C55,0x0},{0x2F9D3,0x27CA8,0x0},{0x2F9D4,0x8CAB,0x0},{0x2F9D5,0x8CC1,0x0},{0x2F9D6,0x8D1B,0x0},
    {0x2F9D7,0x8D77,0x0},{0x2F9D8,0x27F2F,0x0},{0x2F9D9,0x20804,0x0},{0x2F9DA,0x8DCB,0x0},{0x2F9DB,0x8DBC,0x0},
    {0x2F9DC,0x8DF0,0x0},{0x2F9DD,0x208DE,0x0},{0x2F9DE,0x8ED4,0x0},{0x2F9DF,0x8F38,0x0},{0x2F9E0,0x285D2,0x0},
    {0x2F9E1,0x285ED,0x0},{0x2F9E2,0x9094,0x0},{0x2F9E3,0x90F1,0x0},{0x2F9E4,0x9111,0x0},{0x2F9E5,0x2872E,0x0},
    {0x2F9E6,0x911B,0x0},{0x2F9E7,0x9238,0x0},{0x2F9E8,0x92D7,0x0},{0x2F9E9,0x92D8,0x0},{0x2F9EA,0x927C,0x0},
    {0x2F9EB,0x93F9,0x0},{0x2F9EC,0x9415,0x0},{0x2F9ED,0x28BFA,0x0},{0x2F9EE,0x958B,0x0},{0x2F9EF,0x4995,0x0},
    {0x2F9F0,0x95B7,0x0},{0x2F9F1,0x28D77,0x0},{0x2F9F2,0x49E6,0x0},{0x2F9F3,0x96C3,0x0},{0x2F9F4,0x5DB2,0x0},
    {0x2F9F5,0x9723,0x0},{0x2F9F6,0x29145,0x0},{0x2F9F7,0x2921A,0x0},{0x2F9F8,0x4A6E,0x0},{0x2F9F9,0x4A76,0x0},
    {0x2F9FA,0x97E0,0x0},{0x2F9FB,0x2940A,0x0},{0x2F9FC,0x4AB2,0x0},{0x2F9FD,0x29496,0x0},{0x2F9FE,0x980B,0x0},
    {0x2F9FF,0x980B,0x0},{0x2FA00,0x9829,0x0},{0x2FA01,0x295B6,0x0},{0x2FA02,0x98E2,0x0},{0x2FA03,0x4B33,0x0},
    {0x2FA04,0x9929,0x0},{0x2FA05,0x99A7,0x0},{0x2FA06,0x99C2,0x0},{0x2FA07,0x99FE,0x0},{0x2FA08,0x4BCE,0x0},
    {0x2FA09,0x29B30,0x0},{0x2FA0A,0x9B12,0x0},{0x2FA0B,0x9C40,0x0},{0x2FA0C,0x9CFD,0x0},{0x2FA0D,0x4CCE,0x0},
    {0x2FA0E,0x4CED,0x0},{0x2FA0F,0x9D67,0x0},{0x2FA10,0x2A0CE,0x0},{0x2FA11,0x4CF8,0x0},{0x2FA12,0x2A105,0x0},
    {0x2FA13,0x2A20E,0x0},{0x2FA14,0x2A291,0x0},{0x2FA15,0x9EBB,0x0},{0x2FA16,0x4D56,0x0},{0x2FA17,0x9EF9,0x0},
    {0x2FA18,0x9EFE,0x0},{0x2FA19,0x9F05,0x0},{0x2FA1A,0x9F0F,0x0},{0x2FA1B,0x9F16,0x0},{0x2FA1C,0x9F3B,0x0},
    {0x2FA1D,0x2A600,0x0},
};

/* Primary composites, Hangul excluded: {first, second, composite}, sorted by (first, second). */
static const rc__UniTriple rc__uni_comp[941] = {
    {0x3C,0x338,0x226E},{0x3D,0x338,0x2260},{0x3E,0x338,0x226F},{0x41,0x300,0xC0},{0x41,0x301,0xC1},
    {0x41,0x302,0xC2},{0x41,0x303,0xC3},{0x41,0x304,0x100},{0x41,0x306,0x102},{0x41,0x307,0x226},
    {0x41,0x308,0xC4},{0x41,0x309,0x1EA2},{0x41,0x30A,0xC5},{0x41,0x30C,0x1CD},{0x41,0x30F,0x200},
    {0x41,0x311,0x202},{0x41,0x323,0x1EA0},{0x41,0x325,0x1E00},{0x41,0x328,0x104},{0x42,0x307,0x1E02},
    {0x42,0x323,0x1E04},{0x42,0x331,0x1E06},{0x43,0x301,0x106},{0x43,0x302,0x108},{0x43,0x307,0x10A},
    {0x43,0x30C,0x10C},{0x43,0x327,0xC7},{0x44,0x307,0x1E0A},{0x44,0x30C,0x10E},{0x44,0x323,0x1E0C},
    {0x44,0x327,0x1E10},{0x44,0x32D,0x1E12},{0x44,0x331,0x1E0E},{0x45,0x300,0xC8},{0x45,0x301,0xC9},
    {0x45,0x302,0xCA},{0x45,0x303,0x1EBC},{0x45,0x304,0x112},{0x45,0x306,0x114},{0x45,0x307,0x116},
    {0x45,0x308,0xCB},{0x45,0x309,0x1EBA},{0x45,0x30C,0x11A},{0x45,0x30F,0x204},{0x45,0x311,0x206},
    {0x45,0x323,0x1EB8},{0x45,0x327,0x228},{0x45,0x328,0x118},{0x45,0x32D,0x1E18},{0x45,0x330,0x1E1A},
    {0x46,0x307,0x1E1E},{0x47,0x301,0x1F4},{0x47,0x302,0x11C},{0x47,0x304,0x1E20},{0x47,0x306,0x11E},
    {0x47,0x307,0x120},{0x47,0x30C,0x1E6},{0x47,0x327,0x122},{0x48,0x302,0x124},{0x48,0x307,0x1E22},
    {0x48,0x308,0x1E26},{0x48,0x30C,0x21E},{0x48,0x323,0x1E24},{0x48,0x327,0x1E28},{0x48,0x32E,0x1E2A},
    {0x49,0x300,0xCC},{0x49,0x301,0xCD},{0x49,0x302,0xCE},{0x49,0x303,0x128},{0x49,0x304,0x12A},
    {0x49,0x306,0x12C},{0x49,0x307,0x130},{0x49,0x308,0xCF},{0x49,0x309,0x1EC8},{0x49,0x30C,0x1CF},
    {0x49,0x30F,0x208},{0x49,0x311,0x20A},{0x49,0x323,0x1ECA},{0x49,0x328,0x12E},{0x49,0x330,0x1E2C},
    {0x4A,0x302,0x134},{0x4B,0x301,0x1E30},{0x4B,0x30C,0x1E8},{0x4B,0x323,0x1E32},{0x4B,0x327,0x136},
    {0x4B,0x331,0x1E34},{0x4C,0x301,0x139},{0x4C,0x30C,0x13D},{0x4C,0x323,0x1E36},{0x4C,0x327,0x13B},
    {0x4C,0x32D,0x1E3C},{0x4C,0x331,0x1E3A},{0x4D,0x301,0x1E3E},{0x4D,0x307,0x1E40},{0x4D,0x323,0x1E42},
    {0x4E,0x300,0x1F8},{0x4E,0x301,0x143},{0x4E,0x303,0xD1},{0x4E,0x307,0x1E44},{0x4E,0x30C,0x147},
    {0x4E,0x323,0x1E46},{0x4E,0x327,0x145},{0x4E,0x32D,0x1E4A},{0x4E,0x331,0x1E48},{0x4F,0x300,0xD2},
    {0x4F,0x301,0xD3},{0x4F,0x302,0xD4},{0x4F,0x303,0xD5},{0x4F,0x304,0x14C},{0x4F,0x306,0x14E},
    {0x4F,0x307,0x22E},{0x4F,0x308,0xD6},{0x4F,0x309,0x1ECE},{0x4F,0x30B,0x150},{0x4F,0x30C,0x1D1},
    {0x4F,0x30F,0x20C},{0x4F,0x311,0x20E},{0x4F,0x31B,0x1A0},{0x4F,0x323,0x1ECC},{0x4F,0x328,0x1EA},
    {0x50,0x301,0x1E54},{0x50,0x307,0x1E56},{0x52,0x301,0x154},{0x52,0x307,0x1E58},{0x52,0x30C,0x158},
    {0x52,0x30F,0x210},{0x52,0x311,0x212},{0x52,0x323,0x1E5A},{0x52,0x327,0x156},{0x52,0x331,0x1E5E},
    {0x53,0x301,0x15A},{0x53,0x302,0x15C},{0x53,0x307,0x1E60},{0x53,0x30C,0x160},{0x53,0x323,0x1E62},
    {0x53,0x326,0x218},{0x53,0x327,0x15E},{0x54,0x307,0x1E6A},{0x54,0x30C,0x164},{0x54,0x323,0x1E6C},
    {0x54,0x326,0x21A},{0x54,0x327,0x162},{0x54,0x32D,0x1E70},{0x54,0x331,0x1E6E},{0x55,0x300,0xD9},
    {0x55,0x301,0xDA},{0x55,0x302,0xDB},{0x55,0x303,0x168},{0x55,0x304,0x16A},{0x55,0x306,0x16C},
    {0x55,0x308,0xDC},{0x55,0x309,0x1EE6},{0x55,0x30A,0x16E},{0x55,0x30B,0x170},{0x55,0x30C,0x1D3},
    {0x55,0x30F,0x214},{0x55,0x311,0x216},{0x55,0x31B,0x1AF},{0x55,0x323,0x1EE4},{0x55,0x324,0x1E72},
    {0x55,0x328,0x172},{0x55,0x32D,0x1E76},{0x55,0x330,0x1E74},{0x56,0x303,0x1E7C},{0x56,0x323,0x1E7E},
    {0x57,0x300,0x1E80},{0x57,0x301,0x1E82},{0x57,0x302,0x174},{0x57,0x307,0x1E86},{0x57,0x308,0x1E84},
    {0x57,0x323,0x1E88},{0x58,0x307,0x1E8A},{0x58,0x308,0x1E8C},{0x59,0x300,0x1EF2},{0x59,0x301,0xDD},
    {0x59,0x302,0x176},{0x59,0x303,0x1EF8},{0x59,0x304,0x232},{0x59,0x307,0x1E8E},{0x59,0x308,0x178},
    {0x59,0x309,0x1EF6},{0x59,0x323,0x1EF4},{0x5A,0x301,0x179},{0x5A,0x302,0x1E90},{0x5A,0x307,0x17B},
    {0x5A,0x30C,0x17D},{0x5A,0x323,0x1E92},{0x5A,0x331,0x1E94},{0x61,0x300,0xE0},{0x61,0x301,0xE1},
    {0x61,0x302,0xE2},{0x61,0x303,0xE3},{0x61,0x304,0x101},{0x61,0x306,0x103},{0x61,0x307,0x227},
    {0x61,0x308,0xE4},{0x61,0x309,0x1EA3},{0x61,0x30A,0xE5},{0x61,0x30C,0x1CE},{0x61,0x30F,0x201},
    {0x61,0x311,0x203},{0x61,0x323,0x1EA1},{0x61,0x325,0x1E01},{0x61,0x328,0x105},{0x62,0x307,0x1E03},
    {0x62,0x323,0x1E05},{0x62,0x331,0x1E07},{0x63,0x301,0x107},{0x63,0x302,0x109},{0x63,0x307,0x10B},
    {0x63,0x30C,0x10D},{0x63,0x327,0xE7},{0x64,0x307,0x1E0B},{0x64,0x30C,0x10F},{0x64,0x323,0x1E0D},
    {0x64,0x327,0x1E11},{0x64,0x32D,0x1E13},{0x64,0x331,0x1E0F},{0x65,0x300,0xE8},{0x65,0x301,0xE9},
    {0x65,0x302,0xEA},{0x65,0x303,0x1EBD},{0x65,0x304,0x113},{0x65,0x306,0x115},{0x65,0x307,0x117},
    {0x65,0x308,0xEB},{0x65,0x309,0x1EBB},{0x65,0x30C,0x11B},{0x65,0x30F,0x205},{0x65,0x311,0x207},
    {0x65,0x323,0x1EB9},{0x65,0x327,0x229},{0x65,0x328,0x119},{0x65,0x32D,0x1E19},{0x65,0x330,0x1E1B},
    {0x66,0x307,0x1E1F},{0x67,0x301,0x1F5},{0x67,0x302,0x11D},{0x67,0x304,0x1E21},{0x67,0x306,0x11F},
    {0x67,0x307,0x121},{0x67,0x30C,0x1E7},{0x67,0x327,0x123},{0x68,0x302,0x125},{0x68,0x307,0x1E23},
    {0x68,0x308,0x1E27},{0x68,0x30C,0x21F},{0x68,0x323,0x1E25},{0x68,0x327,0x1E29},{0x68,0x32E,0x1E2B},
    {0x68,0x331,0x1E96},{0x69,0x300,0xEC},{0x69,0x301,0xED},{0x69,0x302,0xEE},{0x69,0x303,0x129},
    {0x69,0x304,0x12B},{0x69,0x306,0x12D},{0x69,0x308,0xEF},{0x69,0x309,0x1EC9},{0x69,0x30C,0x1D0},
    {0x69,0x30F,0x209},{0x69,0x311,0x20B},{0x69,0x323,0x1ECB},{0x69,0x328,0x12F},{0x69,0x330,0x1E2D},
    {0x6A,0x302,0x135},{0x6A,0x30C,0x1F0},{0x6B,0x301,0x1E31},{0x6B,0x30C,0x1E9},{0x6B,0x323,0x1E33},
    {0x6B,0x327,0x137},{0x6B,0x331,0x1E35},{0x6C,0x301,0x13A},{0x6C,0x30C,0x13E},{0x6C,0x323,0x1E37},
    {0x6C,0x327,0x13C},{0x6C,0x32D,0x1E3D},{0x6C,0x331,0x1E3B},{0x6D,0x301,0x1E3F},{0x6D,0x307,0x1E41},
    {0x6D,0x323,0x1E43},{0x6E,0x300,0x1F9},{0x6E,0x301,0x144},{0x6E,0x303,0xF1},{0x6E,0x307,0x1E45},
    {0x6E,0x30C,0x148},{0x6E,0x323,0x1E47},{0x6E,0x327,0x146},{0x6E,0x32D,0x1E4B},{0x6E,0x331,0x1E49},
    {0x6F,0x300,0xF2},{0x6F,0x301,0xF3},{0x6F,0x302,0xF4},{0x6F,0x303,0xF5},{0x6F,0x304,0x14D},
    {0x6F,0x306,0x14F},{0x6F,0x307,0x22F},{0x6F,0x308,0xF6},{0x6F,0x309,0x1ECF},{0x6F,0x30B,0x151},
    {0x6F,0x30C,0x1D2},{0x6F,0x30F,0x20D},{0x6F,0x311,0x20F},{0x6F,0x31B,0x1A1},{0x6F,0x323,0x1ECD},
    {0x6F,0x328,0x1EB},{0x70,0x301,0x1E55},{0x70,0x307,0x1E57},{0x72,0x301,0x155},{0x72,0x307,0x1E59},
    {0x72,0x30C,0x159},{0x72,0x30F,0x211},{0x72,0x311,0x213},{0x72,0x323,0x1E5B},{0x72,0x327,0x157},
    {0x72,0x331,0x1E5F},{0x73,0x301,0x15B},{0x73,0x302,0x15D},{0x73,0x307,0x1E61},{0x73,0x30C,0x161},
    {0x73,0x323,0x1E63},{0x73,0x326,0x219},{0x73,0x327,0x15F},{0x74,0x307,0x1E6B},{0x74,0x308,0x1E97},
    {0x74,0x30C,0x165},{0x74,0x323,0x1E6D},{0x74,0x326,0x21B},{0x74,0x327,0x163},{0x74,0x32D,0x1E71},
    {0x74,0x331,0x1E6F},{0x75,0x300,0xF9},{0x75,0x301,0xFA},{0x75,0x302,0xFB},{0x75,0x303,0x169},
    {0x75,0x304,0x16B},{0x75,0x306,0x16D},{0x75,0x308,0xFC},{0x75,0x309,0x1EE7},{0x75,0x30A,0x16F},
    {0x75,0x30B,0x171},{0x75,0x30C,0x1D4},{0x75,0x30F,0x215},{0x75,0x311,0x217},{0x75,0x31B,0x1B0},
    {0x75,0x323,0x1EE5},{0x75,0x324,0x1E73},{0x75,0x328,0x173},{0x75,0x32D,0x1E77},{0x75,0x330,0x1E75},
    {0x76,0x303,0x1E7D},{0x76,0x323,0x1E7F},{0x77,0x300,0x1E81},{0x77,0x301,0x1E83},{0x77,0x302,0x175},
    {0x77,0x307,0x1E87},{0x77,0x308,0x1E85},{0x77,0x30A,0x1E98},{0x77,0x323,0x1E89},{0x78,0x307,0x1E8B},
    {0x78,0x308,0x1E8D},{0x79,0x300,0x1EF3},{0x79,0x301,0xFD},{0x79,0x302,0x177},{0x79,0x303,0x1EF9},
    {0x79,0x304,0x233},{0x79,0x307,0x1E8F},{0x79,0x308,0xFF},{0x79,0x309,0x1EF7},{0x79,0x30A,0x1E99},
    {0x79,0x323,0x1EF5},{0x7A,0x301,0x17A},{0x7A,0x302,0x1E91},{0x7A,0x307,0x17C},{0x7A,0x30C,0x17E},
    {0x7A,0x323,0x1E93},{0x7A,0x331,0x1E95},{0xA8,0x300,0x1FED},{0xA8,0x301,0x385},{0xA8,0x342,0x1FC1},
    {0xC2,0x300,0x1EA6},{0xC2,0x301,0x1EA4},{0xC2,0x303,0x1EAA},{0xC2,0x309,0x1EA8},{0xC4,0x304,0x1DE},
    {0xC5,0x301,0x1FA},{0xC6,0x301,0x1FC},{0xC6,0x304,0x1E2},{0xC7,0x301,0x1E08},{0xCA,0x300,0x1EC0},
    {0xCA,0x301,0x1EBE},{0xCA,0x303,0x1EC4},{0xCA,0x309,0x1EC2},{0xCF,0x301,0x1E2E},{0xD4,0x300,0x1ED2},
    {0xD4,0x301,0x1ED0},{0xD4,0x303,0x1ED6},{0xD4,0x309,0x1ED4},{0xD5,0x301,0x1E4C},{0xD5,0x304,0x22C},
    {0xD5,0x308,0x1E4E},{0xD6,0x304,0x22A},{0xD8,0x301,0x1FE},{0xDC,0x300,0x1DB},{0xDC,0x301,0x1D7},
    {0xDC,0x304,0x1D5},{0xDC,0x30C,0x1D9},{0xE2,0x300,0x1EA7},{0xE2,0x301,0x1EA5},{0xE2,0x303,0x1EAB},
    {0xE2,0x309,0x1EA9},{0xE4,0x304,0x1DF},{0xE5,0x301,0x1FB},{0xE6,0x301,0x1FD},{0xE6,0x304,0x1E3},
    {0xE7,0x301,0x1E09},{0xEA,0x300,0x1EC1},{0xEA,0x301,0x1EBF},{0xEA,0x303,0x1EC5},{0xEA,0x309,0x1EC3},
    {0xEF,0x301,0x1E2F},{0xF4,0x300,0x1ED3},{0xF4,0x301,0x1ED1},{0xF4,0x303,0x1ED7},{0xF4,0x309,0x1ED5},
    {0xF5,0x301,0x1E4D},{0xF5,0x304,0x22D},{0xF5,0x308,0x1E4F},{0xF6,0x304,0x22B},{0xF8,0x301,0x1FF},
    {0xFC,0x300,0x1DC},{0xFC,0x301,0x1D8},{0xFC,0x304,0x1D6},{0xFC,0x30C,0x1DA},{0x102,0x300,0x1EB0},
    {0x102,0x301,0x1EAE},{0x102,0x303,0x1EB4},{0x102,0x309,0x1EB2},{0x103,0x300,0x1EB1},{0x103,0x301,0x1EAF},
    {0x103,0x303,0x1EB5},{0x103,0x309,0x1EB3},{0x112,0x300,0x1E14},{0x112,0x301,0x1E16},{0x113,0x300,0x1E15},
    {0x113,0x301,0x1E17},{0x14C,0x300,0x1E50},{0x14C,0x301,0x1E52},{0x14D,0x300,0x1E51},{0x14D,0x301,0x1E53},
    {0x15A,0x307,0x1E64},{0x15B,0x307,0x1E65},{0x160,0x307,0x1E66},{0x161,0x307,0x1E67},{0x168,0x301,0x1E78},
    {0x169,0x301,0x1E79},{0x16A,0x308,0x1E7A},{0x16B,0x308,0x1E7B},{0x17F,0x307,0x1E9B},{0x1A0,0x300,0x1EDC},
    {0x1A0,0x301,0x1EDA},{0x1A0,0x303,0x1EE0},{0x1A0,0x309,0x1EDE},{0x1A0,0x323,0x1EE2},{0x1A1,0x300,0x1EDD},
    {0x1A1,0x301,0x1EDB},{0x1A1,0x303,0x1EE1},{0x1A1,0x309,0x1EDF},{0x1A1,0x323,0x1EE3},{0x1AF,0x300,0x1EEA},
    {0x1AF,0x301,0x1EE8},{0x1AF,0x303,0x1EEE},{0x1AF,0x309,0x1EEC},{0x1AF,0x323,0x1EF0},{0x1B0,0x300,0x1EEB},
    {0x1B0,0x301,0x1EE9},{0x1B0,0x303,0x1EEF},{0x1B0,0x309,0x1EED},{0x1B0,0x323,0x1EF1},{0x1B7,0x30C,0x1EE},
    {0x1EA,0x304,0x1EC},{0x1EB,0x304,0x1ED},{0x226,0x304,0x1E0},{0x227,0x304,0x1E1},{0x228,0x306,0x1E1C},
    {0x229,0x306,0x1E1D},{0x22E,0x304,0x230},{0x22F,0x304,0x231},{0x292,0x30C,0x1EF},{0x391,0x300,0x1FBA},
    {0x391,0x301,0x386},{0x391,0x304,0x1FB9},{0x391,0x306,0x1FB8},{0x391,0x313,0x1F08},{0x391,0x314,0x1F09},
    {0x391,0x345,0x1FBC},{0x395,0x300,0x1FC8},{0x395,0x301,0x388},{0x395,0x313,0x1F18},{0x395,0x314,0x1F19},
    {0x397,0x300,0x1FCA},{0x397,0x301,0x389},{0x397,0x313,0x1F28},{0x397,0x314,0x1F29},{0x397,0x345,0x1FCC},
    {0x399,0x300,0x1FDA},{0x399,0x301,0x38A},{0x399,0x304,0x1FD9},{0x399,0x306,0x1FD8},{0x399,0x308,0x3AA},
    {0x399,0x313,0x1F38},{0x399,0x314,0x1F39},{0x39F,0x300,0x1FF8},{0x39F,0x301,0x38C},{0x39F,0x313,0x1F48},
    {0x39F,0x314,0x1F49},{0x3A1,0x314,0x1FEC},{0x3A5,0x300,0x1FEA},{0x3A5,0x301,0x38E},{0x3A5,0x304,0x1FE9},
    {0x3A5,0x306,0x1FE8},{0x3A5,0x308,0x3AB},{0x3A5,0x314,0x1F59},{0x3A9,0x300,0x1FFA},{0x3A9,0x301,0x38F},
    {0x3A9,0x313,0x1F68},{0x3A9,0x314,0x1F69},{0x3A9,0x345,0x1FFC},{0x3AC,0x345,0x1FB4},{0x3AE,0x345,0x1FC4},
    {0x3B1,0x300,0x1F70},{0x3B1,0x301,0x3AC},{0x3B1,0x304,0x1FB1},{0x3B1,0x306,0x1FB0},{0x3B1,0x313,0x1F00},
    {0x3B1,0x314,0x1F01},{0x3B1,0x342,0x1FB6},{0x3B1,0x345,0x1FB3},{0x3B5,0x300,0x1F72},{0x3B5,0x301,0x3AD},
    {0x3B5,0x313,0x1F10},{0x3B5,0x314,0x1F11},{0x3B7,0x300,0x1F74},{0x3B7,0x301,0x3AE},{0x3B7,0x313,0x1F20},
    {0x3B7,0x314,0x1F21},{0x3B7,0x342,0x1FC6},{0x3B7,0x345,0x1FC3},{0x3B9,0x300,0x1F76},{0x3B9,0x301,0x3AF},
    {0x3B9,0x304,0x1FD1},{0x3B9,0x306,0x1FD0},{0x3B9,0x308,0x3CA},{0x3B9,0x313,0x1F30},{0x3B9,0x314,0x1F31},
    {0x3B9,0x342,0x1FD6},{0x3BF,0x300,0x1F78},{0x3BF,0x301,0x3CC},{0x3BF,0x313,0x1F40},{0x3BF,0x314,0x1F41},
    {0x3C1,0x313,0x1FE4},{0x3C1,0x314,0x1FE5},{0x3C5,0x300,0x1F7A},{0x3C5,0x301,0x3CD},{0x3C5,0x304,0x1FE1},
    {0x3C5,0x306,0x1FE0},{0x3C5,0x308,0x3CB},{0x3C5,0x313,0x1F50},{0x3C5,0x314,0x1F51},{0x3C5,0x342,0x1FE6},
    {0x3C9,0x300,0x1F7C},{0x3C9,0x301,0x3CE},{0x3C9,0x313,0x1F60},{0x3C9,0x314,0x1F61},{0x3C9,0x342,0x1FF6},
    {0x3C9,0x345,0x1FF3},{0x3CA,0x300,0x1FD2},{0x3CA,0x301,0x390},{0x3CA,0x342,0x1FD7},{0x3CB,0x300,0x1FE2},
    {0x3CB,0x301,0x3B0},{0x3CB,0x342,0x1FE7},{0x3CE,0x345,0x1FF4},{0x3D2,0x301,0x3D3},{0x3D2,0x308,0x3D4},
    {0x406,0x308,0x407},{0x410,0x306,0x4D0},{0x410,0x308,0x4D2},{0x413,0x301,0x403},{0x415,0x300,0x400},
    {0x415,0x306,0x4D6},{0x415,0x308,0x401},{0x416,0x306,0x4C1},{0x416,0x308,0x4DC},{0x417,0x308,0x4DE},
    {0x418,0x300,0x40D},{0x418,0x304,0x4E2},{0x418,0x306,0x419},{0x418,0x308,0x4E4},{0x41A,0x301,0x40C},
    {0x41E,0x308,0x4E6},{0x423,0x304,0x4EE},{0x423,0x306,0x40E},{0x423,0x308,0x4F0},{0x423,0x30B,0x4F2},
    {0x427,0x308,0x4F4},{0x42B,0x308,0x4F8},{0x42D,0x308,0x4EC},{0x430,0x306,0x4D1},{0x430,0x308,0x4D3},
    {0x433,0x301,0x453},{0x435,0x300,0x450},{0x435,0x306,0x4D7},{0x435,0x308,0x451},{0x436,0x306,0x4C2},
    {0x436,0x308,0x4DD},{0x437,0x308,0x4DF},{0x438,0x300,0x45D},{0x438,0x304,0x4E3},{0x438,0x306,0x439},
    {0x438,0x308,0x4E5},{0x43A,0x301,0x45C},{0x43E,0x308,0x4E7},{0x443,0x304,0x4EF},{0x443,0x306,0x45E},
    {0x443,0x308,0x4F1},{0x443,0x30B,0x4F3},{0x447,0x308,0x4F5},{0x44B,0x308,0x4F9},{0x44D,0x308,0x4ED},
    {0x456,0x308,0x457},{0x474,0x30F,0x476},{0x475,0x30F,0x477},{0x4D8,0x308,0x4DA},{0x4D9,0x308,0x4DB},
    {0x4E8,0x308,0x4EA},{0x4E9,0x308,0x4EB},{0x627,0x653,0x622},{0x627,0x654,0x623},{0x627,0x655,0x625},
    {0x648,0x654,0x624},{0x64A,0x654,0x626},{0x6C1,0x654,0x6C2},{0x6D2,0x654,0x6D3},{0x6D5,0x654,0x6C0},
    {0x928,0x93C,0x929},{0x930,0x93C,0x931},{0x933,0x93C,0x934},{0x9C7,0x9BE,0x9CB},{0x9C7,0x9D7,0x9CC},
    {0xB47,0xB3E,0xB4B},{0xB47,0xB56,0xB48},{0xB47,0xB57,0xB4C},{0xB92,0xBD7,0xB94},{0xBC6,0xBBE,0xBCA},
    {0xBC6,0xBD7,0xBCC},{0xBC7,0xBBE,0xBCB},{0xC46,0xC56,0xC48},{0xCBF,0xCD5,0xCC0},{0xCC6,0xCC2,0xCCA},
    {0xCC6,0xCD5,0xCC7},{0xCC6,0xCD6,0xCC8},{0xCCA,0xCD5,0xCCB},{0xD46,0xD3E,0xD4A},{0xD46,0xD57,0xD4C},
    {0xD47,0xD3E,0xD4B},{0xDD9,0xDCA,0xDDA},{0xDD9,0xDCF,0xDDC},{0xDD9,0xDDF,0xDDE},{0xDDC,0xDCA,0xDDD},
    {0x1025,0x102E,0x1026},{0x1B05,0x1B35,0x1B06},{0x1B07,0x1B35,0x1B08},{0x1B09,0x1B35,0x1B0A},{0x1B0B,0x1B35,0x1B0C},
    {0x1B0D,0x1B35,0x1B0E},{0x1B11,0x1B35,0x1B12},{0x1B3A,0x1B35,0x1B3B},{0x1B3C,0x1B35,0x1B3D},{0x1B3E,0x1B35,0x1B40},
    {0x1B3F,0x1B35,0x1B41},{0x1B42,0x1B35,0x1B43},{0x1E36,0x304,0x1E38},{0x1E37,0x304,0x1E39},{0x1E5A,0x304,0x1E5C},
    {0x1E5B,0x304,0x1E5D},{0x1E62,0x307,0x1E68},{0x1E63,0x307,0x1E69},{0x1EA0,0x302,0x1EAC},{0x1EA0,0x306,0x1EB6},
    {0x1EA1,0x302,0x1EAD},{0x1EA1,0x306,0x1EB7},{0x1EB8,0x302,0x1EC6},{0x1EB9,0x302,0x1EC7},{0x1ECC,0x302,0x1ED8},
    {0x1ECD,0x302,0x1ED9},{0x1F00,0x300,0x1F02},{0x1F00,0x301,0x1F04},{0x1F00,0x342,0x1F06},{0x1F00,0x345,0x1F80},
    {0x1F01,0x300,0x1F03},{0x1F01,0x301,0x1F05},{0x1F01,0x342,0x1F07},{0x1F01,0x345,0x1F81},{0x1F02,0x345,0x1F82},
    {0x1F03,0x345,0x1F83},{0x1F04,0x345,0x1F84},{0x1F05,0x345,0x1F85},{0x1F06,0x345,0x1F86},{0x1F07,0x345,0x1F87},
    {0x1F08,0x300,0x1F0A},{0x1F08,0x301,0x1F0C},{0x1F08,0x342,0x1F0E},{0x1F08,0x345,0x1F88},{0x1F09,0x300,0x1F0B},
    {0x1F09,0x301,0x1F0D},{0x1F09,0x342,0x1F0F},{0x1F09,0x345,0x1F89},{0x1F0A,0x345,0x1F8A},{0x1F0B,0x345,0x1F8B},
    {0x1F0C,0x345,0x1F8C},{0x1F0D,0x345,0x1F8D},{0x1F0E,0x345,0x1F8E},{0x1F0F,0x345,0x1F8F},{0x1F10,0x300,0x1F12},
    {0x1F10,0x301,0x1F14},{0x1F11,0x300,0x1F13},{0x1F11,0x301,0x1F15},{0x1F18,0x300,0x1F1A},{0x1F18,0x301,0x1F1C},
    {0x1F19,0x300,0x1F1B},{0x1F19,0x301,0x1F1D},{0x1F20,0x300,0x1F22},{0x1F20,0x301,0x1F24},{0x1F20,0x342,0x1F26},
    {0x1F20,0x345,0x1F90},{0x1F21,0x300,0x1F23},{0x1F21,0x301,0x1F25},{0x1F21,0x342,0x1F27},{0x1F21,0x345,0x1F91},
    {0x1F22,0x345,0x1F92},{0x1F23,0x345,0x1F93},{0x1F24,0x345,0x1F94},{0x1F25,0x345,0x1F95},{0x1F26,0x345,0x1F96},
    {0x1F27,0x345,0x1F97},{0x1F28,0x300,0x1F2A},{0x1F28,0x301,0x1F2C},{0x1F28,0x342,0x1F2E},{0x1F28,0x345,0x1F98},
    {0x1F29,0x300,0x1F2B},{0x1F29,0x301,0x1F2D},{0x1F29,0x342,0x1F2F},{0x1F29,0x345,0x1F99},{0x1F2A,0x345,0x1F9A},
    {0x1F2B,0x345,0x1F9B},{0x1F2C,0x345,0x1F9C},{0x1F2D,0x345,0x1F9D},{0x1F2E,0x345,0x1F9E},{0x1F2F,0x345,0x1F9F},
    {0x1F30,0x300,0x1F32},{0x1F30,0x301,0x1F34},{0x1F30,0x342,0x1F36},{0x1F31,0x300,0x1F33},{0x1F31,0x301,0x1F35},
    {0x1F31,0x342,0x1F37},{0x1F38,0x300,0x1F3A},{0x1F38,0x301,0x1F3C},{0x1F38,0x342,0x1F3E},{0x1F39,0x300,0x1F3B},
    {0x1F39,0x301,0x1F3D},{0x1F39,0x342,0x1F3F},{0x1F40,0x300,0x1F42},{0x1F40,0x301,0x1F44},{0x1F41,0x300,0x1F43},
    {0x1F41,0x301,0x1F45},{0x1F48,0x300,0x1F4A},{0x1F48,0x301,0x1F4C},{0x1F49,0x300,0x1F4B},{0x1F49,0x301,0x1F4D},
    {0x1F50,0x300,0x1F52},{0x1F50,0x301,0x1F54},{0x1F50,0x342,0x1F56},{0x1F51,0x300,0x1F53},{0x1F51,0x301,0x1F55},
    {0x1F51,0x342,0x1F57},{0x1F59,0x300,0x1F5B},{0x1F59,0x301,0x1F5D},{0x1F59,0x342,0x1F5F},{0x1F60,0x300,0x1F62},
    {0x1F60,0x301,0x1F64},{0x1F60,0x342,0x1F66},{0x1F60,0x345,0x1FA0},{0x1F61,0x300,0x1F63},{0x1F61,0x301,0x1F65},
    {0x1F61,0x342,0x1F67},{0x1F61,0x345,0x1FA1},{0x1F62,0x345,0x1FA2},{0x1F63,0x345,0x1FA3},{0x1F64,0x345,0x1FA4},
    {0x1F65,0x345,0x1FA5},{0x1F66,0x345,0x1FA6},{0x1F67,0x345,0x1FA7},{0x1F68,0x300,0x1F6A},{0x1F68,0x301,0x1F6C},
    {0x1F68,0x342,0x1F6E},{0x1F68,0x345,0x1FA8},{0x1F69,0x300,0x1F6B},{0x1F69,0x301,0x1F6D},{0x1F69,0x342,0x1F6F},
    {0x1F69,0x345,0x1FA9},{0x1F6A,0x345,0x1FAA},{0x1F6B,0x345,0x1FAB},{0x1F6C,0x345,0x1FAC},{0x1F6D,0x345,0x1FAD},
    {0x1F6E,0x345,0x1FAE},{0x1F6F,0x345,0x1FAF},{0x1F70,0x345,0x1FB2},{0x1F74,0x345,0x1FC2},{0x1F7C,0x345,0x1FF2},
    {0x1FB6,0x345,0x1FB7},{0x1FBF,0x300,0x1FCD},{0x1FBF,0x301,0x1FCE},{0x1FBF,0x342,0x1FCF},{0x1FC6,0x345,0x1FC7},
    {0x1FF6,0x345,0x1FF7},{0x1FFE,0x300,0x1FDD},{0x1FFE,0x301,0x1FDE},{0x1FFE,0x342,0x1FDF},{0x2190,0x338,0x219A},
    {0x2192,0x338,0x219B},{0x2194,0x338,0x21AE},{0x21D0,0x338,0x21CD},{0x21D2,0x338,0x21CF},{0x21D4,0x338,0x21CE},
    {0x2203,0x338,0x2204},{0x2208,0x338,0x2209},{0x220B,0x338,0x220C},{0x2223,0x338,0x2224},{0x2225,0x338,0x2226},
    {0x223C,0x338,0x2241},{0x2243,0x338,0x2244},{0x2245,0x338,0x2247},{0x2248,0x338,0x2249},{0x224D,0x338,0x226D},
    {0x2261,0x338,0x2262},{0x2264,0x338,0x2270},{0x2265,0x338,0x2271},{0x2272,0x338,0x2274},{0x2273,0x338,0x2275},
    {0x2276,0x338,0x2278},{0x2277,0x338,0x2279},{0x227A,0x338,0x2280},{0x227B,0x338,0x2281},{0x227C,0x338,0x22E0},
    {0x227D,0x338,0x22E1},{0x2282,0x338,0x2284},{0x2283,0x338,0x2285},{0x2286,0x338,0x2288},{0x2287,0x338,0x2289},
    {0x2291,0x338,0x22E2},{0x2292,0x338,0x22E3},{0x22A2,0x338,0x22AC},{0x22A8,0x338,0x22AD},{0x22A9,0x338,0x22AE},
    {0x22AB,0x338,0x22AF},{0x22B2,0x338,0x22EA},{0x22B3,0x338,0x22EB},{0x22B4,0x338,0x22EC},{0x22B5,0x338,0x22ED},
    {0x3046,0x3099,0x3094},{0x304B,0x3099,0x304C},{0x304D,0x3099,0x304E},{0x304F,0x3099,0x3050},{0x3051,0x3099,0x3052},
    {0x3053,0x3099,0x3054},{0x3055,0x3099,0x3056},{0x3057,0x3099,0x3058},{0x3059,0x3099,0x305A},{0x305B,0x3099,0x305C},
    {0x305D,0x3099,0x305E},{0x305F,0x3099,0x3060},{0x3061,0x3099,0x3062},{0x3064,0x3099,0x3065},{0x3066,0x3099,0x3067},
    {0x3068,0x3099,0x3069},{0x306F,0x3099,0x3070},{0x306F,0x309A,0x3071},{0x3072,0x3099,0x3073},{0x3072,0x309A,0x3074},
    {0x3075,0x3099,0x3076},{0x3075,0x309A,0x3077},{0x3078,0x3099,0x3079},{0x3078,0x309A,0x307A},{0x307B,0x3099,0x307C},
    {0x307B,0x309A,0x307D},{0x309D,0x3099,0x309E},{0x30A6,0x3099,0x30F4},{0x30AB,0x3099,0x30AC},{0x30AD,0x3099,0x30AE},
    {0x30AF,0x3099,0x30B0},{0x30B1,0x3099,0x30B2},{0x30B3,0x3099,0x30B4},{0x30B5,0x3099,0x30B6},{0x30B7,0x3099,0x30B8},
    {0x30B9,0x3099,0x30BA},{0x30BB,0x3099,0x30BC},{0x30BD,0x3099,0x30BE},{0x30BF,0x3099,0x30C0},{0x30C1,0x3099,0x30C2},
    {0x30C4,0x3099,0x30C5},{0x30C6,0x3099,0x30C7},{0x30C8,0x3099,0x30C9},{0x30CF,0x3099,0x30D0},{0x30CF,0x309A,0x30D1},
    {0x30D2,0x3099,0x30D3},{0x30D2,0x309A,0x30D4},{0x30D5,0x3099,0x30D6},{0x30D5,0x309A,0x30D7},{0x30D8,0x3099,0x30D9},
    {0x30D8,0x309A,0x30DA},{0x30DB,0x3099,0x30DC},{0x30DB,0x309A,0x30DD},{0x30EF,0x3099,0x30F7},{0x30F0,0x3099,0x30F8},
    {0x30F1,0x3099,0x30F9},{0x30F2,0x3099,0x30FA},{0x30FD,0x3099,0x30FE},{0x11099,0x110BA,0x1109A},{0x1109B,0x110BA,0x1109C},
    {0x110A5,0x110BA,0x110AB},{0x11131,0x11127,0x1112E},{0x11132,0x11127,0x1112F},{0x11347,0x1133E,0x1134B},{0x11347,0x11357,0x1134C},
    {0x114B9,0x114B0,0x114BC},{0x114B9,0x114BA,0x114BB},{0x114B9,0x114BD,0x114BE},{0x115B8,0x115AF,0x115BA},{0x115B9,0x115AF,0x115BB},
    {0x11935,0x11930,0x11938},
};

/* Code points that may change a string under NFC: {first, last}, sorted; all are >= U+0300. */
static const rc__UniSpan rc__uni_nfc_check[274] = {
    {0x300,0x34E},{0x350,0x36F},{0x374,0x374},{0x37E,0x37E},{0x387,0x387},{0x483,0x487},{0x591,0x5BD},{0x5BF,0x5BF},
    {0x5C1,0x5C2},{0x5C4,0x5C5},{0x5C7,0x5C7},{0x610,0x61A},{0x64B,0x65F},{0x670,0x670},{0x6D6,0x6DC},{0x6DF,0x6E4},
    {0x6E7,0x6E8},{0x6EA,0x6ED},{0x711,0x711},{0x730,0x74A},{0x7EB,0x7F3},{0x7FD,0x7FD},{0x816,0x819},{0x81B,0x823},
    {0x825,0x827},{0x829,0x82D},{0x859,0x85B},{0x898,0x89F},{0x8CA,0x8E1},{0x8E3,0x8FF},{0x93C,0x93C},{0x94D,0x94D},
    {0x951,0x954},{0x958,0x95F},{0x9BC,0x9BC},{0x9BE,0x9BE},{0x9CD,0x9CD},{0x9D7,0x9D7},{0x9DC,0x9DD},{0x9DF,0x9DF},
    {0x9FE,0x9FE},{0xA33,0xA33},{0xA36,0xA36},{0xA3C,0xA3C},{0xA4D,0xA4D},{0xA59,0xA5B},{0xA5E,0xA5E},{0xABC,0xABC},
    {0xACD,0xACD},{0xB3C,0xB3C},{0xB3E,0xB3E},{0xB4D,0xB4D},{0xB56,0xB57},{0xB5C,0xB5D},{0xBBE,0xBBE},{0xBCD,0xBCD},
    {0xBD7,0xBD7},{0xC3C,0xC3C},{0xC4D,0xC4D},{0xC55,0xC56},{0xCBC,0xCBC},{0xCC2,0xCC2},{0xCCD,0xCCD},{0xCD5,0xCD6},
    {0xD3B,0xD3C},{0xD3E,0xD3E},{0xD4D,0xD4D},{0xD57,0xD57},{0xDCA,0xDCA},{0xDCF,0xDCF},{0xDDF,0xDDF},{0xE38,0xE3A},
    {0xE48,0xE4B},{0xEB8,0xEBA},{0xEC8,0xECB},{0xF18,0xF19},{0xF35,0xF35},{0xF37,0xF37},{0xF39,0xF39},{0xF43,0xF43},
    {0xF4D,0xF4D},{0xF52,0xF52},{0xF57,0xF57},{0xF5C,0xF5C},{0xF69,0xF69},{0xF71,0xF76},{0xF78,0xF78},{0xF7A,0xF7D},
    {0xF80,0xF84},{0xF86,0xF87},{0xF93,0xF93},{0xF9D,0xF9D},{0xFA2,0xFA2},{0xFA7,0xFA7},{0xFAC,0xFAC},{0xFB9,0xFB9},
    {0xFC6,0xFC6},{0x102E,0x102E},{0x1037,0x1037},{0x1039,0x103A},{0x108D,0x108D},{0x1161,0x1175},{0x11A8,0x11C2},{0x135D,0x135F},
    {0x1714,0x1715},{0x1734,0x1734},{0x17D2,0x17D2},{0x17DD,0x17DD},{0x18A9,0x18A9},{0x1939,0x193B},{0x1A17,0x1A18},{0x1A60,0x1A60},
    {0x1A75,0x1A7C},{0x1A7F,0x1A7F},{0x1AB0,0x1ABD},{0x1ABF,0x1ACE},{0x1B34,0x1B35},{0x1B44,0x1B44},{0x1B6B,0x1B73},{0x1BAA,0x1BAB},
    {0x1BE6,0x1BE6},{0x1BF2,0x1BF3},{0x1C37,0x1C37},{0x1CD0,0x1CD2},{0x1CD4,0x1CE0},{0x1CE2,0x1CE8},{0x1CED,0x1CED},{0x1CF4,0x1CF4},
    {0x1CF8,0x1CF9},{0x1DC0,0x1DFF},{0x1F71,0x1F71},{0x1F73,0x1F73},{0x1F75,0x1F75},{0x1F77,0x1F77},{0x1F79,0x1F79},{0x1F7B,0x1F7B},
    {0x1F7D,0x1F7D},{0x1FBB,0x1FBB},{0x1FBE,0x1FBE},{0x1FC9,0x1FC9},{0x1FCB,0x1FCB},{0x1FD3,0x1FD3},{0x1FDB,0x1FDB},{0x1FE3,0x1FE3},
    {0x1FEB,0x1FEB},{0x1FEE,0x1FEF},{0x1FF9,0x1FF9},{0x1FFB,0x1FFB},{0x1FFD,0x1FFD},{0x2000,0x2001},{0x20D0,0x20DC},{0x20E1,0x20E1},
    {0x20E5,0x20F0},{0x2126,0x2126},{0x212A,0x212B},{0x2329,0x232A},{0x2ADC,0x2ADC},{0x2CEF,0x2CF1},{0x2D7F,0x2D7F},{0x2DE0,0x2DFF},
    {0x302A,0x302F},{0x3099,0x309A},{0xA66F,0xA66F},{0xA674,0xA67D},{0xA69E,0xA69F},{0xA6F0,0xA6F1},{0xA806,0xA806},{0xA82C,0xA82C},
    {0xA8C4,0xA8C4},{0xA8E0,0xA8F1},{0xA92B,0xA92D},{0xA953,0xA953},{0xA9B3,0xA9B3},{0xA9C0,0xA9C0},{0xAAB0,0xAAB0},{0xAAB2,0xAAB4},
    {0xAAB7,0xAAB8},{0xAABE,0xAABF},{0xAAC1,0xAAC1},{0xAAF6,0xAAF6},{0xABED,0xABED},{0xF900,0xFA0D},{0xFA10,0xFA10},{0xFA12,0xFA12},
    {0xFA15,0xFA1E},{0xFA20,0xFA20},{0xFA22,0xFA22},{0xFA25,0xFA26},{0xFA2A,0xFA6D},{0xFA70,0xFAD9},{0xFB1D,0xFB1F},{0xFB2A,0xFB36},
    {0xFB38,0xFB3C},{0xFB3E,0xFB3E},{0xFB40,0xFB41},{0xFB43,0xFB44},{0xFB46,0xFB4E},{0xFE20,0xFE2F},{0x101FD,0x101FD},{0x102E0,0x102E0},
    {0x10376,0x1037A},{0x10A0D,0x10A0D},{0x10A0F,0x10A0F},{0x10A38,0x10A3A},{0x10A3F,0x10A3F},{0x10AE5,0x10AE6},{0x10D24,0x10D27},{0x10EAB,0x10EAC},
    {0x10F46,0x10F50},{0x10F82,0x10F85},{0x11046,0x11046},{0x11070,0x11070},{0x1107F,0x1107F},{0x110B9,0x110BA},{0x11100,0x11102},{0x11127,0x11127},
    {0x11133,0x11134},{0x11173,0x11173},{0x111C0,0x111C0},{0x111CA,0x111CA},{0x11235,0x11236},{0x112E9,0x112EA},{0x1133B,0x1133C},{0x1133E,0x1133E},
    {0x1134D,0x1134D},{0x11357,0x11357},{0x11366,0x1136C},{0x11370,0x11374},{0x11442,0x11442},{0x11446,0x11446},{0x1145E,0x1145E},{0x114B0,0x114B0},
    {0x114BA,0x114BA},{0x114BD,0x114BD},{0x114C2,0x114C3},{0x115AF,0x115AF},{0x115BF,0x115C0},{0x1163F,0x1163F},{0x116B6,0x116B7},{0x1172B,0x1172B},
    {0x11839,0x1183A},{0x11930,0x11930},{0x1193D,0x1193E},{0x11943,0x11943},{0x119E0,0x119E0},{0x11A34,0x11A34},{0x11A47,0x11A47},{0x11A99,0x11A99},
    {0x11C3F,0x11C3F},{0x11D42,0x11D42},{0x11D44,0x11D45},{0x11D97,0x11D97},{0x16AF0,0x16AF4},{0x16B30,0x16B36},{0x16FF0,0x16FF1},{0x1BC9E,0x1BC9E},
    {0x1D15E,0x1D169},{0x1D16D,0x1D172},{0x1D17B,0x1D182},{0x1D185,0x1D18B},{0x1D1AA,0x1D1AD},{0x1D1BB,0x1D1C0},{0x1D242,0x1D244},{0x1E000,0x1E006},
    {0x1E008,0x1E018},{0x1E01B,0x1E021},{0x1E023,0x1E024},{0x1E026,0x1E02A},{0x1E130,0x1E136},{0x1E2AE,0x1E2AE},{0x1E2EC,0x1E2EF},{0x1E8D0,0x1E8D6},
    {0x1E944,0x1E94A},{0x2F800,0x2FA1D},
};
/* ---- END generated by tools/gen_unicode.py ---- */

/* Index of the range containing cp in a sorted table of {first, last, ...} rows, or -1. `stride`
   is the row size in uint32_t units, so one search serves every range table. */
static long rc__range_find(const uint32_t *rows, size_t n, size_t stride, uint32_t cp) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < rows[mid * stride]) hi = mid;
        else if (cp > rows[mid * stride + 1]) lo = mid + 1;
        else return (long)mid;
    }
    return -1;
}

#define RC_TABLE_FIND(table, cp) \
    rc__range_find((const uint32_t *)(table), sizeof(table) / sizeof((table)[0]), sizeof((table)[0]) / 4, (cp))

/* RC_UCLASS_* of a code point: letter \p{L}, number \p{N}, white space \s, or other. */
static int rc__char_class(uint32_t cp) {
    if (cp < 128) return rc__uni_ascii_class[cp];
    long i = RC_TABLE_FIND(rc__uni_class_ranges, cp);
    return i < 0 ? RC_UCLASS_OTHER : (int)rc__uni_class_ranges[i].value;
}

/* Canonical combining class of cp (0 for starters). */
static uint32_t rc__combining_class(uint32_t cp) {
    if (cp < 0x300) return 0;
    long i = RC_TABLE_FIND(rc__uni_ccc_ranges, cp);
    return i < 0 ? 0 : rc__uni_ccc_ranges[i].value;
}

/* The ASCII lowercase letter that cp matches case-insensitively, or 0. */
static uint32_t rc__fold_letter(uint32_t cp) {
    if (cp < 128 && (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') return cp | 0x20;
    for (size_t i = 0; i < sizeof rc__uni_fold_extra / sizeof rc__uni_fold_extra[0]; i++)
        if (rc__uni_fold_extra[i].cp == cp) return rc__uni_fold_extra[i].letter;
    return 0;
}

/* The canonical decomposition of cp, one level (*second 0 if single); 0 if it has none. */
static int rc__uni_decomposition(uint32_t cp, uint32_t *first, uint32_t *second) {
    size_t lo = 0, hi = sizeof rc__uni_decomp / sizeof rc__uni_decomp[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < rc__uni_decomp[mid].a) hi = mid;
        else if (cp > rc__uni_decomp[mid].a) lo = mid + 1;
        else {
            *first = rc__uni_decomp[mid].b, *second = rc__uni_decomp[mid].c;
            return 1;
        }
    }
    return 0;
}

/* The primary composite of a followed by b from the table (Hangul excluded), or 0. */
static uint32_t rc__uni_composite(uint32_t a, uint32_t b) {
    size_t lo = 0, hi = sizeof rc__uni_comp / sizeof rc__uni_comp[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const rc__UniTriple *c = &rc__uni_comp[mid];
        if (a < c->a || (a == c->a && b < c->b)) hi = mid;
        else if (a > c->a || b > c->b) lo = mid + 1;
        else return c->c;
    }
    return 0;
}

/* Whether cp may change a string under NFC (the quick check's "no" or "maybe"). */
static int rc__uni_nfc_maybe(uint32_t cp) { return cp >= 0x300 && RC_TABLE_FIND(rc__uni_nfc_check, cp) >= 0; }
#endif /* RC_HEADER_ONLY */
