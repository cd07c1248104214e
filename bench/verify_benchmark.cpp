// `tact audit verify` on a log of a million consent records (Google
// Benchmark): the log is written once in the gateway's own format (records,
// a signed checkpoint every 1,000, 64 MiB segments), then verified whole.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "audit/log_line.hpp"
#include "audit/log_segments.hpp"
#include "audit/log_verifier.hpp"

using namespace tact;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kRecords = 1'000'000;

struct MillionRecordLog {
    fs::path directory = fs::temp_directory_path() / ("tact-verify-" + std::to_string(::getpid()));
    crypto::Ed25519Key key = (fs::create_directories(directory),
                              crypto::Ed25519Key::generate(directory / "k.pem", directory / "k.pub"));
    crypto::Ed25519Key public_key = crypto::Ed25519Key::load_public(directory / "k.pub");

    MillionRecordLog() {
        const auto time = std::chrono::sys_seconds{std::chrono::seconds{1795000000}};
        const consent::ConsentAction action{"give", "DE", "de", std::string(32, 'c')};
        std::string head(audit::kGenesis);
        std::uint64_t index = 1, size = 0;
        std::ofstream out;
        auto open = [&] {
            out = std::ofstream(directory / audit::segment_file_name(index));
            const auto header = audit::segment_line(index, head, 1, time) + "\n";
            out << header;
            size = header.size();
        };
        open();
        for (std::uint64_t seq = 1; seq <= kRecords; ++seq) {
            const consent::ConsentRecord record{
                .receipt_id = std::to_string(seq),
                .policy_id = "eu-gdpr",
                .policy_hash = std::string(64, 'a'),
                .purposes_hash = std::string(64, 'b'),
                .purposes = {{"necessary", consent::Choice::granted},
                             {"personalization", consent::Choice::granted},
                             {"analytics", consent::Choice::refused},
                             {"advertising", consent::Choice::refused}},
                .decided_at = time,
                .method = "banner"};
            std::string hash;
            const auto line = audit::consent_line(seq, head, record, action, hash) + "\n";
            out << line;
            size += line.size();
            head = hash;
            if (seq % 1000 == 0) {
                const auto checkpoint = audit::checkpoint_line(seq, head, time, key) + "\n";
                out << checkpoint;
                size += checkpoint.size();
                if (size >= (std::uint64_t{64} << 20) && seq < kRecords) {
                    ++index;
                    out.close();
                    out = std::ofstream(directory / audit::segment_file_name(index));
                    const auto header = audit::segment_line(index, head, seq + 1, time) + "\n";
                    out << header;
                    size = header.size();
                }
            }
        }
    }
    ~MillionRecordLog() { fs::remove_all(directory); }
};

void BM_VerifyMillionRecords(benchmark::State& state) {
    static const MillionRecordLog log;
    for (auto _ : state) {
        const auto report = audit::verify_log(log.directory, log.public_key);
        if (!report.ok || report.records != kRecords) state.SkipWithError(report.problem.c_str());
        benchmark::DoNotOptimize(report);
    }
    state.counters["records/s"] =
        benchmark::Counter(static_cast<double>(kRecords), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_VerifyMillionRecords)->Unit(benchmark::kSecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
