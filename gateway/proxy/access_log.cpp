#include "proxy/access_log.hpp"

#include <charconv>
#include <chrono>

namespace tact::proxy {
namespace {

// Runs of bytes that need no escape are copied whole: most paths have none.
void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c != '"' && c != '\\' && c >= 0x20 && c < 0x7f) continue;
        out.append(s, run, i - run);
        run = i + 1;
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else {
            // Paths are ASCII on the wire; anything else is escaped, never
            // written raw, so the log stays valid JSON whatever a client sends.
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\u%04x", c);
            out += hex;
        }
    }
    out.append(s, run);
    out += '"';
}

void append_digits(std::string& out, long value, int width) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    const auto length = static_cast<int>(end - digits);
    if (width > length) out.append(static_cast<std::size_t>(width - length), '0');
    out.append(digits, end);
}

// "2026-11-23T12:27:42." for the second `t` falls in.
std::string second_text(std::chrono::sys_seconds t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day date{day};
    const hh_mm_ss time{t - day};
    std::string text;
    append_digits(text, static_cast<int>(date.year()), 4);
    text += '-';
    append_digits(text, static_cast<unsigned>(date.month()), 2);
    text += '-';
    append_digits(text, static_cast<unsigned>(date.day()), 2);
    text += 'T';
    append_digits(text, time.hours().count(), 2);
    text += ':';
    append_digits(text, time.minutes().count(), 2);
    text += ':';
    append_digits(text, time.seconds().count(), 2);
    text += '.';
    return text;
}

// 2026-11-23T12:27:42.818Z, without printf: this runs once per request, and
// thousands of requests share a second, whose text each thread keeps.
void append_iso8601(std::string& out, std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    const auto millis = floor<milliseconds>(t);
    const auto second = floor<seconds>(millis);
    thread_local sys_seconds kept_second = sys_seconds::min();
    thread_local std::string kept_text;
    if (second != kept_second) {
        kept_text = second_text(second);
        kept_second = second;
    }
    out += kept_text;
    const auto ms = static_cast<unsigned>((millis - second).count());
    const char rest[] = {static_cast<char>('0' + ms / 100), static_cast<char>('0' + ms / 10 % 10),
                         static_cast<char>('0' + ms % 10), 'Z'};
    out.append(rest, sizeof rest);
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
