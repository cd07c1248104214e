// What every request does besides its own work (Google Benchmark): one access
// log line, two counters, two copies of the configuration snapshot. Run with
// one thread and with two, like two workers:
//
//   apart:  the gateway's way: each worker's own LineBuffer, counters and
//           snapshot count (audit/line_file.hpp, proxy/traffic_counters.hpp,
//           proxy/held_by_one_worker.hpp);
//   shared: the way before, rebuilt here as the reference: one stdio file
//           behind a mutex, one set of counters, one shared_ptr for all.
//
// With two threads, "shared" pays for moving those cache lines between the
// cores; "apart" costs what it costs on one.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "audit/line_file.hpp"
#include "proxy/held_by_one_worker.hpp"
#include "proxy/traffic_counters.hpp"

namespace {

struct Snapshot {
    int settings = 0;
};

// An access log line's usual length.
const std::string kLine = std::string(230, 'x') + "\n";

void count_and_copy(const std::shared_ptr<const Snapshot>& snapshot,
                    tact::proxy::TrafficCounters& counters) {
    auto for_request = snapshot;
    auto for_exchange = for_request;
    benchmark::DoNotOptimize(for_exchange.get());
    counters.requests_total.fetch_add(1, std::memory_order_relaxed);
    counters.count_response(200);
}

struct Shared {
    std::shared_ptr<const Snapshot> snapshot = std::make_shared<Snapshot>();
    tact::proxy::TrafficCounters counters;
    std::mutex mutex;
    std::FILE* file = std::fopen("/dev/null", "a");
    char buffer[64 * 1024];
    Shared() { std::setvbuf(file, buffer, _IOFBF, sizeof buffer); }
    ~Shared() { std::fclose(file); }
};
Shared shared;

void BM_shared(benchmark::State& state) {
    for (auto _ : state) {
        count_and_copy(shared.snapshot, shared.counters);
        std::lock_guard lock(shared.mutex);
        std::fwrite(kLine.data(), 1, kLine.size(), shared.file);
    }
}

// Opened once, whichever thread comes first (a function's statics are
// initialised once, thread-safely).
tact::audit::LineFile& dev_null_log() {
    static tact::audit::LineFile file;
    static const bool opened = file.open("/dev/null");
    (void)opened;
    return file;
}

void BM_apart(benchmark::State& state) {
    static const auto snapshot = std::make_shared<const Snapshot>();
    const auto own_snapshot = tact::proxy::held_by_one_worker(snapshot);
    tact::proxy::TrafficCounters own_counters;
    tact::audit::LineBuffer lines(dev_null_log());
    for (auto _ : state) {
        count_and_copy(own_snapshot, own_counters);
        lines.write(kLine);
    }
}

}  // namespace

BENCHMARK(BM_shared)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_apart)->Threads(1)->Threads(2)->UseRealTime();

BENCHMARK_MAIN();
