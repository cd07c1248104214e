// Reading policy files: every mistake a compliance officer can make is
// refused with the file, the line, the key and what to write instead
// (config::ConfigError), before the gateway uses any of it.
#pragma once

#include <filesystem>

#include "policy/policy.hpp"
#include "policy/policy_set.hpp"

namespace tact::policy {

// One file. Checks everything that one file can get wrong.
Policy load_policy(const std::filesystem::path& file);

// Every *.json policy of a directory (policy.schema.json aside). Also checks
// what only the set can get wrong: two policies claiming one place, no
// fallback, or more than one.
PolicySet load_policy_set(const std::filesystem::path& directory);

}  // namespace tact::policy
