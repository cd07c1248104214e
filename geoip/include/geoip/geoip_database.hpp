// A MaxMind DB opened with mmap: address -> Location. Lookups take the
// socket address itself; it is never formatted as text here.
#pragma once

#include <maxminddb.h>

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string_view>

#include "geoip/address.hpp"
#include "geoip/location.hpp"
#include "geoip/lookup_paths.hpp"

namespace tact::geoip {

// Names the file and what to do: the gateway refuses to start on it, and a
// reload that meets it keeps the database in use.
class GeoIpError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Many networks share one data record, and decoding a record (one walk
// through it, see record_walk.hpp) costs more than the tree walk that finds it. So
// each thread remembers the Locations of the last records it decoded, keyed by
// record, never by address. `off` is for measuring the decoding itself.
enum class RecordCache { on, off };

class GeoIpDatabase {
  public:
    static std::shared_ptr<const GeoIpDatabase> open(const std::filesystem::path& file,
                                                     LookupPaths paths,
                                                     RecordCache cache = RecordCache::on);
    ~GeoIpDatabase();
    GeoIpDatabase(const GeoIpDatabase&) = delete;
    GeoIpDatabase& operator=(const GeoIpDatabase&) = delete;

    // Private, loopback, link-local and unknown addresses give an empty Location.
    Location lookup(const boost::asio::ip::address& address) const;

  private:
    GeoIpDatabase(const std::filesystem::path& file, LookupPaths paths, RecordCache cache);
    Location decode(MMDB_entry_s& entry) const;
    std::string_view text_at(MMDB_entry_s& entry, const LookupPaths::Path& path) const;

    MMDB_s mmdb_{};
    LookupPaths paths_;
    RecordCache cache_;
    std::uint64_t id_;  // tells this database's remembered records from an earlier one's
};

}  // namespace tact::geoip
