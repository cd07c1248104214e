#include "signals/catalog.hpp"

#include <algorithm>
#include <array>

namespace tact::signals {
namespace {

constexpr std::array<std::string_view, 4> kGeo{"continent", "country", "subdivision", "city"};
constexpr std::array<std::string_view, 1> kHour{"hour"};
constexpr std::array<std::string_view, 1> kDaypart{"daypart"};
constexpr std::array<std::string_view, 1> kDay{"day"};
constexpr std::array<std::string_view, 1> kMonth{"month"};
constexpr std::array<std::string_view, 1> kSeason{"season"};
constexpr std::array<std::string_view, 1> kWords{"words"};
constexpr std::array<std::string_view, 1> kSource{"source"};
constexpr std::array<std::string_view, 1> kCampaign{"campaign"};
constexpr std::array<std::string_view, 1> kPath{"path"};
constexpr std::array<std::string_view, 1> kSection{"section"};
constexpr std::array<std::string_view, 1> kLink{"link"};
constexpr std::array<std::string_view, 1> kClass{"class"};
constexpr std::array<std::string_view, 2> kLanguage{"language", "tag"};
constexpr std::array<std::string_view, 1> kProfile{"profile"};

constexpr std::array<SignalKind, 25> kCatalog{{
    {"geo.continent", Privacy::contextual, kGeo},
    {"geo.country", Privacy::contextual, kGeo},
    {"geo.subdivision", Privacy::contextual, kGeo},
    {"geo.city", Privacy::contextual, kGeo},
    {"time.hour", Privacy::contextual, kHour},
    {"time.daypart", Privacy::contextual, kDaypart},
    {"time.weekday", Privacy::contextual, kDay},
    {"time.weekend", Privacy::contextual, kDay},
    {"time.month", Privacy::contextual, kMonth},
    {"time.season", Privacy::contextual, kSeason},
    {"search.keywords", Privacy::contextual, kWords},
    {"search.source", Privacy::contextual, kSource},
    {"campaign.source", Privacy::contextual, kCampaign},
    {"campaign.medium", Privacy::contextual, kCampaign},
    {"campaign.name", Privacy::contextual, kCampaign},
    {"path.current", Privacy::contextual, kPath},
    {"path.section", Privacy::contextual, kSection},
    {"path.referrer", Privacy::contextual, kPath},
    {"click.source", Privacy::contextual, kLink},
    {"device.class", Privacy::contextual, kClass},
    {"language.preferred", Privacy::contextual, kLanguage},
    {"language.primary", Privacy::contextual, kLanguage},
    // From a consented first-party profile (the personalization purpose):
    // sections visited over several visits, and interests derived from them.
    {"profile.recent_sections", Privacy::personal, kProfile},
    {"profile.interests", Privacy::personal, kProfile},
    {"profile.visits", Privacy::personal, kProfile},
}};

}  // namespace

std::span<const SignalKind> signal_catalog() {
    return kCatalog;
}

std::optional<SignalKind> find_signal_kind(std::string_view name) {
    const auto it = std::find_if(kCatalog.begin(), kCatalog.end(),
                                 [&](const SignalKind& k) { return k.name == name; });
    if (it == kCatalog.end()) return std::nullopt;
    return *it;
}

}  // namespace tact::signals
