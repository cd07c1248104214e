// OpenSSL contexts for the two sides: terminating the client's TLS, and
// speaking TLS to an https origin with certificate verification.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "config/config.hpp"

namespace tact::proxy {

// TLS 1.2+, forward-secret AEAD suites only, ALPN "http/1.1".
// Throws config::ConfigError naming the file that cannot be used.
std::shared_ptr<boost::asio::ssl::context> make_server_tls(const config::TlsFiles& files);

std::shared_ptr<boost::asio::ssl::context> make_upstream_tls(const config::Upstream& upstream);

}  // namespace tact::proxy
