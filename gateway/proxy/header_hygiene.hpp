// What a proxy must change in the fields it relays (RFC 9110 7.6).
#pragma once

#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "http_fields/added_fields.hpp"
#include "http_fields/field_list.hpp"

namespace tact::proxy {

// Each takes a head's fields: the client's request (a RequestHead is its own
// field list) or the origin's response.

// Removes the hop-by-hop fields (Connection, Keep-Alive, TE, Trailer,
// Transfer-Encoding, Upgrade, Proxy-*) and every field Connection names.
void remove_hop_by_hop_fields(http_fields::FieldList& fields);

// Removes every Tact-* field: only the gateway writes those (context headers),
// and the origin must be able to trust them.
void remove_gateway_fields(http_fields::FieldList& fields);

// Takes the gateway's own cookies (the consent receipt, the visitor's
// profile) out of every Cookie field: the origin learns the consent from
// Tact-Consent and the profile only as far as Tact-Context uses it. When a
// Cookie field carries one, every Cookie field leaves `fields` and what else
// they carried goes to `added` as one line, in their order; nothing left, no line.
void remove_gateway_cookies(http_fields::FieldList& fields,
                            std::initializer_list<std::string_view> names,
                            http_fields::AddedFields& added);

// Appends this hop to Via ("1.1 tact"), keeping what earlier hops wrote:
// their Via lines leave `fields` and come back as one line in `added`.
void add_via(http_fields::FieldList& fields, unsigned http_version,
             http_fields::AddedFields& added);

struct ForwardingFacts {
    std::optional<std::string> client;  // already truncated or omitted per config
    bool client_is_ipv6 = false;
    bool https = false;
    std::string host;  // the Host the client asked for
};

// The fields in which a client, a CDN or a balancer states the visitor's
// address or how they came (besides Forwarded, which Beast knows by name).
// The first three the gateway writes anew; the others carry the full address
// (or, the last two, where the visitor is) under the names CDNs and balancers
// give it, and would pass it to the origin whatever forwarding.client_address
// and the policy say.
inline constexpr std::array<std::string_view, 24> kForwardingClaims{
    "X-Forwarded-For",
    "X-Forwarded-Proto",
    "X-Forwarded-Host",
    "X-Real-IP",
    "X-Client-IP",
    "X-Cluster-Client-IP",
    "X-Originating-IP",
    "X-Original-Forwarded-For",
    "True-Client-IP",
    "CF-Connecting-IP",
    "CF-Connecting-IPv6",
    "Fastly-Client-IP",
    "X-Envoy-External-Address",
    "X-Azure-ClientIP",
    "X-Azure-SocketIP",
    "X-ProxyUser-Ip",
    "Fly-Client-IP",
    "Incap-Client-IP",
    "X-Sucuri-ClientIP",
    "X-Nf-Client-Connection-Ip",
    "X-Vercel-Forwarded-For",
    "X-Akamai-Edgescape",  // Akamai's location of the visitor
    "X-AppEngine-User-IP",
    "X-AppEngine-CityLatLong",
};

// Families of fields in which CDNs state the visitor's address or where they
// are (country, city, coordinates, postal code): the origin learns where the
// visitor is only from Tact-Context, as far as the policy allows.
inline constexpr std::array<std::string_view, 6> kVisitorClaimPrefixes{
    "CloudFront-Viewer-",  // -Address, -Country, -City, -Latitude, ...
    "CF-IP",               // CF-IPCountry, CF-IPCity, CF-IPLatitude, ...
    "CF-Region",           // CF-Region, CF-Region-Code
    "CF-Postal-Code",
    "CF-Metro-Code",
    "X-Vercel-IP-",  // -Country, -City, -Latitude, -Postal-Code, ...
};

// Whether a field is one of kForwardingClaims or of a family in
// kVisitorClaimPrefixes (ASCII case ignored).
bool is_forwarding_claim(std::string_view name);

// Replaces whatever arrived in kForwardingClaims, kVisitorClaimPrefixes and
// Forwarded (RFC 7239): neither a client's claims about itself nor the full
// address or the location a CDN put there is passed on. Those fields leave
// `fields`; the gateway's go to `added`.
void set_forwarding_fields(http_fields::FieldList& fields, const ForwardingFacts& facts,
                           http_fields::AddedFields& added);

}  // namespace tact::proxy
