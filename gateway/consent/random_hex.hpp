// Random bytes from OpenSSL's CSPRNG, as lower-case hexadecimal: receipt ids
// and newly generated signing keys.
#pragma once

#include <cstddef>
#include <string>

namespace tact::consent {

// 2 * `bytes` hex digits. Throws std::runtime_error if OpenSSL has no randomness.
std::string random_hex(std::size_t bytes);

}  // namespace tact::consent
