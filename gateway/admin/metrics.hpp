// The admin listener's /metrics, in Prometheus text format.
#pragma once

#include <string>

#include "proxy/traffic_counters.hpp"

namespace tact::admin {

std::string render_metrics(const proxy::TrafficCounters& counters);

}  // namespace tact::admin
