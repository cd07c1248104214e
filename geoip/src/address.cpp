#include "geoip/address.hpp"

namespace tact::geoip {
namespace {

namespace ip = boost::asio::ip;

bool in_v4(const ip::address_v4& a, std::uint32_t network, int bits) {
    const auto mask = bits == 0 ? 0u : ~0u << (32 - bits);
    return (a.to_uint() & mask) == network;
}

}  // namespace

ip::address unmapped(const ip::address& a) {
    if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, a.to_v6());
    return a;
}

bool is_non_public(const ip::address& address) {
    const auto a = unmapped(address);
    if (a.is_unspecified() || a.is_loopback() || a.is_multicast()) return true;
    if (a.is_v4()) {
        const auto v4 = a.to_v4();
        return in_v4(v4, 0x0A000000, 8) || in_v4(v4, 0xAC100000, 12) || in_v4(v4, 0xC0A80000, 16) ||
               in_v4(v4, 0xA9FE0000, 16) || in_v4(v4, 0x64400000, 10) || in_v4(v4, 0x00000000, 8);
    }
    const auto bytes = a.to_v6().to_bytes();
    const bool unique_local = (bytes[0] & 0xfe) == 0xfc;                    // fc00::/7
    const bool link_local = bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80;  // fe80::/10
    return unique_local || link_local;
}

}  // namespace tact::geoip
