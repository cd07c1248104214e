#include "signals/geo_signals.hpp"

namespace tact::signals {

void add_geo_signals(Signals& out, const geoip::Location& where) {
    auto add = [&](std::string_view name, const std::string& value, std::string_view granularity) {
        if (!value.empty()) add_signal(out, name, value, Privacy::contextual, granularity);
    };
    add("geo.continent", where.continent, "continent");
    add("geo.country", where.country, "country");
    add("geo.subdivision", where.subdivision, "subdivision");
    add("geo.city", where.city, "city");
}

}  // namespace tact::signals
