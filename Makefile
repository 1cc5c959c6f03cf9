# run.c - build, test and benchmark. `make` builds ./run; `make test` runs the suite.
CC ?= cc
CFLAGS ?= -O3 -march=native
CFLAGS += -std=c11 -Wall -Wextra -fopenmp-simd
OMPFLAGS ?= -fopenmp
LDLIBS = -lm
# export.py needs numpy: take the first interpreter that has it
PYTHON ?= $(shell for p in python3 /usr/bin/python3; do $$p -c 'import numpy' 2>/dev/null && { echo $$p; break; }; done)

FIXTURES = a-mha a-gqa-tied a-llama3-rope a-odd a-long
TEST_MODELS = $(foreach f,$(FIXTURES),build/$(f).f32.bin build/$(f).q8_0.bin) \
              build/a-mha.v0.bin build/a-long.ak42v1.bin build/a-long.ak42v2.bin \
              build/kjv15M.f32.bin build/kjv15M.q8_0.bin build/tokenizer.bin build/llama3-tiny.f32.bin

.PHONY: all test asan bench bench-tokenizer clean check-python
all: run

run: run.c
	$(CC) $(CFLAGS) $(OMPFLAGS) -o $@ run.c $(LDLIBS)

test_all: test_all.c run.c
	$(CC) $(CFLAGS) $(OMPFLAGS) -o $@ test_all.c $(LDLIBS)

test: run test_all $(TEST_MODELS)
	@cmp -s build/tokenizer.bin tokenizer.bin || { echo "FAIL: export.py --tokenizer does not reproduce tokenizer.bin"; exit 1; }
	@cmp -s build/kjv15M.q8_0.bin models/kjv15M.q8_0.bin || { echo "FAIL: export.py does not reproduce models/kjv15M.q8_0.bin"; exit 1; }
	./test_all

bench/bench: bench/bench.c run.c
	$(CC) $(CFLAGS) $(OMPFLAGS) -o $@ bench/bench.c $(LDLIBS)

# speed and memory table on random-weight models (see bench/bench.c for BENCH_* variables)
bench: bench/bench
	./bench/bench

# the suite under AddressSanitizer and UBSan (chat with long inputs and many turns included)
asan: run $(TEST_MODELS)
	clang -std=c11 -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -o build/test_all-asan test_all.c $(LDLIBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ./build/test_all-asan

# encoding speed: SentencePiece (tokenizer.bin) vs byte-level BPE (Llama 3, Qwen3), 1 MB and 10 MB
bench-tokenizer: bench/bench_tokenizer.c run.c
	@mkdir -p build
	$(CC) $(CFLAGS) $(OMPFLAGS) -o build/bench_tokenizer bench/bench_tokenizer.c $(LDLIBS)
	./build/bench_tokenizer

check-python:
	@test -n "$(PYTHON)" || { echo "error: no python3 with numpy found (apt-get install python3-numpy)"; exit 1; }

build/%.f32.bin: tests/data/fixtures/%/model.safetensors export.py | check-python
	@mkdir -p build
	$(PYTHON) export.py $@ --hf tests/data/fixtures/$* --dtype fp32
build/%.q8_0.bin: tests/data/fixtures/%/model.safetensors export.py | check-python
	@mkdir -p build
	$(PYTHON) export.py $@ --hf tests/data/fixtures/$* --dtype q8_0
build/a-mha.v0.bin: tests/data/fixtures/a-mha/model.safetensors export.py | check-python
	$(PYTHON) export.py $@ --hf tests/data/fixtures/a-mha --legacy v0
build/a-long.ak42v1.bin: tests/data/fixtures/a-long/model.safetensors export.py | check-python
	$(PYTHON) export.py $@ --hf tests/data/fixtures/a-long --legacy v1
build/a-long.ak42v2.bin: tests/data/fixtures/a-long/model.safetensors export.py | check-python
	$(PYTHON) export.py $@ --hf tests/data/fixtures/a-long --legacy v2
build/kjv15M.f32.bin: tests/data/kjv15M/config.json export.py | check-python
	@mkdir -p build
	$(PYTHON) export.py $@ --hf tests/data/kjv15M --dtype fp32
build/kjv15M.q8_0.bin: tests/data/kjv15M/config.json export.py | check-python
	@mkdir -p build
	$(PYTHON) export.py $@ --hf tests/data/kjv15M --dtype q8_0
build/tokenizer.bin: tests/data/tokenizer.model export.py | check-python
	@mkdir -p build
	$(PYTHON) export.py $@ --tokenizer tests/data/tokenizer.model

# a random-weight Llama 3 architecture model with the real 128256-token vocabulary, for chat
build/llama3-tiny.f32.bin: tests/make_llama3_tiny.py export.py | check-python
	@mkdir -p build
	$(PYTHON) tests/make_llama3_tiny.py build/llama3-tiny
	$(PYTHON) export.py $@ --hf build/llama3-tiny --dtype fp32

clean:
	rm -rf run test_all bench/bench build
