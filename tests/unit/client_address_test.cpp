// Client addresses are cut to networks before they are written anywhere.
#include "proxy/client_address.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "proxy/access_log.hpp"

using boost::asio::ip::make_address;
using namespace tact::proxy;

TEST_CASE("addresses are truncated to /24 (IPv4) and /48 (IPv6)") {
    CHECK(truncated_client_network(make_address("192.0.2.77")) == "192.0.2.0");
    CHECK(truncated_client_network(make_address("10.1.2.255")) == "10.1.2.0");
    CHECK(truncated_client_network(make_address("255.100.9.1")) == "255.100.9.0");
    CHECK(truncated_client_network(make_address("0.0.0.0")) == "0.0.0.0");
    CHECK(truncated_client_network(make_address("2001:db8:1:2:3:4:5:6")) == "2001:db8:1::");
    CHECK(truncated_client_network(make_address("::1")) == "::");
    CHECK(truncated_client_network(make_address("::ffff:198.51.100.23")) == "198.51.100.0");
    // 6to4: 2002:c000:0277:: is 192.0.2.119 in its second and third groups.
    CHECK(truncated_client_network(make_address("2002:c000:277:1::5")) == "2002:c000:200::");
    CHECK(full_client_address(make_address("::ffff:198.51.100.23")) == "198.51.100.23");
}

TEST_CASE("an access record is one JSON line without the query") {
    AccessRecord record{
        .time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'700'000'000'123)),
        .method = "GET",
        .target = "/search?q=private+words",
        .status = 200,
        .bytes = 512,
        .duration = std::chrono::microseconds(1500),
        .upstream = std::chrono::microseconds(1200),
        .client_network = "192.0.2.0"};
    CHECK(format_access_record(record) ==
          "{\"time\":\"2023-11-14T22:13:20.123Z\",\"method\":\"GET\",\"path\":\"/"
          "search\",\"status\":200,"
          "\"bytes\":512,\"duration_ms\":1.500,\"upstream_ms\":1.200,\"client_network\":\"192.0.2."
          "0\"}\n");

    // The worker's reused line: a record goes after what it holds, whole.
    std::string line = "kept\n";
    append_access_record(record, line);
    CHECK(line == "kept\n" + format_access_record(record));
}

TEST_CASE("access records of the same and of other seconds carry their own time") {
    // Each thread keeps the text of the last second it wrote: it must follow
    // the clock both ways.
    auto time_of = [](long long millis) {
        const AccessRecord record{
            .time = std::chrono::system_clock::time_point(std::chrono::milliseconds(millis)),
            .method = "GET",
            .target = "/",
            .client_network = "::"};
        const auto line = format_access_record(record);
        return line.substr(9, 24);
    };
    CHECK(time_of(1'700'000'000'123) == "2023-11-14T22:13:20.123Z");
    CHECK(time_of(1'700'000'000'999) == "2023-11-14T22:13:20.999Z");
    CHECK(time_of(1'700'000'001'000) == "2023-11-14T22:13:21.000Z");
    CHECK(time_of(1'700'000'000'007) == "2023-11-14T22:13:20.007Z");
    CHECK(time_of(1'735'689'599'050) == "2024-12-31T23:59:59.050Z");
    CHECK(time_of(1'735'689'600'000) == "2025-01-01T00:00:00.000Z");
}

TEST_CASE("control characters and quotes in a path cannot break the JSON line") {
    AccessRecord record{.time = {},
                        .method = "GET",
                        .target = "/a\"b\\c\x01\xff",
                        .status = 400,
                        .bytes = 0,
                        .duration = {},
                        .upstream = {},
                        .client_network = "::"};
    const auto line = format_access_record(record);
    CHECK(line.find("\"path\":\"/a\\\"b\\\\c\\u0001\\u00ff\"") != std::string::npos);
    CHECK(line.find("\"upstream_ms\":null") != std::string::npos);
}

TEST_CASE("the widest access record fits, and numbers are written whole") {
    // Every byte of every string escaped (six bytes each), the largest
    // status, count and durations: the line is all there, byte for byte.
    const std::string escaped_bytes(300, '\x01');
    std::string escaped;
    for (int i = 0; i < 300; ++i) escaped += "\\u0001";
    const std::string target = escaped_bytes + "?q=" + escaped_bytes;  // the query is not written
    const AccessRecord record{
        .time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'700'000'000'123)),
        .method = escaped_bytes,
        .target = target,
        .status = 4'294'967'295u,
        .bytes = 18'446'744'073'709'551'615u,
        .duration = std::chrono::microseconds::max(),
        .upstream = std::chrono::microseconds::max(),
        .client_network = escaped_bytes};
    CHECK(format_access_record(record) ==
          "{\"time\":\"2023-11-14T22:13:20.123Z\",\"method\":\"" + escaped + "\",\"path\":\"" +
              escaped +
              "\",\"status\":4294967295,\"bytes\":18446744073709551615,"
              "\"duration_ms\":9223372036854775.807,\"upstream_ms\":9223372036854775.807,"
              "\"client_network\":\"" +
              escaped + "\"}\n");
    // A duration from a clock set back is written as zero.
    AccessRecord backwards = record;
    backwards.duration = std::chrono::microseconds(-2500);
    CHECK(format_access_record(backwards).find("\"duration_ms\":0.000,") != std::string::npos);
}

TEST_CASE("a worker's reused line holds one record at a time, however long the last") {
    const auto file = std::filesystem::temp_directory_path() /
                      ("tact-access-" + std::to_string(::getpid()) + ".log");
    std::filesystem::remove(file);
    AccessRecord record{.time = std::chrono::system_clock::time_point(std::chrono::seconds(1)),
                        .method = "GET",
                        .target = "/",
                        .status = 200,
                        .bytes = 1,
                        .duration = std::chrono::microseconds(1),
                        .upstream = std::chrono::microseconds(0),
                        .client_network = "192.0.2.0"};
    const std::string long_path = "/" + std::string(10'000, 'p');
    {
        AccessLog log;
        REQUIRE(log.open(file.string()));
        tact::audit::LineBuffer lines(log.file());
        AccessRecord longer = record;
        longer.target = long_path;
        AccessLog::write(longer, lines);
        AccessLog::write(record, lines);
        lines.flush();
        AccessRecord later = record;
        later.target = long_path;
        AccessLog::write(later, lines);  // after a short one: the room grows again
        lines.flush();
    }
    std::ifstream in(file);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::filesystem::remove(file);
    AccessRecord longer = record;
    longer.target = long_path;
    CHECK(text == format_access_record(longer) + format_access_record(record) +
                      format_access_record(longer));
}
