#include "proxy/access_log.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>

namespace tact::proxy {
namespace {

// The line is written through a pointer into room made once, as wide as a
// record can be: appended piece by piece, its thirty-odd parts each checked
// the string's capacity (about 1,700 instructions a request, now 540).
char* put(char* at, std::string_view s) {
    if (!s.empty()) std::memcpy(at, s.data(), s.size());  // an empty view may have no data
    return at + s.size();
}

// Every byte of a string in the line may take six: \u00XX.
constexpr std::size_t kMostPerStringByte = 6;

// Which bytes a JSON string may hold as they are: printable ASCII but the
// quote and the backslash.
constexpr auto kPlainInJson = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x7f; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return plain;
}();

// Runs of bytes that need no escape are copied whole: most paths have none.
// Anything else is escaped, never written raw, so the log stays valid JSON
// whatever a client sends (paths are ASCII on the wire).
char* put_json_string(char* at, std::string_view s) {
    constexpr char kHex[] = "0123456789abcdef";
    *at++ = '"';
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t run = i;
        while (i < s.size() && kPlainInJson[static_cast<unsigned char>(s[i])]) ++i;
        at = put(at, s.substr(run, i - run));
        if (i == s.size()) break;
        const auto c = static_cast<unsigned char>(s[i++]);
        if (c == '"' || c == '\\') {
            *at++ = '\\';
            *at++ = static_cast<char>(c);
        } else {
            at = put(at, "\\u00");
            *at++ = kHex[c >> 4];
            *at++ = kHex[c & 0xf];
        }
    }
    *at++ = '"';
    return at;
}

// At least `width` digits, zeros in front; `value` is not negative (a count,
// a duration). Written from the last digit back: to_chars, for numbers this
// short, spent longer measuring them.
char* put_digits(char* at, std::uint64_t value, int width) {
    char digits[20];
    char* first = digits + sizeof digits;
    do {
        *--first = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    const auto length = static_cast<int>(digits + sizeof digits - first);
    for (int i = length; i < width; ++i) *at++ = '0';
    return put(at, {first, static_cast<std::size_t>(length)});
}

// "2026-11-23T12:27:42." for the second `t` falls in.
std::string second_text(std::chrono::sys_seconds t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day date{day};
    const hh_mm_ss time{t - day};
    char text[32];
    // (A year before 0 cannot come: system_clock spans about 1677 to 2262.)
    char* at = put_digits(text, static_cast<std::uint64_t>(static_cast<int>(date.year())), 4);
    *at++ = '-';
    at = put_digits(at, static_cast<unsigned>(date.month()), 2);
    *at++ = '-';
    at = put_digits(at, static_cast<unsigned>(date.day()), 2);
    *at++ = 'T';
    at = put_digits(at, time.hours().count(), 2);
    *at++ = ':';
    at = put_digits(at, time.minutes().count(), 2);
    *at++ = ':';
    at = put_digits(at, time.seconds().count(), 2);
    *at++ = '.';
    return {text, at};
}

// The line's keys and punctuation, in order: the values go between them.
constexpr std::array<std::string_view, 9> kKeys{
    "{\"time\":\"",      "\",\"method\":",    ",\"path\":",           ",\"status\":", ",\"bytes\":",
    ",\"duration_ms\":", ",\"upstream_ms\":", ",\"client_network\":", "}\n"};

// 2026-11-23T12:27:42.818Z, without printf: this runs once per request, and
// thousands of requests share a second, whose text each thread keeps.
constexpr std::size_t kTimeSize = 24;
char* put_iso8601(char* at, std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    const auto millis = floor<milliseconds>(t);
    const auto second = floor<seconds>(millis);
    thread_local sys_seconds kept_second = sys_seconds::min();
    thread_local std::string kept_text;
    if (second != kept_second) {
        kept_text = second_text(second);
        kept_second = second;
    }
    at = put(at, kept_text);
    const auto ms = static_cast<unsigned>((millis - second).count());
    *at++ = static_cast<char>('0' + ms / 100);
    *at++ = static_cast<char>('0' + ms / 10 % 10);
    *at++ = static_cast<char>('0' + ms % 10);
    *at++ = 'Z';
    return at;
}

// Microseconds as milliseconds with three decimals: 1500 -> "1.500".
// (A negative duration, from a clock set back, is written as 0.)
char* put_milliseconds(char* at, std::chrono::microseconds d) {
    const auto micros = static_cast<std::uint64_t>(std::max<std::int64_t>(d.count(), 0));
    at = put_digits(at, micros / 1000, 1);
    *at++ = '.';
    return put_digits(at, micros % 1000, 3);
}

}  // namespace

// The most a line takes besides its three strings' bytes: the keys, the
// time, the strings' quotes, and four numbers (status and bytes at most 20
// digits, the durations 20 digits, a point and three decimals).
constexpr std::size_t kMostDigits = 20;  // of a 64-bit count
constexpr std::size_t kFixedPart = [] {
    std::size_t size = kTimeSize + 3 * 2 + 2 * kMostDigits + 2 * (kMostDigits + 4);
    for (const auto key : kKeys) size += key.size();
    return size;
}();

void append_access_record(const AccessRecord& r, std::string& line) {
    const auto path = r.target.substr(0, r.target.find('?'));
    const auto start = line.size();
    line.resize(start + kFixedPart +
                kMostPerStringByte * (r.method.size() + path.size() + r.client_network.size()));
    char* at = line.data() + start;
    at = put(at, kKeys[0]);
    at = put_iso8601(at, r.time);
    at = put(at, kKeys[1]);
    at = put_json_string(at, r.method);
    at = put(at, kKeys[2]);
    at = put_json_string(at, path);
    at = put(at, kKeys[3]);
    at = put_digits(at, r.status, 1);
    at = put(at, kKeys[4]);
    at = put_digits(at, r.bytes, 1);
    at = put(at, kKeys[5]);
    at = put_milliseconds(at, r.duration);
    at = put(at, kKeys[6]);
    at = r.upstream.count() > 0 ? put_milliseconds(at, r.upstream) : put(at, "null");
    at = put(at, kKeys[7]);
    at = put_json_string(at, r.client_network);
    at = put(at, kKeys[8]);
    line.resize(static_cast<std::size_t>(at - line.data()));
}

std::string format_access_record(const AccessRecord& record) {
    std::string line;
    append_access_record(record, line);
    return line;
}

void AccessLog::write(const AccessRecord& record, audit::LineBuffer& lines) {
    if (!lines.enabled()) return;
    // Each worker thread's own line, its room kept from one request to the next.
    thread_local std::string line;
    line.clear();
    append_access_record(record, line);
    lines.write(line);
    // A line's room is sized for its longest possible escaping: one very long
    // path must not leave each thread holding that much for ever.
    if (line.capacity() > 4096) std::string().swap(line);  // (assigning keeps the room)
}

}  // namespace tact::proxy
