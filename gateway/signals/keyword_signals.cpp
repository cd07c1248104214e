#include "signals/keyword_signals.hpp"

#include <algorithm>
#include <array>
#include <boost/container/small_vector.hpp>

#include "signals/keyword_text.hpp"

namespace tact::signals {
namespace {

struct SearchEngine {
    std::string_view label;      // a host label: "google" matches www.google.de
    std::string_view parameter;  // where the engine puts the words
};

constexpr std::array<SearchEngine, 15> kSearchEngines{{
    {"google", "q"},
    {"bing", "q"},
    {"duckduckgo", "q"},
    {"yahoo", "p"},
    {"yandex", "text"},
    {"baidu", "wd"},
    {"ecosia", "q"},
    {"brave", "q"},
    {"startpage", "query"},
    {"qwant", "q"},
    {"ask", "q"},
    {"naver", "query"},
    {"sogou", "query"},
    {"seznam", "q"},
    {"ya", "text"},
}};

std::string_view host_of(std::string_view url) {
    const auto parts = split_absolute_url(url);
    return parts ? parts->authority.substr(0, parts->authority.find(':')) : std::string_view();
}

// The labels of a host but its last: "www.google.co.uk" has "www", "google"
// and "co"; "google.evil.example" also has "google", which is harmless: the
// worst case is reading its q parameter as keywords. Split once, then
// compared with each engine's label (splitting per engine cost a search for
// every dot fifteen times over, on every request that has a Referer).
using Labels = boost::container::small_vector<std::string_view, 8>;
Labels labels_before_the_last(std::string_view host) {
    Labels labels;
    for (std::size_t at = 0;;) {
        const auto dot = host.find('.', at);
        if (dot == std::string_view::npos) return labels;
        labels.push_back(host.substr(at, dot - at));
        at = dot + 1;
    }
}

const SearchEngine* engine_of(std::string_view referer) {
    const auto labels = labels_before_the_last(host_of(referer));
    for (const auto& engine : kSearchEngines)
        if (std::find(labels.begin(), labels.end(), engine.label) != labels.end()) return &engine;
    return nullptr;
}

void add_search_signals(Signals& out, const KeywordSources& sources) {
    auto parameter = [&](std::string_view name) {
        return query_value(sources.landing_query, name);
    };
    std::string keywords;
    std::string_view source;
    for (const auto& name : sources.site_search_parameters) {
        if (!keywords.empty()) break;
        keywords = keyword_words(parameter(name));
        source = "site";
    }
    if (keywords.empty()) keywords = keyword_words(parameter("utm_term")), source = "campaign";
    if (keywords.empty()) {
        if (const auto* engine = engine_of(sources.referer.substr(0, kMaxUrlBytes))) {
            keywords = keyword_words(query_parameter(sources.referer, engine->parameter));
            source = engine->label;
        }
    }
    if (!keywords.empty()) {
        add_signal(out, "search.keywords", std::move(keywords), Privacy::contextual, "words");
        add_signal(out, "search.source", source, Privacy::contextual, "source");
    }
}

void add_campaign_signals(Signals& out, const QueryParameters& landing_query) {
    for (const auto& [name, signal] :
         {std::pair{"utm_source", "campaign.source"}, std::pair{"utm_medium", "campaign.medium"},
          std::pair{"utm_campaign", "campaign.name"}}) {
        auto value = keyword_words(query_value(landing_query, name));
        if (!value.empty())
            add_signal(out, signal, std::move(value), Privacy::contextual, "campaign");
    }
}

}  // namespace

const std::vector<std::string>& default_site_search_parameters() {
    static const std::vector<std::string> names{"q", "s", "search", "query", "keyword"};
    return names;
}

void add_keyword_signals(Signals& out, const KeywordSources& sources) {
    // Most page views come with neither a query nor a referring page: then
    // there is no word to look for in nine places.
    if (sources.landing_query.empty() && sources.referer.empty()) return;
    if (sources.search) add_search_signals(out, sources);
    if (sources.campaign) add_campaign_signals(out, sources.landing_query);
}

}  // namespace tact::signals
