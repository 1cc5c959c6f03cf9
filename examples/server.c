/* server.c - an HTTP server for run.c: OpenAI- and Ollama-compatible endpoints on one model.

   Build and run (README.md, "Server", has curl and client examples):
       make server            (cc -O3 -march=native -fopenmp -pthread -o server examples/server.c -lm)
       ./server models/kjv15M.q8_0.bin --port 8080
       curl http://127.0.0.1:8080/v1/chat/completions -d '{"messages":[{"role":"user","content":"Hi"}]}'

   It uses run.c as a library, through its public API only (rc_*), and adds libc, POSIX sockets
   and threads. Reading order: buffers and the JSON writer; the JSON parser; the HTTP parser; the
   server state and its generation queue; request parameters; the engine (prompt, prompt cache,
   generation, responses); connections; main.

   How it serves:
   - main() accepts connections; each gets a thread that reads its requests with a deadline,
     parses them and answers the cheap endpoints itself.
   - Generations are jobs for the one engine thread, in a bounded FIFO queue: one runs at a time on
     all OpenMP threads, and a request that finds the queue full gets a 503 at once. The engine
     writes the job's response (streamed or whole) to its socket; a client that goes away stops
     its generation at the next token.
   - Prompt cache: the engine remembers which token ids its KV cache holds and feeds only what
     follows the longest common prefix with the new prompt. Its recent replies' texts map back to
     the ids that produced them, so a chat's next turn, which sends them back, reuses all of it.
   - Every size read from the network is bounded: the request line (8 KiB), the header section
     (16 KiB, 100 lines), the body (--max-body), the time to send a request (--timeout), JSON
     nesting (64). The parsers (sv_http_head, sv_chunked_feed, sv_json_parse) work on buffers and
     are fuzzed by fuzz/fuzz_http.c and fuzz/fuzz_json.c, which define SV_NO_MAIN. */
#define RC_NO_MAIN
#include "../run.c"

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#define SV_MAX_LINE 8192          /* request line: 414 beyond */
#define SV_MAX_HEAD 16384         /* request line + headers + blank line: 431 beyond */
#define SV_MAX_HEADERS 100        /* header lines: 431 beyond */
#define SV_MAX_DEPTH 64           /* JSON nesting */
#define SV_MAX_CONNS 64           /* open connections: 503 beyond */
#define SV_MAX_STOP 16            /* stop strings per request */
#define SV_MAX_BIAS 1024          /* logit_bias entries per request */

/* ============================================================================================
   Buffers and the JSON writer
   ============================================================================================ */

/* A growable byte string; after an allocation failure it stays as it was and `oom` is set. */
typedef struct {
    char *p;
    size_t n, cap;
    int oom;
} sv_Buf;

static void sv_put(sv_Buf *b, const char *s, size_t n) {
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p, b->cap = cap;
    }
    if (n) memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void sv_puts(sv_Buf *b, const char *s) { sv_put(b, s, strlen(s)); }

static void sv_printf(sv_Buf *b, const char *fmt, ...) {
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    sv_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void sv_buf_free(sv_Buf *b) {
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* Length of the valid UTF-8 character at s[0..n) (1-4), or 0 if it is not one: overlong forms,
   surrogates and code points past U+10FFFF are invalid, as RFC 3629 says. */
static size_t sv_utf8_len(const unsigned char *s, size_t n) {
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len == 0 || len > n) return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && s[1] < 0xA0) return 0;  /* overlong */
    if (c == 0xED && s[1] > 0x9F) return 0;  /* U+D800..U+DFFF */
    if (c == 0xF0 && s[1] < 0x90) return 0;  /* overlong */
    if (c == 0xF4 && s[1] > 0x8F) return 0;  /* past U+10FFFF */
    return len;
}

/* Appends s[0..n) as a quoted JSON string: quotes, backslashes and control characters escaped,
   invalid UTF-8 replaced by U+FFFD, so whatever the model or a file name holds, the output parses. */
static void sv_json_str(sv_Buf *b, const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    sv_put(b, "\"", 1);
    size_t run = 0; /* bytes before i that go out as they are */
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        size_t len = sv_utf8_len(u + i, n - i);
        if (len && c >= 0x20 && c != '"' && c != '\\') {
            i += len, run += len;
            continue;
        }
        sv_put(b, s + i - run, run), run = 0;
        char esc[8];
        if (!len) sv_put(b, "\xEF\xBF\xBD", 3);
        else if (c == '"' || c == '\\') esc[0] = '\\', esc[1] = (char)c, sv_put(b, esc, 2);
        else if (c == '\n') sv_put(b, "\\n", 2);
        else if (c == '\t') sv_put(b, "\\t", 2);
        else if (c == '\r') sv_put(b, "\\r", 2);
        else snprintf(esc, sizeof esc, "\\u%04x", c), sv_put(b, esc, 6);
        i++;
    }
    sv_put(b, s + n - run, run);
    sv_put(b, "\"", 1);
}

static void sv_json_cstr(sv_Buf *b, const char *s) { sv_json_str(b, s, strlen(s)); }

/* ============================================================================================
   The JSON parser: RFC 8259, strict (no comments, trailing commas, NaN, leading zeros), strings
   checked as UTF-8 with escaped surrogates paired, nesting at most SV_MAX_DEPTH. The document
   becomes an array of nodes; a duplicate key's last value wins, as in JavaScript.
   ============================================================================================ */

enum { SV_JNULL, SV_JFALSE, SV_JTRUE, SV_JNUM, SV_JSTR, SV_JARR, SV_JOBJ };

typedef struct {
    int type;
    int next;          /* next element or member of the parent, -1 at the end */
    int child;         /* first element or member (arrays, objects), -1 if none */
    int n;             /* elements or members */
    const char *key;   /* member key (NUL-terminated, in strings), or NULL */
    size_t key_len;
    const char *str;   /* string value (NUL-terminated; may hold NUL bytes: see len) */
    size_t len;
    double num;
} sv_JNode;

typedef struct {
    sv_JNode *node;    /* [n_nodes]; node 0 is the document */
    int n_nodes, cap;
    char *strings;     /* decoded strings and keys: never longer than the text */
    size_t n_strings;
    const char *start, *p, *end; /* the text and the parse cursor */
    char err[160];
} sv_Json;

static void sv_json_free(sv_Json *j) {
    free(j->node), free(j->strings);
    memset(j, 0, sizeof *j);
}

static int sv_json_fail(sv_Json *j, const char *what) {
    if (!j->err[0]) snprintf(j->err, sizeof j->err, "invalid JSON at byte %zu: %s", (size_t)(j->p - j->start), what);
    return -1;
}

static void sv_json_ws(sv_Json *j) {
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')) j->p++;
}

static int sv_json_hex4(const char *p, unsigned *v) {
    *v = 0;
    for (int i = 0; i < 4; i++) {
        int c = p[i], d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return -1;
        *v = *v * 16 + (unsigned)d;
    }
    return 0;
}

/* Decodes the string at the cursor (just after its opening quote) into j->strings. */
static int sv_json_string(sv_Json *j, const char **out, size_t *len) {
    char *dst = j->strings + j->n_strings, *d = dst;
    while (j->p < j->end) {
        unsigned char c = (unsigned char)*j->p;
        if (c == '"') {
            j->p++;
            *d = 0;
            *out = dst, *len = (size_t)(d - dst);
            j->n_strings += *len + 1;
            return 0;
        }
        if (c < 0x20) return sv_json_fail(j, "control character in a string (escape it)");
        if (c >= 0x80) {
            size_t n = sv_utf8_len((const unsigned char *)j->p, (size_t)(j->end - j->p));
            if (!n) return sv_json_fail(j, "invalid UTF-8 in a string");
            memcpy(d, j->p, n), d += n, j->p += n;
            continue;
        }
        if (c != '\\') {
            *d++ = (char)c, j->p++;
            continue;
        }
        if (j->end - j->p < 2) break;
        char e = j->p[1];
        j->p += 2;
        const char *plain = strchr("\"\\/bfnrt", e);
        if (e && plain) {
            *d++ = "\"\\/\b\f\n\r\t"[plain - "\"\\/bfnrt"];
            continue;
        }
        if (e != 'u') return sv_json_fail(j, "unknown escape in a string");
        unsigned cp, lo;
        if (j->end - j->p < 4 || sv_json_hex4(j->p, &cp)) return sv_json_fail(j, "bad \\u escape");
        j->p += 4;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return sv_json_fail(j, "lone low surrogate escape");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u' || sv_json_hex4(j->p + 2, &lo) ||
                lo < 0xDC00 || lo > 0xDFFF)
                return sv_json_fail(j, "lone high surrogate escape");
            j->p += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        if (cp < 0x80) *d++ = (char)cp;
        else if (cp < 0x800) *d++ = (char)(0xC0 | cp >> 6), *d++ = (char)(0x80 | (cp & 63));
        else if (cp < 0x10000)
            *d++ = (char)(0xE0 | cp >> 12), *d++ = (char)(0x80 | (cp >> 6 & 63)), *d++ = (char)(0x80 | (cp & 63));
        else
            *d++ = (char)(0xF0 | cp >> 18), *d++ = (char)(0x80 | (cp >> 12 & 63)),
            *d++ = (char)(0x80 | (cp >> 6 & 63)), *d++ = (char)(0x80 | (cp & 63));
    }
    return sv_json_fail(j, "unterminated string");
}

static int sv_json_new(sv_Json *j, int type) {
    if (j->n_nodes == j->cap) {
        int cap = j->cap ? 2 * j->cap : 64;
        sv_JNode *n = realloc(j->node, (size_t)cap * sizeof *n);
        if (!n) return sv_json_fail(j, "out of memory");
        j->node = n, j->cap = cap;
    }
    sv_JNode *n = &j->node[j->n_nodes];
    memset(n, 0, sizeof *n);
    n->type = type, n->next = n->child = -1;
    return j->n_nodes++;
}

static int sv_json_number(sv_Json *j, int at) {
    const char *s = j->p, *p = s;
    if (p < j->end && *p == '-') p++;
    if (p < j->end && *p == '0') p++;
    else if (p < j->end && *p >= '1' && *p <= '9') while (p < j->end && *p >= '0' && *p <= '9') p++;
    else return sv_json_fail(j, "bad number");
    if (p < j->end && *p == '.') {
        if (++p >= j->end || *p < '0' || *p > '9') return sv_json_fail(j, "bad number");
        while (p < j->end && *p >= '0' && *p <= '9') p++;
    }
    if (p < j->end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < j->end && (*p == '+' || *p == '-')) p++;
        if (p >= j->end || *p < '0' || *p > '9') return sv_json_fail(j, "bad number");
        while (p < j->end && *p >= '0' && *p <= '9') p++;
    }
    char tmp[64];
    if ((size_t)(p - s) >= sizeof tmp) return sv_json_fail(j, "number longer than 63 characters");
    memcpy(tmp, s, (size_t)(p - s)), tmp[p - s] = 0;
    double v = strtod(tmp, NULL);
    if (!isfinite(v)) return sv_json_fail(j, "number out of range");
    j->node[at].num = v;
    j->p = p;
    return 0;
}

static int sv_json_value(sv_Json *j, int depth);

/* The elements of an array or the members of an object, after its opening bracket. */
static int sv_json_items(sv_Json *j, int at, int object, int depth) {
    int last = -1;
    sv_json_ws(j);
    if (j->p < j->end && *j->p == (object ? '}' : ']')) {
        j->p++;
        return 0;
    }
    for (;;) {
        const char *key = NULL;
        size_t key_len = 0;
        sv_json_ws(j);
        if (object) {
            if (j->p >= j->end || *j->p != '"') return sv_json_fail(j, "expected a member name in quotes");
            j->p++;
            if (sv_json_string(j, &key, &key_len)) return -1;
            sv_json_ws(j);
            if (j->p >= j->end || *j->p != ':') return sv_json_fail(j, "expected ':' after a member name");
            j->p++;
        }
        int child = j->n_nodes;
        if (sv_json_value(j, depth + 1)) return -1;
        j->node[child].key = key, j->node[child].key_len = key_len;
        if (last < 0) j->node[at].child = child;
        else j->node[last].next = child;
        last = child;
        j->node[at].n++;
        sv_json_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == (object ? '}' : ']')) {
            j->p++;
            return 0;
        }
        return sv_json_fail(j, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static int sv_json_value(sv_Json *j, int depth) {
    if (depth > SV_MAX_DEPTH) return sv_json_fail(j, "nested deeper than 64 levels");
    sv_json_ws(j);
    if (j->p >= j->end) return sv_json_fail(j, "expected a value");
    char c = *j->p;
    static const char *const words[3] = {"null", "false", "true"};
    for (int w = 0; w < 3; w++) {
        size_t n = strlen(words[w]);
        if ((size_t)(j->end - j->p) >= n && memcmp(j->p, words[w], n) == 0) {
            j->p += n;
            return sv_json_new(j, SV_JNULL + w) < 0 ? -1 : 0;
        }
    }
    int type = c == '"' ? SV_JSTR : c == '[' ? SV_JARR : c == '{' ? SV_JOBJ : c == '-' || (c >= '0' && c <= '9') ? SV_JNUM : -1;
    if (type < 0) return sv_json_fail(j, "expected a value");
    int at = sv_json_new(j, type);
    if (at < 0) return -1;
    if (type == SV_JNUM) return sv_json_number(j, at);
    j->p++;
    if (type == SV_JSTR) return sv_json_string(j, &j->node[at].str, &j->node[at].len);
    return sv_json_items(j, at, type == SV_JOBJ, depth);
}

/* Parses text[0..len) into j (free with sv_json_free, also after a failure). Returns 0, or -1
   with the reason in j->err. */
static int sv_json_parse(sv_Json *j, const char *text, size_t len) {
    memset(j, 0, sizeof *j);
    j->strings = malloc(len + 1);
    if (!j->strings) return snprintf(j->err, sizeof j->err, "out of memory"), -1;
    j->start = j->p = text, j->end = text + len;
    if (sv_json_value(j, 1)) return -1;
    sv_json_ws(j);
    if (j->p != j->end) return sv_json_fail(j, "text after the value");
    return 0;
}

/* The member `key` of object node `obj` (the last one if repeated), or -1. */
static int sv_json_get(const sv_Json *j, int obj, const char *key) {
    if (obj < 0 || j->node[obj].type != SV_JOBJ) return -1;
    size_t n = strlen(key);
    int found = -1;
    for (int c = j->node[obj].child; c >= 0; c = j->node[c].next)
        if (j->node[c].key_len == n && memcmp(j->node[c].key, key, n) == 0) found = c;
    return found;
}

/* ============================================================================================
   The HTTP/1.1 parser (RFC 9112): the request head, and chunked bodies as a byte-at-a-time
   state machine, so that a body trickled in tiny pieces costs no more than one sent at once.
   ============================================================================================ */

typedef struct {
    const char *method;       /* into the head, not NUL-terminated */
    size_t method_len;
    const char *path;         /* origin form, without the query */
    size_t path_len;
    int minor;                /* HTTP/1.minor */
    int64_t content_length;   /* -1: none */
    int chunked, keep_alive, expect_continue, has_host;
    const char *auth;         /* Authorization value, or NULL */
    size_t auth_len;
    const char *why;          /* what is wrong with a refused head, or NULL */
} sv_Request;

static int sv_tchar(int c) { /* a token character (RFC 9110 5.6.2) */
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* Where the head in buf[0..n) ends (just after its blank line), or 0 if it has not yet; the
   bytes before `from` were looked at before. A line ends in CRLF or, leniently, LF. */
static size_t sv_head_end(const char *buf, size_t n, size_t from) {
    for (size_t i = from >= 2 ? from - 2 : 0; i < n; i++) {
        if (buf[i] != '\n') continue;
        if (i + 1 < n && buf[i + 1] == '\n') return i + 2;
        if (i + 2 < n && buf[i + 1] == '\r' && buf[i + 2] == '\n') return i + 3;
    }
    return 0;
}

static int sv_header_is(const char *name, size_t n, const char *want) {
    return strlen(want) == n && strncasecmp(name, want, n) == 0;
}

/* Parses the complete head buf[0..n) (sv_head_end's length). Returns 0, or the status for a bad
   head: 400 (r->why says what is wrong), 413, 414, 417, 431, 501 (a transfer coding other than
   chunked), 505 (not HTTP/1.x). */
#define SV_BAD(status, msg) return (r->why = (msg), (status))
static int sv_http_head(const char *buf, size_t n, sv_Request *r) {
    memset(r, 0, sizeof *r);
    r->content_length = -1;
    const char *p = buf, *end = buf + n;
    const char *eol = memchr(p, '\n', n);
    if (!eol) SV_BAD(400, "a request line without its end");
    if (eol - p > SV_MAX_LINE) return 414;
    const char *line_end = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
    /* request line: method SP target SP HTTP/1.x */
    const char *q = p;
    while (q < line_end && sv_tchar((unsigned char)*q)) q++;
    if (q == p || q >= line_end || *q != ' ') SV_BAD(400, "malformed request line (expected METHOD /path HTTP/1.1)");
    r->method = p, r->method_len = (size_t)(q - p);
    const char *t = ++q;
    while (q < line_end && (unsigned char)*q > 0x20 && (unsigned char)*q < 0x7F) q++;
    if (q == t || q >= line_end || *q != ' ') SV_BAD(400, "malformed request line (expected METHOD /path HTTP/1.1)");
    const char *t_end = q++;
    if (line_end - q != 8 || memcmp(q, "HTTP/", 5) != 0 || q[6] != '.' || q[5] < '0' || q[5] > '9' || q[7] < '0' ||
        q[7] > '9')
        SV_BAD(400, "malformed request line (expected METHOD /path HTTP/1.1)");
    if (q[5] != '1' || (q[7] != '0' && q[7] != '1')) return 505;
    r->minor = q[7] - '0';
    if (t_end - t > 7 && strncasecmp(t, "http://", 7) == 0) { /* absolute form: keep the path */
        const char *slash = memchr(t + 7, '/', (size_t)(t_end - t - 7));
        t = slash ? slash : t_end;
    }
    if (t == t_end) t = "/", t_end = t + 1;
    if (*t != '/') SV_BAD(400, "the request target must be a path starting with '/'");
    const char *qm = memchr(t, '?', (size_t)(t_end - t));
    r->path = t, r->path_len = (size_t)((qm ? qm : t_end) - t);
    r->keep_alive = r->minor == 1;
    int te = 0, n_headers = 0;
    /* header fields: name ":" OWS value OWS, up to the blank line */
    for (p = eol + 1; p < end;) {
        eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) SV_BAD(400, "a header line without its end");
        line_end = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
        if (line_end == p) break; /* the blank line */
        if (++n_headers > SV_MAX_HEADERS) return 431;
        if (*p == ' ' || *p == '\t') SV_BAD(400, "obsolete header line folding");
        const char *colon = p;
        while (colon < line_end && sv_tchar((unsigned char)*colon)) colon++;
        if (colon == p || colon >= line_end || *colon != ':')
            SV_BAD(400, "a header line without a field name and ':' (no space before it)");
        const char *v = colon + 1, *v_end = line_end;
        while (v < v_end && (*v == ' ' || *v == '\t')) v++;
        while (v_end > v && (v_end[-1] == ' ' || v_end[-1] == '\t')) v_end--;
        for (const char *c = v; c < v_end; c++)
            if (((unsigned char)*c < 0x20 && *c != '\t') || *c == 0x7F) SV_BAD(400, "a control character in a header value");
        size_t name_len = (size_t)(colon - p), v_len = (size_t)(v_end - v);
        if (sv_header_is(p, name_len, "host")) {
            if (r->has_host) SV_BAD(400, "more than one Host header");
            r->has_host = 1;
        } else if (sv_header_is(p, name_len, "content-length")) {
            int64_t len = 0;
            if (v_len > 18) return 413;
            if (v_len == 0) SV_BAD(400, "an empty Content-Length");
            for (size_t i = 0; i < v_len; i++) {
                if (v[i] < '0' || v[i] > '9') SV_BAD(400, "Content-Length is not a decimal number");
                len = len * 10 + (v[i] - '0');
            }
            if (r->content_length >= 0 && r->content_length != len) SV_BAD(400, "differing Content-Length headers");
            r->content_length = len;
        } else if (sv_header_is(p, name_len, "transfer-encoding")) {
            if (te) SV_BAD(400, "more than one Transfer-Encoding header");
            if (!sv_header_is(v, v_len, "chunked")) return 501;
            te = r->chunked = 1;
        } else if (sv_header_is(p, name_len, "connection")) {
            for (const char *c = v; c < v_end;) { /* a comma-separated list of options */
                const char *ce = c;
                while (ce < v_end && *ce != ',') ce++;
                const char *a = c, *b = ce;
                while (a < b && (*a == ' ' || *a == '\t')) a++;
                while (b > a && (b[-1] == ' ' || b[-1] == '\t')) b--;
                if (sv_header_is(a, (size_t)(b - a), "close")) r->keep_alive = 0;
                else if (sv_header_is(a, (size_t)(b - a), "keep-alive")) r->keep_alive = 1;
                c = ce + (ce < v_end);
            }
        } else if (sv_header_is(p, name_len, "expect")) {
            if (!sv_header_is(v, v_len, "100-continue")) return 417;
            r->expect_continue = 1;
        } else if (sv_header_is(p, name_len, "authorization")) {
            r->auth = v, r->auth_len = v_len;
        }
        p = eol + 1;
    }
    if (r->chunked && r->content_length >= 0)
        SV_BAD(400, "both Content-Length and Transfer-Encoding (a request-smuggling shape)");
    if (r->minor == 1 && !r->has_host) SV_BAD(400, "an HTTP/1.1 request without a Host header");
    return 0;
}

/* A chunked body being decoded: feed it bytes as they come. */
typedef struct {
    int state;
    uint64_t left;       /* bytes of the current chunk still to come */
    int digits;          /* hex digits of the size line so far */
    size_t n, max;       /* decoded bytes so far; the most allowed */
    size_t line;         /* bytes of the current trailer line */
} sv_Chunked;

enum { SV_CH_SIZE, SV_CH_EXT, SV_CH_SIZE_LF, SV_CH_DATA, SV_CH_DATA_CR, SV_CH_DATA_LF, SV_CH_TRAILER,
       SV_CH_TRAILER_LF, SV_CH_LINE, SV_CH_DONE };

/* Decodes in[0..n) into out (room for c->max bytes in all). Returns 1 when the body is complete
   (*used: the bytes of `in` it took), 0 when it needs more, or the status for a bad body: 400,
   413 (more than max). */
static int sv_chunked_feed(sv_Chunked *c, const char *in, size_t n, char *out, size_t *used) {
    size_t i = 0;
    for (; i < n && c->state != SV_CH_DONE; i++) {
        unsigned char ch = (unsigned char)in[i];
        switch (c->state) {
        case SV_CH_SIZE: {
            int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                  : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
            if (d >= 0) {
                if (++c->digits > 15) return 413;
                c->left = c->left * 16 + (uint64_t)d;
                break;
            }
            if (c->digits == 0) return 400;
            if (c->left > c->max - c->n) return 413;
            if (ch == ';') c->state = SV_CH_EXT;
            else if (ch == '\r') c->state = SV_CH_SIZE_LF;
            else if (ch == '\n') c->state = c->left ? SV_CH_DATA : SV_CH_TRAILER;
            else return 400;
            break;
        }
        case SV_CH_EXT: /* chunk extensions are allowed and ignored */
            if (ch == '\r') c->state = SV_CH_SIZE_LF;
            else if (ch == '\n') c->state = c->left ? SV_CH_DATA : SV_CH_TRAILER;
            else if (ch < 0x20 && ch != '\t') return 400;
            break;
        case SV_CH_SIZE_LF:
            if (ch != '\n') return 400;
            c->state = c->left ? SV_CH_DATA : SV_CH_TRAILER;
            break;
        case SV_CH_DATA: {
            size_t take = n - i < c->left ? n - i : (size_t)c->left;
            memcpy(out + c->n, in + i, take);
            c->n += take, c->left -= take, i += take - 1;
            if (c->left == 0) c->state = SV_CH_DATA_CR;
            break;
        }
        case SV_CH_DATA_CR:
            if (ch == '\r') c->state = SV_CH_DATA_LF;
            else if (ch == '\n') c->state = SV_CH_SIZE, c->digits = 0;
            else return 400;
            break;
        case SV_CH_DATA_LF:
            if (ch != '\n') return 400;
            c->state = SV_CH_SIZE, c->digits = 0;
            break;
        case SV_CH_TRAILER: /* the start of a trailer line: an empty one ends the body */
            if (ch == '\r') c->state = SV_CH_TRAILER_LF;
            else if (ch == '\n') c->state = SV_CH_DONE;
            else c->state = SV_CH_LINE, c->line = 1;
            break;
        case SV_CH_TRAILER_LF:
            if (ch != '\n') return 400;
            c->state = SV_CH_DONE;
            break;
        case SV_CH_LINE: /* trailer fields are read and ignored */
            if (ch == '\n') c->state = SV_CH_TRAILER;
            else if (++c->line > SV_MAX_LINE) return 431;
            break;
        }
    }
    *used = i;
    return c->state == SV_CH_DONE;
}

/* ============================================================================================
   The server's state and its generation queue
   ============================================================================================ */

/* A growable array of token ids, the server's own (rc_Ids is filled by run.c's functions). */
typedef struct {
    int *v;
    size_t n, cap;
} sv_Ids;

static int sv_ids_push(sv_Ids *a, const int *v, size_t n) {
    if (a->n + n > a->cap) {
        size_t cap = a->cap ? a->cap : 256;
        while (cap < a->n + n) cap *= 2;
        int *p = realloc(a->v, cap * sizeof *p);
        if (!p) return -1;
        a->v = p, a->cap = cap;
    }
    if (n) memcpy(a->v + a->n, v, n * sizeof *v);
    a->n += n;
    return 0;
}

/* A reply the server generated, whole (no stop string cut it): its text and the model's ids for
   it. A client that sends the text back as an assistant message gets these ids, not a fresh
   encoding (which may split it differently: SentencePiece adds a leading space), so its prompt
   is what the KV cache holds, as in ./run -m chat. */
#define SV_REPLIES 32
typedef struct {
    char *text;
    size_t len;
    sv_Ids ids;
    uint64_t stamp;            /* when it was stored: the oldest is replaced */
} sv_Reply;

enum { SV_OPENAI_CHAT, SV_OPENAI_COMPLETION, SV_OLLAMA_CHAT, SV_OLLAMA_GENERATE };

/* One generation request, parsed and checked; the engine runs it and writes its response. */
typedef struct sv_Job {
    int kind, stream, include_usage, json_mode, raw;
    int fd;                    /* the client's socket */
    int keep_alive;            /* the connection stays open after a whole (not streamed) 200 */
    sv_Json req;               /* the request body: the strings below point into it */
    const char *system;        /* NULL if none */
    const char **turn;         /* chat: user, assistant, ..., user */
    int n_turns;
    const char *prompt;        /* completion, generate */
    rc_SamplerParams sp;
    rc_LogitBias bias[SV_MAX_BIAS];
    int max_new;               /* 0: until the end of turn or the context */
    const char *stop[SV_MAX_STOP];
    int n_stop;
    char **keep;               /* joined strings (system messages, content parts), freed with the job */
    int n_keep;
    double t_start;
    /* results */
    sv_Buf text;               /* the reply so far */
    sv_Ids gen;                /* its token ids */
    int gone;                  /* the client went away: the generation stopped */
    int status, n_prompt, n_cached, n_generated;
    int done;                  /* set by the engine when the response is written */
    struct sv_Job *next;
} sv_Job;

typedef struct {
    /* options */
    const char *model_path, *tok_path, *host, *api_key, *name;
    int port, ctx, threads, queue_max, timeout, no_cache, quiet, kv_type, load; /* load: RC_LOAD_* (--mmap) */
    size_t max_body;
    /* the model */
    rc_Model model;
    rc_Tokenizer tok;
    rc_State state;
    sv_Ids cache;              /* the token ids the KV cache holds at positions [0, cache.n) */
    sv_Reply reply[SV_REPLIES]; /* recent replies: text -> the ids that made it */
    uint64_t n_replies;
    int chat_ok;               /* the vocabulary has a chat template rc_chat_prompt renders */
    time_t created;
    uint64_t seq;              /* requests served: ids and default seeds */
    /* threads */
    pthread_mutex_t mu;
    pthread_cond_t job_cv, done_cv;
    sv_Job *head, *tail;       /* jobs waiting for the engine */
    int n_waiting, busy, n_conns, stopping;
    int wake[2];               /* a pipe: written once at shutdown, polled by every waiting thread */
} sv_Server;

static double sv_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ============================================================================================
   Sending responses
   ============================================================================================ */

static const char *sv_reason(int status) {
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 417: return "Expectation Failed";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Internal Server Error";
    }
}

/* Writes all of p[0..n); -1 if the client is gone or too slow (SO_SNDTIMEO). */
static int sv_send(int fd, const char *p, size_t n) {
    while (n) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return -1;
        p += k, n -= (size_t)k;
    }
    return 0;
}

/* A whole response: status line, headers (extra: more header lines, each ending in \r\n), body. */
static int sv_respond(int fd, int status, int keep_alive, const char *type, const char *extra, const char *body,
                      size_t n) {
    sv_Buf b = {0};
    sv_printf(&b, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: %s\r\n", status,
              sv_reason(status), type, n, keep_alive ? "keep-alive" : "close");
    if (extra) sv_puts(&b, extra);
    sv_puts(&b, "\r\n");
    sv_put(&b, body, n);
    int rc = b.oom ? -1 : sv_send(fd, b.p, b.n);
    sv_buf_free(&b);
    return rc;
}

/* An error object in the path's API family: OpenAI's {"error":{...}} or Ollama's {"error":"..."}. */
static void sv_error_body(sv_Buf *b, int status, int ollama, const char *param, const char *msg) {
    if (ollama) {
        sv_puts(b, "{\"error\":"), sv_json_cstr(b, msg), sv_puts(b, "}");
        return;
    }
    const char *type = status == 401 ? "authentication_error" : status == 404 ? "not_found_error"
                     : status == 503 ? "server_busy" : status >= 500 ? "server_error" : "invalid_request_error";
    sv_puts(b, "{\"error\":{\"message\":"), sv_json_cstr(b, msg);
    sv_printf(b, ",\"type\":\"%s\",\"param\":", type);
    if (param) sv_json_cstr(b, param);
    else sv_puts(b, "null");
    sv_puts(b, ",\"code\":null}}");
}

/* A whole error response (401 and 503 with the header that goes with them). */
static int sv_error(int fd, int status, int keep_alive, int ollama, const char *param, const char *msg) {
    sv_Buf b = {0};
    sv_error_body(&b, status, ollama, param, msg);
    const char *extra = status == 401 ? "WWW-Authenticate: Bearer\r\n" : status == 503 ? "Retry-After: 1\r\n" : NULL;
    int rc = b.oom ? -1 : sv_respond(fd, status, keep_alive, "application/json", extra, b.p, b.n);
    sv_buf_free(&b);
    return rc;
}

/* ============================================================================================
   Request parameters: each field is checked for its type and range, and the message names it.
   ============================================================================================ */

typedef struct {
    sv_Json *j;
    char msg[256];
    const char *param;   /* the field at fault */
} sv_Params;

static const char *sv_type_name(int type) {
    static const char *const names[] = {"null", "false", "true", "a number", "a string", "an array", "an object"};
    return names[type];
}

static int sv_bad(sv_Params *P, const char *param, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(P->msg, sizeof P->msg, fmt, ap);
    va_end(ap);
    P->param = param;
    return -1;
}

/* The member `key` of `obj`, unless it is absent or null (-1). */
static int sv_field(sv_Params *P, int obj, const char *key) {
    int n = sv_json_get(P->j, obj, key);
    return n >= 0 && P->j->node[n].type == SV_JNULL ? -1 : n;
}

/* A number in [lo, hi] ((lo, hi] if lo_open). Returns 1 set, 0 absent, -1 bad. */
static int sv_number(sv_Params *P, int obj, const char *key, double lo, double hi, int lo_open, double *out) {
    int n = sv_field(P, obj, key);
    if (n < 0) return 0;
    double v = P->j->node[n].num;
    if (P->j->node[n].type != SV_JNUM || v > hi || (lo_open ? v <= lo : v < lo))
        return sv_bad(P, key, "'%s' must be a number in %c%g, %g] (found %s)", key, lo_open ? '(' : '[', lo, hi,
                      P->j->node[n].type == SV_JNUM ? "a number outside it" : sv_type_name(P->j->node[n].type));
    *out = v;
    return 1;
}

static int sv_integer(sv_Params *P, int obj, const char *key, double lo, double hi, long long *out) {
    int n = sv_field(P, obj, key);
    if (n < 0) return 0;
    double v = P->j->node[n].num;
    if (P->j->node[n].type != SV_JNUM || v != floor(v) || v < lo || v > hi)
        return sv_bad(P, key, "'%s' must be an integer in [%.0f, %.0f] (found %s)", key, lo, hi,
                      P->j->node[n].type == SV_JNUM ? "a number outside them" : sv_type_name(P->j->node[n].type));
    *out = (long long)v;
    return 1;
}

static int sv_boolean(sv_Params *P, int obj, const char *key, int *out) {
    int n = sv_field(P, obj, key);
    if (n < 0) return 0;
    int t = P->j->node[n].type;
    if (t != SV_JTRUE && t != SV_JFALSE)
        return sv_bad(P, key, "'%s' must be true or false (found %s)", key, sv_type_name(t));
    *out = t == SV_JTRUE;
    return 1;
}

/* A string without NUL bytes (the engine's strings are C strings). */
static int sv_string_node(sv_Params *P, int n, const char *key, const char **out) {
    const sv_JNode *v = &P->j->node[n];
    if (v->type != SV_JSTR) return sv_bad(P, key, "'%s' must be a string (found %s)", key, sv_type_name(v->type));
    if (strlen(v->str) != v->len) return sv_bad(P, key, "'%s' holds a NUL character", key);
    *out = v->str;
    return 1;
}

static int sv_string(sv_Params *P, int obj, const char *key, const char **out) {
    int n = sv_field(P, obj, key);
    return n < 0 ? 0 : sv_string_node(P, n, key, out);
}

/* A field that changes the result in a way this server does not do: only its neutral values pass. */
static int sv_unsupported(sv_Params *P, int obj, const char *key, const char *what) {
    int n = sv_field(P, obj, key);
    if (n < 0) return 0;
    const sv_JNode *v = &P->j->node[n];
    int neutral = v->type == SV_JFALSE || (v->type == SV_JARR && v->n == 0) || (v->type == SV_JSTR && v->len == 0);
    return neutral ? 0 : sv_bad(P, key, "'%s' is not supported: %s", key, what);
}

/* `stop`: a string or an array of strings (OpenAI), or an array (Ollama's options.stop). */
static int sv_stops(sv_Params *P, int obj, const char *key, sv_Job *job) {
    int n = sv_field(P, obj, key);
    if (n < 0) return 0;
    const sv_JNode *v = &P->j->node[n];
    if (v->type == SV_JSTR) {
        if (sv_string_node(P, n, key, &job->stop[0]) < 0) return -1;
        if (!v->len) return sv_bad(P, key, "'%s' strings must not be empty", key);
        job->n_stop = 1;
        return 0;
    }
    if (v->type != SV_JARR) return sv_bad(P, key, "'%s' must be a string or an array of strings (found %s)", key,
                                          sv_type_name(v->type));
    if (v->n > SV_MAX_STOP) return sv_bad(P, key, "'%s' holds %d strings (at most %d)", key, v->n, SV_MAX_STOP);
    for (int c = v->child; c >= 0; c = P->j->node[c].next) {
        const char *s = NULL;
        if (P->j->node[c].type != SV_JSTR)
            return sv_bad(P, key, "'%s' must be an array of strings (found %s in it)", key,
                          sv_type_name(P->j->node[c].type));
        if (sv_string_node(P, c, key, &s) < 0) return -1;
        if (!*s) return sv_bad(P, key, "'%s' strings must not be empty", key);
        job->stop[job->n_stop++] = s;
    }
    return 0;
}

/* The sampling fields shared by OpenAI's request and Ollama's options (defaults already set). */
static int sv_sampling(sv_Params *P, int obj, sv_Job *job, int vocab) {
    double v = 0;
    long long i = 0;
    rc_SamplerParams *sp = &job->sp;
    int rc;
    if ((rc = sv_number(P, obj, "temperature", 0, 2, 0, &v)) < 0) return -1;
    if (rc) sp->temperature = (float)v;
    if ((rc = sv_number(P, obj, "top_p", 0, 1, 1, &v)) < 0) return -1;
    if (rc) sp->top_p = (float)v;
    if ((rc = sv_integer(P, obj, "top_k", 0, vocab, &i)) < 0) return -1;
    if (rc) sp->top_k = (int)i;
    if ((rc = sv_number(P, obj, "min_p", 0, 1, 0, &v)) < 0) return -1;
    if (rc) sp->min_p = (float)v;
    if ((rc = sv_number(P, obj, "repeat_penalty", 0, 100, 1, &v)) < 0) return -1;
    if (rc) sp->repeat_penalty = (float)v;
    if ((rc = sv_integer(P, obj, "repeat_last_n", -1, 1 << 24, &i)) < 0) return -1;
    if (rc) sp->repeat_last_n = (int)i;
    if ((rc = sv_number(P, obj, "presence_penalty", -2, 2, 0, &v)) < 0) return -1;
    if (rc) sp->presence_penalty = (float)v;
    if ((rc = sv_number(P, obj, "frequency_penalty", -2, 2, 0, &v)) < 0) return -1;
    if (rc) sp->frequency_penalty = (float)v;
    if ((rc = sv_integer(P, obj, "seed", -9007199254740991.0, 9007199254740991.0, &i)) < 0) return -1;
    if (rc) sp->seed = (uint64_t)i ? (uint64_t)i : 0x9E3779B97F4A7C15ull; /* 0 is the sampler's "default" */
    return 0;
}

/* OpenAI's logit_bias: {"token id": bias in [-100, 100]}; -100 bans the token. */
static int sv_logit_bias(sv_Params *P, int obj, sv_Job *job, int vocab) {
    int n = sv_field(P, obj, "logit_bias");
    if (n < 0) return 0;
    const sv_JNode *v = &P->j->node[n];
    if (v->type != SV_JOBJ)
        return sv_bad(P, "logit_bias", "'logit_bias' must be an object of token ids (found %s)", sv_type_name(v->type));
    if (v->n > SV_MAX_BIAS) return sv_bad(P, "logit_bias", "'logit_bias' holds %d entries (at most %d)", v->n, SV_MAX_BIAS);
    for (int c = v->child; c >= 0; c = P->j->node[c].next) {
        const sv_JNode *m = &P->j->node[c];
        char *end;
        long id = strtol(m->key, &end, 10);
        int canonical = m->key_len > 0 && m->key[0] >= '0' && m->key[0] <= '9' && (m->key[0] != '0' || m->key_len == 1);
        if (!canonical || *end || (size_t)(end - m->key) != m->key_len || id < 0 || id >= vocab)
            return sv_bad(P, "logit_bias", "'logit_bias' keys must be token ids in [0, %d) (found \"%.40s\")", vocab,
                          m->key);
        if (m->type != SV_JNUM || m->num < -100 || m->num > 100)
            return sv_bad(P, "logit_bias", "'logit_bias' values must be numbers in [-100, 100] (token %ld)", id);
        job->bias[job->sp.n_bias].id = (int)id;
        job->bias[job->sp.n_bias++].bias = m->num <= -100 ? -INFINITY : (float)m->num;
    }
    job->sp.bias = job->bias;
    return 0;
}

/* Keeps s (malloc'd, may be NULL) until the job ends; returns it. */
static char *sv_keep(sv_Job *job, char *s) {
    char **k = s ? realloc(job->keep, (size_t)(job->n_keep + 1) * sizeof *k) : NULL;
    if (!k) {
        free(s);
        return NULL;
    }
    job->keep = k;
    return k[job->n_keep++] = s;
}

/* The text of a message's content: a string, or OpenAI's array of {"type":"text","text":...}. */
static int sv_content(sv_Params *P, int msg, sv_Job *job, const char **out) {
    int n = sv_field(P, msg, "content");
    if (n < 0) return sv_bad(P, "messages", "every message needs a 'content' string");
    const sv_JNode *v = &P->j->node[n];
    if (v->type == SV_JSTR) return sv_string_node(P, n, "messages", out) < 0 ? -1 : 0;
    if (v->type != SV_JARR)
        return sv_bad(P, "messages", "a message's 'content' must be a string or an array of text parts (found %s)",
                      sv_type_name(v->type));
    sv_Buf b = {0};
    sv_put(&b, "", 0);
    for (int c = v->child; c >= 0; c = P->j->node[c].next) {
        const char *type = NULL, *text = NULL;
        if (sv_string(P, c, "type", &type) <= 0 || strcmp(type, "text") != 0) {
            sv_buf_free(&b);
            return sv_bad(P, "messages", "content part of type '%.40s' is not supported (only \"text\" parts are)",
                          type ? type : "?");
        }
        if (sv_string(P, c, "text", &text) <= 0) {
            sv_buf_free(&b);
            return sv_bad(P, "messages", "a text part needs a 'text' string");
        }
        sv_puts(&b, text);
    }
    if (b.oom || !(*out = sv_keep(job, b.p))) return sv_bad(P, NULL, "out of memory");
    return 0;
}

/* messages: system (or developer) messages first, then user and assistant alternating, ending
   with user. Fills job->system (several system messages join into one) and job->turn. */
static int sv_messages(sv_Params *P, int obj, sv_Job *job, int ollama) {
    int n = sv_field(P, obj, "messages");
    if (n < 0) return sv_bad(P, "messages", "'messages' is required");
    const sv_JNode *v = &P->j->node[n];
    if (v->type != SV_JARR || v->n == 0)
        return sv_bad(P, "messages", "'messages' must be a non-empty array (found %s)",
                      v->type == SV_JARR ? "an empty one" : sv_type_name(v->type));
    job->turn = calloc((size_t)v->n, sizeof *job->turn);
    if (!job->turn) return sv_bad(P, NULL, "out of memory");
    sv_Buf sys = {0};
    int n_sys = 0;
    for (int c = v->child; c >= 0; c = P->j->node[c].next) {
        const char *role = NULL, *text = NULL;
        if (P->j->node[c].type != SV_JOBJ) {
            sv_bad(P, "messages", "every message must be an object (found %s)", sv_type_name(P->j->node[c].type));
            goto fail;
        }
        int got = sv_string(P, c, "role", &role);
        if (got <= 0) {
            if (got == 0) sv_bad(P, "messages", "every message needs a 'role' string");
            goto fail;
        }
        if (sv_unsupported(P, c, "tool_calls", "tools and function calls") || sv_unsupported(P, c, "images", "images"))
            goto fail;
        int is_sys = strcmp(role, "system") == 0 || (!ollama && strcmp(role, "developer") == 0);
        int user = strcmp(role, "user") == 0, asst = strcmp(role, "assistant") == 0;
        if (!is_sys && !user && !asst) {
            sv_bad(P, "messages", "message role '%.40s' is not supported (expected system, user or assistant)", role);
            goto fail;
        }
        if (sv_content(P, c, job, &text) < 0) goto fail;
        if (is_sys) {
            if (job->n_turns > 0) {
                sv_bad(P, "messages", "system messages must come before the first user message");
                goto fail;
            }
            if (n_sys++) sv_puts(&sys, "\n");
            sv_puts(&sys, text);
            continue;
        }
        if (user != (job->n_turns % 2 == 0)) {
            sv_bad(P, "messages", "user and assistant messages must alternate, starting with user (message %d is %s)",
                   job->n_turns + n_sys, role);
            goto fail;
        }
        job->turn[job->n_turns++] = text;
    }
    if (job->n_turns % 2 == 0) {
        sv_bad(P, "messages", job->n_turns ? "the last message must be from the user" : "'messages' has no user message");
        goto fail;
    }
    if (n_sys && (sys.oom || !(job->system = sv_keep(job, sys.p)))) return sv_bad(P, NULL, "out of memory");
    return 0;
fail:
    sv_buf_free(&sys);
    return -1;
}

/* Reads a generation request (the body, parsed into job->req) for `kind`. Returns 0, or -1 with
   the message and the field at fault in P. */
static int sv_parse_job(const sv_Server *S, sv_Job *job, sv_Params *P) {
    sv_Json *j = &job->req;
    int vocab = S->model.config.vocab_size, ollama = job->kind >= SV_OLLAMA_CHAT;
    long long i = 0;
    const char *s;
    int rc;
    P->j = j;
    if (j->node[0].type != SV_JOBJ)
        return sv_bad(P, NULL, "the request body must be a JSON object (found %s)", sv_type_name(j->node[0].type));
    if (sv_string(P, 0, "model", &s) < 0) return -1;
    job->sp = rc_sampler_defaults();
    if (!ollama) { /* OpenAI's defaults: temperature 1, top_p 1, no penalties */
        job->sp.top_p = 1.0f;
        if (sv_sampling(P, 0, job, vocab) || sv_logit_bias(P, 0, job, vocab) || sv_stops(P, 0, "stop", job)) return -1;
        long long max_new = 0;
        if ((rc = sv_integer(P, 0, "max_tokens", 1, 1 << 30, &i)) < 0) return -1;
        if (rc) max_new = i;
        if ((rc = sv_integer(P, 0, "max_completion_tokens", 1, 1 << 30, &i)) < 0) return -1;
        if (rc) max_new = i;
        job->max_new = (int)max_new;
        if ((rc = sv_integer(P, 0, "n", 1, 1, &i)) < 0)
            return sv_bad(P, "n", "'n' must be 1: one choice per request is supported");
        int f = sv_field(P, 0, "response_format");
        if (f >= 0) {
            const char *type = NULL;
            if (j->node[f].type != SV_JOBJ || sv_string(P, f, "type", &type) <= 0)
                return sv_bad(P, "response_format", "'response_format' must be an object with a 'type' string");
            if (strcmp(type, "json_object") == 0) job->json_mode = 1;
            else if (strcmp(type, "text") != 0)
                return sv_bad(P, "response_format", "response_format type '%.40s' is not supported (expected \"text\" "
                              "or \"json_object\")", type);
        }
        if (sv_boolean(P, 0, "stream", &job->stream) < 0) return -1;
        f = sv_field(P, 0, "stream_options");
        if (f >= 0) {
            if (!job->stream) return sv_bad(P, "stream_options", "'stream_options' is only allowed with stream: true");
            if (j->node[f].type != SV_JOBJ)
                return sv_bad(P, "stream_options", "'stream_options' must be an object");
            if (sv_boolean(P, f, "include_usage", &job->include_usage) < 0) return -1;
        }
        if (sv_unsupported(P, 0, "tools", "tool calls") || sv_unsupported(P, 0, "functions", "function calls") ||
            sv_unsupported(P, 0, "function_call", "function calls") || sv_unsupported(P, 0, "logprobs", "logprobs") ||
            sv_unsupported(P, 0, "audio", "audio output"))
            return -1;
        f = sv_field(P, 0, "tool_choice");
        if (f >= 0 && (j->node[f].type != SV_JSTR || strcmp(j->node[f].str, "none") != 0))
            return sv_bad(P, "tool_choice", "'tool_choice' is not supported: tool calls");
        if (sv_integer(P, 0, "top_logprobs", 0, 0, &i) < 0)
            return sv_bad(P, "top_logprobs", "'top_logprobs' is not supported: logprobs");
        if (job->kind == SV_OPENAI_CHAT) return sv_messages(P, 0, job, 0);
        if (sv_unsupported(P, 0, "echo", "echoing the prompt") || sv_unsupported(P, 0, "suffix", "suffixes"))
            return -1;
        if (sv_integer(P, 0, "best_of", 1, 1, &i) < 0) return sv_bad(P, "best_of", "'best_of' must be 1");
        f = sv_field(P, 0, "prompt");
        if (f >= 0 && j->node[f].type == SV_JARR && j->node[f].n == 1) f = j->node[f].child;
        if (f < 0 || j->node[f].type != SV_JSTR)
            return sv_bad(P, "prompt", "'prompt' must be a string (or an array of one string)");
        return sv_string_node(P, f, "prompt", &job->prompt) < 0 ? -1 : 0;
    }
    /* Ollama: its defaults, the same sampling fields under "options", streaming unless told not to */
    job->sp.temperature = 0.8f, job->sp.top_p = 0.9f, job->sp.top_k = 40, job->sp.repeat_penalty = 1.1f;
    job->stream = 1;
    if (sv_boolean(P, 0, "stream", &job->stream) < 0) return -1;
    int f = sv_field(P, 0, "format");
    if (f >= 0) {
        if (j->node[f].type != SV_JSTR || (j->node[f].len && strcmp(j->node[f].str, "json") != 0))
            return sv_bad(P, "format", "'format' must be \"json\" (JSON schemas are not supported)");
        job->json_mode = j->node[f].len > 0;
    }
    int opt = sv_field(P, 0, "options");
    if (opt >= 0) {
        if (j->node[opt].type != SV_JOBJ) return sv_bad(P, "options", "'options' must be an object");
        if (sv_sampling(P, opt, job, vocab) || sv_stops(P, opt, "stop", job)) return -1;
        if ((rc = sv_integer(P, opt, "num_predict", -2, 1 << 30, &i)) < 0) return -1;
        if (rc) job->max_new = i > 0 ? (int)i : 0; /* -1, -2: until the end or the context is full */
        double v = 0;
        if (sv_integer(P, opt, "mirostat", 0, 0, &i) < 0)
            return sv_bad(P, "mirostat", "'mirostat' is not supported (only 0, off)");
        if ((rc = sv_number(P, opt, "tfs_z", 0, 1e9, 0, &v)) < 0 || (rc && v != 1))
            return sv_bad(P, "tfs_z", "'tfs_z' is not supported (only 1, off)");
        if ((rc = sv_number(P, opt, "typical_p", 0, 1, 0, &v)) < 0 || (rc && v != 1))
            return sv_bad(P, "typical_p", "'typical_p' is not supported (only 1, off)");
    }
    if (sv_unsupported(P, 0, "tools", "tool calls") || sv_unsupported(P, 0, "images", "images") ||
        sv_unsupported(P, 0, "template", "custom templates") || sv_unsupported(P, 0, "context", "token contexts") ||
        sv_unsupported(P, 0, "suffix", "suffixes") || sv_unsupported(P, 0, "think", "thinking"))
        return -1;
    if (job->kind == SV_OLLAMA_CHAT) return sv_messages(P, 0, job, 1);
    if ((rc = sv_string(P, 0, "prompt", &job->prompt)) < 0) return -1;
    if (rc == 0) return sv_bad(P, "prompt", "'prompt' is required");
    if (sv_string(P, 0, "system", &job->system) < 0 || sv_boolean(P, 0, "raw", &job->raw) < 0) return -1;
    if (job->raw && job->system) return sv_bad(P, "system", "'system' has no effect with raw: true (no template)");
    return 0;
}

static void sv_job_free(sv_Job *job) {
    sv_json_free(&job->req);
    free(job->turn);
    for (int k = 0; k < job->n_keep; k++) free(job->keep[k]);
    free(job->keep);
    sv_buf_free(&job->text);
    free(job->gen.v);
    free(job);
}

/* ============================================================================================
   The engine: one thread, one generation at a time. It renders the prompt, reuses the KV cache's
   common prefix, generates, and writes the response in the request's API.
   ============================================================================================ */

static sv_Reply *sv_reply_find(sv_Server *S, const char *text, size_t len) {
    for (int k = 0; k < SV_REPLIES; k++)
        if (S->reply[k].text && S->reply[k].len == len && memcmp(S->reply[k].text, text, len) == 0)
            return &S->reply[k];
    return NULL;
}

/* Remembers a whole reply (in place of the oldest one). */
static void sv_reply_store(sv_Server *S, const char *text, size_t len, const sv_Ids *ids) {
    sv_Reply *r = sv_reply_find(S, text, len);
    if (!r) {
        r = &S->reply[0];
        for (int k = 1; k < SV_REPLIES; k++)
            if (S->reply[k].stamp < r->stamp) r = &S->reply[k];
        char *copy = malloc(len + 1);
        if (!copy) return;
        memcpy(copy, text, len), copy[len] = 0;
        free(r->text);
        r->text = copy, r->len = len, r->ids.n = 0;
        if (sv_ids_push(&r->ids, ids->v, ids->n)) free(r->text), r->text = NULL;
    }
    r->stamp = ++S->n_replies;
}

/* The prompt's ids: BOS + text for completions (and raw generate), else the conversation in the
   tokenizer's chat template. An assistant message that is one of the server's recent replies
   becomes the ids that produced it, so the KV cache holding them matches exactly. */
static int sv_render(sv_Server *S, const sv_Job *job, sv_Ids *ids, rc_Error *e) {
    const rc_Tokenizer *t = &S->tok;
    rc_Ids tmp = {0};
    int rc = 0;
    if (job->kind == SV_OPENAI_COMPLETION || (job->kind == SV_OLLAMA_GENERATE && job->raw)) {
        rc = rc_encode_ids(t, job->prompt, strlen(job->prompt), RC_ENC_BOS, &tmp, e);
        if (rc == 0 && sv_ids_push(ids, tmp.v, tmp.n)) rc = -1, snprintf(e->msg, sizeof e->msg, "out of memory");
        rc_ids_free(&tmp);
        return rc;
    }
    const char *one[1] = {job->prompt};
    const char *const *turn = job->kind == SV_OLLAMA_GENERATE ? one : job->turn;
    int n_turns = job->kind == SV_OLLAMA_GENERATE ? 1 : job->n_turns, pending = -1, pending_end = 0;
    for (int k = 0; k < n_turns && rc == 0; k += 2) {
        rc = rc_chat_prompt(t, job->system, turn[k], k == 0, pending, pending_end, &tmp, e);
        if (rc == 0 && sv_ids_push(ids, tmp.v, tmp.n)) rc = -1;
        if (rc || k + 1 == n_turns) break;
        const char *reply = turn[k + 1];
        const sv_Reply *known = sv_reply_find(S, reply, strlen(reply));
        if (known) {
            if (sv_ids_push(ids, known->ids.v, known->ids.n)) rc = -1;
        } else {
            tmp.n = 0;
            rc = rc_encode_ids(t, reply, strlen(reply), 0, &tmp, e);
            if (rc == 0 && sv_ids_push(ids, tmp.v, tmp.n)) rc = -1;
        }
        /* the reply is closed by the template's end token, as if the model had ended it */
        pending = t->eos_id >= 0 ? t->eos_id : t->eot_id, pending_end = 1;
    }
    rc_ids_free(&tmp);
    if (rc && !e->msg[0]) snprintf(e->msg, sizeof e->msg, "out of memory");
    return rc;
}

/* The client closed its end (or reset it), so nothing it can read will come, or the server is
   shutting down (the wake pipe is readable). Pipelined bytes the client sent meanwhile do not
   count. */
static int sv_peer_gone(const sv_Server *S, int fd) {
    struct pollfd p[2] = {{fd, POLLIN, 0}, {S->wake[0], POLLIN, 0}};
    if (poll(p, 2, 0) <= 0) return 0;
    if (p[1].revents || (p[0].revents & (POLLERR | POLLNVAL))) return 1;
    if (!p[0].revents) return 0;
    char c;
    ssize_t k = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    return k == 0 || (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

static void sv_iso_now(char *out, size_t n) {
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t k = strftime(out, n, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + k, n - k, ".%09ldZ", (long)ts.tv_nsec);
}

typedef struct {
    sv_Server *S;
    sv_Job *job;
    uint64_t id;
    long created;
    sv_Buf piece;      /* a streamed piece, reused token after token */
} sv_Run;

/* The head of every object a response holds: OpenAI's id/object/created/model, Ollama's model/created_at. */
static void sv_object_head(sv_Buf *b, const sv_Run *r, int chunk) {
    const sv_Job *job = r->job;
    if (job->kind >= SV_OLLAMA_CHAT) {
        char iso[64];
        sv_iso_now(iso, sizeof iso);
        sv_puts(b, "{\"model\":"), sv_json_cstr(b, r->S->name);
        sv_printf(b, ",\"created_at\":\"%s\"", iso);
        return;
    }
    int chat = job->kind == SV_OPENAI_CHAT;
    sv_printf(b, "{\"id\":\"%s-%llu\",\"object\":\"%s\",\"created\":%ld,\"model\":", chat ? "chatcmpl" : "cmpl",
              (unsigned long long)r->id, chat ? (chunk ? "chat.completion.chunk" : "chat.completion") : "text_completion",
              r->created);
    sv_json_cstr(b, r->S->name);
}

/* One streamed piece of text: an SSE event (OpenAI) or an NDJSON line (Ollama). */
static void sv_stream_piece(sv_Buf *b, const sv_Run *r, const char *text, size_t n, int first) {
    const sv_Job *job = r->job;
    if (job->kind >= SV_OLLAMA_CHAT) {
        sv_object_head(b, r, 1);
        if (job->kind == SV_OLLAMA_CHAT) sv_puts(b, ",\"message\":{\"role\":\"assistant\",\"content\":");
        else sv_puts(b, ",\"response\":");
        sv_json_str(b, text, n);
        sv_puts(b, job->kind == SV_OLLAMA_CHAT ? "},\"done\":false}\n" : ",\"done\":false}\n");
        return;
    }
    sv_puts(b, "data: ");
    sv_object_head(b, r, 1);
    if (job->kind == SV_OPENAI_CHAT) {
        sv_puts(b, ",\"choices\":[{\"index\":0,\"delta\":{");
        if (first) sv_puts(b, "\"role\":\"assistant\",");
        sv_puts(b, "\"content\":"), sv_json_str(b, text, n);
        sv_puts(b, "},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
    } else {
        sv_puts(b, ",\"choices\":[{\"text\":"), sv_json_str(b, text, n);
        sv_puts(b, ",\"index\":0,\"logprobs\":null,\"finish_reason\":null}]}\n\n");
    }
}

static void sv_usage(sv_Buf *b, const sv_Job *job) {
    sv_printf(b, "\"usage\":{\"prompt_tokens\":%d,\"completion_tokens\":%d,\"total_tokens\":%d,"
                 "\"prompt_tokens_details\":{\"cached_tokens\":%d}}",
              job->n_prompt, job->n_generated, job->n_prompt + job->n_generated, job->n_cached);
}

/* The end of a response: the whole object (not streaming) or the last events / line (streaming). */
static void sv_finish(sv_Buf *b, const sv_Run *r, const char *finish, const rc_Stats *st) {
    const sv_Job *job = r->job;
    if (job->kind >= SV_OLLAMA_CHAT) {
        sv_object_head(b, r, 0);
        const char *text = job->stream || !job->text.p ? "" : job->text.p;
        size_t n = job->stream ? 0 : job->text.n;
        if (job->kind == SV_OLLAMA_CHAT) sv_puts(b, ",\"message\":{\"role\":\"assistant\",\"content\":");
        else sv_puts(b, ",\"response\":");
        sv_json_str(b, text, n);
        if (job->kind == SV_OLLAMA_CHAT) sv_puts(b, "}");
        double total = sv_now() - job->t_start;
        sv_printf(b, ",\"done\":true,\"done_reason\":\"%s\",\"total_duration\":%.0f,\"load_duration\":0,"
                     "\"prompt_eval_count\":%d,\"prompt_eval_duration\":%.0f,\"eval_count\":%d,\"eval_duration\":%.0f}\n",
                  finish, total * 1e9, job->n_prompt, st->prompt_seconds * 1e9, job->n_generated,
                  st->gen_seconds * 1e9);
        return;
    }
    int chat = job->kind == SV_OPENAI_CHAT;
    if (job->stream) {
        sv_puts(b, "data: ");
        sv_object_head(b, r, 1);
        if (chat) sv_printf(b, ",\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"%s\"}]}\n\n", finish);
        else sv_printf(b, ",\"choices\":[{\"text\":\"\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"%s\"}]}\n\n", finish);
        if (job->include_usage) {
            sv_puts(b, "data: ");
            sv_object_head(b, r, 1);
            sv_puts(b, ",\"choices\":[],"), sv_usage(b, job), sv_puts(b, "}\n\n");
        }
        sv_puts(b, "data: [DONE]\n\n");
        return;
    }
    sv_object_head(b, r, 0);
    const char *text = job->text.p ? job->text.p : "";
    if (chat) {
        sv_puts(b, ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":");
        sv_json_str(b, text, job->text.n);
        sv_printf(b, "},\"logprobs\":null,\"finish_reason\":\"%s\"}],", finish);
    } else {
        sv_puts(b, ",\"choices\":[{\"text\":"), sv_json_str(b, text, job->text.n);
        sv_printf(b, ",\"index\":0,\"logprobs\":null,\"finish_reason\":\"%s\"}],", finish);
    }
    sv_usage(b, job), sv_puts(b, "}");
}

/* rc_generate's emit: keeps the reply, streams it, and stops the generation when the client is gone. */
static int sv_emit(void *user, int token, const char *text, size_t len) {
    sv_Run *r = user;
    sv_Job *job = r->job;
    if (token >= 0 && sv_ids_push(&job->gen, &token, 1)) job->gone = 1; /* out of memory: stop */
    sv_put(&job->text, text, len);
    if (job->stream && len && !job->gone) {
        r->piece.n = 0;
        sv_stream_piece(&r->piece, r, text, len, 0);
        if (r->piece.oom || sv_send(job->fd, r->piece.p, r->piece.n)) job->gone = 1;
    }
    if (!job->gone) job->gone = sv_peer_gone(r->S, job->fd);
    return job->gone;
}

/* Runs one job and writes its response; job->status says how it went. */
static void sv_run(sv_Server *S, sv_Job *job) {
    rc_Error e = {{0}};
    sv_Ids ids = {0};
    rc_Sampler smp;
    int have_smp = 0, ollama = job->kind >= SV_OLLAMA_CHAT;
    sv_Run r = {S, job, 0, (long)time(NULL), {0}};
    pthread_mutex_lock(&S->mu);
    r.id = ++S->seq;
    pthread_mutex_unlock(&S->mu);
    if (sv_peer_gone(S, job->fd)) { /* it left while waiting in the queue */
        job->gone = 1;
        goto done;
    }
    const char *field = job->kind == SV_OPENAI_COMPLETION || job->kind == SV_OLLAMA_GENERATE ? "prompt" : "messages";
    int bad = sv_render(S, job, &ids, &e);
    if (!bad && ids.n == 0) /* a vocabulary without BOS and an empty prompt */
        bad = snprintf(e.msg, sizeof e.msg, "the prompt is empty: there is no token to start from");
    else if (!bad && ids.n > (size_t)S->state.ctx)
        bad = snprintf(e.msg, sizeof e.msg, "the prompt is %zu tokens; the context holds %d (see the server's -c)",
                       ids.n, S->state.ctx);
    if (bad) {
        job->status = 400;
        sv_error(job->fd, 400, 0, ollama, field, e.msg);
        goto done;
    }
    /* the prompt cache: positions [0, p) already hold these ids; at least the last one is fed again
       for its logits */
    size_t p = 0;
    if (!S->no_cache)
        while (p < S->cache.n && p < ids.n && S->cache.v[p] == ids.v[p]) p++;
    if (p == ids.n) p--;
    job->n_prompt = (int)ids.n, job->n_cached = (int)p;
    rc_SamplerParams sp = job->sp;
    if (sp.repeat_last_n < 0) sp.repeat_last_n = S->state.ctx;
    if (!sp.seed) sp.seed = (uint64_t)time(NULL) * 0x9E3779B97F4A7C15ull + r.id;
    if (rc_sampler_init(&smp, S->model.config.vocab_size, &sp, &e)) {
        job->status = 400;
        sv_error(job->fd, 400, 0, ollama, NULL, e.msg);
        goto done;
    }
    have_smp = 1;
    for (size_t i = 0; i < p; i++) rc_sampler_accept(&smp, ids.v[i]);
    job->status = 200;
    char extra[64];
    snprintf(extra, sizeof extra, "X-Cached-Tokens: %d\r\n", job->n_cached);
    if (job->stream) {
        sv_Buf b = {0};
        sv_printf(&b, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nCache-Control: no-cache\r\nConnection: close\r\n%s\r\n",
                  ollama ? "application/x-ndjson" : "text/event-stream", extra);
        if (job->kind == SV_OPENAI_CHAT) sv_stream_piece(&b, &r, "", 0, 1); /* the role comes first */
        if (b.oom || sv_send(job->fd, b.p, b.n)) job->gone = 1;
        sv_buf_free(&b);
        if (job->gone) goto done;
    }
    rc_GenParams g = {.max_new = job->max_new > 0 ? job->max_new : S->state.ctx, .stop = job->stop,
                      .n_stop = job->n_stop, .json = job->json_mode};
    rc_Stats st;
    S->cache.n = p; /* from here on the positions after p are being rewritten */
    int rc = rc_generate(&S->state, &S->tok, &smp, ids.v + p, (int)(ids.n - p), (int)p, &g, sv_emit, &r, &st, &e);
    job->n_generated = st.n_generated;
    if (rc) {
        S->cache.n = 0;
        job->status = 500;
        if (!job->stream) sv_error(job->fd, 500, 0, ollama, NULL, e.msg);
        else if (!job->gone) { /* the stream has begun: an error event, then the end */
            sv_Buf b = {0};
            if (!ollama) sv_puts(&b, "data: ");
            sv_error_body(&b, 500, ollama, NULL, e.msg);
            sv_puts(&b, ollama ? "\n" : "\n\n");
            if (!b.oom) sv_send(job->fd, b.p, b.n);
            sv_buf_free(&b);
        }
        goto done;
    }
    /* what the KV cache holds now: the prompt, and each generated token but the last (not fed) */
    size_t fed = (size_t)st.end_pos - ids.n;
    if (fed > job->gen.n) fed = job->gen.n;
    if (sv_ids_push(&S->cache, ids.v + p, ids.n - p) || sv_ids_push(&S->cache, job->gen.v, fed)) S->cache.n = 0;
    if (!job->gone && st.stop < 0 && !job->text.oom && job->text.n) /* the reply is exactly these ids */
        sv_reply_store(S, job->text.p, job->text.n, &job->gen);
    if (job->gone) goto done;
    const char *finish = st.hit_eos || st.stop >= 0 || st.json_done ? "stop" : "length";
    sv_Buf b = {0};
    sv_finish(&b, &r, finish, &st);
    if (b.oom) job->status = 500, sv_error(job->fd, 500, 0, ollama, NULL, "out of memory");
    else if (job->stream) sv_send(job->fd, b.p, b.n);
    else sv_respond(job->fd, 200, job->keep_alive, "application/json", extra, b.p, b.n);
    sv_buf_free(&b);
done:
    if (have_smp) rc_sampler_free(&smp);
    free(ids.v);
    sv_buf_free(&r.piece);
}

/* The engine thread: takes jobs in order until shutdown; queued jobs then get a 503. */
static void *sv_engine(void *arg) {
    sv_Server *S = arg;
#ifdef _OPENMP
    omp_set_num_threads(S->state.n_threads); /* the team the state was sized for (main set it) */
#endif
    pthread_mutex_lock(&S->mu);
    for (;;) {
        while (!S->head && !S->stopping) pthread_cond_wait(&S->job_cv, &S->mu);
        sv_Job *job = S->head;
        if (!job) break;
        S->head = job->next;
        if (!S->head) S->tail = NULL;
        S->n_waiting--, S->busy = 1;
        int stopping = S->stopping;
        pthread_mutex_unlock(&S->mu);
        if (stopping) {
            job->status = 503;
            sv_error(job->fd, 503, 0, job->kind >= SV_OLLAMA_CHAT, NULL, "the server is shutting down");
        } else {
            sv_run(S, job);
        }
        pthread_mutex_lock(&S->mu);
        job->done = 1, S->busy = 0;
        pthread_cond_broadcast(&S->done_cv);
    }
    pthread_mutex_unlock(&S->mu);
    return NULL;
}

/* Queues a job and waits until the engine has answered it; -1 (nothing sent) if the queue is full. */
static int sv_submit(sv_Server *S, sv_Job *job) {
    pthread_mutex_lock(&S->mu);
    if (S->stopping || S->busy + S->n_waiting > S->queue_max) {
        pthread_mutex_unlock(&S->mu);
        return -1;
    }
    if (S->tail) S->tail->next = job;
    else S->head = job;
    S->tail = job, S->n_waiting++;
    pthread_cond_signal(&S->job_cv);
    while (!job->done) pthread_cond_wait(&S->done_cv, &S->mu);
    pthread_mutex_unlock(&S->mu);
    return 0;
}

/* ============================================================================================
   Connections: one thread each, reading requests under a deadline and answering them in order.
   ============================================================================================ */

typedef struct {
    sv_Server *S;
    int fd;
    char *buf;          /* bytes received and not yet used (a pipelined request may follow) */
    size_t n, cap;
} sv_Conn;

/* Waits up to ms milliseconds for the socket to be readable: 1 it is, 0 timed out, -1 shutdown. */
static int sv_wait(sv_Server *S, int fd, int ms) {
    struct pollfd p[2] = {{fd, POLLIN, 0}, {S->wake[0], POLLIN, 0}};
    int k;
    while ((k = poll(p, 2, ms)) < 0 && errno == EINTR) {}
    if (k < 0 || p[1].revents) return -1;
    return k > 0;
}

/* Receives more bytes before `deadline` (sv_now() seconds) into a buffer of at most `limit`.
   Returns the count, 0 at the end of the stream, -1 on an error or shutdown, -2 at the deadline. */
static long sv_recv(sv_Conn *c, double deadline, size_t limit) {
    if (c->n + 4096 > c->cap && c->cap < limit) {
        size_t cap = c->cap ? 2 * c->cap : 8192;
        if (cap > limit) cap = limit;
        char *p = realloc(c->buf, cap);
        if (!p) return -1;
        c->buf = p, c->cap = cap;
    }
    if (c->n == c->cap) return -1; /* the caller's limits keep this from happening */
    double left = deadline - sv_now();
    if (left <= 0) return -2;
    int w = sv_wait(c->S, c->fd, (int)(left * 1000) + 1);
    if (w <= 0) return w == 0 ? -2 : -1;
    ssize_t k;
    while ((k = recv(c->fd, c->buf + c->n, c->cap - c->n, 0)) < 0 && errno == EINTR) {}
    if (k < 0) return -1;
    c->n += (size_t)k;
    return (long)k;
}

static void sv_consume(sv_Conn *c, size_t n) {
    memmove(c->buf, c->buf + n, c->n - n);
    c->n -= n;
}

/* `Authorization: Bearer KEY`, compared in time that does not depend on where it differs. */
static int sv_auth_ok(const char *key, const char *auth, size_t n) {
    if (!auth || n < 7 || strncasecmp(auth, "Bearer ", 7) != 0) return 0;
    auth += 7, n -= 7;
    size_t k = strlen(key);
    unsigned diff = n != k;
    for (size_t i = 0; i < k; i++) diff |= (unsigned char)key[i] ^ (unsigned char)(i < n ? auth[i] : 0);
    return diff == 0;
}

static void sv_log(const sv_Server *S, const char *method, const char *path, int status, const sv_Job *job, double t0) {
    if (S->quiet) return;
    char line[SV_MAX_LINE + 256];
    int k = snprintf(line, sizeof line, "server: %s %s %d", method, path, status);
    if (job && (status == 200 || job->gone) && k > 0 && (size_t)k < sizeof line)
        k += snprintf(line + k, sizeof line - (size_t)k, " prompt=%d cached=%d generated=%d%s", job->n_prompt,
                      job->n_cached, job->n_generated, job->gone ? " cancelled" : "");
    if (k > 0 && (size_t)k < sizeof line) snprintf(line + k, sizeof line - (size_t)k, " %.3f s\n", sv_now() - t0);
    fputs(line, stderr);
}

/* Approximate parameter count, "15.2M" / "1.1B", for /api/tags. */
static void sv_param_size(const rc_Config *c, char *out, size_t n) {
    double q = (double)c->n_heads * c->head_dim, kv = (double)c->n_kv_heads * c->head_dim;
    double p = (double)c->vocab_size * c->dim * (c->tied ? 1 : 2) +
               (double)c->n_layers * ((double)c->dim * (2 * q + 2 * kv) + 3.0 * c->dim * c->hidden_dim);
    if (p >= 1e9) snprintf(out, n, "%.1fB", p / 1e9);
    else snprintf(out, n, "%.1fM", p / 1e6);
}

static const char *sv_quant(const rc_Model *m) {
    static const struct { int type; const char *name; } ggml[] = {
        {0, "F32"}, {1, "F16"}, {2, "Q4_0"}, {3, "Q4_1"}, {6, "Q5_0"}, {7, "Q5_1"}, {8, "Q8_0"}, {10, "Q2_K"},
        {11, "Q3_K"}, {12, "Q4_K"}, {13, "Q5_K"}, {14, "Q6_K"}, {30, "BF16"}};
    if (m->config.dtype == RC_F32) return "F32";
    if (m->config.dtype == RC_Q8_0) return "Q8_0";
    for (size_t i = 0; i < sizeof ggml / sizeof ggml[0]; i++)
        if (m->config.n_layers > 0 && m->layers[0].w1.type == ggml[i].type) return ggml[i].name;
    return "unknown";
}

/* The GET endpoints' bodies. */
static void sv_info(sv_Server *S, int what, sv_Buf *b) {
    if (what == 0) { /* /health */
        pthread_mutex_lock(&S->mu);
        int busy = S->busy, waiting = S->n_waiting;
        pthread_mutex_unlock(&S->mu);
        sv_puts(b, "{\"status\":\"ok\",\"model\":"), sv_json_cstr(b, S->name);
        sv_printf(b, ",\"context\":%d,\"busy\":%s,\"waiting\":%d}", S->state.ctx, busy ? "true" : "false", waiting);
    } else if (what == 1) { /* /v1/models/NAME */
        sv_puts(b, "{\"id\":"), sv_json_cstr(b, S->name);
        sv_printf(b, ",\"object\":\"model\",\"created\":%ld,\"owned_by\":\"run.c\"}", (long)S->created);
    } else if (what == 2) { /* /v1/models */
        sv_puts(b, "{\"object\":\"list\",\"data\":[");
        sv_info(S, 1, b);
        sv_puts(b, "]}");
    } else { /* /api/tags */
        char iso[64], size[32];
        struct tm tm;
        gmtime_r(&S->created, &tm);
        strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
        sv_param_size(&S->model.config, size, sizeof size);
        const char *f = S->model.format;
        const char *format = strncmp(f, "GGUF", 4) == 0 ? "gguf" : strncmp(f, "RCLM", 4) == 0 ? "rclm" : "llama2.c";
        sv_puts(b, "{\"models\":[{\"name\":"), sv_json_cstr(b, S->name);
        sv_puts(b, ",\"model\":"), sv_json_cstr(b, S->name);
        sv_printf(b, ",\"modified_at\":\"%s\",\"size\":%zu,\"digest\":\"\",\"details\":{\"format\":\"%s\","
                     "\"family\":\"llama\",\"families\":[\"llama\"],\"parameter_size\":\"%s\",\"quantization_level\":\"%s\"}}]}",
                  iso, S->model.file.size, format, size, sv_quant(&S->model));
    }
}

/* Answers one complete request. Returns 1 if the connection may carry another, which is what the
   response's Connection header said (errors after a whole request, 404 or a busy 503, keep it). */
static int sv_handle(sv_Conn *c, const char *method, const char *path, const char *body, size_t n, int keep_alive,
                     double t0) {
    sv_Server *S = c->S;
    static const struct { const char *path, *method; int kind; } routes[] = {
        {"/health", "GET", -1}, {"/v1/models", "GET", -3}, {"/api/tags", "GET", -4},
        {"/v1/chat/completions", "POST", SV_OPENAI_CHAT}, {"/v1/completions", "POST", SV_OPENAI_COMPLETION},
        {"/api/chat", "POST", SV_OLLAMA_CHAT}, {"/api/generate", "POST", SV_OLLAMA_GENERATE}};
    int ollama = strncmp(path, "/api/", 5) == 0, route = -1, status;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (strcmp(path, routes[i].path) == 0) route = (int)i;
    int model_path = strncmp(path, "/v1/models/", 11) == 0 && strcmp(path + 11, S->name) == 0;
    const char *want = model_path ? "GET" : route >= 0 ? routes[route].method : NULL;
    if (!want) {
        char msg[96];
        snprintf(msg, sizeof msg, "no such endpoint: %.60s", path);
        sv_error(c->fd, status = 404, keep_alive, ollama, NULL, msg);
    } else if (strcmp(method, want) != 0) {
        char msg[96], allow[32];
        snprintf(msg, sizeof msg, "%.60s takes %s, not %.16s", path, want, method);
        snprintf(allow, sizeof allow, "Allow: %s\r\n", want);
        sv_Buf b = {0};
        sv_error_body(&b, status = 405, ollama, NULL, msg);
        sv_respond(c->fd, status, keep_alive, "application/json", allow, b.p ? b.p : "", b.n);
        sv_buf_free(&b);
    } else if (model_path || routes[route].kind < 0) {
        sv_Buf b = {0};
        sv_info(S, model_path ? 1 : -routes[route].kind - 1, &b);
        if (b.oom) sv_error(c->fd, status = 500, keep_alive = 0, ollama, NULL, "out of memory");
        else sv_respond(c->fd, status = 200, keep_alive, "application/json", NULL, b.p, b.n);
        sv_buf_free(&b);
    } else {
        sv_Job *job = calloc(1, sizeof *job);
        if (!job) {
            sv_error(c->fd, 500, 0, ollama, NULL, "out of memory");
            sv_log(S, method, path, 500, NULL, t0);
            return 0;
        }
        job->kind = routes[route].kind, job->fd = c->fd, job->keep_alive = keep_alive, job->t_start = t0;
        sv_Params P = {0};
        status = 400;
        if (sv_json_parse(&job->req, body, n)) {
            sv_error(c->fd, 400, keep_alive, ollama, NULL, job->req.err);
        } else if (sv_parse_job(S, job, &P)) {
            sv_error(c->fd, 400, keep_alive, ollama, P.param, P.msg);
        } else if (!S->chat_ok && job->kind != SV_OPENAI_COMPLETION && !job->raw) {
            sv_error(c->fd, 400, keep_alive, ollama, NULL,
                     "the model's vocabulary names no chat template this server renders (tokenizer.chat_template); "
                     "/v1/completions and raw /api/generate work");
        } else if (sv_submit(S, job)) {
            char msg[96];
            snprintf(msg, sizeof msg, "the server is busy: %d generations are queued (see --queue)", S->queue_max);
            sv_error(c->fd, status = 503, keep_alive, ollama, NULL, msg);
        } else {
            status = job->status;
            keep_alive = keep_alive && status == 200 && !job->stream && !job->gone;
        }
        sv_log(S, method, path, status, job, t0);
        sv_job_free(job);
        return keep_alive;
    }
    sv_log(S, method, path, status, NULL, t0);
    return keep_alive; /* what the response's Connection header said: a client reuses the socket on keep-alive */
}

/* Why sv_http_head refused a head, for the error body. */
static const char *sv_head_why(int status) {
    switch (status) {
    case 408: return "the request did not arrive within the server's --timeout";
    case 411: return "a POST needs Content-Length or Transfer-Encoding: chunked";
    case 413: return "the request body is larger than the server's --max-body";
    case 414: return "the request line is longer than 8 KiB";
    case 417: return "the only Expect this server knows is 100-continue";
    case 431: return "the request's header section is larger than 16 KiB or has more than 100 lines";
    case 501: return "the only Transfer-Encoding this server decodes is chunked";
    case 505: return "this server speaks HTTP/1.0 and HTTP/1.1";
    default: return "a malformed chunked body";
    }
}

static void *sv_conn_main(void *arg) {
    sv_Conn *c = arg;
    sv_Server *S = c->S;
    size_t limit = SV_MAX_HEAD + S->max_body + 65536;
    char method[16], path[SV_MAX_LINE + 1];
    char *chunks = NULL;
    for (;;) {
        /* the head: an idle connection waits up to --timeout for its next request, which then has
           --timeout to arrive whole */
        double t0 = 0, deadline = sv_now() + S->timeout;
        size_t head_len = 0, scanned = 0;
        int status = 0, line_seen = 0;
        sv_Request r;
        for (;;) {
            size_t skip = 0; /* empty lines before a request line are ignored (RFC 9112 2.2) */
            while (skip < c->n && (c->buf[skip] == '\r' || c->buf[skip] == '\n')) skip++;
            if (skip) sv_consume(c, skip), scanned = 0;
            if (c->n && t0 == 0) t0 = sv_now(), deadline = t0 + S->timeout;
            if (!line_seen && c->n > scanned) line_seen = memchr(c->buf + scanned, '\n', c->n - scanned) != NULL;
            if ((head_len = sv_head_end(c->buf, c->n, scanned))) break;
            scanned = c->n;
            if (!line_seen && c->n > SV_MAX_LINE) status = 414;
            else if (c->n > SV_MAX_HEAD) status = 431;
            if (status) break;
            long k = sv_recv(c, deadline, SV_MAX_HEAD + 2);
            if (k == -2 && c->n) status = 408;
            else if (k <= 0) goto close;
        }
        if (t0 == 0) t0 = sv_now();
        r.why = NULL;
        if (!status) status = sv_http_head(c->buf, head_len, &r);
        if (status) {
            sv_error(c->fd, status, 0, 0, NULL, r.why ? r.why : sv_head_why(status));
            sv_log(S, "-", "-", status, NULL, t0);
            goto close;
        }
        snprintf(method, sizeof method, "%.*s", (int)(r.method_len < 15 ? r.method_len : 15), r.method);
        snprintf(path, sizeof path, "%.*s", (int)r.path_len, r.path);
        int ollama = strncmp(path, "/api/", 5) == 0;
        if (S->api_key && !sv_auth_ok(S->api_key, r.auth, r.auth_len)) {
            sv_error(c->fd, 401, 0, ollama, NULL, "missing or wrong API key (Authorization: Bearer KEY)");
            sv_log(S, method, path, 401, NULL, t0);
            goto close;
        }
        /* the body: Content-Length bytes, or chunks decoded as they come */
        int post = strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 || strcmp(method, "PATCH") == 0;
        if (post && !r.chunked && r.content_length < 0) status = 411;
        else if (r.content_length > (int64_t)S->max_body) status = 413;
        sv_consume(c, head_len);
        size_t want = r.content_length > 0 ? (size_t)r.content_length : 0;
        if (!status && r.expect_continue && (r.chunked || c->n < want) &&
            sv_send(c->fd, "HTTP/1.1 100 Continue\r\n\r\n", 25))
            goto close;
        size_t body_len = want, used_body = want;
        if (!status && r.chunked) {
            sv_Chunked ch = {.max = S->max_body};
            if (!chunks && !(chunks = malloc(S->max_body + 1))) goto close;
            for (;;) {
                size_t used = 0;
                int got = sv_chunked_feed(&ch, c->buf, c->n, chunks, &used);
                sv_consume(c, used);
                if (got) {
                    status = got == 1 ? 0 : got;
                    break;
                }
                long k = sv_recv(c, deadline, limit);
                if (k == -2) status = 408;
                else if (k <= 0) goto close;
                if (status) break;
            }
            body_len = ch.n, used_body = 0;
        }
        while (!status && !r.chunked && c->n < want) {
            long k = sv_recv(c, deadline, limit);
            if (k == -2) status = 408;
            else if (k <= 0) goto close;
        }
        if (status) {
            sv_error(c->fd, status, 0, ollama, NULL, sv_head_why(status));
            sv_log(S, method, path, status, NULL, t0);
            goto close;
        }
        int keep = sv_handle(c, method, path, r.chunked ? chunks : c->buf, body_len, r.keep_alive, t0);
        sv_consume(c, used_body);
        if (!keep) break;
    }
close:
    /* a lingering close: stop sending, then read what the client still sends, so that closing with
       unread bytes does not reset the connection before the client has read the response */
    shutdown(c->fd, SHUT_WR);
    for (double end = sv_now() + 1.0; sv_wait(S, c->fd, 100) > 0 && sv_now() < end;) {
        char drain[4096];
        if (recv(c->fd, drain, sizeof drain, 0) <= 0) break;
    }
    close(c->fd);
    free(chunks), free(c->buf), free(c);
    pthread_mutex_lock(&S->mu);
    S->n_conns--;
    pthread_cond_broadcast(&S->done_cv);
    pthread_mutex_unlock(&S->mu);
    return NULL;
}

/* ============================================================================================
   main: options, the model, the socket, the threads; SIGINT / SIGTERM end it cleanly.
   ============================================================================================ */
#ifndef SV_NO_MAIN

static void sv_usage_text(FILE *f) {
    fputs("Usage:   server MODEL [options]\n"
          "Example: server models/kjv15M.q8_0.bin --port 8080\n"
          "Serves OpenAI's POST /v1/chat/completions, /v1/completions, GET /v1/models, Ollama's\n"
          "POST /api/chat, /api/generate, GET /api/tags, and GET /health, for one model.\n"
          "Options:\n"
          "  -z <path>          tokenizer file (default: the model itself if it is GGUF, else tokenizer.bin)\n"
          "  --host <addr>      address to listen on (default 127.0.0.1: this machine only)\n"
          "  --port <int>       port (default 8080; 0: any free one, printed at start)\n"
          "  --api-key <key>    require `Authorization: Bearer KEY` on every request\n"
          "  -c <int>           context length, the KV cache size (default: the model's seq_len)\n"
          "  -j <int>           threads for generation (default: OMP_NUM_THREADS, else every CPU)\n"
          "  --kv <type>        KV cache: f32 | f16 | bf16 (default f32)\n"
          "  --queue <int>      generations that may wait while one runs (default 8; more: 503)\n"
          "  --max-body <bytes> largest request body (default 1048576; larger: 413)\n"
          "  --timeout <secs>   time a client has to send a request, and to read a response\n"
          "                     (default 10; later: 408, or the connection is closed)\n"
          "  --name <string>    the model's name in the API (default: the model file's name)\n"
          "  --no-cache         never reuse the KV cache of the previous request (benchmarks)\n"
          "  --mmap             use the weights in place from the file's mapping (shares the page\n"
          "                     cache) instead of a copy in huge pages (faster generation)\n"
          "  -q                 no log line per request on stderr\n"
          "  -h                 this help\n",
          f);
}

static _Noreturn void sv_die(const char *fmt, const char *arg) {
    fputs("server: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n", stderr);
    exit(1);
}

static long sv_arg_int(const char *flag, const char *s, long lo, long hi) {
    char *end;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || errno || end == s || *end || v < lo || v > hi) {
        char msg[128];
        snprintf(msg, sizeof msg, "%s expects an integer in [%ld, %ld], got \"%%s\"", flag, lo, hi);
        sv_die(msg, s ? s : "");
    }
    return v;
}

static int sv_wake_fd = -1;

static void sv_on_signal(int sig) {
    (void)sig;
    char c = 1;
    ssize_t k = write(sv_wake_fd, &c, 1); /* async-signal-safe: every waiting thread sees the pipe */
    (void)k;
}

/* Opens the listening socket on host:port; the port it got goes to *bound. */
static int sv_listen(const char *host, int port, int *bound) {
    struct addrinfo hints, *res, *a;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC, hints.ai_socktype = SOCK_STREAM, hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    char ps[16];
    snprintf(ps, sizeof ps, "%d", port);
    int rc = getaddrinfo(host, ps, &hints, &res), fd = -1;
    if (rc) sv_die("cannot resolve --host: %s", gai_strerror(rc));
    for (a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        int one = 1;
        if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (fd >= 0 && (bind(fd, a->ai_addr, a->ai_addrlen) || listen(fd, 128))) close(fd), fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) sv_die("cannot listen on that address and port: %s", strerror(errno));
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &len);
    *bound = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                            : ((struct sockaddr_in *)&ss)->sin_port);
    return fd;
}

/* Whether a file starts with GGUF's magic: a GGUF vocabulary names its chat template or none. */
static int sv_is_gguf(const char *path) {
    FILE *f = fopen(path, "rb");
    char magic[4] = {0};
    int gguf = f && fread(magic, 1, 4, f) == 4 && memcmp(magic, "GGUF", 4) == 0;
    if (f) fclose(f);
    return gguf;
}

int main(int argc, char **argv) {
    sv_Server *S = calloc(1, sizeof *S);
    if (!S) sv_die("%s", "out of memory");
    S->host = "127.0.0.1", S->port = 8080, S->queue_max = 8, S->timeout = 10, S->max_body = 1 << 20;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            sv_usage_text(stdout);
            return 0;
        }
        if (a[0] != '-') {
            if (S->model_path) sv_die("more than one MODEL given (\"%s\")", a);
            S->model_path = a;
            continue;
        }
        int takes = strcmp(a, "--no-cache") != 0 && strcmp(a, "-q") != 0 && strcmp(a, "--mmap") != 0;
        if (takes && !v) sv_die("%s needs a value", a);
        if (strcmp(a, "-z") == 0) S->tok_path = v;
        else if (strcmp(a, "--host") == 0) S->host = v;
        else if (strcmp(a, "--port") == 0) S->port = (int)sv_arg_int(a, v, 0, 65535);
        else if (strcmp(a, "--api-key") == 0) S->api_key = v;
        else if (strcmp(a, "-c") == 0) S->ctx = (int)sv_arg_int(a, v, 1, 1 << 24);
        else if (strcmp(a, "-j") == 0) S->threads = (int)sv_arg_int(a, v, 1, 1024);
        else if (strcmp(a, "--queue") == 0) S->queue_max = (int)sv_arg_int(a, v, 0, 1024);
        else if (strcmp(a, "--max-body") == 0) S->max_body = (size_t)sv_arg_int(a, v, 1024, 1L << 30);
        else if (strcmp(a, "--timeout") == 0) S->timeout = (int)sv_arg_int(a, v, 1, 3600);
        else if (strcmp(a, "--name") == 0) S->name = v;
        else if (strcmp(a, "--kv") == 0) {
            S->kv_type = strcmp(v, "f32") == 0 ? RC_KV_F32 : strcmp(v, "f16") == 0 ? RC_KV_F16
                       : strcmp(v, "bf16") == 0 ? RC_KV_BF16 : -1;
            if (S->kv_type < 0) sv_die("--kv must be f32, f16 or bf16, got \"%s\"", v);
        } else if (strcmp(a, "--no-cache") == 0) S->no_cache = 1, takes = 0;
        else if (strcmp(a, "--mmap") == 0) S->load = RC_LOAD_MAP, takes = 0;
        else if (strcmp(a, "-q") == 0) S->quiet = 1, takes = 0;
        else {
            sv_usage_text(stderr);
            sv_die("unknown option \"%s\"", a);
        }
        i += takes;
    }
    if (!S->model_path) {
        sv_usage_text(stderr);
        sv_die("%s", "missing MODEL (the first argument)");
    }
    if (S->api_key && !*S->api_key) sv_die("%s", "--api-key is empty");
    rc_Error e;
    if (rc_model_load_mode(&S->model, S->model_path, S->load, &e)) sv_die("%s", e.msg);
    int gguf = strncmp(S->model.format, "GGUF", 4) == 0;
    if (!S->tok_path) S->tok_path = gguf ? S->model_path : "tokenizer.bin";
    if (rc_tokenizer_load(&S->tok, S->tok_path, S->model.config.vocab_size, &e)) sv_die("%s", e.msg);
    S->chat_ok = !(sv_is_gguf(S->tok_path) && S->tok.chat_template == RC_CHAT_NONE);
#ifdef _OPENMP
    if (S->threads > 0) omp_set_num_threads(S->threads); /* before the state: it sizes its scratch */
#endif
    if (rc_state_init_kv(&S->state, &S->model, S->ctx, S->kv_type, &e)) sv_die("%s", e.msg);
    if (!S->name) {
        const char *slash = strrchr(S->model_path, '/');
        S->name = slash ? slash + 1 : S->model_path;
    }
    S->created = time(NULL);
    if (pipe(S->wake)) sv_die("pipe: %s", strerror(errno));
    sv_wake_fd = S->wake[1];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL); /* a client gone mid-write is an error return, not a signal */
    sa.sa_handler = sv_on_signal;
    sigaction(SIGINT, &sa, NULL), sigaction(SIGTERM, &sa, NULL);
    int port, lfd = sv_listen(S->host, S->port, &port);
    pthread_mutex_init(&S->mu, NULL);
    pthread_cond_init(&S->job_cv, NULL), pthread_cond_init(&S->done_cv, NULL);
    pthread_t engine;
    if (pthread_create(&engine, NULL, sv_engine, S)) sv_die("%s", "cannot start the engine thread");
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 512 << 10);
    fprintf(stderr, "server: listening on http://%s:%d (model %s, context %d)\n", S->host, port, S->name, S->state.ctx);
    struct pollfd p[2] = {{lfd, POLLIN, 0}, {S->wake[0], POLLIN, 0}};
    for (;;) {
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (p[1].revents) break;
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0) {
            struct timespec ts = {0, 10000000}; /* out of descriptors: let some connections end */
            if (errno == EMFILE || errno == ENFILE) nanosleep(&ts, NULL);
            continue;
        }
        struct timeval tv = {S->timeout, 0};
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv); /* a client that stops reading times out */
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        pthread_mutex_lock(&S->mu);
        int full = S->n_conns >= SV_MAX_CONNS;
        if (!full) S->n_conns++;
        pthread_mutex_unlock(&S->mu);
        sv_Conn *c = full ? NULL : calloc(1, sizeof *c);
        pthread_t th;
        if (c) c->S = S, c->fd = fd;
        if (!c || pthread_create(&th, &attr, sv_conn_main, c)) {
            sv_error(fd, 503, 0, 0, NULL, "too many open connections (64)");
            close(fd);
            free(c);
            if (!full) {
                pthread_mutex_lock(&S->mu);
                S->n_conns--;
                pthread_mutex_unlock(&S->mu);
            }
        }
    }
    /* shutdown: no new connections; the running generation stops at its next token, queued ones
       get a 503, and every connection thread sees the pipe and ends */
    close(lfd);
    pthread_mutex_lock(&S->mu);
    S->stopping = 1;
    pthread_cond_broadcast(&S->job_cv);
    while (S->n_conns) pthread_cond_wait(&S->done_cv, &S->mu);
    pthread_mutex_unlock(&S->mu);
    pthread_join(engine, NULL);
    pthread_attr_destroy(&attr);
    if (!S->quiet) fputs("server: stopped\n", stderr);
    free(S->cache.v);
    for (int k = 0; k < SV_REPLIES; k++) free(S->reply[k].text), free(S->reply[k].ids.v);
    rc_state_free(&S->state), rc_tokenizer_free(&S->tok), rc_model_free(&S->model);
    close(S->wake[0]), close(S->wake[1]);
    free(S);
    return 0;
}
#endif /* SV_NO_MAIN */
