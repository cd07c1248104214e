// click.source: where on the site a link was clicked, carried by the link
// itself in a query parameter (default "tact_src", e.g. ?tact_src=hero-banner).
// The parameter is the gateway's: it is removed before the origin sees the URL.
#pragma once

#include <string>
#include <string_view>

#include "signals/signal.hpp"
#include "signals/url_parts.hpp"

namespace tact::signals {

// `landing_query`: the request target's query, split once for every signal.
void add_click_signal(Signals& out, const QueryParameters& landing_query,
                      std::string_view parameter);

}  // namespace tact::signals
