// Access log as JSON lines. It never holds a raw client address: only the
// truncated network (IPv4 /24, IPv6 /48), and paths without their query.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

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

// Shared by all workers. Lines are buffered and flushed by flush(), called
// by the server once a second and at exit, so logging costs no syscall per request.
class AccessLog {
  public:
    AccessLog() = default;
    ~AccessLog();
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    // "" closes the log; "-" is standard output. Returns false (and keeps
    // the previous file) when the new one cannot be opened.
    bool open(const std::string& path);
    void write(const AccessRecord& record);
    void flush();

  private:
    std::mutex mutex_;
    std::atomic<bool> enabled_{false};  // skip formatting when nothing is written
    std::FILE* file_ = nullptr;
    bool owns_file_ = false;
};

}  // namespace tact::proxy
