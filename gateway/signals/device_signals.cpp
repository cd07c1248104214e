#include "signals/device_signals.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace tact::signals {
namespace {

bool contains_nocase(std::string_view text, std::string_view word) {
    return std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           }) != text.end();
}

bool contains_any(std::string_view text, std::initializer_list<std::string_view> words) {
    return std::any_of(words.begin(), words.end(),
                       [&](std::string_view w) { return contains_nocase(text, w); });
}

}  // namespace

std::string_view device_class(std::string_view ua, std::string_view ch_ua_mobile) {
    if (ua.empty() && ch_ua_mobile.empty()) return {};
    if (contains_any(ua, {"bot", "crawler", "spider", "slurp", "facebookexternalhit",
                          "headlesschrome", "lighthouse", "curl/", "wget/", "python-requests"}))
        return "bot";
    // Sec-CH-UA-Mobile is a structured boolean (RFC 8941): ?1 or ?0.
    if (ch_ua_mobile == "?1") return "mobile";
    if (contains_any(ua, {"ipad", "tablet", "kindle", "silk/", "playbook"})) return "tablet";
    // Android phones say "Mobile"; Android tablets do not.
    if (contains_nocase(ua, "android")) return contains_nocase(ua, "mobile") ? "mobile" : "tablet";
    if (contains_any(ua, {"iphone", "ipod", "mobi", "windows phone", "opera mini"}))
        return "mobile";
    if (ch_ua_mobile == "?0" || contains_any(ua, {"windows", "macintosh", "x11", "linux", "cros"}))
        return "desktop";
    return {};
}

void add_device_signals(Signals& out, std::string_view user_agent, std::string_view ch_ua_mobile) {
    // Overlong headers say nothing a short one would not; they are not read.
    if (user_agent.size() > 1024) user_agent = user_agent.substr(0, 1024);
    if (auto kind = device_class(user_agent, ch_ua_mobile); !kind.empty())
        out.push_back({"device.class", std::string(kind), Privacy::contextual, "class"});
}

}  // namespace tact::signals
