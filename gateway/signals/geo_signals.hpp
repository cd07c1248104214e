// geo.continent, geo.country, geo.subdivision, geo.city: each as fine as the
// database knows it; the policy decides later how fine it may be used.
#pragma once

#include "geoip/location.hpp"
#include "signals/signal.hpp"

namespace tact::signals {

void add_geo_signals(Signals& out, const geoip::Location& where);

}  // namespace tact::signals
