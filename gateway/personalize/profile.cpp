#include "personalize/profile.hpp"

#include <algorithm>

namespace tact::personalize {
namespace {

constexpr std::size_t kLongestSection = 32;
constexpr std::size_t kRecentSections = 5;
constexpr std::size_t kMostInterests = 3;
constexpr unsigned kViewsForInterest = 2;

bool is_section_word(std::string_view s) {
    auto ok = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    };
    return !s.empty() && s.size() <= kLongestSection && std::all_of(s.begin(), s.end(), ok);
}

std::string joined(const std::vector<std::string_view>& words) {
    std::string out;
    for (const auto word : words) {
        if (!out.empty()) out += ' ';
        out += word;
    }
    return out;
}

}  // namespace

Profile after_page_view(Profile profile, std::string_view section) {
    ++profile.page_views;
    section = section.substr(0, section.find('.'));  // "product.html" is the section "product"
    if (!is_section_word(section)) return profile;
    auto& sections = profile.sections;
    const auto it = std::find_if(sections.begin(), sections.end(),
                                 [&](const SectionViews& s) { return s.section == section; });
    SectionViews viewed{std::string(section), 0};
    if (it != sections.end()) {
        viewed = std::move(*it);
        sections.erase(it);
    }
    ++viewed.views;
    sections.insert(sections.begin(), std::move(viewed));
    if (sections.size() > Profile::kMostSections) sections.resize(Profile::kMostSections);
    return profile;
}

void add_profile_signals(signals::Signals& out, const Profile& profile) {
    using signals::Privacy;
    if (profile.page_views == 0) return;
    std::vector<std::string_view> recent;
    for (const auto& s : profile.sections)
        if (recent.size() < kRecentSections) recent.push_back(s.section);
    std::vector<const SectionViews*> by_views;
    for (const auto& s : profile.sections)
        if (s.views >= kViewsForInterest) by_views.push_back(&s);
    std::stable_sort(by_views.begin(), by_views.end(),
                     [](const SectionViews* a, const SectionViews* b) { return a->views > b->views; });
    std::vector<std::string_view> interests;
    for (const auto* s : by_views)
        if (interests.size() < kMostInterests) interests.push_back(s->section);
    if (!recent.empty())
        out.push_back({"profile.recent_sections", joined(recent), Privacy::personal, "profile"});
    if (!interests.empty())
        out.push_back({"profile.interests", joined(interests), Privacy::personal, "profile"});
    out.push_back(
        {"profile.visits", std::to_string(profile.page_views), Privacy::personal, "profile"});
}

}  // namespace tact::personalize
