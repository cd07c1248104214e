// A whole file read into memory: configuration, policies, banner texts,
// consent log segments. Callers say what an unreadable file means to them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace tact::config {

// nullopt when the file cannot be opened.
std::optional<std::string> read_text_file(const std::filesystem::path& file);

}  // namespace tact::config
