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
#include "signals/url_parts.hpp"

namespace tact::signals {

struct KeywordSources {
    // The landing URL's query, split: "/search.html?q=running+shoes&utm_source=news"
    const QueryParameters& landing_query;
    std::string_view referer;  // "https://www.google.com/search?q=..."
    const std::vector<std::string>& site_search_parameters;
    // Which of the two families anything reads: the other is not looked for.
    bool search = true;
    bool campaign = true;
};

// The default names of a site's own search parameter.
const std::vector<std::string>& default_site_search_parameters();

void add_keyword_signals(Signals& out, const KeywordSources& sources);

}  // namespace tact::signals
