// Cost of steps 2, 5 and 7 of the request path for one request: choosing the
// jurisdiction's policy, deciding every signal (permit) and building the
// context headers for the origin, with the shipped policies.
//
//   build/bench/gate_benchmark
#include <benchmark/benchmark.h>

#include "geoip/geoip_database.hpp"
#include "pipeline/context_headers.hpp"
#include "policy/permit.hpp"
#include "policy/policy_loader.hpp"
#include "signals/visit_signals.hpp"

namespace {

using namespace tact;

const auto kPolicies =
    std::make_shared<const policy::PolicySet>(policy::load_policy_set(TACT_POLICIES_DIR));
// The policies' parts of the headers, written once, as the gateway does.
const pipeline::PolicyHeaderCache kPolicyHeaders(kPolicies);
const auto kDatabase =
    geoip::GeoIpDatabase::open(TACT_TEST_GEOIP_DIR "/test-city.mmdb", geoip::LookupPaths::geoip2());

signals::Signals visit_from(const char* address) {
    return signals::extract_signals(
        {.target = "/shoes/trail-runner?utm_term=running+shoes&utm_source=newsletter"
                   "&utm_medium=email&utm_campaign=winter-sale&tact_src=hero",
         .host = "shop.example",
         .referer = "https://shop.example/shoes",
         .user_agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.0.0 Safari/537.36",
         .ch_ua_mobile = "?0",
         .accept_language = "de-DE,de;q=0.9"},
        kDatabase->lookup(boost::asio::ip::make_address(address)), std::chrono::system_clock::now(),
        signals::SignalSettings::defaults());
}

void gate(benchmark::State& state, const char* address) {
    const auto signals = visit_from(address);
    const auto where = kDatabase->lookup(boost::asio::ip::make_address(address));
    const consent::ConsentState consent;
    for (auto _ : state) {
        const auto jurisdiction = kPolicies->resolve(where);
        const auto decision = policy::permit(signals, consent, jurisdiction);
        http_fields::AddedFields headers;
        pipeline::add_context_headers(headers, decision, consent, nullptr, &kPolicyHeaders);
        benchmark::DoNotOptimize(headers.lines().data());
    }
}
BENCHMARK_CAPTURE(gate, gdpr_munich, "192.0.2.10");
BENCHMARK_CAPTURE(gate, ccpa_san_jose, "192.0.2.130");

}  // namespace

BENCHMARK_MAIN();
