#include "audit/line_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace tact::audit {

namespace {

// The access log and the decision log may both be "-": their buffers must
// not cut into each other there (on a pipe, a write over 4 KiB is not whole).
std::mutex& standard_output() {
    static std::mutex mutex;
    return mutex;
}

}  // namespace

LineFile::~LineFile() {
    if (owns_descriptor_) ::close(descriptor_);
}

bool LineFile::open(const std::string& path) {
    if (path.empty()) {
        // Off: no new lines. The descriptor stays until the next file takes
        // its place, so lines the workers still hold reach it at their flush.
        enabled_ = false;
        return true;
    }
    const bool to_standard_output = path == "-";
    // Read and written by the gateway's user, read by its group (the log
    // readers, adm on Debian), never by everyone: the lines hold networks,
    // paths and decisions. (A file that exists keeps the mode it has.)
    const int next = to_standard_output
                         ? STDOUT_FILENO
                         : ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (next < 0) return false;
    std::lock_guard lock(mutex_);
    if (owns_descriptor_) ::close(descriptor_);
    descriptor_ = next;
    owns_descriptor_ = !to_standard_output;
    enabled_ = true;
    return true;
}

void LineFile::append(std::string_view lines) {
    std::lock_guard lock(mutex_);
    std::unique_lock<std::mutex> output;
    if (descriptor_ >= 0 && !owns_descriptor_) output = std::unique_lock(standard_output());
    while (descriptor_ >= 0 && !lines.empty()) {
        const auto written = ::write(descriptor_, lines.data(), lines.size());
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return;
        lines.remove_prefix(static_cast<std::size_t>(written));
    }
}

void LineBuffer::write(std::string_view line) {
    if (!file_.enabled()) return;
    if (lines_.size() + line.size() > kCapacity) flush();
    if (line.size() >= kCapacity) {  // no room would hold it: it goes on its own
        file_.append(line);
        return;
    }
    if (lines_.capacity() < kCapacity) lines_.reserve(kCapacity);
    lines_.append(line);
}

void LineBuffer::flush() {
    if (lines_.empty()) return;
    file_.append(lines_);
    lines_.clear();
}

}  // namespace tact::audit
