#include "policy/policy_hash.hpp"

#include "crypto/sha256.hpp"

namespace tact::policy {

std::string canonical_hash(const nlohmann::json& document) {
    // nlohmann::json keeps object keys sorted, so dump() is canonical.
    return crypto::sha256_hex(document.dump());
}

}  // namespace tact::policy
