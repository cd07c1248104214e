// What brought the visitor: search.keywords (normalized words), search.source
// (the engine, "campaign" or "site"), and campaign.source/medium/name from
// the utm_* parameters of the landing URL.
//
// Sources, most specific first: the site's own search parameter on this URL,
// utm_term, then the query of a known search engine in the Referer (most
// browsers now send only the origin, so that one is a bonus).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "signals/signal.hpp"

namespace tact::signals {

struct KeywordSources {
    std::string_view target;   // "/search.html?q=running+shoes&utm_source=news"
    std::string_view referer;  // "https://www.google.com/search?q=..."
    const std::vector<std::string>& site_search_parameters;
};

// The default names of a site's own search parameter.
const std::vector<std::string>& default_site_search_parameters();

void add_keyword_signals(Signals& out, const KeywordSources& sources);

}  // namespace tact::signals
