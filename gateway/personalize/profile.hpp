// The first-party profile a visitor may consent to (the personalization
// purpose): which sections of the site were viewed, how often, most recent
// first, and what that says of their interests (progressive profiling). It
// lives only in the visitor's own signed cookie (profile_cookie.hpp): the
// gateway keeps nothing, and without consent it is neither read nor written.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "signals/signal.hpp"

namespace tact::personalize {

struct SectionViews {
    std::string section;  // a path.section value: "shoes"
    unsigned views = 0;

    friend bool operator==(const SectionViews&, const SectionViews&) = default;
};

struct Profile {
    std::vector<SectionViews> sections;  // most recently viewed first, at most kMostSections
    unsigned page_views = 0;

    static constexpr std::size_t kMostSections = 8;
    friend bool operator==(const Profile&, const Profile&) = default;
};

// `profile` after one more page view in `section` ("" for the home page:
// counted, no section); a file name counts without its extension
// ("product.html": "product"). Names that are not short lower-case words are
// skipped, so that no free text from a URL ends up in the profile.
Profile after_page_view(Profile profile, std::string_view section);

// The personal signals it yields: profile.recent_sections (up to five,
// most recent first), profile.interests (sections viewed at least twice,
// most viewed first, up to three), profile.visits (page views); each value
// space-joined, as keyword rules read them.
void add_profile_signals(signals::Signals& out, const Profile& profile);

}  // namespace tact::personalize
