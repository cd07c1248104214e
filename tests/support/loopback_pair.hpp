// Two connected TCP sockets on 127.0.0.1, for tests of the proxy's reads
// and writes: `near` is the proxy's side (as a socket or as Beast's
// stream), `far` the peer's.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "proxy/io_types.hpp"

namespace tact::testing {

template <class NearSide = proxy::Socket>
struct LoopbackPair {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor{io, {boost::asio::ip::make_address("127.0.0.1"), 0}};
    NearSide near{io};
    proxy::Socket far{io};
    LoopbackPair() {
        near.connect(acceptor.local_endpoint());  // a socket and Beast's stream both connect
        acceptor.accept(far);
    }
};

}  // namespace tact::testing
