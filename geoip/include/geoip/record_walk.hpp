// Reads the strings at several paths of one MaxMind DB record in a single
// walk through the record.
//
// libmaxminddb finds a value by path (MMDB_aget_value) and has no call for
// several paths at once, so five fields cost five walks, each decoding and
// skipping every entry ahead of its key (names in nine languages, geoname
// ids, coordinates...). On a record shaped like GeoIP2 City's that is ~2.5 us,
// more than all the signals of a request together. This walk reads the
// MaxMind DB format (spec 2.0, "Data Section Format") with the same checks as
// libmaxminddb's decoder and visits only what those five lookups would; where
// the data is malformed it gives up, and the caller asks libmaxminddb
// instead, so every answer is the library's answer.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tact::geoip {

using RecordPath = std::vector<std::string>;  // map keys, or array indexes as digits

// The most paths one walk reads, and the longest path it follows (the
// lookup reads no longer ones, as MMDB_aget_value is never given them).
constexpr std::size_t kMaxWalkPaths = 8;
constexpr std::size_t kMaxPathLength = 7;

// `data_section` is the database's data section; `record` a record's offset
// in it (MMDB_entry_s::offset). For each path, `values` gets the UTF-8 string
// there (a view into `data_section`), or "" when the path leads nowhere or to
// something else than a string, exactly as MMDB_aget_value would find it.
// Returns false, with `values` undefined, on data libmaxminddb would reject
// along the way, and on what the walk leaves to libmaxminddb: maps and
// arrays nested over 512 deep, more than kMaxWalkPaths paths, a path step
// holding a NUL byte (libmaxminddb reads steps as C strings).
bool read_record_strings(std::span<const std::uint8_t> data_section, std::uint32_t record,
                         std::span<const RecordPath* const> paths,
                         std::span<std::string_view> values);

}  // namespace tact::geoip
