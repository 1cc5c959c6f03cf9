/* Forced include (-include tests/vnni_emulated.h) that builds run.c's AVX-512 VNNI path on an
   AVX2 CPU without VNNI, for make test-isa: SIMDe (Debian's libsimde-dev) supplies the two
   instructions the path uses, vpdpbusd and vpdpwssd, in portable code with the hardware's
   semantics, and the target macros run.c tests are set by hand. Everything else stays native
   AVX2. Build with -mavx2 -mfma -mf16c and without -march=native. */
#ifndef RC_VNNI_EMULATED_H
#define RC_VNNI_EMULATED_H
#if defined(__AVX512VNNI__)
#error "the target has AVX-512 VNNI: build without tests/vnni_emulated.h to test it natively"
#endif
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* run.c's choice, made here before the first system header */
#endif
#include <immintrin.h>
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/avx512/dpbusd.h>
#include <simde/x86/avx512/dpwssd.h>
#define __AVX512VNNI__ 1
#define __AVX512VL__ 1
#endif
