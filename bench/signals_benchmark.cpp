// Cost of steps 1 and 4 of the request path for one request: a GeoIP lookup
// and the extraction of every contextual signal (issue 3's target: < 2 us).
//
//   build/bench/signals_benchmark
#include <benchmark/benchmark.h>

#include <boost/asio/ip/address.hpp>

#include "geoip/geoip_database.hpp"
#include "signals/visit_signals.hpp"

namespace {

using namespace tact;

const auto kDatabase =
    geoip::GeoIpDatabase::open(TACT_TEST_GEOIP_DIR "/test-city.mmdb", geoip::LookupPaths::geoip2());
const auto kSettings = signals::SignalSettings::defaults();

// A realistic request: a landing page from a campaign, a mobile browser, Persian first.
const signals::RequestFacts kRequest{
    .target =
        "/shoes/trail-runner?utm_term=%D8%AA%D8%AE%D9%81%DB%8C%D9%81+running&utm_source=newsletter"
        "&utm_medium=email&utm_campaign=winter-sale&tact_src=hero",
    .host = "shop.example",
    .referer = "https://shop.example/shoes",
    .user_agent =
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36",
    .ch_ua_mobile = "?1",
    .accept_language = "fa-IR,fa;q=0.9,en-US;q=0.8,en;q=0.7"};

void lookup(benchmark::State& state) {
    const auto address = boost::asio::ip::make_address("198.51.100.7");
    for (auto _ : state) benchmark::DoNotOptimize(kDatabase->lookup(address));
}
BENCHMARK(lookup);

void extract(benchmark::State& state) {
    const auto where = kDatabase->lookup(boost::asio::ip::make_address("198.51.100.7"));
    const auto now = std::chrono::system_clock::now();
    for (auto _ : state)
        benchmark::DoNotOptimize(signals::extract_signals(kRequest, where, now, kSettings));
}
BENCHMARK(extract);

// What a request pays: lookup plus every signal.
void lookup_and_extract(benchmark::State& state) {
    const auto address = boost::asio::ip::make_address("198.51.100.7");
    for (auto _ : state) {
        const auto where = kDatabase->lookup(address);
        benchmark::DoNotOptimize(
            signals::extract_signals(kRequest, where, std::chrono::system_clock::now(), kSettings));
    }
}
BENCHMARK(lookup_and_extract);

}  // namespace

BENCHMARK_MAIN();
