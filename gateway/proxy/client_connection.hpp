// One coroutine per client connection: read a request, run the pipeline,
// relay to the origin, write the response; repeat while keep-alive holds.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "proxy/io_types.hpp"

namespace tact::proxy {

class Worker;

Task<void> serve_plain_client(Worker& worker, Socket socket, boost::asio::ip::address peer);
Task<void> serve_tls_client(Worker& worker, Socket socket, boost::asio::ip::address peer,
                            std::shared_ptr<boost::asio::ssl::context> tls);

}  // namespace tact::proxy
