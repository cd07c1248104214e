#include "consent/random_hex.hpp"

#include <openssl/rand.h>

#include <stdexcept>
#include <string_view>
#include <vector>

#include "crypto/sha256.hpp"

namespace tact::consent {

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> random(bytes);
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1)
        throw std::runtime_error("no randomness (OpenSSL)");
    return crypto::to_hex({reinterpret_cast<const char*>(random.data()), random.size()});
}

}  // namespace tact::consent
