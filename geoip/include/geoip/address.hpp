// What kind of address a client address is, before anything is looked up.
#pragma once

#include <boost/asio/ip/address.hpp>

namespace tact::geoip {

// An IPv4-mapped IPv6 address (::ffff:192.0.2.1) as the IPv4 address it
// carries; any other address unchanged. Dual-stack sockets report IPv4
// clients this way.
boost::asio::ip::address unmapped(const boost::asio::ip::address& address);

// Private, loopback, link-local, shared (100.64/10), multicast or
// unspecified: an address that belongs to no one's public location.
bool is_non_public(const boost::asio::ip::address& address);

}  // namespace tact::geoip
