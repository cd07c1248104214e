// Fuzz target for the one-walk MaxMind DB record reader, differential: the
// walk reads a record of any bytes either exactly as libmaxminddb's
// MMDB_aget_value reads it, path by path, or gives up. A difference, a crash
// or a read outside the data is a bug.
//
// The input: two bytes (big-endian) giving the record's offset, then the
// data section.
#include <maxminddb.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "geoip/record_walk.hpp"
#include "library_record_value.hpp"

namespace {

using tact::geoip::RecordPath;

const std::vector<std::vector<RecordPath>> kPathSets = {
    tact::testing::paths_of(tact::geoip::LookupPaths::geoip2()),
    {{"a"}, {"a", "b"}, {"a", "0"}, {"a", "-1", "b"}, {"b", "a"}},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* input, std::size_t size) {
    if (size < 3) return 0;
    const std::uint32_t record = (std::uint32_t{input[0]} << 8) | input[1];
    // A copy exactly as long as the data, so that a read past it is caught.
    const std::vector<std::uint8_t> data(input + 2, input + size);
    MMDB_s mmdb{};  // all libmaxminddb reads of a record: its data section
    mmdb.data_section = data.data();
    mmdb.data_section_size = static_cast<std::uint32_t>(data.size());
    for (const auto& paths : kPathSets) {
        std::vector<const RecordPath*> wanted;
        for (const auto& path : paths) wanted.push_back(&path);
        std::vector<std::string_view> values(paths.size());
        if (!tact::geoip::read_record_strings(data, record, wanted, values)) continue;
        for (std::size_t i = 0; i < paths.size(); ++i)
            if (values[i] != tact::testing::library_record_value(mmdb, record, paths[i]))
                __builtin_trap();
    }
    return 0;
}
