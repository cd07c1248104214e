// Starting and stopping the real programs an integration test runs.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tact::testing {

class Process {
  public:
    // Starts `argv`; its standard output and error go to `output_file`.
    Process(std::vector<std::string> argv, std::filesystem::path output_file);
    ~Process();  // SIGKILL if still running
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    pid_t pid() const { return pid_; }
    void signal(int signal) const;
    // The exit status, or nullopt if it did not exit within `timeout`.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    bool running();
    std::string output() const;
    // Peak resident memory so far (VmHWM), in KiB.
    long peak_rss_kib() const;

  private:
    pid_t pid_ = -1;
    std::optional<int> status_;
    std::filesystem::path output_file_;
};

// A loopback port nothing is bound to right now, chosen outside the kernel's
// ephemeral range. Another test may still take it first: callers that start a
// server retry with a new port when the bind fails.
unsigned short free_port();
// Waits until something accepts connections on 127.0.0.1:port.
bool wait_for_port(unsigned short port, std::chrono::milliseconds timeout);

// A fresh folder under the system's temporary folder, removed at the end.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

void write_file(const std::filesystem::path& file, const std::string& text);
std::string read_file(const std::filesystem::path& file);

}  // namespace tact::testing
