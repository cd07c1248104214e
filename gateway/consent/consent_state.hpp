// What a visitor has said about each purpose, as the gateway read it from the
// request (step 3 of the request path). Purposes the visitor never answered
// are absent: the policy's consent model decides what silence means.
#pragma once

#include <chrono>
#include <map>
#include <string>

namespace tact::consent {

enum class Choice { granted, refused };

struct ConsentState {
    std::map<std::string, Choice> purposes;  // purpose id -> the visitor's answer
    bool gpc = false;                        // the browser sent Sec-GPC: 1
    std::string receipt_id;                  // of the recorded choice; "" when none
    std::chrono::sys_seconds lapses_at{};    // when that choice (its cookie) lapses

    bool answered(const std::string& purpose) const { return purposes.contains(purpose); }
    bool granted(const std::string& purpose) const {
        auto it = purposes.find(purpose);
        return it != purposes.end() && it->second == Choice::granted;
    }
    bool refused(const std::string& purpose) const {
        auto it = purposes.find(purpose);
        return it != purposes.end() && it->second == Choice::refused;
    }
};

}  // namespace tact::consent
