// The one-walk record reader against libmaxminddb's MMDB_aget_value, which
// it replaces on the request path: for every record of the generated
// databases, for many paths, and for the same data randomly corrupted, the
// walk must either find exactly what the library finds or give up.
#include <maxminddb.h>

#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "geoip/lookup_paths.hpp"
#include "geoip/record_walk.hpp"
#include "library_record_value.hpp"

using namespace tact::geoip;

namespace {

const std::string kDir = TACT_TEST_GEOIP_DIR;

struct OpenDatabase {
    MMDB_s mmdb{};
    explicit OpenDatabase(const std::string& file) {
        REQUIRE(MMDB_open(file.c_str(), MMDB_MODE_MMAP, &mmdb) == MMDB_SUCCESS);
    }
    ~OpenDatabase() { MMDB_close(&mmdb); }
    OpenDatabase(const OpenDatabase&) = delete;
    OpenDatabase& operator=(const OpenDatabase&) = delete;
};

// Every data record the search tree leads to.
std::vector<std::uint32_t> records_of(const MMDB_s& mmdb) {
    std::set<std::uint32_t> records;
    for (std::uint32_t node = 0; node < mmdb.metadata.node_count; ++node) {
        MMDB_search_node_s search_node{};
        REQUIRE(MMDB_read_node(&mmdb, node, &search_node) == MMDB_SUCCESS);
        if (search_node.left_record_type == MMDB_RECORD_TYPE_DATA)
            records.insert(search_node.left_record_entry.offset);
        if (search_node.right_record_type == MMDB_RECORD_TYPE_DATA)
            records.insert(search_node.right_record_entry.offset);
    }
    return {records.begin(), records.end()};
}

using tact::testing::library_record_value;

// The shipped layouts' paths, and paths that lead nowhere, to something else
// than a string, through an array from its end or past it, or twice to the
// same place.
const std::vector<std::vector<RecordPath>> kPathSets = {
    tact::testing::paths_of(LookupPaths::geoip2()),
    tact::testing::paths_of(LookupPaths::flat()),
    {{"subdivisions", "-1", "iso_code"},
     {"subdivisions", "1", "iso_code"},
     {"subdivisions", "x"},
     {"city", "names", "fa"},
     {"city", "names", "en"}},
    {{"country", "iso_code", "x"},
     {"location", "latitude"},
     {"country", "is_in_european_union"},
     {"registered_country", "names", "zh-CN"},
     {"postal", "code"},
     {"a", "b", "c", "d", "e", "f", "g", "h"}},
    {{"country", "iso_code"}, {"country", "iso_code"}, {"continent"}, {}, {"nowhere"}},
};

// Compares the walk with the library on every record; returns how many walks
// gave up.
std::size_t compare_on_every_record(const MMDB_s& mmdb, const std::vector<std::uint32_t>& records,
                                    std::span<const std::uint8_t> data) {
    std::size_t gave_up = 0;
    for (const auto& paths : kPathSets) {
        std::vector<const RecordPath*> pointers;
        for (const auto& path : paths) pointers.push_back(&path);
        for (const auto record : records) {
            std::vector<std::string_view> values(paths.size());
            if (!read_record_strings(data, record, pointers, values)) {
                ++gave_up;
                continue;
            }
            for (std::size_t i = 0; i < paths.size(); ++i) {
                INFO("record " << record << ", path " << i << " of a set of " << paths.size());
                CHECK(std::string(values[i]) == library_record_value(mmdb, record, paths[i]));
            }
        }
    }
    return gave_up;
}

}  // namespace

TEST_CASE("one walk finds what libmaxminddb finds, path by path, in every record") {
    for (const auto* file : {"/test-city.mmdb", "/test-country.mmdb", "/test-flat.mmdb"}) {
        INFO(file);
        const OpenDatabase db(kDir + file);
        const auto records = records_of(db.mmdb);
        REQUIRE(records.size() >= 2);
        const std::span<const std::uint8_t> data(db.mmdb.data_section, db.mmdb.data_section_size);
        CHECK(compare_on_every_record(db.mmdb, records, data) == 0);
    }
    // The comparison would pass on two empty answers: the City layout's
    // fields must really be found.
    const OpenDatabase city(kDir + "/test-city.mmdb");
    const auto layout = LookupPaths::geoip2();
    const auto wanted = layout.in_location_order();
    std::array<std::string_view, 5> values;
    int error = 0;
    const auto found = MMDB_lookup_string(&city.mmdb, "198.51.100.7", &error, &error);
    REQUIRE(found.found_entry);
    REQUIRE(read_record_strings({city.mmdb.data_section, city.mmdb.data_section_size},
                                found.entry.offset, wanted, values));
    CHECK(values == std::array<std::string_view, 5>{"AS", "IR", "23", "تهران", "Asia/Tehran"});
}

TEST_CASE(
    "on corrupted records the walk gives up or agrees with libmaxminddb, and never reads "
    "past the data") {
    const OpenDatabase db(kDir + "/test-city.mmdb");
    const auto records = records_of(db.mmdb);
    const std::vector<std::uint8_t> original(db.mmdb.data_section,
                                             db.mmdb.data_section + db.mmdb.data_section_size);
    std::mt19937 random(20261201);
    std::uniform_int_distribution<std::size_t> position(0, original.size() - 1);
    std::uniform_int_distribution<int> byte(0, 255), how_many(1, 4);
    std::size_t walks_given_up = 0, rounds = 0;
    for (; rounds < 1000; ++rounds) {
        // A copy on the heap, exactly as long as the data, so that a read
        // past its end is an AddressSanitizer error in the sanitizer build.
        std::vector<std::uint8_t> corrupted = original;
        for (int n = how_many(random); n > 0; --n)
            corrupted[position(random)] = static_cast<std::uint8_t>(byte(random));
        MMDB_s view = db.mmdb;  // the library reads the same corrupted bytes
        view.data_section = corrupted.data();
        walks_given_up += compare_on_every_record(view, records, corrupted);
    }
    // Both outcomes were met: some corruptions were read through, some refused.
    CHECK(walks_given_up > 0);
    CHECK(walks_given_up < rounds * records.size() * kPathSets.size());
}

namespace {

// The walk over hand-made data (a data section holding one record at 0),
// and what libmaxminddb finds there.
struct HandMade {
    std::vector<std::uint8_t> data;
    bool walked = false;
    std::string walk_value, library;

    HandMade(std::vector<std::uint8_t> bytes, const RecordPath& path) : data(std::move(bytes)) {
        const RecordPath* paths[] = {&path};
        std::string_view value;
        walked = read_record_strings(data, 0, paths, {&value, 1});
        walk_value = value;
        MMDB_s mmdb{};
        mmdb.data_section = data.data();
        mmdb.data_section_size = static_cast<std::uint32_t>(data.size());
        library = library_record_value(mmdb, 0, path);
    }
};

}  // namespace

TEST_CASE("malformed records: the walk follows libmaxminddb's reading, or gives up") {
    // {"a": {<a map where a key should be>: "z"}, "b": "x"}: libmaxminddb
    // steps over a key without reading into it, so "b" is still found.
    const HandMade map_as_key({0xE2, 0x41, 'a', 0xE1, 0xE1, 0x41, 'z', 0x41, 'b', 0x41, 'x'},
                              {"b"});
    CHECK(map_as_key.library == "x");
    CHECK(map_as_key.walked);
    CHECK(map_as_key.walk_value == "x");

    // A key given by a pointer to a string is a key like any other.
    const HandMade pointer_key({0xE1, 0x20, 0x05, 0x41, 'x', 0x41, 'b'}, {"b"});
    CHECK(pointer_key.library == "x");
    CHECK(pointer_key.walk_value == "x");

    // A step with a NUL byte: libmaxminddb reads it as a C string ("b"), so
    // the walk leaves it to libmaxminddb.
    const HandMade nul_in_step({0xE1, 0x41, 'b', 0x41, 'x'}, {std::string("b\0c", 3)});
    CHECK(nul_in_step.library == "x");
    CHECK_FALSE(nul_in_step.walked);

    // Refused by both: a pointer to a pointer, a two-byte number three bytes
    // long in the way, a string running past the data.
    for (const auto& bytes : std::vector<std::vector<std::uint8_t>>{
             {0xE1, 0x41, 'b', 0x20, 0x05, 0x20, 0x03},
             {0xE2, 0x41, 'a', 0xA3, 1, 2, 3, 0x41, 'b', 0x41, 'x'},
             {0xE1, 0x41, 'b', 0x45, 'x'}}) {
        const HandMade refused(bytes, {"b"});
        CHECK(refused.library.empty());
        CHECK_FALSE(refused.walked);
    }
}
