#include "consent/signed_value.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace tact::consent {
namespace {

std::string base64url(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()),
                                  static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    while (!out.empty() && out.back() == '=') out.pop_back();
    for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
    return out;
}

std::optional<std::string> from_base64url(std::string_view text) {
    std::string b64(text);
    for (char& c : b64) {
        if (c == '-')
            c = '+';
        else if (c == '_')
            c = '/';
        else if (c == '+' || c == '/' || c == '=')
            return std::nullopt;  // not base64url
    }
    const std::size_t padding = (4 - b64.size() % 4) % 4;
    if (padding == 3) return std::nullopt;
    b64.append(padding, '=');
    std::string out(3 * b64.size() / 4 + 1, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(b64.data()),
                                  static_cast<int>(b64.size()));
    if (n < 0) return std::nullopt;
    out.resize(static_cast<std::size_t>(n) - padding);
    // Only the canonical spelling: unused low bits of the last character
    // would otherwise let one signature be written several ways.
    if (base64url(out) != text) return std::nullopt;
    return out;
}

std::string hmac_sha256(const std::string& key, std::string_view data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length))
        throw std::runtime_error("HMAC-SHA256 failed (OpenSSL)");
    return {reinterpret_cast<const char*>(mac), length};
}

}  // namespace

std::string sign_value(std::string_view kind, std::string_view payload, const KeyRing& keys) {
    const auto& key = keys.signing_key();
    const std::string signed_part = std::string(kind) + "." + key.id + "." + base64url(payload);
    return signed_part + "." + base64url(hmac_sha256(key.secret, signed_part));
}

OpenedValue open_signed_value(std::string_view kind, std::string_view value, const KeyRing& keys,
                              std::size_t most_bytes) {
    auto problem = [](SignedValueProblem p) { return OpenedValue{std::nullopt, p}; };
    if (value.size() > most_bytes) return problem(SignedValueProblem::malformed);
    const auto last_dot = value.rfind('.');
    if (last_dot == std::string_view::npos) return problem(SignedValueProblem::malformed);
    const auto signed_part = value.substr(0, last_dot);
    const auto first_dot = signed_part.find('.');
    const auto second_dot = signed_part.find('.', first_dot + 1);
    if (first_dot == std::string_view::npos || second_dot == std::string_view::npos ||
        signed_part.substr(0, first_dot) != kind)
        return problem(SignedValueProblem::malformed);
    const auto key_id = signed_part.substr(first_dot + 1, second_dot - first_dot - 1);
    const SigningKey* key = keys.find(key_id);
    if (!key) return problem(SignedValueProblem::unknown_key);
    const auto signature = from_base64url(value.substr(last_dot + 1));
    const auto expected = hmac_sha256(key->secret, signed_part);
    if (!signature || signature->size() != expected.size() ||
        CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0)
        return problem(SignedValueProblem::bad_signature);
    auto payload = from_base64url(signed_part.substr(second_dot + 1));
    if (!payload) return problem(SignedValueProblem::malformed);
    return {std::move(payload), SignedValueProblem::none};
}

}  // namespace tact::consent
