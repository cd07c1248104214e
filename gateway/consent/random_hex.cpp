#include "consent/random_hex.hpp"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace tact::consent {

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> random(bytes);
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1)
        throw std::runtime_error("no randomness (OpenSSL)");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * bytes);
    for (unsigned char b : random) hex += kHex[b >> 4], hex += kHex[b & 0xf];
    return hex;
}

}  // namespace tact::consent
