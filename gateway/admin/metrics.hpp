// The admin listener's /metrics, in Prometheus text format.
#pragma once

#include <string>
#include <vector>

#include "audit/chained_consent_log.hpp"
#include "proxy/traffic_counters.hpp"

namespace tact::admin {

// What one worker thread has counted, and the connections it serves now.
struct WorkerReading {
    const proxy::TrafficCounters* counters;
    unsigned clients;
};

// `workers` in worker order; the counters are their sums. `consent_log`
// null: no consent log is configured.
std::string render_metrics(const std::vector<WorkerReading>& workers,
                           const audit::ConsentLogCounters* consent_log);

}  // namespace tact::admin
