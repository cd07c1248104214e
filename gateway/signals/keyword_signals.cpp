#include "signals/keyword_signals.hpp"

#include <array>

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

// "www.google.co.uk" has the label "google"; "google.evil.example" also does,
// which is harmless: the worst case is reading its q parameter as keywords.
bool has_label(std::string_view host, std::string_view label) {
    for (std::size_t at = 0; at < host.size();) {
        const auto dot = std::min(host.find('.', at), host.size());
        if (host.substr(at, dot - at) == label && dot < host.size()) return true;
        at = dot + 1;
    }
    return false;
}

const SearchEngine* engine_of(std::string_view referer) {
    const auto host = host_of(referer);
    for (const auto& engine : kSearchEngines)
        if (has_label(host, engine.label)) return &engine;
    return nullptr;
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
    for (const auto& [name, signal] :
         {std::pair{"utm_source", "campaign.source"}, std::pair{"utm_medium", "campaign.medium"},
          std::pair{"utm_campaign", "campaign.name"}}) {
        auto value = keyword_words(parameter(name));
        if (!value.empty())
            add_signal(out, signal, std::move(value), Privacy::contextual, "campaign");
    }
}

}  // namespace tact::signals
