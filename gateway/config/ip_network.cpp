#include "config/ip_network.hpp"

#include <charconv>
#include <string>

#include "geoip/address.hpp"

namespace tact::config {
namespace {

namespace ip = boost::asio::ip;

template <std::size_t N>
bool same_prefix(const std::array<unsigned char, N>& a, const std::array<unsigned char, N>& b,
                 unsigned bits) {
    for (std::size_t i = 0; i < N && bits > 0; ++i, bits = bits >= 8 ? bits - 8 : 0) {
        const unsigned char mask =
            bits >= 8 ? 0xff : static_cast<unsigned char>(0xff << (8 - bits));
        if ((a[i] & mask) != (b[i] & mask)) return false;
    }
    return true;
}

}  // namespace

bool IpNetwork::contains(const ip::address& address) const {
    const auto a = geoip::unmapped(address);
    if (a.is_v4() && base.is_v4())
        return same_prefix(a.to_v4().to_bytes(), base.to_v4().to_bytes(), prefix_length);
    if (a.is_v6() && base.is_v6())
        return same_prefix(a.to_v6().to_bytes(), base.to_v6().to_bytes(), prefix_length);
    return false;
}

std::optional<IpNetwork> parse_ip_network(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    boost::system::error_code ec;
    const auto base = ip::make_address(std::string(text.substr(0, slash)), ec);
    if (ec) return std::nullopt;
    unsigned prefix = 0;
    const auto bits = text.substr(slash + 1);
    auto [end, error] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
    if (error != std::errc() || end != bits.data() + bits.size() || bits.empty())
        return std::nullopt;
    if (prefix > (base.is_v4() ? 32u : 128u)) return std::nullopt;
    return IpNetwork{base, prefix};
}

}  // namespace tact::config
