#include "audit/line_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace tact::audit {

LineFile::~LineFile() {
    open("");
}

bool LineFile::open(const std::string& path) {
    int next = -1;
    if (path == "-") {
        next = STDOUT_FILENO;
    } else if (!path.empty()) {
        // The permissions fopen(path, "a") gives: 0666 less the umask.
        next = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
        if (next < 0) return false;
    }
    std::lock_guard lock(mutex_);
    if (owns_descriptor_) ::close(descriptor_);
    descriptor_ = next;
    owns_descriptor_ = next >= 0 && next != STDOUT_FILENO;
    enabled_ = next >= 0;
    return true;
}

void LineFile::append(std::string_view lines) {
    std::lock_guard lock(mutex_);
    while (descriptor_ >= 0 && !lines.empty()) {
        const auto written = ::write(descriptor_, lines.data(), lines.size());
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return;
        lines.remove_prefix(static_cast<std::size_t>(written));
    }
}

void LineBuffer::write(std::string_view line) {
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
