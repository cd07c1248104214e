// Ed25519 signatures (RFC 8032, through OpenSSL 3) for the consent log's
// checkpoints: the gateway signs with its private key; an auditor verifies
// with the public key alone.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace tact::crypto {

class Ed25519Key {
  public:
    // A PEM file (PKCS#8 private key, or SubjectPublicKeyInfo public key).
    // Throws std::runtime_error naming the file when it is neither.
    static Ed25519Key load_private(const std::filesystem::path& pem);
    static Ed25519Key load_public(const std::filesystem::path& pem);
    // A new private key written to `pem` (mode 0600) and its public key to `public_pem`.
    static Ed25519Key generate(const std::filesystem::path& pem,
                               const std::filesystem::path& public_pem);

    std::string sign(std::string_view message) const;  // 64 bytes
    bool verify(std::string_view message, std::string_view signature) const;
    std::string public_pem() const;
    // 16 hex of the SHA-256 of the raw public key: names the key in checkpoints.
    std::string key_id() const;
    bool has_private() const { return private_; }

  private:
    std::shared_ptr<void> key_;  // EVP_PKEY, freed with it
    bool private_ = false;
};

}  // namespace tact::crypto
