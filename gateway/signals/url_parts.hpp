// The few parts of a URL the signals read: its authority, its path and its
// query parameters. Every signal that reads a URL goes through here, so they
// all bound and split URLs the same way.
#pragma once

#include <boost/container/small_vector.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace tact::signals {

constexpr std::size_t kMaxUrlBytes = 4096;  // past this a URL is not read further

struct AbsoluteUrl {
    std::string_view authority;  // "shop.example:8443"
    std::string_view rest;       // from the first '/', '?' or '#': "/a/b?q=1"; may be empty
};

// "https://shop.example/a?q" -> {"shop.example", "/a?q"}; nullopt without a
// scheme, or with userinfo ("user@host"): that is no plain page address.
std::optional<AbsoluteUrl> split_absolute_url(std::string_view url);

// The query's name=value pairs, values still percent-encoded (at most 64).
// Held inline: a landing URL rarely has more than a dozen parameters.
using QueryParameters =
    boost::container::small_vector<std::pair<std::string_view, std::string_view>, 16>;
QueryParameters query_parameters(std::string_view url_or_target);

// The value of a query parameter, still percent-encoded; "" when absent.
std::string_view query_parameter(std::string_view url_or_target, std::string_view name);
// The same, from a query already split (the first pair of that name).
std::string_view query_value(const QueryParameters& parameters, std::string_view name);

// The target without any `parameter=...` in its query ("/a?x=1&tact_src=b" -> "/a?x=1").
std::string without_query_parameter(std::string_view target, std::string_view parameter);

}  // namespace tact::signals
