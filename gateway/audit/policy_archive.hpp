// Every policy version the gateway has decided under, kept beside the
// consent log (DIRECTORY/policies/<hash>.json), so that a receipt's history
// can be shown with the exact text each choice was made under
// (`tact audit export`), even after the policy file has changed.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "policy/policy_set.hpp"

namespace tact::audit {

// Copies each policy's file under its content hash, once. Returns false if
// one could not be written (the log still works; the export will say so).
bool archive_policies(const std::filesystem::path& log_directory,
                      const policy::PolicySet& policies);

// The archived text of the policy version `hash`, if it is there.
std::optional<std::string> archived_policy(const std::filesystem::path& log_directory,
                                           const std::string& hash);

}  // namespace tact::audit
