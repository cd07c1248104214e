// JSON with the source line of every key, so that an error can name the
// line a person has to edit. nlohmann_json 3.11 keeps no positions itself.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace tact::config {

struct LocatedJson {
    nlohmann::json value;
    std::map<std::string, int> line_of;  // JSON pointer ("/upstream/port") -> 1-based line

    int line(const std::string& pointer) const;
};

// Throws ConfigError (config_error.hpp) naming the file, line and column on a syntax error.
LocatedJson parse_located_json(const std::string& text, const std::filesystem::path& file);

}  // namespace tact::config
