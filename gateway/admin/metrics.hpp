// The admin listener's /metrics, in Prometheus text format.
#pragma once

#include <string>
#include <vector>

#include "audit/chained_consent_log.hpp"
#include "proxy/traffic_counters.hpp"

namespace tact::admin {

// `consent_log` null: no consent log is configured. `clients_per_worker`:
// the connections each worker serves now, in worker order.
std::string render_metrics(const proxy::TrafficCounters& counters,
                           const audit::ConsentLogCounters* consent_log,
                           const std::vector<unsigned>& clients_per_worker);

}  // namespace tact::admin
