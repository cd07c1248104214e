// An append-only file of lines that every worker thread writes: the access
// log and the decision log. Each worker gathers its own lines in a
// LineBuffer (64 KiB, like nginx's `access_log ... buffer=64k`) and hands
// them to the file whole, with one write(2), when the buffer is full and when
// the server flushes it (every second, and when the gateway stops). So a
// request costs no system call, no lock and no cache line that another
// worker's thread writes too. As with nginx's workers, the lines of
// different workers interleave buffer by buffer, not line by line.
#pragma once

#include <atomic>
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

    // "-" is standard output; "" turns the log off (lines already buffered
    // still reach the file it had). Returns false (and keeps the previous
    // file) when the new one cannot be opened.
    bool open(const std::string& path);
    // Whether anything is written: callers skip formatting when not.
    bool enabled() const { return enabled_.load(std::memory_order_relaxed); }
    // Whole lines, at the end of the file: one write(2) (O_APPEND keeps
    // concurrent ones whole), retried after a partial write. A failure loses
    // these lines, never the request that wrote them.
    void append(std::string_view lines);

  private:
    std::mutex mutex_;  // taken once per buffer handed over, and to swap files
    std::atomic<bool> enabled_{false};
    int descriptor_ = -1;
    bool owns_descriptor_ = false;
};

// One worker's lines for one LineFile. Worker-thread only.
class LineBuffer {
  public:
    static constexpr std::size_t kCapacity = std::size_t{64} * 1024;

    explicit LineBuffer(LineFile& file) : file_(file) {}
    ~LineBuffer() { flush(); }
    LineBuffer(const LineBuffer&) = delete;
    LineBuffer& operator=(const LineBuffer&) = delete;

    bool enabled() const { return file_.enabled(); }
    const LineFile& file() const { return file_; }
    // `line` ends with '\n'; dropped while the file is off.
    void write(std::string_view line);
    void flush();

  private:
    LineFile& file_;
    std::string lines_;  // its room taken at the first line: a log that is off costs none
};

}  // namespace tact::audit
