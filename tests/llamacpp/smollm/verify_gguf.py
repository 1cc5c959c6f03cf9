#!/usr/bin/env python3
"""verify_gguf.py ORIG NEW KEY VALUE: check with gguf-py's GGUFReader that NEW equals ORIG in every
metadata key (same order, same types, same contents, arrays included) and every tensor, except that
KEY holds the string VALUE. Also checks the raw bytes: NEW must be ORIG with just that string
(its uint64 length + bytes) replaced. Exits 1 on any mismatch."""
import struct, sys
import numpy as np
import gguf

orig_p, new_p, key, value = sys.argv[1:5]
a, b = gguf.GGUFReader(orig_p), gguf.GGUFReader(new_p)
ok = True
def bad(msg):
    global ok; ok = False; print("MISMATCH:", msg)

ka, kb = list(a.fields), list(b.fields)
if ka != kb: bad(f"key lists/order differ:\n {ka}\n {kb}")
changed = []
for k in ka:
    if k not in b.fields: continue
    fa, fb = a.fields[k], b.fields[k]
    if fa.types != fb.types: bad(f"{k}: types {fa.types} vs {fb.types}")
    ca, cb = fa.contents(), fb.contents()
    if k == key:
        if cb != value: bad(f"{k}: new value {cb!r} != {value!r}")
        print(f"changed: {k}: {ca!r} -> {cb!r}")
        changed.append(k)
        continue
    if isinstance(ca, float) and isinstance(cb, float):
        same = struct.pack('<f', ca) == struct.pack('<f', cb)
    else:
        same = ca == cb
    if not same: bad(f"{k}: contents differ")
if changed != [key]: bad(f"key {key} not found in both files")
if len(a.tensors) != len(b.tensors): bad("tensor count differs")
for ta, tb in zip(a.tensors, b.tensors):
    if (ta.name, ta.tensor_type, list(ta.shape)) != (tb.name, tb.tensor_type, list(tb.shape)) or \
       not np.array_equal(np.asarray(ta.data), np.asarray(tb.data)):
        bad(f"tensor {ta.name} differs")

# raw byte check: replace the string value of KEY in ORIG and compare with NEW
ra, rb = open(orig_p, 'rb').read(), open(new_p, 'rb').read()
old = a.fields[key].contents().encode()
kenc = key.encode()
pat = struct.pack('<Q', len(kenc)) + kenc + struct.pack('<I', int(gguf.GGUFValueType.STRING))
i = ra.find(pat); assert i >= 0 and ra.find(pat, i + 1) < 0
j = i + len(pat)
assert ra[j:j + 8 + len(old)] == struct.pack('<Q', len(old)) + old
expect = ra[:j] + struct.pack('<Q', len(value.encode())) + value.encode() + ra[j + 8 + len(old):]
if expect != rb:
    # tolerate only a difference in trailing alignment padding (zeros at end of file)
    if expect.rstrip(b'\0') == rb.rstrip(b'\0'): print("note: trailing padding differs only")
    else: bad("raw bytes differ beyond the replaced string")
else:
    print("raw bytes: identical except the replaced string")
print(f"{len(ka)} fields ({len(ka)-3} real KVs + 3 GGUF header pseudo-fields), {len(a.tensors)} tensors compared")
print("OK" if ok else "FAILED")
sys.exit(0 if ok else 1)
