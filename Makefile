# run.c - build, test and benchmark. `make` builds ./run; `make test` runs the suite.
SHELL = /bin/bash
CC ?= cc
CFLAGS ?= -O3 -march=native
# FMAs across statements (GCC with -std=c11 emits none otherwise); clang's `fast` would also
# override run.c's fp contract(off) pragma, which keeps the plain-C GGUF dots bit-exact with ggml
FP_CONTRACT := $(if $(findstring clang,$(shell $(CC) --version 2>/dev/null)),-ffp-contract=on,-ffp-contract=fast)
CFLAGS += -std=c11 -Wall -Wextra -fopenmp-simd $(FP_CONTRACT) -fno-trapping-math
OMPFLAGS ?= -fopenmp
LDLIBS = -lm
# export.py needs numpy: take the first interpreter that has it
PYTHON ?= $(shell for p in python3 /usr/bin/python3; do $$p -c 'import numpy' 2>/dev/null && { echo $$p; break; }; done)
# (evaluated when first used; after check-python installs numpy, /usr/bin/python3 has it)
PY = $(or $(PYTHON),/usr/bin/python3)

FIXTURES = a-mha a-gqa-tied a-llama3-rope a-odd a-long
TEST_MODELS = $(foreach f,$(FIXTURES),build/$(f).f32.bin build/$(f).q8_0.bin) \
              build/a-mha.v0.bin build/a-long.ak42v1.bin build/a-long.ak42v2.bin \
              build/kjv15M.f32.bin build/kjv15M.q8_0.bin build/tokenizer.bin build/llama3-tiny.f32.bin \
              $(foreach t,F32 F16 BF16 Q8_0,build/gguf/kjv15M.$(t).gguf) \
              build/gguf/llama3-tiny.F32.gguf build/gguf/llama3-tiny.Q8_0.gguf $(ARCH_FILES) \
              build/bad-arch/manifest.txt build/bpe/gpt2.rctk build/bpe/smollm.rctk
# random-weight Qwen2 / Qwen3 / Mistral (sliding window) / SmolLM2 models, in four files each, and
# the numpy oracle's logits and greedy ids for the prompt ARCH_IDS (see test_archs in test_all.c)
ARCH_MODELS = qwen2-gqa qwen2-mqa-tied qwen3-gqa-tied qwen3-untied mistral-swa smollm2-tied
ARCH_IDS = 1,450,3681,310,278,6114,29892,263,4086,13,1576,9038,338,2253,1363,896,30010,29879,2086,11,29871,29941,29889,29896,29946,29892,29945
ARCH_FILES = $(foreach m,$(ARCH_MODELS),build/arch/$(m).f32.bin build/arch/$(m).q8_0.bin \
                 build/arch/$(m).F32.gguf build/arch/$(m).Q8_0.gguf build/arch/$(m).ref.json) \
             build/arch/qwen3-chat.f32.bin build/arch/qwen2-chat.f32.bin

.PHONY: all server bench-server bench-kernels test test-isa examples asan test-asan fuzz fuzz-run valgrind bench bench-single bench-tokenizer clean check-python
all: run

run: run.c
	$(CC) $(CFLAGS) $(OMPFLAGS) -o $@ run.c $(LDLIBS)

# examples/server.c: the OpenAI- and Ollama-compatible HTTP server (README.md, "Server")
server: examples/server.c run.c
	$(CC) $(CFLAGS) $(OMPFLAGS) -pthread -o $@ examples/server.c $(LDLIBS)

test_all: test_all.c run.c fuzz/expect_decoded.h
	$(CC) $(CFLAGS) $(OMPFLAGS) -o $@ test_all.c $(LDLIBS)

# examples/: run.c as a library (embed.c) and split over two C files (two_files/); make test runs both
EXAMPLES = build/embed build/two_files
examples: $(EXAMPLES)
build/embed: examples/embed.c run.c
	@mkdir -p build
	$(CC) $(CFLAGS) $(OMPFLAGS) -o $@ examples/embed.c $(LDLIBS)
build/two_files: examples/two_files/main.c examples/two_files/engine.c run.c
	@mkdir -p build
	$(CC) $(CFLAGS) $(OMPFLAGS) -o $@ examples/two_files/main.c examples/two_files/engine.c $(LDLIBS)
# the library object whose exported symbols make test compares with the API block
build/run_api.o: run.c
	@mkdir -p build
	$(CC) $(CFLAGS) $(OMPFLAGS) -DRC_NO_MAIN -c -o $@ run.c

# make test, test-asan and fuzz-run build what they need in parallel ($(JOBS) jobs, default every
# CPU; the builds are independent), then run their suite alone
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
TEST_DEPS = run server test_all $(TEST_MODELS) $(EXAMPLES) build/run_api.o
test:
	@$(MAKE) --no-print-directory -j$(JOBS) $(TEST_DEPS)
	@cmp -s build/tokenizer.bin tokenizer.bin || { echo "FAIL: export.py --tokenizer does not reproduce tokenizer.bin"; exit 1; }
	@cmp -s build/kjv15M.q8_0.bin models/kjv15M.q8_0.bin || { echo "FAIL: export.py does not reproduce models/kjv15M.q8_0.bin"; exit 1; }
	PYTHON=$(PY) ./test_all

bench/bench: bench/bench.c run.c
	$(CC) $(CFLAGS) $(OMPFLAGS) -o $@ bench/bench.c $(LDLIBS)

# speed and memory table on random-weight models (see bench/bench.c for BENCH_* variables)
bench: bench/bench
	./bench/bench

# the server's requests/s, time to first token and prompt-cache saving (bench/server.mjs, Node)
bench-server: server
	node bench/server.mjs

# the matrix-vector kernels alone: GB/s of weights on 1 and 2 threads, next to the bandwidth probe
bench-kernels: bench/bench
	BENCH_KERNELS=1 ./bench/bench

bench/bench-serial: bench/bench.c run.c
	$(CC) $(CFLAGS) -o $@ bench/bench.c $(LDLIBS)

# single-thread figures: the OpenMP build on one thread, then a build without OpenMP
bench-single: bench/bench bench/bench-serial
	OMP_NUM_THREADS=1 ./bench/bench
	./bench/bench-serial

# the suite under AddressSanitizer and UBSan (chat with long inputs and many turns included)
asan: test-asan  # the sanitized suite and CLI: see test-asan below

# encoding speed: SentencePiece (tokenizer.bin) vs byte-level BPE (Llama 3, Qwen3), 1 MB and 10 MB
bench-tokenizer: bench/bench_tokenizer.c run.c
	@mkdir -p build
	$(CC) $(CFLAGS) $(OMPFLAGS) -o build/bench_tokenizer bench/bench_tokenizer.c $(LDLIBS)
	./build/bench_tokenizer

# make test's one dependency beyond the compiler: a python3 with numpy for export.py. As root with
# apt-get it installs Debian's python3-numpy itself; otherwise it says the one command to run.
check-python:
	@if [ -z "$(PYTHON)" ]; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	        echo "make: installing python3-numpy (export.py needs numpy)"; \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy >/dev/null && \
	        /usr/bin/python3 -c 'import numpy' || { echo "error: apt-get install python3-numpy failed"; exit 1; }; \
	    else \
	        echo "error: no python3 with numpy found; run: sudo apt-get install python3-numpy"; exit 1; \
	    fi; \
	fi

build/%.f32.bin: tests/data/fixtures/%/model.safetensors export.py | check-python
	@mkdir -p build
	$(PY) export.py $@ --hf tests/data/fixtures/$* --dtype fp32
build/%.q8_0.bin: tests/data/fixtures/%/model.safetensors export.py | check-python
	@mkdir -p build
	$(PY) export.py $@ --hf tests/data/fixtures/$* --dtype q8_0
build/a-mha.v0.bin: tests/data/fixtures/a-mha/model.safetensors export.py | check-python
	$(PY) export.py $@ --hf tests/data/fixtures/a-mha --legacy v0
build/a-long.ak42v1.bin: tests/data/fixtures/a-long/model.safetensors export.py | check-python
	$(PY) export.py $@ --hf tests/data/fixtures/a-long --legacy v1
build/a-long.ak42v2.bin: tests/data/fixtures/a-long/model.safetensors export.py | check-python
	$(PY) export.py $@ --hf tests/data/fixtures/a-long --legacy v2
build/kjv15M.f32.bin: tests/data/kjv15M/config.json export.py | check-python
	@mkdir -p build
	$(PY) export.py $@ --hf tests/data/kjv15M --dtype fp32
build/kjv15M.q8_0.bin: tests/data/kjv15M/config.json export.py | check-python
	@mkdir -p build
	$(PY) export.py $@ --hf tests/data/kjv15M --dtype q8_0
build/tokenizer.bin: tests/data/tokenizer.model export.py | check-python
	@mkdir -p build
	$(PY) export.py $@ --tokenizer tests/data/tokenizer.model

# kjv15M as GGUF (llama.cpp's format), written by export.py; tests/data/gguf has llama.cpp's outputs
build/gguf/kjv15M.%.gguf: tests/data/kjv15M/config.json export.py | check-python
	@mkdir -p build/gguf
	$(PY) export.py $@ --gguf --hf tests/data/kjv15M --tokenizer tests/data/tokenizer.model --dtype $* --name kjv15M

# a random-weight Llama 3.1 shape with the real 128256-token vocabulary, as GGUF
# (one checkpoint for both files: two writers of the same directory would race under make -j)
build/llama3-gguf-tiny/config.json: tests/make_llama3_gguf_tiny.py tests/data/bpe/llama3.rctk | check-python
	$(PY) tests/make_llama3_gguf_tiny.py build/llama3-gguf-tiny
build/gguf/llama3-tiny.%.gguf: build/llama3-gguf-tiny/config.json export.py
	@mkdir -p build/gguf
	$(PY) export.py $@ --gguf --hf build/llama3-gguf-tiny --dtype $* --name llama3-gguf-tiny

# a random-weight Llama 3 architecture model with the real 128256-token vocabulary, for chat
build/llama3-tiny.f32.bin: tests/make_llama3_tiny.py export.py | check-python
	@mkdir -p build
	$(PY) tests/make_llama3_tiny.py build/llama3-tiny
	$(PY) export.py $@ --hf build/llama3-tiny --dtype fp32

# GPT-2's vocabulary as tokenizer.json with GPT-2's and SmolLM2's pre-tokenizers, through export.py
build/bpe/%.rctk: tests/make_bpe_tokenizer_json.py tests/data/gguf/vocab/ggml-vocab-gpt-2.gguf export.py | check-python
	$(PY) tests/make_bpe_tokenizer_json.py tests/data/gguf/vocab/ggml-vocab-gpt-2.gguf $* build/bpe/$*
	$(PY) export.py $@ --tokenizer build/bpe/$*/tokenizer.json
# checkpoints export.py must refuse (test_bad_arch)
build/bad-arch/manifest.txt: tests/make_bad_arch.py tests/make_llama3_tiny.py | check-python
	$(PY) tests/make_bad_arch.py build/bad-arch
.PRECIOUS: build/arch/%/config.json
build/arch/%/config.json: tests/make_arch_models.py tests/make_llama3_tiny.py | check-python
	@mkdir -p build/arch
	$(PY) tests/make_arch_models.py build/arch --only $*
build/arch/%.f32.bin: build/arch/%/config.json export.py
	$(PY) export.py $@ --hf build/arch/$* --dtype fp32
build/arch/%.q8_0.bin: build/arch/%/config.json export.py
	$(PY) export.py $@ --hf build/arch/$* --dtype q8_0
build/arch/%.F32.gguf: build/arch/%/config.json export.py tests/data/tokenizer.model
	$(PY) export.py $@ --gguf --hf build/arch/$* --tokenizer tests/data/tokenizer.model --dtype f32 --name $* 2>/dev/null
build/arch/%.Q8_0.gguf: build/arch/%/config.json export.py tests/data/tokenizer.model
	$(PY) export.py $@ --gguf --hf build/arch/$* --tokenizer tests/data/tokenizer.model --dtype q8_0 --name $* 2>/dev/null
build/arch/%.ref.json: build/arch/%/config.json tests/hf_reference.py
	$(PY) tests/hf_reference.py build/arch/$* --ids $(ARCH_IDS) --logits build/arch/$*.ref.f32 --greedy 16 --json $@ >/dev/null

# ---- the kernels of other targets. test_all's `kernels` mode runs the checks that reach the SIMD
# kernels through the library (matmul shapes, every GGUF type against ggml, kjv15M's GGUF files
# against llama.cpp). On an AVX-512 target make test also runs it built with -mno-avx512f
# -mno-avxvnni, so the plain AVX2 path (maddubs and the int16 q8_0 tile, no VNNI; the native build runs VNNI's) is tested
# next to the AVX-512 one (test_all's test_other_paths). make test-isa runs it
# for AArch64 NEON + dotprod, cross-compiled and run under qemu-user, and for the AVX-512 VNNI
# path on an AVX2 machine, with VNNI's two instructions emulated by SIMDe (tests/vnni_emulated.h).
# Debian packages: gcc-aarch64-linux-gnu qemu-user libsimde-dev (.ci/run installs them).
KERNEL_TEST_MODELS = build/gguf/kjv15M.F32.gguf build/gguf/kjv15M.Q8_0.gguf
TARGET_AVX512 := $(shell $(CC) $(CFLAGS) -dM -E -x c /dev/null 2>/dev/null | grep -c '__AVX512F__ ')
ifeq ($(TARGET_AVX512),1)
TEST_DEPS += build/isa/avx2/test_all
endif
build/isa/avx2/test_all: test_all.c run.c fuzz/expect_decoded.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -mno-avx512f -mno-avxvnni $(OMPFLAGS) -o $@ test_all.c $(LDLIBS)
ARM_CC ?= aarch64-linux-gnu-gcc
QEMU_ARM ?= qemu-aarch64 -L /usr/aarch64-linux-gnu
build/isa/neon/test_all: test_all.c run.c fuzz/expect_decoded.h
	@mkdir -p $(@D)
	$(ARM_CC) -O2 -march=armv8.2-a+dotprod -std=c11 -Wall -Wextra -Wno-unknown-pragmas -o $@ test_all.c -lm
build/isa/vnni/test_all: test_all.c run.c fuzz/expect_decoded.h tests/vnni_emulated.h
	@mkdir -p $(@D)
	$(CC) -O2 -mavx2 -mfma -mf16c -std=c11 -Wall -Wextra $(OMPFLAGS) -include tests/vnni_emulated.h -o $@ test_all.c $(LDLIBS)
test-isa:
	@$(MAKE) --no-print-directory -j$(JOBS) build/isa/neon/test_all build/isa/vnni/test_all $(KERNEL_TEST_MODELS)
	build/isa/vnni/test_all kernels
	$(QEMU_ARM) build/isa/neon/test_all kernels

# ---- sanitizers: ASan + UBSan, every finding fatal. No OpenMP (libgomp is not instrumented).
# The kjv15M perplexity runs take the first ASAN_PPL_BYTES of kjv-val.txt (0: all of it).
ASAN_CC ?= clang
ASAN_FLAGS = -std=c11 -Wall -Wextra -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
             -fno-sanitize-recover=all
ASAN_PPL_BYTES ?= 2048
# and JSON mode's random-logit generations, this many per vocabulary (make test: 500)
ASAN_JSON_TRIALS ?= 10
build/asan/run: run.c
	@mkdir -p build/asan
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ run.c -lm
build/asan/test_all: test_all.c run.c fuzz/expect_decoded.h
	@mkdir -p build/asan
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ test_all.c -lm
build/asan/server: examples/server.c run.c
	@mkdir -p build/asan
	$(ASAN_CC) $(ASAN_FLAGS) -pthread -o $@ examples/server.c -lm
# the server's suite runs lighter there (SERVER_LIGHT: a smaller load test, no 1,000-request run;
# its reference outputs come from the normal ./run)
test-asan:
	@$(MAKE) --no-print-directory -j$(JOBS) run build/asan/run build/asan/test_all build/asan/server $(TEST_MODELS)
	PYTHON=$(PY) RUN_BIN=build/asan/run SERVER_BIN=build/asan/server SERVER_LIGHT=1 RC_TEST_PPL_BYTES=$(ASAN_PPL_BYTES) RC_TEST_JSON_TRIALS=$(ASAN_JSON_TRIALS) \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 build/asan/test_all

# ---- libFuzzer targets (fuzz/README in README.md, "Robustness"). `make fuzz` builds them;
# `make fuzz-run FUZZ_SECONDS=30` runs each for that long on its seed corpus.
FUZZ_TARGETS = model tokenizer encode decode gguf http json
FUZZ_BINS = $(foreach t,$(FUZZ_TARGETS),build/fuzz/fuzz_$(t))
FUZZ_FLAGS = -std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_SECONDS ?= 30
fuzz: $(FUZZ_BINS)
build/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_common.h fuzz/gguf_touch.h fuzz/expect_decoded.h run.c examples/server.c
	@mkdir -p build/fuzz
	$(ASAN_CC) $(FUZZ_FLAGS) -pthread -o $@ $< -lm
# fuzz_encode runs once per real vocabulary: Llama 2 (SentencePiece), Llama 3 and Qwen3 (byte-level BPE)
FUZZ_VOCABS = tokenizer.bin tests/data/bpe/llama3.rctk tests/data/bpe/qwen3.rctk
fuzz-run:
	@$(MAKE) --no-print-directory -j$(JOBS) fuzz
	@for t in $(FUZZ_TARGETS); do \
	    for v in $$( [ $$t = encode ] && echo $(FUZZ_VOCABS) || echo tokenizer.bin ); do \
	        c=build/fuzz/corpus-$$t$$( [ $$t = encode ] && echo -$$(basename $$v) ); mkdir -p $$c; \
	        echo "fuzz_$$t$$( [ $$t = encode ] && echo " ($$v)" ): $(FUZZ_SECONDS) s"; \
	        RC_FUZZ_TOKENIZER=$$v build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -rss_limit_mb=1024 \
	            -timeout=10 -print_final_stats=1 -artifact_prefix=build/fuzz/crash-$$t- \
	            $$c fuzz/corpus/$$t 2>&1 | grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|Done' ; \
	        test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	    done; \
	done

# ---- valgrind on a generation run and a chat run (two user lines on stdin), small models
# (built without -march=native: valgrind does not know AVX-512)
VALGRIND = valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect -q
build/valgrind/run: run.c
	@mkdir -p build/valgrind
	$(CC) -std=c11 -g -O2 -fopenmp -o $@ run.c -lm
valgrind: build/valgrind/run
	$(VALGRIND) build/valgrind/run models/kjv15M.q8_0.bin -i "In the beginning" -t 0.8 -s 1 -n 16 -c 64 -j 1
	printf 'Who made the earth?\nAnd the sea?\n' | $(VALGRIND) build/valgrind/run models/kjv15M.q8_0.bin \
	    -m chat -y "Answer briefly." -t 0 -n 8 -c 128 -j 1
	$(VALGRIND) build/valgrind/run tests/data/stories260K.bin -I 1 -o ids -t 1 -k 5 -n 32 -j 1

clean:
	rm -rf run server test_all bench/bench bench/bench-serial build
