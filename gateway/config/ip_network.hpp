// An IP network written as "10.0.0.0/8" or "2001:db8::/32" in tact.json.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <optional>
#include <string_view>

namespace tact::config {

struct IpNetwork {
    boost::asio::ip::address base;
    unsigned prefix_length = 0;

    // IPv4-mapped IPv6 addresses match IPv4 networks.
    bool contains(const boost::asio::ip::address& address) const;
};

// nullopt when the text is not a network in CIDR notation.
std::optional<IpNetwork> parse_ip_network(std::string_view text);

}  // namespace tact::config
