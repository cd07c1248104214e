#include "signals/geo_signals.hpp"

namespace tact::signals {

void add_geo_signals(Signals& out, const geoip::Location& where) {
    auto add = [&](const char* name, const std::string& value, const char* granularity) {
        if (!value.empty()) out.push_back({name, value, Privacy::contextual, granularity});
    };
    add("geo.continent", where.continent, "continent");
    add("geo.country", where.country, "country");
    add("geo.subdivision", where.subdivision, "subdivision");
    add("geo.city", where.city, "city");
}

}  // namespace tact::signals
