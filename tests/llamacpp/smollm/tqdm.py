# Minimal stand-in for tqdm (not installed for /usr/bin/python3); only what gguf_new_metadata.py uses.
class tqdm:
    def __init__(self, *a, **k): pass
    def update(self, n=1): pass
    def close(self): pass
