#include "proxy/socket_now.hpp"

namespace tact::proxy {
namespace {

// Non-blocking for synchronous calls too (Asio's own operations already
// are): an empty socket or a full send buffer must say so, not block the
// worker. false: it could not be made so, and must not be used synchronously.
bool make_non_blocking(Socket& socket) {
    if (socket.non_blocking()) return true;
    boost::system::error_code ec;
    socket.non_blocking(true, ec);
    return !ec;
}

bool would_block(const boost::system::error_code& ec) {
    return ec == boost::asio::error::would_block || ec == boost::asio::error::try_again;
}

}  // namespace

std::size_t send_now(Socket& socket, std::span<const boost::asio::const_buffer> parts,
                     boost::system::error_code& ec) {
    if (!make_non_blocking(socket)) return 0;  // the asynchronous write will do it all
    const std::size_t sent = socket.write_some(parts, ec);
    if (would_block(ec)) {
        ec = {};
        return 0;
    }
    return sent;
}

std::size_t read_now(Socket& socket, boost::beast::flat_buffer& buffer, std::size_t room,
                     boost::system::error_code& ec) {
    if (room == 0 || !make_non_blocking(socket)) return 0;
    const std::size_t n = socket.read_some(buffer.prepare(room), ec);
    if (would_block(ec) || ec == boost::asio::error::eof) {
        ec = {};
        return 0;
    }
    if (ec) return 0;
    buffer.commit(n);
    return n;
}

}  // namespace tact::proxy
