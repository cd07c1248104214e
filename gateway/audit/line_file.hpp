// An append-only file of lines shared by all worker threads: lines are
// buffered by stdio (64 KiB for a file, like nginx's `access_log ... buffer=64k`)
// and flushed by flush() (the server calls it once a second and at exit), so
// writing costs no system call per request, nor one per 4 KiB of lines. The access log
// and the decision log both write through one.
#pragma once

#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace tact::audit {

class LineFile {
  public:
    LineFile() = default;
    ~LineFile();
    LineFile(const LineFile&) = delete;
    LineFile& operator=(const LineFile&) = delete;

    // "" closes the file; "-" is standard output. Returns false (and keeps
    // the previous file) when the new one cannot be opened.
    bool open(const std::string& path);
    // Whether anything is written: callers skip formatting when not.
    bool enabled() const { return enabled_.load(std::memory_order_relaxed); }
    void write(std::string_view line);  // `line` ends with '\n'
    void flush();

  private:
    std::mutex mutex_;
    std::atomic<bool> enabled_{false};
    std::FILE* file_ = nullptr;
    bool owns_file_ = false;
    std::unique_ptr<char[]> buffer_;  // the stdio buffer of a file opened here
};

}  // namespace tact::audit
