#include "proxy/client_address.hpp"

#include "geoip/address.hpp"

namespace tact::proxy {
namespace ip = boost::asio::ip;

std::string truncated_client_network(const ip::address& address) {
    auto a = geoip::unmapped(address);
    if (a.is_v4()) {
        // Written here rather than by inet_ntop: this runs for every request.
        const auto bytes = a.to_v4().to_bytes();
        std::string network;
        network.reserve(15);
        for (int i = 0; i < 3; ++i) {
            const unsigned byte = bytes[i];
            if (byte >= 100) network += static_cast<char>('0' + byte / 100);
            if (byte >= 10) network += static_cast<char>('0' + byte / 10 % 10);
            network += static_cast<char>('0' + byte % 10);
            network += '.';
        }
        network += '0';
        return network;
    }
    auto bytes = a.to_v6().to_bytes();
    for (std::size_t i = 6; i < bytes.size(); ++i) bytes[i] = 0;
    return ip::address_v6(bytes).to_string();
}

std::string full_client_address(const ip::address& address) {
    return geoip::unmapped(address).to_string();
}

}  // namespace tact::proxy
