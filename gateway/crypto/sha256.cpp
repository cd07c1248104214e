#include "crypto/sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace tact::crypto {

std::string sha256_hex(std::string_view data) {
    return sha256_hex({data});
}

// One fetched algorithm and one context per thread: OpenSSL 3's one-shot
// EVP_Digest looks the algorithm up on every call, which cost more than the
// hashing itself on the consent log's ~500-byte lines (verify_benchmark).
std::string sha256_hex(std::initializer_list<std::string_view> parts) {
    static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(
        EVP_MD_CTX_new(), EVP_MD_CTX_free);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    bool ok = sha256 && context && EVP_DigestInit_ex(context.get(), sha256, nullptr) == 1;
    for (const auto part : parts)
        ok = ok && EVP_DigestUpdate(context.get(), part.data(), part.size()) == 1;
    ok = ok && EVP_DigestFinal_ex(context.get(), digest.data(), &length) == 1;
    if (!ok) throw std::runtime_error("SHA-256 failed (OpenSSL)");
    return to_hex({reinterpret_cast<const char*>(digest.data()), length});
}

std::string to_hex(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        hex += kHex[b >> 4];
        hex += kHex[b & 0xf];
    }
    return hex;
}

bool from_hex(std::string_view hex, std::string& bytes) {
    auto nibble = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    bytes.clear();
    if (hex.size() % 2) return false;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int high = nibble(hex[i]), low = nibble(hex[i + 1]);
        if (high < 0 || low < 0) return false;
        bytes += static_cast<char>(high * 16 + low);
    }
    return true;
}

}  // namespace tact::crypto
