#include "proxy/client_address.hpp"

namespace tact::proxy {
namespace {

namespace ip = boost::asio::ip;

ip::address unmapped(const ip::address& a) {
    if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, a.to_v6());
    return a;
}

}  // namespace

std::string truncated_client_network(const ip::address& address) {
    auto a = unmapped(address);
    if (a.is_v4()) {
        auto bytes = a.to_v4().to_bytes();
        bytes[3] = 0;
        return ip::address_v4(bytes).to_string();
    }
    auto bytes = a.to_v6().to_bytes();
    for (std::size_t i = 6; i < bytes.size(); ++i) bytes[i] = 0;
    return ip::address_v6(bytes).to_string();
}

std::string full_client_address(const ip::address& address) {
    return unmapped(address).to_string();
}

}  // namespace tact::proxy
