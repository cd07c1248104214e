#include "geoip/geoip_database.hpp"

#include <netinet/in.h>

#include <array>
#include <atomic>
#include <cstring>

#include "geoip/record_walk.hpp"

namespace tact::geoip {
namespace ip = boost::asio::ip;

namespace {

std::atomic<std::uint64_t> next_database_id{1};

struct RememberedRecord {
    std::uint64_t database = 0;  // 0: empty slot
    std::uint32_t offset = 0;
    Location location;
};

// Direct-mapped, per thread: no locks on the request path.
RememberedRecord& slot_for(std::uint32_t offset) {
    thread_local std::array<RememberedRecord, 256> slots;
    return slots[(offset * 2654435761u) >> 24];  // Fibonacci hashing to 8 bits
}

}  // namespace

std::shared_ptr<const GeoIpDatabase> GeoIpDatabase::open(const std::filesystem::path& file,
                                                         LookupPaths paths, RecordCache cache) {
    return std::shared_ptr<const GeoIpDatabase>(new GeoIpDatabase(file, std::move(paths), cache));
}

GeoIpDatabase::GeoIpDatabase(const std::filesystem::path& file, LookupPaths paths,
                             RecordCache cache)
    : paths_(std::move(paths)), cache_(cache), id_(next_database_id++) {
    const int status = MMDB_open(file.c_str(), MMDB_MODE_MMAP, &mmdb_);
    if (status != MMDB_SUCCESS) {
        const std::string why = (status == MMDB_IO_ERROR || status == MMDB_FILE_OPEN_ERROR)
                                    ? std::strerror(errno)
                                    : MMDB_strerror(status);
        throw GeoIpError(file.string() + ": cannot open it as a GeoIP database (" + why +
                         "). Fix: point \"geoip.database\" at a readable MaxMind DB (.mmdb) file.");
    }
}

GeoIpDatabase::~GeoIpDatabase() {
    MMDB_close(&mmdb_);
}

std::string_view GeoIpDatabase::text_at(MMDB_entry_s& entry, const LookupPaths::Path& path) const {
    if (path.empty()) return {};
    const char* keys[8] = {};
    if (path.size() >= std::size(keys)) return {};
    for (std::size_t i = 0; i < path.size(); ++i) keys[i] = path[i].c_str();
    MMDB_entry_data_s data{};
    if (MMDB_aget_value(&entry, &data, keys) != MMDB_SUCCESS || !data.has_data) return {};
    if (data.type != MMDB_DATA_TYPE_UTF8_STRING) return {};
    return {data.utf8_string, data.data_size};
}

Location GeoIpDatabase::lookup(const ip::address& address) const {
    if (is_non_public(address)) return {};
    const auto a = unmapped(address);
    sockaddr_storage storage{};
    if (a.is_v4()) {
        auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
        v4->sin_family = AF_INET;
        const auto bytes = a.to_v4().to_bytes();
        std::memcpy(&v4->sin_addr, bytes.data(), bytes.size());
    } else {
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
        v6->sin6_family = AF_INET6;
        const auto bytes = a.to_v6().to_bytes();
        std::memcpy(&v6->sin6_addr, bytes.data(), bytes.size());
    }
    int mmdb_error = MMDB_SUCCESS;
    auto result =
        MMDB_lookup_sockaddr(&mmdb_, reinterpret_cast<const sockaddr*>(&storage), &mmdb_error);
    if (mmdb_error != MMDB_SUCCESS || !result.found_entry) return {};

    if (cache_ == RecordCache::off) return decode(result.entry);
    auto& remembered = slot_for(result.entry.offset);
    if (remembered.database != id_ || remembered.offset != result.entry.offset)
        remembered = {id_, result.entry.offset, decode(result.entry)};
    return remembered.location;
}

Location GeoIpDatabase::decode(MMDB_entry_s& entry) const {
    const auto paths = paths_.in_location_order();
    std::array<std::string_view, 5> found;
    const std::span<const std::uint8_t> data(mmdb_.data_section, mmdb_.data_section_size);
    if (!read_record_strings(data, entry.offset, paths, found)) {
        // Malformed data somewhere along the way: libmaxminddb says what
        // there is to find, path by path.
        for (std::size_t i = 0; i < paths.size(); ++i) found[i] = text_at(entry, *paths[i]);
    }
    const auto [continent, country, subdivision, city, time_zone] = found;
    Location location;
    location.continent = continent;
    location.country = country;
    if (!subdivision.empty() && !country.empty())
        location.subdivision.append(country).append("-").append(subdivision);
    location.city = city;
    location.time_zone = time_zone;
    location.in_eu_eea = is_eu_or_eea(location.country);
    return location;
}

}  // namespace tact::geoip
