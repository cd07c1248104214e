#include "proxy/client_address.hpp"

#include "geoip/address.hpp"

namespace tact::proxy {
namespace ip = boost::asio::ip;

std::string truncated_client_network(const ip::address& address) {
    auto a = geoip::unmapped(address);
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
    return geoip::unmapped(address).to_string();
}

}  // namespace tact::proxy
