// Which address a request really came from. When Tact sits behind a load
// balancer, the peer is that balancer; the visitor's address is then taken
// from X-Forwarded-For (or Forwarded), but only when the peer is one of the
// operator's trusted proxies: anyone else could write any address there and
// choose their own location.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <vector>

#include "config/ip_network.hpp"
#include "http_fields/field_list.hpp"

namespace tact::proxy {

// Walks the forwarded chain from the nearest hop outwards and returns the
// first address not in `trusted`; the peer itself when it is not trusted,
// or when the chain holds something that is not an address.
boost::asio::ip::address originating_client(const boost::asio::ip::address& peer,
                                            const http_fields::FieldList& fields,
                                            const std::vector<config::IpNetwork>& trusted);

// Whether a trusted proxy (a balancer that ends TLS itself) says the visitor
// came over HTTPS: the last value of X-Forwarded-Proto, else the proto= of
// the last element of Forwarded, each the nearest hop's own word. From any
// other peer the claim is ignored. (Asked only when the operator says the
// balancer sets these itself: forwarding.trust_forwarded_proto.)
bool trusted_proxy_says_https(const boost::asio::ip::address& peer,
                              const http_fields::FieldList& fields,
                              const std::vector<config::IpNetwork>& trusted);

}  // namespace tact::proxy
