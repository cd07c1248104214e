// What a test reads of the admin listener's /metrics.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace tact::testing {

// The /metrics text; throws when the admin listener does not answer.
std::string fetch_metrics(unsigned short admin_port);

// tact_worker_connections for workers 0 .. workers-1; throws when one is missing.
std::vector<int> worker_connections(unsigned short admin_port, int workers);

// Whether the workers' counts come to `expected` within `timeout`
// (connections end on the gateway's side a little after the client's).
bool worker_connections_reach(unsigned short admin_port, const std::vector<int>& expected,
                              std::chrono::milliseconds timeout = std::chrono::seconds(5));

// Whether /metrics has `line` (a whole line, e.g. "tact_requests_total 3")
// within `timeout`: a response is counted just after it is sent.
bool metrics_show(unsigned short admin_port, const std::string& line,
                  std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace tact::testing
