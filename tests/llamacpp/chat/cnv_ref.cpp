// cnv_ref.cpp — the same conversations as chat_ref.c, but through llama.cpp's own common library
// (libllama-common: common_chat_templates_init / common_chat_templates_apply /
// common_chat_format_single / common_tokenize), replicating tools/completion/completion.cpp's
// conversation mode step by step, in both template modes:
//   legacy : use_jinja=false — llama-completion's default; must equal chat_ref.c's output
//   jinja  : use_jinja=true  — llama-completion --jinja, and the default of llama-cli/llama-server
//            (llama.cpp's Jinja engine; a leading bos_token text is stripped when the vocab adds BOS)
// usage: cnv_ref FAMILY MODEL_GGUF   (the template is the model's tokenizer.chat_template)
// Output: FAMILY CONV MODE_rendered <C-escaped> / FAMILY CONV MODE_ids <ids>
#include "chat.h"
#include "common.h"
#include "llama.h"

#include <cstdio>
#include <string>
#include <vector>

static void print_escaped(const char * fam, const char * conv, const char * mode, const std::string & s) {
    printf("%s %s %s_rendered ", fam, conv, mode);
    for (unsigned char c : s) {
        switch (c) {
            case '\n': fputs("\\n", stdout); break;
            case '\t': fputs("\\t", stdout); break;
            case '\r': fputs("\\r", stdout); break;
            case '\\': fputs("\\\\", stdout); break;
            case '"':  fputs("\\\"", stdout); break;
            default:
                if (c < 0x20 || c >= 0x7f) printf("\\x%02x", c); else putchar(c);
        }
    }
    putchar('\n');
}

static void print_ids(const char * fam, const char * conv, const char * mode, const std::vector<llama_token> & t) {
    printf("%s %s %s_ids", fam, conv, mode);
    for (auto id : t) printf(" %d", id);
    putchar('\n');
}

static common_chat_msg msg(const char * role, const char * content) {
    common_chat_msg m;
    m.role = role;
    m.content = content;
    return m;
}

int main(int argc, char ** argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s FAMILY MODEL_GGUF\n", argv[0]); return 2; }
    const char * fam = argv[1];
    const bool is_mistral = std::string(fam) == "mistral";
    llama_log_set([](ggml_log_level, const char *, void *) {}, nullptr);
    llama_backend_init();
    llama_model_params mp = llama_model_default_params();
    mp.vocab_only = true;
    llama_model * model = llama_model_load_from_file(argv[2], mp);
    if (!model) { fprintf(stderr, "cannot load %s\n", argv[2]); return 1; }
    const llama_vocab * vocab = llama_model_get_vocab(model);
    auto tmpls = common_chat_templates_init(model, /*chat_template_override=*/"");

    for (bool use_jinja : { false, true }) {
        const char * mode = use_jinja ? "jinja" : "legacy";
        struct conv { const char * name; bool sys; const char * user; bool second_turn; };
        const conv convs[] = {
            { "A", !is_mistral, "Hello there!", false },
            { "B", !is_mistral, "Hello there!", true },
            { "C", false,       "What is 2+2?", false },
        };
        for (const auto & c : convs) {
            // completion.cpp: chat_add_and_format("system"/"user", ...), then the first prompt
            std::vector<common_chat_msg> chat_msgs;
            auto add_and_format = [&](const char * role, const char * content) {
                auto m = msg(role, content);
                auto f = common_chat_format_single(tmpls.get(), chat_msgs, m, std::string(role) == "user", use_jinja);
                chat_msgs.push_back(m);
                return f;
            };
            if (c.sys) add_and_format("system", "You are a helpful assistant.");
            add_and_format("user", c.user);
            if (c.second_turn) {
                // B as one whole prompt (e.g. a server request or a -p with the full history)
                std::vector<common_chat_msg> all = chat_msgs;
                all.push_back(msg("assistant", "Hi! How can I help?"));
                all.push_back(msg("user", "Tell me a joke."));
                common_chat_templates_inputs in;
                in.use_jinja = use_jinja;
                in.messages = all;
                in.add_generation_prompt = true;
                auto p = common_chat_templates_apply(tmpls.get(), in).prompt;
                print_escaped(fam, c.name, mode, p);
                print_ids(fam, c.name, mode, common_tokenize(vocab, p, true, true));
                // interactive: the reply was generated, then the user typed turn 2
                add_and_format("assistant", "Hi! How can I help?");
                auto delta = add_and_format("user", "Tell me a joke.");
                print_escaped(fam, "B_inc", mode, delta);
                print_ids(fam, "B_inc", mode, common_tokenize(vocab, delta, false, true));
            } else {
                common_chat_templates_inputs in;
                in.use_jinja = use_jinja;
                in.messages = chat_msgs;
                in.add_generation_prompt = true;
                auto p = common_chat_templates_apply(tmpls.get(), in).prompt;
                print_escaped(fam, c.name, mode, p);
                print_ids(fam, c.name, mode, common_tokenize(vocab, p, true, true));
            }
        }
    }
    tmpls.reset();
    llama_model_free(model);
    llama_backend_free();
    return 0;
}
