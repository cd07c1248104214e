#include "geoip/location.hpp"

#include "geoip/country_set.hpp"

namespace tact::geoip {

bool is_eu_or_eea(std::string_view country) {
    // EU-27 (since 2020-02-01) plus IS, LI, NO (EEA Agreement).
    static constexpr CountrySet kCountries{
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
        "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"};
    return kCountries.contains(country);
}

}  // namespace tact::geoip
