#include "consent/key_ring.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "config/config_error.hpp"
#include "consent/random_hex.hpp"

namespace tact::consent {
namespace {

constexpr std::size_t kSecretBytes = 32;

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

KeyRing::KeyRing(std::vector<SigningKey> keys, std::string sign_with) : keys_(std::move(keys)) {
    const auto it = std::find_if(keys_.begin(), keys_.end(),
                                 [&](const SigningKey& k) { return k.id == sign_with; });
    if (it == keys_.end()) throw std::invalid_argument("the signing key is not in the ring");
    signing_ = static_cast<std::size_t>(it - keys_.begin());
}

const SigningKey* KeyRing::find(std::string_view id) const {
    const auto it =
        std::find_if(keys_.begin(), keys_.end(), [&](const SigningKey& k) { return k.id == id; });
    return it == keys_.end() ? nullptr : &*it;
}

SigningKey read_key_file(std::string id, const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string text;
    if (!in || !std::getline(in, text))
        throw config::ConfigError(file.string() +
                                  ": cannot read the consent key. Fix: check the path in "
                                  "\"consent.keys\", or create one with: openssl rand -hex 32 > " +
                                  file.string());
    std::string secret;
    const bool valid =
        text.size() == 2 * kSecretBytes &&
        std::all_of(text.begin(), text.end(), [](char c) { return hex_digit(c) >= 0; });
    if (!valid)
        throw config::ConfigError(file.string() +
                                  ": a consent key is 64 hexadecimal characters (32 bytes). Fix: "
                                  "openssl rand -hex 32 > " +
                                  file.string());
    for (std::size_t i = 0; i < text.size(); i += 2)
        secret += static_cast<char>(hex_digit(text[i]) * 16 + hex_digit(text[i + 1]));
    return {std::move(id), std::move(secret)};
}

KeyRing load_key_ring(const std::vector<std::pair<std::string, std::filesystem::path>>& files,
                      const std::string& sign_with, bool generate_missing) {
    std::vector<SigningKey> keys;
    for (const auto& [id, file] : files) {
        if (generate_missing && !std::filesystem::exists(file)) generate_key_file(file);
        keys.push_back(read_key_file(id, file));
    }
    return KeyRing(std::move(keys), sign_with);
}

bool generate_key_file(const std::filesystem::path& file) {
    const std::string hex = random_hex(kSecretBytes) + "\n";
    std::filesystem::create_directories(file.parent_path());
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) return false;
    const bool written = ::write(fd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size());
    ::close(fd);
    if (!written) throw std::runtime_error("cannot write " + file.string());
    return true;
}

}  // namespace tact::consent
