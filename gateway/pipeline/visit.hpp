// What the gateway has worked out about one request before forwarding it:
// one field per step of the request path in ARCHITECTURE.md. Later steps
// (geo location, jurisdiction, consent, signals, decision) fill the rest.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "geoip/location.hpp"
#include "signals/signal.hpp"

namespace tact::pipeline {

using Location = geoip::Location;  // step 1; empty when no database is configured

// Steps 5-6: what may be used and what was chosen from it.
struct Decision {
    std::vector<std::pair<std::string, std::string>> context_headers;  // to the origin
};

struct Visit {
    Location location;                         // step 1
    signals::Signals signals;                  // step 4: everything known, before the gate
    std::optional<std::string> origin_target;  // the URL for the origin, when the gateway's
                                               // own parameters had to be taken out of it
    Decision decision;                         // steps 5-6
};

}  // namespace tact::pipeline
