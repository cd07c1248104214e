#include "proxy/originating_client.hpp"

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <optional>
#include <string>

#include "signals/ascii.hpp"

namespace tact::proxy {
namespace {

namespace ip = boost::asio::ip;
namespace http = boost::beast::http;

// "192.0.2.1", "\"[2001:db8::1]:4711\"", "192.0.2.1:80" -> the address.
std::optional<ip::address> node_address(std::string_view node) {
    node = signals::trimmed_ows(node);
    if (node.size() >= 2 && node.front() == '"' && node.back() == '"')
        node = node.substr(1, node.size() - 2);
    if (!node.empty() && node.front() == '[') {
        const auto close = node.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        node = node.substr(1, close - 1);
    } else if (std::count(node.begin(), node.end(), ':') == 1) {
        node = node.substr(0, node.find(':'));  // IPv4 with a port
    }
    // make_address tries IPv6 first; most hops are IPv4, told by having no ':'.
    const std::string text(node);
    boost::system::error_code ec;
    const auto address = node.find(':') == std::string_view::npos
                             ? ip::address(ip::make_address_v4(text, ec))
                             : ip::make_address(text, ec);
    if (ec) return std::nullopt;
    return address;
}

// Every hop named, nearest last, from all X-Forwarded-For lines; else from
// the for= parameters of Forwarded (RFC 7239). A few hops fit in place.
using Chain = boost::container::small_vector<std::string_view, 4>;
Chain forwarded_chain(const http_fields::FieldList& fields) {
    Chain chain;
    for (const auto& field : fields) {
        if (!signals::iequals_ascii(field.name_string(), "X-Forwarded-For")) continue;
        std::string_view list = field.value();
        for (std::size_t at = 0; at <= list.size();) {
            const auto comma = std::min(list.find(',', at), list.size());
            chain.push_back(list.substr(at, comma - at));
            at = comma + 1;
        }
    }
    if (!chain.empty()) return chain;
    for (const auto& field : fields) {
        if (field.name() != http::field::forwarded) continue;
        std::string_view list = field.value();
        for (std::size_t at = 0; at < list.size();) {
            auto end = std::min(list.find_first_of(",;", at), list.size());
            auto pair = signals::trimmed_ows(list.substr(at, end - at));
            if (pair.size() > 4 && signals::starts_with_ascii_nocase(pair, "for="))
                chain.push_back(pair.substr(4));
            at = end + 1;
        }
    }
    return chain;
}

bool is_trusted(const ip::address& address, const std::vector<config::IpNetwork>& trusted) {
    return std::any_of(trusted.begin(), trusted.end(),
                       [&](const auto& n) { return n.contains(address); });
}

// The last item of a comma-separated list, without the spaces around it.
std::string_view last_item(std::string_view list) {
    const auto comma = list.rfind(',');
    return signals::trimmed_ows(comma == std::string_view::npos ? list : list.substr(comma + 1));
}

// The scheme the nearest proxy says the request came in with, or "".
std::string_view forwarded_scheme(const http_fields::FieldList& fields) {
    std::string_view scheme;
    for (const auto& field : fields)
        if (signals::iequals_ascii(field.name_string(), "X-Forwarded-Proto"))
            scheme = last_item(field.value());
    if (!scheme.empty()) return scheme;
    std::string_view nearest;  // Forwarded's last element, over all its lines
    for (const auto& field : fields)
        if (field.name() == http::field::forwarded) nearest = last_item(field.value());
    for (std::size_t at = 0; at < nearest.size();) {  // pairs joined by ';'
        const auto end = std::min(nearest.find(';', at), nearest.size());
        const auto pair = signals::trimmed_ows(nearest.substr(at, end - at));
        if (pair.size() > 6 && signals::starts_with_ascii_nocase(pair, "proto=")) {
            scheme = pair.substr(6);
            if (scheme.size() >= 2 && scheme.front() == '"' && scheme.back() == '"')
                scheme = scheme.substr(1, scheme.size() - 2);
        }
        at = end + 1;
    }
    return scheme;
}

}  // namespace

bool trusted_proxy_says_https(const ip::address& peer, const http_fields::FieldList& fields,
                              const std::vector<config::IpNetwork>& trusted) {
    if (trusted.empty() || !is_trusted(peer, trusted)) return false;
    return signals::iequals_ascii(forwarded_scheme(fields), "https");
}

ip::address originating_client(const ip::address& peer, const http_fields::FieldList& fields,
                               const std::vector<config::IpNetwork>& trusted) {
    if (trusted.empty() || !is_trusted(peer, trusted)) return peer;
    const auto chain = forwarded_chain(fields);
    for (auto hop = chain.rbegin(); hop != chain.rend(); ++hop) {
        const auto address = node_address(*hop);
        if (!address) return peer;  // a trusted proxy passed on garbage: believe none of it
        if (!is_trusted(*address, trusted)) return *address;
    }
    // Every hop is trusted: the request started inside, at the farthest hop.
    if (!chain.empty())
        if (auto first = node_address(chain.front())) return *first;
    return peer;
}

}  // namespace tact::proxy
