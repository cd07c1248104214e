#include "proxy/header_hygiene.hpp"

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "http_fields/cookie_pairs.hpp"
#include "signals/ascii.hpp"

namespace tact::proxy {
namespace {

namespace http = boost::beast::http;
// Inlined, unlike Beast's: these compare a few names on every request.
using signals::iequals_ascii;

bool is_hop_by_hop(http::field name) {
    switch (name) {
        case http::field::connection:
        case http::field::keep_alive:
        case http::field::te:
        case http::field::trailer:
        case http::field::transfer_encoding:
        case http::field::upgrade:
            return true;
        default:
            return false;
    }
}

bool starts_with(boost::beast::string_view name, boost::beast::string_view prefix) {
    return name.size() > prefix.size() && signals::starts_with_ascii_nocase(name, prefix);
}

// Forwarded's node syntax needs quotes around IPv6 and brackets inside them.
void append_forwarded_node(std::string& out, const ForwardingFacts& facts) {
    if (!facts.client) {
        out += "unknown";
    } else if (facts.client_is_ipv6) {
        out += "\"[";
        out += *facts.client;
        out += "]\"";
    } else {
        out += *facts.client;
    }
}

void append_forwarded_host(std::string& out, const std::string& host) {
    // A host with a port has a colon, which the token syntax forbids.
    // (A loop, not find_first_of, which calls memchr over the set per byte.)
    const bool token = !host.empty() && std::none_of(host.begin(), host.end(), [](char c) {
        return c == ':' || c == '[' || c == ']' || c == '"' || c == ' ';
    });
    if (token) {
        out += host;
        return;
    }
    out += '"';
    for (char c : host) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
}

bool is_named(std::string_view pair, std::initializer_list<std::string_view> names) {
    const auto name = http_fields::cookie_pair_name(pair);
    return !name.empty() && std::find(names.begin(), names.end(), name) != names.end();
}

bool carries_cookie(std::string_view value, std::initializer_list<std::string_view> names) {
    bool carries_one = false;
    http_fields::for_each_cookie_pair(value, [&](std::string_view pair) {
        carries_one = is_named(pair, names);
        return !carries_one;
    });
    return carries_one;
}

// Appends a Cookie field's pairs but those `names` lists to `kept`, "; " between.
void append_cookies_except(std::string& kept, std::string_view value,
                           std::initializer_list<std::string_view> names) {
    http_fields::for_each_cookie_pair(value, [&](std::string_view pair) {
        if (is_named(pair, names)) return true;
        if (!kept.empty()) kept += "; ";
        kept += pair;
        return true;
    });
}

}  // namespace

void remove_gateway_cookies(http_fields::FieldList& fields,
                            std::initializer_list<std::string_view> names,
                            http_fields::AddedFields& added) {
    // The usual case, no Cookie field carries one of ours: nothing is copied.
    const bool carries_one = std::any_of(fields.begin(), fields.end(), [&](const auto& field) {
        return field.name() == http::field::cookie && carries_cookie(field.value(), names);
    });
    if (!carries_one) return;
    // Every Cookie field then leaves for one line of what is left, so that
    // several lines (one per pair, as HTTP/2 clients send them) keep their
    // order: the origin may pick the first of two cookies of one name.
    std::string kept;
    fields.erase_if([&](const http_fields::FieldList::Field& field) {
        if (field.name() != http::field::cookie) return false;
        append_cookies_except(kept, field.value(), names);
        return true;
    });
    if (!kept.empty()) added.add("Cookie", kept);
}

void remove_hop_by_hop_fields(http_fields::FieldList& fields) {
    std::vector<std::string> named;
    for (const auto& field : fields) {
        if (field.name() != http::field::connection) continue;
        for (const auto& token : http::token_list(field.value()))
            // Keep-Alive goes anyway (is_hop_by_hop): most origins say just that,
            // and then no other field's name needs comparing.
            if (!iequals_ascii(token, "keep-alive")) named.emplace_back(token);
    }
    fields.erase_if([&](const auto& field) {
        if (is_hop_by_hop(field.name())) return true;
        const auto name = field.name_string();
        // (The first letter first: most names are not Proxy-*, and a browser
        // sends some twenty of them.)
        if (!name.empty() && (name.front() | 0x20) == 'p' && starts_with(name, "proxy-"))
            return true;
        return std::any_of(named.begin(), named.end(),
                           [&](const std::string& n) { return iequals_ascii(name, n); });
    });
}

void remove_gateway_fields(http_fields::FieldList& fields) {
    fields.erase_if([](const http_fields::FieldList::Field& field) {
        return starts_with(field.name_string(), "tact-");
    });
}

void add_via(http_fields::FieldList& fields, unsigned http_version,
             http_fields::AddedFields& added) {
    char hop_text[] = "1.1 tact";  // this hop, with the version it received
    hop_text[0] = static_cast<char>('0' + http_version / 10 % 10);
    hop_text[2] = static_cast<char>('0' + http_version % 10);
    std::string via;  // what earlier hops wrote, on one line or several, then this hop
    fields.erase_if([&](const auto& field) {
        if (field.name() != http::field::via) return false;
        via += field.value();
        via += ", ";
        return true;
    });
    via += hop_text;
    added.add("Via", via);
}

bool is_forwarding_claim(std::string_view name) {
    return std::any_of(kForwardingClaims.begin(), kForwardingClaims.end(),
                       [&](std::string_view claim) { return iequals_ascii(name, claim); }) ||
           std::any_of(kVisitorClaimPrefixes.begin(), kVisitorClaimPrefixes.end(),
                       [&](std::string_view prefix) {
                           return signals::starts_with_ascii_nocase(name, prefix);
                       });
}

void set_forwarding_fields(http_fields::FieldList& fields, const ForwardingFacts& facts,
                           http_fields::AddedFields& added) {
    // Whatever the client, or a CDN or balancer before the gateway, claimed
    // about the visitor goes: the origin learns the address only as
    // forwarding.client_address allows.
    fields.erase_if([](const http_fields::FieldList::Field& field) {
        if (field.name() != http::field::unknown) return field.name() == http::field::forwarded;
        return is_forwarding_claim(field.name_string());  // Beast knows none of them
    });

    const std::string_view proto = facts.https ? "https" : "http";
    if (facts.client) added.add("X-Forwarded-For", *facts.client);
    added.add("X-Forwarded-Proto", proto);
    if (!facts.host.empty()) added.add("X-Forwarded-Host", facts.host);

    std::string forwarded;
    forwarded.reserve(64 + facts.host.size());
    forwarded += "for=";
    append_forwarded_node(forwarded, facts);
    forwarded += ";proto=";
    forwarded += proto;
    if (!facts.host.empty()) {
        forwarded += ";host=";
        append_forwarded_host(forwarded, facts.host);
    }
    added.add("Forwarded", forwarded);
}

}  // namespace tact::proxy
