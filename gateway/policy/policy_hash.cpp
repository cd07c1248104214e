#include "policy/policy_hash.hpp"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace tact::policy {

std::string canonical_hash(const nlohmann::json& document) {
    // nlohmann::json keeps object keys sorted, so dump() is canonical.
    const std::string canonical = document.dump();
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(canonical.data(), canonical.size(), digest.data(), &length, EVP_sha256(),
                   nullptr) != 1)
        throw std::runtime_error("SHA-256 failed (OpenSSL)");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned i = 0; i < length; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 0xf];
    }
    return hex;
}

}  // namespace tact::policy
