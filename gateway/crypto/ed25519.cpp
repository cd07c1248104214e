#include "crypto/ed25519.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>

#include "crypto/sha256.hpp"

namespace tact::crypto {
namespace {

EVP_PKEY* pkey(const std::shared_ptr<void>& key) {
    return static_cast<EVP_PKEY*>(key.get());
}

std::shared_ptr<void> own(EVP_PKEY* key) {
    return {key, [](void* k) { EVP_PKEY_free(static_cast<EVP_PKEY*>(k)); }};
}

EVP_PKEY* read_pem(const std::filesystem::path& path, bool private_key) {
    std::FILE* file = std::fopen(path.c_str(), "r");
    if (!file) throw std::runtime_error(path.string() + ": cannot be read");
    EVP_PKEY* key = private_key ? PEM_read_PrivateKey(file, nullptr, nullptr, nullptr)
                                : PEM_read_PUBKEY(file, nullptr, nullptr, nullptr);
    std::fclose(file);
    if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_ED25519) {
        EVP_PKEY_free(key);
        throw std::runtime_error(path.string() + ": not an Ed25519 " +
                                 (private_key ? "private" : "public") +
                                 " key in PEM (make one: openssl genpkey -algorithm ed25519)");
    }
    return key;
}

}  // namespace

Ed25519Key Ed25519Key::load_private(const std::filesystem::path& pem) {
    Ed25519Key key;
    key.key_ = own(read_pem(pem, true));
    key.private_ = true;
    return key;
}

Ed25519Key Ed25519Key::load_public(const std::filesystem::path& pem) {
    Ed25519Key key;
    key.key_ = own(read_pem(pem, false));
    return key;
}

Ed25519Key Ed25519Key::generate(const std::filesystem::path& pem,
                                const std::filesystem::path& public_pem) {
    EVP_PKEY* raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (!raw) throw std::runtime_error("Ed25519 key generation failed (OpenSSL)");
    Ed25519Key key;
    key.key_ = own(raw);
    key.private_ = true;
    const int fd = ::open(pem.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    std::FILE* file = fd >= 0 ? ::fdopen(fd, "w") : nullptr;
    if (!file || PEM_write_PrivateKey(file, raw, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        if (file) std::fclose(file);
        throw std::runtime_error(pem.string() + ": cannot write the new signing key");
    }
    std::fclose(file);
    std::FILE* pub = std::fopen(public_pem.c_str(), "w");
    if (!pub || PEM_write_PUBKEY(pub, raw) != 1) {
        if (pub) std::fclose(pub);
        throw std::runtime_error(public_pem.string() + ": cannot write the public key");
    }
    std::fclose(pub);
    return key;
}

std::string Ed25519Key::sign(std::string_view message) const {
    std::string signature(64, '\0');
    std::size_t length = signature.size();
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ok =
        ctx && EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, pkey(key_)) == 1 &&
        EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok) throw std::runtime_error("Ed25519 signing failed (OpenSSL)");
    return signature;
}

bool Ed25519Key::verify(std::string_view message, std::string_view signature) const {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ok =
        ctx && EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, pkey(key_)) == 1 &&
        EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                         signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                         message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

std::string Ed25519Key::public_pem() const {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, pkey(key_));
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    return pem;
}

std::string Ed25519Key::key_id() const {
    std::string raw(32, '\0');
    std::size_t length = raw.size();
    EVP_PKEY_get_raw_public_key(pkey(key_), reinterpret_cast<unsigned char*>(raw.data()), &length);
    return sha256_hex(raw.substr(0, length)).substr(0, 16);
}

}  // namespace tact::crypto
