// What the consent log records of an action beside the choice itself: what
// happened, where, and which banner, in which language, the visitor answered.
#pragma once

#include <string>

namespace tact::consent {

struct ConsentAction {
    std::string name;          // given, refused, updated, withdrawn, expired-and-reasked
    std::string jurisdiction;  // "DE", "US-CA": the place whose policy governed
    std::string language;      // the banner's language ("" when not through the banner)
    std::string ui_version;    // the banner's content hash (consent/ui_bundle.hpp), or ""
};

}  // namespace tact::consent
