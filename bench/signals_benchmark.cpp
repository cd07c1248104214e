// Cost of steps 1 and 4 of the request path for one request: a GeoIP lookup
// and the extraction of every contextual signal (issue 3's target: < 2 us).
//
//   build/bench/signals_benchmark
#include <benchmark/benchmark.h>

#include <boost/asio/ip/address.hpp>
#include <string>
#include <vector>

#include "geoip/geoip_database.hpp"
#include "signals/click_signals.hpp"
#include "signals/device_signals.hpp"
#include "signals/keyword_signals.hpp"
#include "signals/language_signals.hpp"
#include "signals/path_signals.hpp"
#include "signals/time_signals.hpp"
#include "signals/visit_signals.hpp"

namespace {

using namespace tact;

const auto kDatabase =
    geoip::GeoIpDatabase::open(TACT_TEST_GEOIP_DIR "/test-city.mmdb", geoip::LookupPaths::geoip2());
// The same file with every lookup decoding its record: a visitor from a
// network whose record this thread has not seen lately.
const auto kUncached = geoip::GeoIpDatabase::open(
    TACT_TEST_GEOIP_DIR "/test-city.mmdb", geoip::LookupPaths::geoip2(), geoip::RecordCache::off);
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

// The same visit in English from a desktop: every keyword stays in ASCII,
// which skips Unicode folding (most of search.keywords' cost above).
const signals::RequestFacts kAsciiRequest{
    .target =
        "/shoes/trail-runner?utm_term=Discount+Running&utm_source=newsletter"
        "&utm_medium=email&utm_campaign=winter-sale&tact_src=hero",
    .host = "shop.example",
    .referer = "https://shop.example/shoes",
    .user_agent =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/120.0.0.0 Safari/537.36",
    .ch_ua_mobile = "?0",
    .accept_language = "en-GB,en;q=0.9"};

void lookup(benchmark::State& state) {
    const auto address = boost::asio::ip::make_address("198.51.100.7");
    for (auto _ : state) benchmark::DoNotOptimize(kDatabase->lookup(address));
}
BENCHMARK(lookup);

void lookup_record_not_cached(benchmark::State& state) {
    const auto address = boost::asio::ip::make_address("198.51.100.7");
    for (auto _ : state) benchmark::DoNotOptimize(kUncached->lookup(address));
}
BENCHMARK(lookup_record_not_cached);

void extract(benchmark::State& state) {
    const auto where = kDatabase->lookup(boost::asio::ip::make_address("198.51.100.7"));
    const auto now = std::chrono::system_clock::now();
    for (auto _ : state)
        benchmark::DoNotOptimize(signals::extract_signals(kRequest, where, now, kSettings));
}
BENCHMARK(extract);

// Each family of signals alone, to see where the time of `extract` goes
// (`extract` splits the landing query once for the keyword and click families).
const auto kLandingQuery = signals::query_parameters(kRequest.target);
template <typename Add>
void family(benchmark::State& state, Add add) {
    signals::Signals out;
    out.reserve(24);
    for (auto _ : state) {
        out.clear();
        add(out);
        benchmark::DoNotOptimize(out.data());
    }
}
void time_family(benchmark::State& state) {
    const auto now = std::chrono::system_clock::now();
    family(state, [&](auto& out) {
        signals::add_time_signals(
            out, {.now = now, .time_zone = "Asia/Tehran", .site_time_zone = "", .country = "IR"});
    });
}
BENCHMARK(time_family);
void keyword_family(benchmark::State& state) {
    family(state, [](auto& out) {
        signals::add_keyword_signals(out,
                                     {.landing_query = kLandingQuery,
                                      .referer = kRequest.referer,
                                      .site_search_parameters = kSettings.site_search_parameters});
    });
}
BENCHMARK(keyword_family);
void path_family(benchmark::State& state) {
    family(state, [](auto& out) {
        signals::add_path_signals(
            out, {.target = kRequest.target, .host = kRequest.host, .referer = kRequest.referer});
    });
}
BENCHMARK(path_family);
void click_family(benchmark::State& state) {
    family(state, [](auto& out) { signals::add_click_signal(out, kLandingQuery, "tact_src"); });
}
BENCHMARK(click_family);
void device_family(benchmark::State& state) {
    family(state, [](auto& out) {
        signals::add_device_signals(out, kRequest.user_agent, kRequest.ch_ua_mobile);
    });
}
BENCHMARK(device_family);
void language_family(benchmark::State& state) {
    family(state, [](auto& out) { signals::add_language_signals(out, kRequest.accept_language); });
}
BENCHMARK(language_family);

// What a request pays: lookup plus every signal.
void lookup_and_extract(benchmark::State& state, const geoip::GeoIpDatabase& database,
                        const signals::RequestFacts& request) {
    const auto address = boost::asio::ip::make_address("198.51.100.7");
    for (auto _ : state) {
        const auto where = database.lookup(address);
        benchmark::DoNotOptimize(
            signals::extract_signals(request, where, std::chrono::system_clock::now(), kSettings));
    }
}
// The same, each request with a User-Agent this thread has not classified
// lately (4,096 of them in turn, past what the thread remembers).
void lookup_and_extract_new_user_agent(benchmark::State& state,
                                       const geoip::GeoIpDatabase& database,
                                       const signals::RequestFacts& request) {
    std::vector<std::string> user_agents;
    for (int i = 0; i < 4096; ++i)
        user_agents.push_back(std::string(request.user_agent) + " Build/" + std::to_string(i));
    const auto address = boost::asio::ip::make_address("198.51.100.7");
    std::size_t next = 0;
    for (auto _ : state) {
        auto facts = request;
        facts.user_agent = user_agents[next++ % user_agents.size()];
        const auto where = database.lookup(address);
        benchmark::DoNotOptimize(
            signals::extract_signals(facts, where, std::chrono::system_clock::now(), kSettings));
    }
}

BENCHMARK_CAPTURE(lookup_and_extract, persian_record_cached, *kDatabase, kRequest);
BENCHMARK_CAPTURE(lookup_and_extract_new_user_agent, persian, *kDatabase, kRequest);
BENCHMARK_CAPTURE(lookup_and_extract_new_user_agent, ascii, *kDatabase, kAsciiRequest);
// The worst case: a first visit from a network and a browser this thread has
// not seen lately (nothing remembered, everything computed).
BENCHMARK_CAPTURE(lookup_and_extract_new_user_agent, persian_record_not_cached, *kUncached,
                  kRequest);
BENCHMARK_CAPTURE(lookup_and_extract_new_user_agent, ascii_record_not_cached, *kUncached,
                  kAsciiRequest);
BENCHMARK_CAPTURE(lookup_and_extract, persian_record_not_cached, *kUncached, kRequest);
BENCHMARK_CAPTURE(lookup_and_extract, ascii_record_cached, *kDatabase, kAsciiRequest);
BENCHMARK_CAPTURE(lookup_and_extract, ascii_record_not_cached, *kUncached, kAsciiRequest);

}  // namespace

BENCHMARK_MAIN();
