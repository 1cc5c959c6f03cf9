#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/: tiny valid checkpoints in every format (RCLM f32 and
q8_0, llama2.c v0, ak42 v1/v2), small tokenizers (RCTK and llama2.c's, cut from tokenizer.bin),
prompts and id sequences. Deterministic; run from the repository root: python3 fuzz/make_seeds.py"""
import os, struct, random

random.seed(4)
root = os.path.dirname(os.path.abspath(__file__))
D, H, L, NH, NKV, HD, V, S = 8, 16, 1, 2, 1, 4, 8, 4


def out(target, name, data):
    d = os.path.join(root, 'corpus', target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


def floats(n):
    return struct.pack('<%df' % n, *[random.uniform(-1, 1) for _ in range(n)])


def pad64(b):
    return b + b'\0' * (-len(b) % 64)


def rclm(q8, gs=8, tied=1):
    hdr = b'RCLM' + struct.pack('<11I', 1, 256, int(q8), gs if q8 else 0, D, H, L, NH, NKV, HD, V)
    hdr += struct.pack('<IIii', S, tied, 1, 2) + struct.pack('<ff', 1e-5, 10000.0)
    hdr = pad64(hdr + b'\0' * (256 - len(hdr)))[:256]

    def mat(r, c):
        if not q8:
            return pad64(floats(r * c))
        q = bytes(random.randrange(256) for _ in range(r * c))
        return pad64(q) + pad64(floats(r * ((c + gs - 1) // gs)))
    body = mat(V, D)
    for _ in range(L):
        body += pad64(floats(D)) + mat(NH * HD, D) + mat(NKV * HD, D) * 2 + mat(D, NH * HD)
        body += pad64(floats(D)) + mat(H, D) + mat(D, H) + mat(H, D)
    body += pad64(floats(D))
    if not tied:
        body += mat(V, D)
    # the file ends where the last tensor does: no padding after it
    last = D * 4 if tied else (V * ((D + gs - 1) // gs) * 4 if q8 else V * D * 4)
    return hdr + body[:len(body) - (-last % 64)]


def llama2c(version):
    ints = struct.pack('<7i', D, H, L, NH, NKV, V if version else -V, S)
    norms = floats(L * D)
    if version == 0:
        return ints + floats(V * D) + norms + floats(L * NH * HD * D) + floats(2 * L * NKV * HD * D) + \
            floats(L * D * NH * HD) + floats(L * D) + floats(3 * L * H * D) + floats(D) + floats(S * HD) + floats(V * D)
    hdr = struct.pack('<Ii', 0x616b3432, version) + ints + bytes([1])
    gs = 8
    if version == 2:
        hdr += struct.pack('<i', gs)
    hdr += b'\0' * (256 - len(hdr))
    if version == 1:
        return hdr + norms + floats(L * D) + floats(D) + floats(V * D) + floats(L * NH * HD * D) + \
            floats(2 * L * NKV * HD * D) + floats(L * D * NH * HD) + floats(3 * L * H * D)

    def q(n):
        return bytes(random.randrange(256) for _ in range(n)) + floats(n // gs)
    body = norms + floats(L * D) + floats(D) + q(V * D)
    for r, c in [(NH * HD, D), (NKV * HD, D), (NKV * HD, D), (D, NH * HD), (H, D), (D, H), (H, D)]:
        for _ in range(L):
            body += q(r * c)
    return hdr + body


if __name__ == '__main__':
    out('model', 'rclm-f32.bin', rclm(False))
    out('model', 'rclm-q8.bin', rclm(True))
    out('model', 'rclm-f32-untied.bin', rclm(False, tied=0))
    out('model', 'v0.bin', llama2c(0))
    out('model', 'ak42v1.bin', llama2c(1))
    out('model', 'ak42v2.bin', llama2c(2))
    tok = open(os.path.join(root, '..', 'tokenizer.bin'), 'rb').read()
    # RCTK cut to its first 300 tokens (bytes, specials, common pieces), vocab_size patched
    off, n = 64, 300
    for _ in range(n):
        off += 12 + struct.unpack_from('<I', tok, off + 8)[0]
    small = bytearray(tok[:off])
    struct.pack_into('<I', small, 12, n)
    out('tokenizer', 'rctk-300.bin', bytes(small))
    l2 = b'\x40\0\0\0'
    o = 64
    for _ in range(n):
        ln = struct.unpack_from('<I', tok, o + 8)[0]
        l2 += tok[o:o + 4] + struct.pack('<i', ln) + tok[o + 12:o + 12 + ln]
        o += 12 + ln
    out('tokenizer', 'llama2c-300.bin', l2)
    prompts = [b'In the beginning God created the heaven and the earth.', b'', b' ', b'  leading',
               'caf\u00e9 \u2581 \u65e5\u672c\u8a9e \U0001F600'.encode(), b'\xff\xfe\xc0\xaf\xed\xa0\x80 ok',
               b'\x00\x01\t\r\n', b'<s>[INST] hi [/INST]</s>']
    for i, p in enumerate(prompts):
        out('encode', 'p%d.txt' % i, p)
    ids = [[1, 512, 278, 6763], [1, 3 + 0xE6, 3 + 0x97, 3 + 0xA5, 29871], [259, 260, 3 + 0xF0, 3 + 0x9F, 13], [0, 1, 2, 31999]]
    for i, s in enumerate(ids):
        out('decode', 'ids%d.bin' % i, b''.join(struct.pack('<H', x) for x in s))
    out('decode', 'raw.bin', b'\xe6\x97\xa5\xf0\x9f\x98\x80\xc3')
    # examples/server.c: requests as clients send them (fuzz_http) and request bodies (fuzz_json)
    chat = (b'{"model":"m","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},'
            b'{"role":"assistant","content":"Hello"},{"role":"user","content":[{"type":"text","text":"And?"}]}],'
            b'"temperature":0.7,"top_p":0.9,"max_tokens":16,"stop":["\\n","END"],"seed":42,"logit_bias":{"13":-100},'
            b'"response_format":{"type":"json_object"},"stream":true,"stream_options":{"include_usage":true}}')
    ollama = (b'{"model":"m","prompt":"Why?","system":"s","stream":false,"format":"json","options":{"temperature":0,'
              b'"top_k":40,"top_p":0.9,"min_p":0.05,"repeat_penalty":1.1,"repeat_last_n":-1,"num_predict":8,'
              b'"stop":["x"],"seed":1}}')
    bodies = [chat, ollama, b'{"prompt":["one"],"max_completion_tokens":4,"n":1}', b'[1,-0.5e+3,true,false,null]',
              b'"\\u00e9\\ud83d\\ude00\\n\\"\\\\"', b'{"a":{"b":[{}]},"a":2}']
    for i, b in enumerate(bodies):
        out('json', 'body%d.json' % i, b)
    reqs = [b'GET /health HTTP/1.1\r\nHost: x\r\n\r\n',
            b'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\nAuthorization: Bearer k\r\n'
            b'Connection: keep-alive\r\nExpect: 100-continue\r\n\r\n' % len(chat) + chat,
            b'POST /api/generate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'
            b'5;ext=1\r\n{"pro\r\nA\r\nmpt":"hi"}\r\n0\r\nTrailer: t\r\n\r\n',
            b'GET http://x:8080/v1/models?q=1 HTTP/1.0\n\n']
    for i, r in enumerate(reqs):
        out('http', 'req%d.txt' % i, r)
