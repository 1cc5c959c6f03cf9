/* touch.h - walks every part of a parsed GGUF file through the public accessors, for the fuzz
   target and the mutation tests: each metadata value by its key (as integer, float, bool,
   string, array, elements, sub-arrays), each tensor by its name, and each tensor of a supported
   type dequantized and dotted row by row (bounded work). Returns a checksum so nothing is
   optimized away. */
/* Accessors only the fuzzer needs (run.c reads arrays of known element types). */
/* Element i < a->count of an array of any integer / float type; -1 when of another type. */
static int rc__gguf_arr_int(const rc__GgufValue *a, uint64_t i, int64_t *out) {
    if (a->elem_type >= RC__GGUF_NTYPES || !rc__gguf_vtype_size[a->elem_type]) return -1;
    return rc__gguf_int_at(a->elem_type, a->p + i * rc__gguf_vtype_size[a->elem_type], out);
}
static int rc__gguf_arr_float(const rc__GgufValue *a, uint64_t i, double *out) {
    if (a->elem_type >= RC__GGUF_NTYPES || !rc__gguf_vtype_size[a->elem_type]) return -1;
    return rc__gguf_float_at(a->elem_type, a->p + i * rc__gguf_vtype_size[a->elem_type], out);
}
/* Element i < a->count of an array of arrays. */
static const rc__GgufValue *rc__gguf_arr_sub(const rc__GgufValue *a, uint64_t i) { return &a->sub[i]; }

static double rc__touch_value(const rc__GgufValue *v, int depth) {
    double acc = 0;
    if (v->type != RC__GGUF_ARRAY) return v->type == RC__GGUF_STRING ? (double)v->count : 1;
    uint64_t n = v->count < 4096 ? v->count : 4096;
    for (uint64_t i = 0; i < n; i++) {
        int64_t iv;
        double fv;
        uint64_t len = 0;
        switch (v->elem_type) {
        case RC__GGUF_STRING: {
            const char *sp = rc__gguf_arr_str(v, i, &len);
            acc += (double)len + (len ? (unsigned char)sp[len - 1] : 0);
            break;
        }
        case RC__GGUF_ARRAY: if (depth < 20) acc += rc__touch_value(rc__gguf_arr_sub(v, i), depth + 1); break;
        case RC__GGUF_INT32: acc += rc__gguf_arr_i32(v, i); break;
        case RC__GGUF_FLOAT32: acc += rc__gguf_arr_f32(v, i) == rc__gguf_arr_f32(v, i); break;
        default:
            if (rc__gguf_arr_int(v, i, &iv) == 0) acc += (double)(iv & 1);
            else if (rc__gguf_arr_float(v, i, &fv) == 0) acc += fv == fv;
            else acc += 1;
        }
    }
    return acc;
}

static double rc__touch(const rc__Gguf *g) {
    double acc = 0;
    rc_Error e;
    char name[300];
    for (uint64_t i = 0; i < g->n_kv; i++) {
        const rc__GgufKV *kv = &g->kv[i];
        size_t n = kv->key_len < sizeof name - 1 ? (size_t)kv->key_len : sizeof name - 1;
        memcpy(name, kv->key, n);
        name[n] = 0;
        int64_t iv;
        double fv;
        int bv = 0;
        const char *s = NULL;
        uint64_t len = 0;
        const rc__GgufValue *arr;
        acc += rc__gguf_find(g, name) != NULL;
        if (rc__gguf_get_int(g, name, &iv, 1, &e) == 1) acc += (double)(iv & 7);
        if (rc__gguf_get_float(g, name, &fv, 0, &e) == 1) acc += fv == fv;
        if (rc__gguf_get_bool(g, name, &bv, 0, &e) == 1) acc += bv;
        if (rc__gguf_get_str(g, name, &s, &len, 0, &e) == 1) acc += (double)len + (len ? (unsigned char)s[len - 1] : 0);
        if (rc__gguf_get_arr(g, name, &arr, -1, 0, &e) == 1) acc += rc__touch_value(arr, 0);
        rc__gguf_get_arr(g, name, &arr, RC__GGUF_STRING, 0, &e);
    }
    acc += rc__gguf_find(g, "general.architecture") != NULL;
    static float row[8192], act[8192];
    static unsigned char q[8192 * 4 + 64] __attribute__((aligned(64)));
    for (int j = 0; j < 8192; j++) act[j] = (float)((j % 17) - 8) * 0.125f;
    for (uint64_t i = 0; i < g->n_tensors; i++) {
        const rc__GgufTensor *t = &g->tensors[i];
        size_t n = t->name_len < sizeof name - 1 ? (size_t)t->name_len : sizeof name - 1;
        memcpy(name, t->name, n);
        name[n] = 0;
        acc += rc__gguf_tensor(g, name) != NULL;
        if (rc__gguf_check_tensor(g, t, &e) != 0 || t->ne[0] > 8192) continue;
        int64_t ne0 = t->ne[0];
        if (rc__q_quantize_act(t->type, act, q, ne0) != 0) { acc += 1000; continue; }
        uint64_t rows = t->n_rows < 64 ? t->n_rows : 64;
        for (uint64_t r = 0; r < rows; r++) {
            const unsigned char *p = t->data + r * t->row_bytes;
            if (rc__gguf_dequant_row((int)t->type, p, row, ne0) != 0) acc += 1000;
            for (int64_t j = 0; j < ne0; j++) acc += row[j] == row[j];
            float d1 = rc__q_vec_dot(t->type, p, q, ne0), d2 = rc__q_vec_dot_c(t->type, p, q, ne0);
            acc += (d1 == d1) + (d2 == d2);
        }
    }
    return acc;
}
