// The visitor's local time, from the time zone of their location (or the
// site's, when geo gives none): time.hour, time.daypart, time.weekday,
// time.weekend, time.month, time.season.
#pragma once

#include <chrono>
#include <string_view>

#include "signals/signal.hpp"

namespace tact::signals {

struct VisitClock {
    std::chrono::system_clock::time_point now;
    std::string_view time_zone;       // IANA, from the Location; may be empty
    std::string_view site_time_zone;  // the operator's fallback, e.g. "Europe/Berlin"
    std::string_view country;         // for the hemisphere of the season
};

// Adds nothing when neither zone is known to the system's time zone database.
void add_time_signals(Signals& out, const VisitClock& clock);

// night 0-5, morning 6-11, afternoon 12-17, evening 18-23.
std::string_view daypart_of(int hour);
// Meteorological seasons, flipped south of the equator.
std::string_view season_of(unsigned month, bool southern_hemisphere);
bool is_southern_hemisphere(std::string_view country);
// `weekday` 0 = Sunday. Saturday and Sunday unless the country rests otherwise.
bool is_weekend(unsigned weekday, std::string_view country);

}  // namespace tact::signals
