// The keys that sign consent cookies. One signs; all verify, so that a key
// can be rotated without asking every visitor again: add the new key, sign
// with it, and drop the old one once its cookies have expired.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tact::consent {

struct SigningKey {
    std::string id;      // short, in every cookie: "2026-11"
    std::string secret;  // at least 32 random bytes
};

class KeyRing {
  public:
    KeyRing(std::vector<SigningKey> keys, std::string sign_with);

    const SigningKey& signing_key() const { return keys_[signing_]; }
    const SigningKey* find(std::string_view id) const;

  private:
    std::vector<SigningKey> keys_;
    std::size_t signing_ = 0;
};

// A key file holds 64 hexadecimal characters (32 bytes), nothing else but an
// optional newline. Throws config::ConfigError naming the file and the fix.
SigningKey read_key_file(std::string id, const std::filesystem::path& file);

// Reads every key file; with `generate_missing`, first creates those absent
// (the demo's first run). Throws config::ConfigError naming a bad file.
KeyRing load_key_ring(const std::vector<std::pair<std::string, std::filesystem::path>>& files,
                      const std::string& sign_with, bool generate_missing);

// Writes a new random key file (mode 0600) where none exists: the demo's
// first run. Returns false when the file already exists.
bool generate_key_file(const std::filesystem::path& file);

}  // namespace tact::consent
