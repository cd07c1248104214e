// The only place a client's address is turned into text, and only after it
// has been cut to a network: IPv4 to /24, IPv6 to /48 (see PRIVACY.md).
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>

namespace tact::proxy {

// "192.0.2.0" for 192.0.2.77; "2001:db8:1::" for 2001:db8:1:2::5.
// IPv4-mapped IPv6 addresses are treated as the IPv4 address they carry, and
// 6to4 ones (2002:c000:277::) keep only that address's /24 (2002:c000:200::).
std::string truncated_client_network(const boost::asio::ip::address& address);

// The full address, for operators who set forwarding.client_address = "full".
std::string full_client_address(const boost::asio::ip::address& address);

}  // namespace tact::proxy
