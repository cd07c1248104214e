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
    // A 6to4 address (2002::/16) carries the whole IPv4 address in the bits
    // a /48 keeps: it is cut as that address would be, to its /24.
    const bool six_to_four = bytes[0] == 0x20 && bytes[1] == 0x02;
    for (std::size_t i = six_to_four ? 5 : 6; i < bytes.size(); ++i) bytes[i] = 0;
    return ip::address_v6(bytes).to_string();
}

std::string full_client_address(const ip::address& address) {
    return geoip::unmapped(address).to_string();
}

}  // namespace tact::proxy
