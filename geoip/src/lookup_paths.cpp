#include "geoip/lookup_paths.hpp"

namespace tact::geoip {

LookupPaths LookupPaths::geoip2() {
    return {.continent = {"continent", "code"},
            .country = {"country", "iso_code"},
            .subdivision = {"subdivisions", "0", "iso_code"},
            .city = {"city", "names", "en"},
            .time_zone = {"location", "time_zone"}};
}

LookupPaths LookupPaths::flat() {
    return {.continent = {},
            .country = {"country_code"},
            .subdivision = {},
            .city = {},
            .time_zone = {}};
}

}  // namespace tact::geoip
