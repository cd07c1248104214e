#include "proxy/tls_contexts.hpp"

#include <openssl/ssl.h>

#include "config/config_error.hpp"

namespace tact::proxy {
namespace {

namespace ssl = boost::asio::ssl;

// Mozilla's "intermediate" profile: TLS 1.2 with ECDHE and AEAD, TLS 1.3 defaults.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

constexpr unsigned char kHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};

int select_http11(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
                  unsigned inlen, void*) {
    unsigned char* chosen = nullptr;
    if (SSL_select_next_proto(&chosen, outlen, kHttp11, sizeof kHttp11, in, inlen) !=
        OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;  // the client offered no http/1.1: go on without ALPN
    *out = chosen;
    return SSL_TLSEXT_ERR_OK;
}

void restrict_to_modern_tls(ssl::context& ctx) {
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                    ssl::context::single_dh_use);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    SSL_CTX_set_cipher_list(ctx.native_handle(), kTls12Ciphers);
}

}  // namespace

std::shared_ptr<ssl::context> make_server_tls(const config::TlsFiles& files) {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
    restrict_to_modern_tls(*ctx);
    boost::system::error_code ec;
    ctx->use_certificate_chain_file(files.certificate.string(), ec);
    if (ec)
        throw config::ConfigError(files.certificate.string() +
                                  ": cannot use it as a TLS certificate (" + ec.message() +
                                  "). Fix: give a readable PEM certificate chain.");
    ctx->use_private_key_file(files.private_key.string(), ssl::context::pem, ec);
    if (ec)
        throw config::ConfigError(files.private_key.string() +
                                  ": cannot use it as the TLS private key (" + ec.message() +
                                  "). Fix: give the readable PEM key of the certificate.");
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1)
        throw config::ConfigError(files.private_key.string() + ": does not match the certificate " +
                                  files.certificate.string() +
                                  ". Fix: give the key the certificate was issued for.");
    SSL_CTX_set_alpn_select_cb(ctx->native_handle(), select_http11, nullptr);
    return ctx;
}

std::shared_ptr<ssl::context> make_upstream_tls(const config::Upstream& upstream) {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
    restrict_to_modern_tls(*ctx);
    boost::system::error_code ec;
    if (!upstream.tls.ca_file.empty()) {
        ctx->load_verify_file(upstream.tls.ca_file.string(), ec);
        if (ec)
            throw config::ConfigError(upstream.tls.ca_file.string() +
                                      ": cannot load trusted CAs (" + ec.message() +
                                      "). Fix: give a readable PEM file of CA certificates.");
    } else {
        ctx->set_default_verify_paths();
    }
    ctx->set_verify_mode(upstream.tls.verify ? ssl::verify_peer : ssl::verify_none);
    SSL_CTX_set_alpn_protos(ctx->native_handle(), kHttp11, sizeof kHttp11);
    return ctx;
}

}  // namespace tact::proxy
