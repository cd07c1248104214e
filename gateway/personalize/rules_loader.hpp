// Reads and validates rules.json: every signal a rule names must be in the
// catalog, every condition well formed, every fragment file readable and its
// placeholders closed. Errors name the file, line and key and say what to do.
#pragma once

#include <filesystem>

#include "personalize/rules.hpp"

namespace tact::personalize {

// Throws config::ConfigError.
Rules load_rules(const std::filesystem::path& file);

}  // namespace tact::personalize
