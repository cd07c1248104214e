#include "proxy/upstream_pool.hpp"

#include <sys/socket.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <cerrno>

namespace tact::proxy {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// An idle keep-alive connection must have nothing to read: readable bytes
// or an end of stream mean the origin closed it (or broke protocol).
bool still_open(PlainStream& transport) {
    auto& socket = transport.socket();
    if (!socket.is_open()) return false;
    char probe;
    // One syscall: a non-blocking peek that leaves the socket's mode alone.
    const auto got = ::recv(socket.native_handle(), &probe, 1, MSG_PEEK | MSG_DONTWAIT);
    return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

}  // namespace

PlainStream& UpstreamConnection::transport() {
    if (auto* plain = std::get_if<PlainStream>(&stream)) return *plain;
    return boost::beast::get_lowest_layer(std::get<TlsStream>(stream));
}

std::unique_ptr<UpstreamConnection> UpstreamPool::take_idle(std::chrono::milliseconds max_idle,
                                                            bool can_resend) {
    // A connection used moments ago is almost never closed by the origin in
    // between; when it is, a request that can be sent again is, on a fresh
    // connection (OriginExchange). Only the others pay for a probe.
    constexpr auto kRecent = std::chrono::seconds(1);
    const auto now = std::chrono::steady_clock::now();
    while (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        const auto idle_for = now - connection->idle_since;
        if (idle_for >= max_idle) continue;
        if ((can_resend && idle_for < kRecent) || still_open(connection->transport())) {
            connection->reused = true;
            return connection;
        }
    }
    return nullptr;
}

Task<std::unique_ptr<UpstreamConnection>> UpstreamPool::connect(const UpstreamTarget& target,
                                                                boost::system::error_code& ec) {
    const auto& upstream = target.upstream;
    Resolver resolver(executor_);
    auto endpoints = co_await resolver.async_resolve(upstream.host, std::to_string(upstream.port),
                                                     net::redirect_error(use_task, ec));
    if (ec) co_return nullptr;

    PlainStream transport(executor_);
    transport.expires_after(target.connect_timeout);
    co_await transport.async_connect(endpoints, net::redirect_error(use_task, ec));
    if (ec) co_return nullptr;
    transport.socket().set_option(tcp::no_delay(true), ec);

    if (upstream.scheme == config::UpstreamScheme::http) {
        transport.expires_never();
        co_return UpstreamConnection::open(std::move(transport));
    }

    TlsStream tls(std::move(transport), *target.tls);
    const std::string& name =
        upstream.tls.server_name.empty() ? upstream.host : upstream.tls.server_name;
    if (!SSL_set_tlsext_host_name(tls.native_handle(), name.c_str())) {
        ec = net::error::invalid_argument;
        co_return nullptr;
    }
    if (upstream.tls.verify) tls.set_verify_callback(net::ssl::host_name_verification(name));
    co_await tls.async_handshake(net::ssl::stream_base::client, net::redirect_error(use_task, ec));
    if (ec) co_return nullptr;
    boost::beast::get_lowest_layer(tls).expires_never();
    co_return UpstreamConnection::open(std::move(tls));
}

std::unique_ptr<UpstreamConnection> UpstreamConnection::open(
    std::variant<PlainStream, TlsStream> stream) {
    auto connection =
        std::make_unique<UpstreamConnection>(UpstreamConnection{std::move(stream), {}, {}, false});
    // Room for a response head and the start of its body in one read.
    connection->buffer.reserve(kInitialBuffer);
    return connection;
}

void UpstreamPool::give_back(std::unique_ptr<UpstreamConnection> connection,
                             std::size_t max_idle_connections) {
    if (idle_.size() >= max_idle_connections) return;
    connection->transport().expires_never();
    connection->idle_since = std::chrono::steady_clock::now();
    idle_.push_back(std::move(connection));
}

}  // namespace tact::proxy
