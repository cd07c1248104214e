// Throughput of the streaming page rewriter (personalize/page_rewriter.hpp)
// on real HTML pages installed by Debian packages, fed in 4 KiB pieces as the
// proxy feeds it: without slots (the banner only), and with slots (every
// start tag is then read whole, and five elements are replaced).
//
//   build/bench/rewriter_benchmark --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "personalize/page_rewriter.hpp"

namespace {

using tact::personalize::PageRewriter;
using tact::personalize::SlotContent;

constexpr std::size_t kPiece = 4096;

struct Page {
    const char* label;
    const char* file;
    std::size_t most_bytes;  // a prefix of the page, cut before a '<'
};

// About 20 KB, 550 KB and 2 MB.
const Page kPages[] = {
    {"20KB users-and-groups", "/usr/share/doc/base-passwd/users-and-groups.html", 1u << 30},
    {"550KB nettle", "/usr/share/doc/nettle-dev/nettle.html", 1u << 30},
    {"2MB node-api", "/usr/share/doc/nodejs/api/all.html", 2u << 20},
};

std::string read_page(const Page& page) {
    std::ifstream in(page.file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    std::string html = text.str();
    if (html.size() > page.most_bytes) html.resize(html.rfind('<', page.most_bytes));
    return html;
}

// Marks the first `count` <p> elements as slots.
std::string with_slots(std::string html, int count) {
    std::size_t at = 0;
    for (int i = 0; i < count; ++i) {
        at = html.find("<p>", at);
        if (at == std::string::npos) break;
        html.replace(at, 3, "<p data-tact-slot=\"s" + std::to_string(i) + "\">");
        at += 3;
    }
    return html;
}

void rewrite(benchmark::State& state, const std::string& html,
             const std::vector<SlotContent>& slots) {
    std::string out;
    out.reserve(html.size() + 4096);
    for (auto _ : state) {
        PageRewriter rewriter{"<script src=/__tact/ui/consent.js defer></script>", slots};
        out.clear();
        for (std::size_t at = 0; at < html.size(); at += kPiece) {
            rewriter.feed(std::string_view(html).substr(at, kPiece), out);
            // The proxy sends each piece on and reuses its buffer.
            benchmark::DoNotOptimize(out.data());
            out.clear();
        }
        rewriter.finish(out);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * html.size()));
}

void register_pages() {
    std::vector<SlotContent> slots;
    for (int i = 0; i < 5; ++i)
        slots.push_back({"s" + std::to_string(i), "v", "<strong>personalized</strong>"});
    for (const auto& page : kPages) {
        if (!std::filesystem::exists(page.file)) continue;
        const auto html = read_page(page);
        const auto slotted = with_slots(html, 5);
        benchmark::RegisterBenchmark(
            (std::string("no slots/") + page.label).c_str(),
            [html](benchmark::State& s) { rewrite(s, html, {}); });
        benchmark::RegisterBenchmark(
            (std::string("5 slots/") + page.label).c_str(),
            [slotted, slots](benchmark::State& s) { rewrite(s, slotted, slots); });
    }
}

}  // namespace

int main(int argc, char** argv) {
    register_pages();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    return 0;
}
