/* fuzz_json.c - bytes as a request body for examples/server.c: the JSON parser (sv_json_parse)
   and the request readers of the four generation endpoints (sv_parse_job).
   Checks: a document that parses is written back by the server's own writer (sv_json_str for
   strings, %.17g for numbers) into text that parses again to the same text (a fixed point);
   every decoded string is valid UTF-8; whatever the body, reading it as a request either fills the
   job or names the problem, and frees cleanly. */
#define SV_NO_MAIN
#include "../examples/server.c"

static void write_node(const sv_Json *j, int at, sv_Buf *b) {
    const sv_JNode *v = &j->node[at];
    switch (v->type) {
    case SV_JNULL: sv_puts(b, "null"); break;
    case SV_JFALSE: sv_puts(b, "false"); break;
    case SV_JTRUE: sv_puts(b, "true"); break;
    case SV_JNUM: sv_printf(b, "%.17g", v->num); break;
    case SV_JSTR: sv_json_str(b, v->str, v->len); break;
    default: {
        int obj = v->type == SV_JOBJ, k = 0;
        sv_puts(b, obj ? "{" : "[");
        for (int c = v->child; c >= 0; c = j->node[c].next, k++) {
            if (k) sv_puts(b, ",");
            if (obj) sv_json_str(b, j->node[c].key, j->node[c].key_len), sv_puts(b, ":");
            write_node(j, c, b);
        }
        if (k != v->n) abort();
        sv_puts(b, obj ? "}" : "]");
    }
    }
}

static void check_utf8(const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        size_t k = sv_utf8_len((const unsigned char *)s + i, n - i);
        if (!k) abort();
        i += k;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    sv_Json j;
    if (sv_json_parse(&j, (const char *)data, size) == 0) {
        for (int i = 0; i < j.n_nodes; i++) {
            if (j.node[i].type == SV_JSTR) check_utf8(j.node[i].str, j.node[i].len);
            if (j.node[i].key) check_utf8(j.node[i].key, j.node[i].key_len);
        }
        sv_Buf a = {0}, b = {0};
        write_node(&j, 0, &a);
        sv_Json k;
        if (a.oom || sv_json_parse(&k, a.p, a.n) != 0) abort();
        write_node(&k, 0, &b);
        if (b.oom || a.n != b.n || memcmp(a.p, b.p, a.n) != 0) abort();
        sv_json_free(&k), sv_buf_free(&a), sv_buf_free(&b);
    } else if (!j.err[0]) {
        abort(); /* a refusal names its reason */
    }
    sv_json_free(&j);
    /* the same body as each endpoint's request */
    static sv_Server S;
    S.model.config.vocab_size = 32000;
    for (int kind = SV_OPENAI_CHAT; kind <= SV_OLLAMA_GENERATE; kind++) {
        sv_Job *job = calloc(1, sizeof *job);
        job->kind = kind;
        if (sv_json_parse(&job->req, (const char *)data, size) == 0) {
            sv_Params P = {0};
            if (sv_parse_job(&S, job, &P) != 0) {
                if (!P.msg[0]) abort();
            } else {
                if (job->n_stop > SV_MAX_STOP || job->sp.n_bias > SV_MAX_BIAS) abort();
                if ((kind == SV_OPENAI_CHAT || kind == SV_OLLAMA_CHAT) && job->n_turns % 2 != 1) abort();
                for (int t = 0; t < job->n_turns; t++) (void)strlen(job->turn[t]);
                if (job->system) (void)strlen(job->system);
                if (job->prompt) (void)strlen(job->prompt);
            }
        }
        sv_job_free(job);
    }
    return 0;
}
