// The admin listener's /metrics, in Prometheus text format.
#pragma once

#include <string>

#include "audit/chained_consent_log.hpp"
#include "proxy/traffic_counters.hpp"

namespace tact::admin {

// `consent_log` null: no consent log is configured.
std::string render_metrics(const proxy::TrafficCounters& counters,
                           const audit::ConsentLogCounters* consent_log);

}  // namespace tact::admin
