#include "admin/local_http_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace tact::admin {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

}  // namespace

LocalHttpServer::LocalHttpServer(net::io_context& io, const net::ip::tcp::endpoint& endpoint,
                                 LocalHandler handler)
    : acceptor_(io, endpoint), handler_(std::move(handler)) {
    net::co_spawn(io, accept_loop(), net::detached);
}

void LocalHttpServer::close() {
    boost::system::error_code ec;
    acceptor_.close(ec);
}

net::awaitable<void> LocalHttpServer::accept_loop() {
    for (;;) {
        boost::system::error_code ec;
        auto socket = co_await acceptor_.async_accept(net::redirect_error(net::use_awaitable, ec));
        if (ec) co_return;
        net::co_spawn(acceptor_.get_executor(), serve(std::move(socket), handler_), net::detached);
    }
}

net::awaitable<void> LocalHttpServer::serve(net::ip::tcp::socket socket, LocalHandler handler) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer(std::size_t{64} * 1024);
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(std::uint64_t{64} * 1024);
        boost::system::error_code ec;
        stream.expires_after(std::chrono::seconds(30));
        co_await http::async_read(stream, buffer, parser,
                                  net::redirect_error(net::use_awaitable, ec));
        if (ec) break;
        const auto& request = parser.get();
        auto response = handler(request);
        response.keep_alive(request.keep_alive());
        response.prepare_payload();
        co_await http::async_write(stream, response, net::redirect_error(net::use_awaitable, ec));
        if (ec || !request.keep_alive()) break;
    }
    boost::system::error_code ec;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace tact::admin
