#include "audit/line_file.hpp"

namespace tact::audit {
namespace {

constexpr std::size_t kFileBuffer = 64 * 1024;

}  // namespace

LineFile::~LineFile() {
    open("");
}

bool LineFile::open(const std::string& path) {
    std::FILE* next = nullptr;
    bool owns = false;
    std::unique_ptr<char[]> buffer;
    if (path == "-") {
        next = stdout;
    } else if (!path.empty()) {
        next = std::fopen(path.c_str(), "a");
        if (!next) return false;
        // glibc ignores the size unless it is given the buffer itself.
        buffer = std::make_unique_for_overwrite<char[]>(kFileBuffer);
        std::setvbuf(next, buffer.get(), _IOFBF, kFileBuffer);
        owns = true;
    }
    std::lock_guard lock(mutex_);
    if (file_) std::fflush(file_);
    if (owns_file_) std::fclose(file_);
    file_ = next;
    owns_file_ = owns;
    buffer_ = std::move(buffer);  // the old file, closed above, no longer uses its own
    enabled_ = next != nullptr;
    return true;
}

void LineFile::write(std::string_view line) {
    std::lock_guard lock(mutex_);
    if (file_) std::fwrite(line.data(), 1, line.size(), file_);
}

void LineFile::flush() {
    std::lock_guard lock(mutex_);
    if (file_) std::fflush(file_);
}

}  // namespace tact::audit
