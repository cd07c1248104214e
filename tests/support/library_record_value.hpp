// The oracle the GeoIP record walk (geoip/record_walk.hpp) is held to, in the
// unit tests and the fuzz target: what libmaxminddb's MMDB_aget_value finds
// at a path, read as the gateway read it before the walk: a string or
// nothing, and nothing asked for an empty path or one of eight steps or more.
#pragma once

#include <maxminddb.h>

#include <cstdint>
#include <string>
#include <vector>

#include "geoip/lookup_paths.hpp"

namespace tact::testing {

// A layout's five paths, as values (the flat layout's empty ones included:
// they must read as nothing).
inline std::vector<std::vector<std::string>> paths_of(const geoip::LookupPaths& layout) {
    std::vector<std::vector<std::string>> paths;
    for (const auto* path : layout.in_location_order()) paths.push_back(*path);
    return paths;
}

inline std::string library_record_value(const MMDB_s& mmdb, std::uint32_t record,
                                        const std::vector<std::string>& path) {
    if (path.empty() || path.size() >= 8) return {};
    std::vector<const char*> keys;
    for (const auto& key : path) keys.push_back(key.c_str());
    keys.push_back(nullptr);
    MMDB_entry_s entry{.mmdb = &mmdb, .offset = record};
    MMDB_entry_data_s data{};
    if (MMDB_aget_value(&entry, &data, keys.data()) != MMDB_SUCCESS || !data.has_data ||
        data.type != MMDB_DATA_TYPE_UTF8_STRING)
        return {};
    return {data.utf8_string, data.data_size};
}

}  // namespace tact::testing
