#include "audit/log_segments.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace tact::audit {

std::string segment_file_name(std::uint64_t index) {
    char name[40];
    std::snprintf(name, sizeof name, "segment-%06llu.jsonl",
                  static_cast<unsigned long long>(index));
    return name;
}

std::vector<std::pair<std::uint64_t, std::filesystem::path>> list_segments(
    const std::filesystem::path& directory) {
    std::vector<std::pair<std::uint64_t, std::filesystem::path>> segments;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
        const auto name = entry.path().filename().string();
        if (!name.starts_with("segment-") || !name.ends_with(".jsonl")) continue;
        const auto digits = std::string_view(name).substr(8, name.size() - 8 - 6);
        std::uint64_t index = 0;
        const auto [end, error] =
            std::from_chars(digits.data(), digits.data() + digits.size(), index);
        if (error == std::errc() && end == digits.data() + digits.size())
            segments.emplace_back(index, entry.path());
    }
    std::sort(segments.begin(), segments.end());
    return segments;
}

}  // namespace tact::audit
