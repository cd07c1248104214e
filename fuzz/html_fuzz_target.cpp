// Fuzz target: the streaming HTML injector (personalize/page_rewriter.hpp).
// For any page and any way of cutting it into pieces: the output is the same
// as for the page in one piece, and it is the page with the markup inserted
// once, or left as it is (when the page ends inside a comment, a tag or
// raw text). The first byte of the input chooses the piece sizes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "personalize/page_rewriter.hpp"

namespace {

constexpr std::string_view kMarkup = "<!--TACT-->";

std::string run(std::string_view page, std::size_t step) {
    tact::personalize::PageRewriter injector{std::string(kMarkup), {}};
    std::string out;
    for (std::size_t at = 0; at < page.size(); at += step)
        injector.feed(page.substr(at, step), out);
    injector.finish(out);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t step = 1 + data[0] % 16;
    const std::string_view page(reinterpret_cast<const char*>(data) + 1, size - 1);
    const auto whole = run(page, page.size() + 1);
    if (run(page, step) != whole) std::abort();
    if (whole != page) {
        // The markup went in exactly once, and nothing else changed.
        if (whole.size() != page.size() + kMarkup.size()) std::abort();
        bool found = false;  // at one of the places the markup occurs (the page may hold it too)
        for (auto at = whole.find(kMarkup); !found && at != std::string::npos;
             at = whole.find(kMarkup, at + 1))
            found = whole.substr(0, at) + whole.substr(at + kMarkup.size()) == page;
        if (!found) std::abort();
    }
    return 0;
}
