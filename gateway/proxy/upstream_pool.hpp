// Keep-alive connections to the origin, one pool per worker thread, so no
// lock is taken on the request path.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <chrono>
#include <memory>
#include <variant>
#include <vector>

#include "config/config.hpp"
#include "proxy/io_types.hpp"

namespace tact::proxy {

struct UpstreamConnection {
    std::variant<PlainStream, TlsStream> stream;
    boost::beast::flat_buffer buffer;
    std::chrono::steady_clock::time_point idle_since{};
    bool reused = false;

    PlainStream& transport();

    static constexpr std::size_t kInitialBuffer = std::size_t{16} * 1024;
    static std::unique_ptr<UpstreamConnection> open(std::variant<PlainStream, TlsStream> stream);
};

struct UpstreamTarget {
    const config::Upstream& upstream;
    std::chrono::milliseconds connect_timeout;
    boost::asio::ssl::context* tls;  // set when upstream.scheme is https
};

class UpstreamPool {
  public:
    explicit UpstreamPool(Executor executor) : executor_(std::move(executor)) {}

    // A healthy idle connection if there is one, else nullptr. `can_resend`:
    // the request can be sent again if the connection turns out closed.
    std::unique_ptr<UpstreamConnection> take_idle(std::chrono::milliseconds max_idle,
                                                  bool can_resend);
    // Opens a new connection; on failure returns nullptr and sets `ec`.
    Task<std::unique_ptr<UpstreamConnection>> connect(const UpstreamTarget& target,
                                                      boost::system::error_code& ec);
    void give_back(std::unique_ptr<UpstreamConnection> connection,
                   std::size_t max_idle_connections);
    void close_all() { idle_.clear(); }

  private:
    Executor executor_;
    std::vector<std::unique_ptr<UpstreamConnection>> idle_;
};

}  // namespace tact::proxy
