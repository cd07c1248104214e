#include "signals/catalog.hpp"

#include <algorithm>
#include <array>

namespace tact::signals {
namespace {

constexpr std::array<std::string_view, 4> kGeo{"continent", "country", "subdivision", "city"};
// A family's signals share one ladder, so that a policy can say "time down to
// the daypart" and mean every time signal: each signal sits at its own rung.
constexpr std::array<std::string_view, 5> kTime{"season", "month", "day", "daypart", "hour"};
constexpr std::array<std::string_view, 1> kWords{"words"};
constexpr std::array<std::string_view, 1> kSource{"source"};
constexpr std::array<std::string_view, 1> kCampaign{"campaign"};
constexpr std::array<std::string_view, 2> kPath{"section", "path"};
constexpr std::array<std::string_view, 1> kLink{"link"};
constexpr std::array<std::string_view, 1> kClass{"class"};
constexpr std::array<std::string_view, 2> kLanguage{"language", "tag"};
constexpr std::array<std::string_view, 1> kProfile{"profile"};

constexpr std::array<SignalKind, 25> kCatalog{{
    {"geo.continent", Privacy::contextual, kGeo, "continent"},
    {"geo.country", Privacy::contextual, kGeo, "country"},
    {"geo.subdivision", Privacy::contextual, kGeo, "subdivision"},
    {"geo.city", Privacy::contextual, kGeo, "city"},
    {"time.hour", Privacy::contextual, kTime, "hour"},
    {"time.daypart", Privacy::contextual, kTime, "daypart"},
    {"time.weekday", Privacy::contextual, kTime, "day"},
    {"time.weekend", Privacy::contextual, kTime, "day"},
    {"time.month", Privacy::contextual, kTime, "month"},
    {"time.season", Privacy::contextual, kTime, "season"},
    {"search.keywords", Privacy::contextual, kWords, "words"},
    {"search.source", Privacy::contextual, kSource, "source"},
    {"campaign.source", Privacy::contextual, kCampaign, "campaign"},
    {"campaign.medium", Privacy::contextual, kCampaign, "campaign"},
    {"campaign.name", Privacy::contextual, kCampaign, "campaign"},
    {"path.current", Privacy::contextual, kPath, "path"},
    {"path.section", Privacy::contextual, kPath, "section"},
    {"path.referrer", Privacy::contextual, kPath, "path"},
    {"click.source", Privacy::contextual, kLink, "link"},
    {"device.class", Privacy::contextual, kClass, "class"},
    {"language.preferred", Privacy::contextual, kLanguage, "tag"},
    {"language.primary", Privacy::contextual, kLanguage, "language"},
    // From a consented first-party profile (the personalization purpose):
    // sections visited over several visits, and interests derived from them.
    {"profile.recent_sections", Privacy::personal, kProfile, "profile"},
    {"profile.interests", Privacy::personal, kProfile, "profile"},
    {"profile.visits", Privacy::personal, kProfile, "profile"},
}};

}  // namespace

std::span<const SignalKind> signal_catalog() {
    return kCatalog;
}

const SignalKind* find_signal_kind(std::string_view name) {
    const auto it = std::find_if(kCatalog.begin(), kCatalog.end(),
                                 [&](const SignalKind& k) { return k.name == name; });
    return it == kCatalog.end() ? nullptr : &*it;
}

bool is_signal_family(std::string_view name) {
    return std::any_of(kCatalog.begin(), kCatalog.end(),
                       [&](const SignalKind& k) { return family_of(k.name) == name; });
}

std::vector<SignalKind> kinds_covered_by(std::string_view name_or_family) {
    std::vector<SignalKind> kinds;
    for (const auto& kind : kCatalog)
        if (covers(name_or_family, kind.name)) kinds.push_back(kind);
    return kinds;
}

int granularity_rank(const SignalKind& kind, std::string_view granularity) {
    const auto it = std::find(kind.granularities.begin(), kind.granularities.end(), granularity);
    return it == kind.granularities.end() ? -1 : static_cast<int>(it - kind.granularities.begin());
}

}  // namespace tact::signals
