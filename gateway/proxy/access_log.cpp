#include "proxy/access_log.hpp"

#include <cinttypes>

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

std::string iso8601(std::chrono::system_clock::time_point t) {
    auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    std::time_t seconds = static_cast<std::time_t>(millis / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[96];  // sized for any int the format could print
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(millis % 1000));
    return text;
}

std::string milliseconds(std::chrono::microseconds d) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", static_cast<double>(d.count()) / 1000.0);
    return text;
}

}  // namespace

std::string format_access_record(const AccessRecord& r) {
    std::string line;
    line.reserve(256);
    line += "{\"time\":\"" + iso8601(r.time) + "\",\"method\":";
    append_json_string(line, r.method);
    line += ",\"path\":";
    append_json_string(line, r.target.substr(0, r.target.find('?')));
    line += ",\"status\":" + std::to_string(r.status);
    line += ",\"bytes\":" + std::to_string(r.bytes);
    line += ",\"duration_ms\":" + milliseconds(r.duration);
    line += ",\"upstream_ms\":";
    line += r.upstream.count() > 0 ? milliseconds(r.upstream) : std::string("null");
    line += ",\"client_network\":";
    append_json_string(line, r.client_network);
    line += "}\n";
    return line;
}

AccessLog::~AccessLog() {
    open("");
}

bool AccessLog::open(const std::string& path) {
    std::FILE* next = nullptr;
    bool owns = false;
    if (path == "-") {
        next = stdout;
    } else if (!path.empty()) {
        next = std::fopen(path.c_str(), "a");
        if (!next) return false;
        owns = true;
    }
    std::lock_guard lock(mutex_);
    if (file_) std::fflush(file_);
    if (owns_file_) std::fclose(file_);
    file_ = next;
    owns_file_ = owns;
    return true;
}

void AccessLog::write(const AccessRecord& record) {
    std::string line = format_access_record(record);
    std::lock_guard lock(mutex_);
    if (file_) std::fwrite(line.data(), 1, line.size(), file_);
}

void AccessLog::flush() {
    std::lock_guard lock(mutex_);
    if (file_) std::fflush(file_);
}

}  // namespace tact::proxy
