// Runs a libFuzzer-style target without libFuzzer, so that GCC builds (the
// sanitizer build among them) can run it as a test: every file of the seed
// corpus, then random mutations of them for the given number of seconds.
//
//   NAME_fuzzer [--seconds N] CORPUS_DIR
//
// An input that crashes the target is written to ./crash-input (the run
// then dies as the target did), to be replayed: NAME_fuzzer crash-dir/.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

const std::string* g_current = nullptr;  // the input being run, for the crash handler

// Async-signal-safe: open, write, close, then the default action.
void save_crashing_input(int signal) {
    if (g_current) {
        const int fd = ::open("crash-input", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            (void)!::write(fd, g_current->data(), g_current->size());
            ::close(fd);
        }
        constexpr char kSaid[] = "fuzz: the crashing input is in ./crash-input\n";
        (void)!::write(2, kSaid, sizeof kSaid - 1);
    }
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

int run(const std::string& input) {
    g_current = &input;
    return LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()),
                                  input.size());
}

// Byte flips, insertions of interesting bytes, deletions and splices.
std::string mutate(std::string input, const std::vector<std::string>& corpus,
                   std::mt19937_64& random) {
    // Built with its length: the table holds a NUL byte.
    static constexpr char kBytes[] =
        "%+&=?#\n\r\t ;,-_:/@[]\"\\\x00\x7f\x80\xbf\xc0\xd8\xd9\xdb\xe2\xef\xf0\xff";
    static const std::string kInteresting(kBytes, sizeof kBytes - 1);
    const int edits = 1 + static_cast<int>(random() % 8);
    for (int i = 0; i < edits; ++i) {
        const auto at = input.empty() ? 0 : random() % (input.size() + 1);
        switch (random() % 5) {
            case 0:
                if (!input.empty()) input[at % input.size()] = static_cast<char>(random());
                break;
            case 1:
                input.insert(at, 1, kInteresting[random() % kInteresting.size()]);
                break;
            case 2:
                if (!input.empty()) input.erase(at % input.size(), 1 + random() % 8);
                break;
            case 3: {
                const auto& other = corpus[random() % corpus.size()];
                input.insert(at, other.substr(random() % (other.size() + 1), 1 + random() % 64));
                break;
            }
            default:
                input.insert(at, std::string(1 + random() % 300,
                                             kInteresting[random() % kInteresting.size()]));
        }
    }
    return input.substr(0, 64 * 1024);
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = 10;
    std::vector<std::string> corpus;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--seconds" && i + 1 < argc) {
            seconds = std::stod(argv[++i]);
            continue;
        }
        for (const auto& entry : std::filesystem::directory_iterator(arg)) {
            std::ifstream in(entry.path(), std::ios::binary);
            corpus.emplace_back(std::istreambuf_iterator<char>(in),
                                std::istreambuf_iterator<char>());
        }
    }
    if (corpus.empty()) corpus.emplace_back();
    // Only SIGABRT: the sanitizers report a SIGSEGV themselves, with its stack.
    std::signal(SIGABRT, save_crashing_input);
    for (const auto& input : corpus) run(input);
    std::mt19937_64 random(20261123);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    std::uint64_t runs = corpus.size();
    while (std::chrono::steady_clock::now() < deadline) {
        for (int i = 0; i < 100; ++i, ++runs)
            run(mutate(corpus[random() % corpus.size()], corpus, random));
    }
    std::cout << std::filesystem::path(argv[0]).filename().string() << ": " << runs << " inputs in "
              << seconds << " s, no crash\n";
    return 0;
}
