#include "proxy/header_hygiene.hpp"

#include <array>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <string_view>
#include <vector>

namespace tact::proxy {
namespace {

namespace http = boost::beast::http;
using boost::beast::iequals;

constexpr std::array<http::field, 6> kHopByHop{
    http::field::connection, http::field::keep_alive,        http::field::te,
    http::field::trailer,    http::field::transfer_encoding, http::field::upgrade};

bool starts_with(boost::beast::string_view name, boost::beast::string_view prefix) {
    return name.size() > prefix.size() && iequals(name.substr(0, prefix.size()), prefix);
}

// Forwarded's node syntax needs quotes around IPv6 and brackets inside them.
std::string forwarded_node(const ForwardingFacts& facts) {
    if (!facts.client) return "unknown";
    if (facts.client_is_ipv6) return "\"[" + *facts.client + "]\"";
    return *facts.client;
}

std::string forwarded_host(const std::string& host) {
    // A host with a port has a colon, which the token syntax forbids.
    if (host.find_first_of(":[]\" ") == std::string::npos && !host.empty()) return host;
    std::string quoted = "\"";
    for (char c : host) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "\"";
}

}  // namespace

void remove_hop_by_hop_fields(http::fields& fields) {
    std::vector<std::string> named;
    for (const auto& field : fields) {
        if (field.name() != http::field::connection) continue;
        for (const auto& token : http::token_list(field.value())) named.emplace_back(token);
    }
    for (const auto& name : named) fields.erase(name);
    for (auto field : kHopByHop) fields.erase(field);
    for (auto it = fields.begin(); it != fields.end();) {
        it = starts_with(it->name_string(), "proxy-") ? fields.erase(it) : std::next(it);
    }
}

void remove_gateway_fields(http::fields& fields) {
    for (auto it = fields.begin(); it != fields.end();)
        it = starts_with(it->name_string(), "tact-") ? fields.erase(it) : std::next(it);
}

void add_via(http::fields& fields, unsigned http_version) {
    std::string hop =
        std::to_string(http_version / 10) + "." + std::to_string(http_version % 10) + " tact";
    auto existing = fields[http::field::via];
    fields.set(http::field::via, existing.empty() ? hop : std::string(existing) + ", " + hop);
}

void set_forwarding_fields(http::fields& fields, const ForwardingFacts& facts) {
    fields.erase(http::field::forwarded);
    fields.erase("X-Forwarded-For");
    fields.erase("X-Forwarded-Proto");
    fields.erase("X-Forwarded-Host");
    fields.erase("X-Real-IP");

    const char* proto = facts.https ? "https" : "http";
    if (facts.client) fields.set("X-Forwarded-For", *facts.client);
    fields.set("X-Forwarded-Proto", proto);
    if (!facts.host.empty()) fields.set("X-Forwarded-Host", facts.host);

    std::string forwarded = "for=" + forwarded_node(facts) + ";proto=" + proto;
    if (!facts.host.empty()) forwarded += ";host=" + forwarded_host(facts.host);
    fields.set(http::field::forwarded, forwarded);
}

}  // namespace tact::proxy
