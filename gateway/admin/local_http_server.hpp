// A minimal HTTP/1.1 server for what the gateway serves from memory or disk
// on its own listeners (the admin listener; the demo site). Small requests
// only: bodies over 64 KiB are refused.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>

namespace tact::admin {

using LocalRequest = boost::beast::http::request<boost::beast::http::string_body>;
using LocalResponse = boost::beast::http::response<boost::beast::http::string_body>;
using LocalHandler = std::function<LocalResponse(const LocalRequest&)>;

class LocalHttpServer {
  public:
    // Binds now (throws boost::system::system_error); serves once io runs.
    LocalHttpServer(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
                    LocalHandler handler);
    void close();
    boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

  private:
    boost::asio::awaitable<void> accept_loop();
    static boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket,
                                              LocalHandler handler);

    boost::asio::ip::tcp::acceptor acceptor_;
    LocalHandler handler_;
};

}  // namespace tact::admin
