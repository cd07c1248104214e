// Access log as JSON lines. It never holds a raw client address: only the
// truncated network (IPv4 /24, IPv6 /48), and paths without their query.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "audit/line_file.hpp"

namespace tact::proxy {

struct AccessRecord {
    std::chrono::system_clock::time_point time;
    std::string_view method;
    std::string_view target;  // the query is cut off when written
    unsigned status = 0;
    std::uint64_t bytes = 0;  // response body bytes sent
    std::chrono::microseconds duration{0};
    std::chrono::microseconds upstream{0};  // 0: not forwarded
    std::string_view client_network;
};

std::string format_access_record(const AccessRecord& record);
// The same line, after what `line` holds.
void append_access_record(const AccessRecord& record, std::string& line);

// The file, shared by all workers; each writes through a buffer of its own
// (audit::LineBuffer, made from file()).
class AccessLog {
  public:
    bool open(const std::string& path) { return file_.open(path); }
    audit::LineFile& file() { return file_; }
    // Into `lines`, a buffer of this log's file.
    static void write(const AccessRecord& record, audit::LineBuffer& lines);

  private:
    audit::LineFile file_;
};

}  // namespace tact::proxy
