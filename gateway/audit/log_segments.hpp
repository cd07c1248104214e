// The consent log's segment files in a folder, in order.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace tact::audit {

std::string segment_file_name(std::uint64_t index);  // "segment-000001.jsonl"

// (index, path) of every segment file, by index.
std::vector<std::pair<std::uint64_t, std::filesystem::path>> list_segments(
    const std::filesystem::path& directory);

}  // namespace tact::audit
