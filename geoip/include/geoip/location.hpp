// Where a visitor is, as coarsely as a GeoIP database says: never the
// address itself. Fields the database lacks are empty, never guessed.
#pragma once

#include <string>
#include <string_view>

namespace tact::geoip {

struct Location {
    std::string continent;    // two-letter code: "EU", "NA"
    std::string country;      // ISO 3166-1 alpha-2: "DE"
    std::string subdivision;  // ISO 3166-2: "US-CA"
    std::string city;         // the database's English name, UTF-8
    std::string time_zone;    // IANA: "Europe/Berlin"
    bool in_eu_eea = false;   // an EU member state, or Iceland, Liechtenstein, Norway

    bool empty() const { return continent.empty() && country.empty(); }
    friend bool operator==(const Location&, const Location&) = default;
};

// EU-27 and the EEA's three others: where GDPR applies by territory.
bool is_eu_or_eea(std::string_view country);

}  // namespace tact::geoip
