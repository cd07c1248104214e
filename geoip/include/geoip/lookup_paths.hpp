// Where each Location field sits in a database record, so that databases of
// other layouts can be used by configuration rather than code.
#pragma once

#include <array>
#include <string>
#include <vector>

namespace tact::geoip {

struct LookupPaths {
    using Path = std::vector<std::string>;  // map keys, or array indexes as digits
    Path continent;
    Path country;
    Path subdivision;  // the subdivision's own code ("CA"); prefixed with the country
    Path city;
    Path time_zone;

    // The five, in that order: what one walk through a record reads.
    std::array<const Path*, 5> in_location_order() const {
        return {&continent, &country, &subdivision, &city, &time_zone};
    }

    // MaxMind GeoIP2/GeoLite2 City and Country (Country simply lacks some).
    static LookupPaths geoip2();
    // One top-level "country_code" key, as free country databases have.
    static LookupPaths flat();
};

}  // namespace tact::geoip
