#pragma once

#include <filesystem>
#include <string>

#include "config/config.hpp"
#include "config/config_error.hpp"

namespace tact::config {

// Reads and validates tact.json. Relative paths inside are taken relative
// to the file's own folder. Throws ConfigError naming file, line, key and fix.
Config load_config_file(const std::filesystem::path& file);
Config parse_config(const std::string& text, const std::filesystem::path& file);

}  // namespace tact::config
