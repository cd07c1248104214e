// A policy's content hash: SHA-256 of its canonical JSON (keys sorted, no
// spaces), so that reformatting a file keeps its hash and any change of
// meaning changes it. Decisions and consent records quote it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace tact::policy {

std::string canonical_hash(const nlohmann::json& document);

}  // namespace tact::policy
