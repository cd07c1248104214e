// SHA-256 (OpenSSL) as lower-case hex: the content hashes of policies, the
// banner, and the links of the consent log's chain.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace tact::crypto {

std::string sha256_hex(std::string_view data);
// The hash of the parts one after the other, without joining them.
std::string sha256_hex(std::initializer_list<std::string_view> parts);

// Lower-case hex of any bytes.
std::string to_hex(std::string_view bytes);

// The bytes of lower-case or upper-case hex; nullopt-like empty result and
// false when `hex` is not hex of even length.
bool from_hex(std::string_view hex, std::string& bytes);

}  // namespace tact::crypto
