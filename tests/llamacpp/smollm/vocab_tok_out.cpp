// vocab_tok_out: write llama.cpp token ids for a ggml-vocab .inp file in the .out format.
// usage: vocab_tok_out VOCAB.gguf INP_FILE > OUT_FILE
// Splits INP exactly like tests/test-tokenizer-0.cpp (separator "\n__ggml_vocab_test__\n"),
// loads the vocab with vocab_only=true and tokenizes each string with
// llama_tokenize(add_special=false, parse_special=false), as test-tokenizer-0 does.
// Output: one line per string, each id preceded by a space (like convert_hf_to_gguf_update.py).
#include "llama.h"
#include "ggml-backend.h"
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

int main(int argc, char ** argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s vocab.gguf file.inp\n", argv[0]); return 1; }
    std::ifstream ifs(argv[2], std::ios::binary);
    if (!ifs) { fprintf(stderr, "cannot open %s\n", argv[2]); return 1; }
    std::string sraw((std::istreambuf_iterator<char>(ifs)), std::istreambuf_iterator<char>());
    const std::string sep = "\n__ggml_vocab_test__\n";
    std::vector<std::string> sinp;
    size_t pos = 0;
    while (pos < sraw.size()) {
        const size_t next = sraw.find(sep, pos);
        if (next == std::string::npos) { sinp.push_back(sraw.substr(pos)); break; }
        sinp.push_back(sraw.substr(pos, next - pos));
        pos = next + sep.size();
    }

    llama_log_set([](ggml_log_level, const char *, void *) {}, nullptr);
    llama_backend_init();
    auto mparams = llama_model_default_params();
    mparams.vocab_only = true;
    llama_model * model = llama_model_load_from_file(argv[1], mparams);
    if (!model) { fprintf(stderr, "failed to load %s\n", argv[1]); return 1; }
    const llama_vocab * vocab = llama_model_get_vocab(model);

    for (const auto & s : sinp) {
        std::vector<llama_token> toks(s.size() + 16);
        int n = llama_tokenize(vocab, s.data(), (int32_t) s.size(), toks.data(), (int32_t) toks.size(),
                               /*add_special*/ false, /*parse_special*/ false);
        if (n < 0) {
            toks.resize(-n);
            n = llama_tokenize(vocab, s.data(), (int32_t) s.size(), toks.data(), (int32_t) toks.size(), false, false);
        }
        if (n < 0) { fprintf(stderr, "tokenize failed\n"); return 1; }
        for (int i = 0; i < n; ++i) printf(" %d", toks[i]);
        printf("\n");
    }
    fprintf(stderr, "vocab_tok_out: %zu strings\n", sinp.size());
    llama_model_free(model);
    llama_backend_free();
    return 0;
}
