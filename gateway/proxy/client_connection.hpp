// One coroutine per client connection: read a request, run the pipeline,
// relay to the origin, write the response; repeat while keep-alive holds.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>

namespace tact::proxy {

class Worker;

boost::asio::awaitable<void> serve_plain_client(Worker& worker, boost::asio::ip::tcp::socket socket,
                                                boost::asio::ip::address peer);
boost::asio::awaitable<void> serve_tls_client(Worker& worker, boost::asio::ip::tcp::socket socket,
                                              boost::asio::ip::address peer,
                                              std::shared_ptr<boost::asio::ssl::context> tls);

}  // namespace tact::proxy
