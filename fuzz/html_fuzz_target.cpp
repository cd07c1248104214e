// Fuzz target: the streaming page rewriter (personalize/page_rewriter.hpp).
// For any page and any way of cutting it into pieces, with a slot to fill and
// markup for the end of the body: the output is the same as for the page in
// one piece; and a page that names no slot comes out as itself with the
// markup inserted once, or unchanged (when it ends inside a comment, a tag or
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
    tact::personalize::PageRewriter rewriter{std::string(kMarkup), {{"f", "v", "<b>F</b>"}}};
    std::string out;
    for (std::size_t at = 0; at < page.size(); at += step)
        rewriter.feed(page.substr(at, step), out);
    rewriter.finish(out);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t step = 1 + data[0] % 16;
    const std::string_view page(reinterpret_cast<const char*>(data) + 1, size - 1);
    const auto whole = run(page, page.size() + 1);
    if (run(page, step) != whole) std::abort();
    std::string lowered(page);  // attribute names are case-insensitive
    for (auto& c : lowered) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    if (lowered.find("data-tact-slot") != std::string::npos || whole == page) return 0;
    // No slot: the markup went in exactly once, and nothing else changed.
    if (whole.size() != page.size() + kMarkup.size()) std::abort();
    bool found = false;  // at one of the places the markup occurs (the page may hold it too)
    for (auto at = whole.find(kMarkup); !found && at != std::string::npos;
         at = whole.find(kMarkup, at + 1))
        found = whole.substr(0, at) + whole.substr(at + kMarkup.size()) == page;
    if (!found) std::abort();
    return 0;
}
