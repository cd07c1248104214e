// The contextual signals of one request, of the families something reads, in one call: the signals
// step of the request path (ARCHITECTURE.md, step 4).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "geoip/location.hpp"
#include "signals/signal.hpp"
#include "signals/signal_families.hpp"

namespace tact::signals {

// The operator's settings (tact.json "signals").
struct SignalSettings {
    std::string site_time_zone;  // when geo gives none; "" = none
    std::vector<std::string> site_search_parameters;
    std::string click_parameter = "tact_src";  // "" = no click context

    static SignalSettings defaults();
};

// The parts of a request the signals are read from.
struct RequestFacts {
    std::string_view target;
    std::string_view host;
    std::string_view referer;
    std::string_view user_agent;
    std::string_view ch_ua_mobile;
    std::string_view accept_language;
};

// The signals of the families in `read`; the others are not looked for.
Signals extract_signals(const RequestFacts& request, const geoip::Location& where,
                        std::chrono::system_clock::time_point now, const SignalSettings& settings,
                        const FamilySet& read = FamilySet::all());

// Whether the system's time zone database knows `name` ("Europe/Berlin").
bool is_known_time_zone(std::string_view name);

}  // namespace tact::signals
