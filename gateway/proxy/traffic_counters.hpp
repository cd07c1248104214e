// One worker's counters: each worker counts its own, on cache lines no other
// worker's thread writes (a count shared by all would move between cores
// with every request), and the admin listener's /metrics adds them up.
#pragma once

#include <atomic>
#include <cstdint>

namespace tact::proxy {

struct alignas(64) TrafficCounters {
    std::atomic<std::uint64_t> connections_open{0};
    std::atomic<std::uint64_t> connections_total{0};
    std::atomic<std::uint64_t> connections_refused{0};  // over limits.max_connections
    std::atomic<std::uint64_t> requests_total{0};
    std::atomic<std::uint64_t> responses_2xx{0}, responses_3xx{0}, responses_4xx{0},
        responses_5xx{0};
    std::atomic<std::uint64_t> rejected_framing{0};  // 400/501 for smuggling-shaped requests
    std::atomic<std::uint64_t> consent_cookies_rejected{0};  // forged, tampered, expired, outdated
    std::atomic<std::uint64_t> consents_on_outdated_banner{0};  // not recorded: asked again
    std::atomic<std::uint64_t> upstream_connect_failures{0};
    std::atomic<std::uint64_t> upstream_timeouts{0};
    std::atomic<std::uint64_t> upstream_aborted_responses{0};

    void count_response(unsigned status) {
        auto& counter = status < 300   ? responses_2xx
                        : status < 400 ? responses_3xx
                        : status < 500 ? responses_4xx
                                       : responses_5xx;
        counter.fetch_add(1, std::memory_order_relaxed);
    }
};

}  // namespace tact::proxy
