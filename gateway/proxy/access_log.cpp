#include "proxy/access_log.hpp"

#include <charconv>
#include <chrono>

namespace tact::proxy {
namespace {

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c >= 0x7f) {
            // Paths are ASCII on the wire; anything else is escaped, never
            // written raw, so the log stays valid JSON whatever a client sends.
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\u%04x", c);
            out += hex;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
}

void append_digits(std::string& out, long value, int width) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    for (int pad = width - static_cast<int>(end - digits); pad > 0; --pad) out += '0';
    out.append(digits, end);
}

// 2026-11-23T12:27:42.818Z, without printf: this runs once per request.
void append_iso8601(std::string& out, std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    const auto millis = duration_cast<milliseconds>(t.time_since_epoch());
    const auto day = floor<days>(millis);
    const year_month_day date{sys_days{day}};
    const hh_mm_ss time{millis - day};
    append_digits(out, static_cast<int>(date.year()), 4);
    out += '-';
    append_digits(out, static_cast<unsigned>(date.month()), 2);
    out += '-';
    append_digits(out, static_cast<unsigned>(date.day()), 2);
    out += 'T';
    append_digits(out, time.hours().count(), 2);
    out += ':';
    append_digits(out, time.minutes().count(), 2);
    out += ':';
    append_digits(out, time.seconds().count(), 2);
    out += '.';
    append_digits(out, time.subseconds().count(), 3);
    out += 'Z';
}

// Microseconds as milliseconds with three decimals: 1500 -> "1.500".
void append_milliseconds(std::string& out, std::chrono::microseconds d) {
    append_digits(out, d.count() / 1000, 1);
    out += '.';
    append_digits(out, d.count() % 1000, 3);
}

}  // namespace

std::string format_access_record(const AccessRecord& r) {
    std::string line;
    line.reserve(256);
    line += "{\"time\":\"";
    append_iso8601(line, r.time);
    line += "\",\"method\":";
    append_json_string(line, r.method);
    line += ",\"path\":";
    append_json_string(line, r.target.substr(0, r.target.find('?')));
    line += ",\"status\":";
    append_digits(line, r.status, 1);
    line += ",\"bytes\":";
    append_digits(line, static_cast<long>(r.bytes), 1);
    line += ",\"duration_ms\":";
    append_milliseconds(line, r.duration);
    line += ",\"upstream_ms\":";
    if (r.upstream.count() > 0)
        append_milliseconds(line, r.upstream);
    else
        line += "null";
    line += ",\"client_network\":";
    append_json_string(line, r.client_network);
    line += "}\n";
    return line;
}

}  // namespace tact::proxy
