#include "signals/device_signals.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "signals/ascii.hpp"

namespace tact::signals {
namespace {

bool contains_any(std::string_view text, std::initializer_list<std::string_view> words) {
    return std::any_of(words.begin(), words.end(),
                       [&](std::string_view w) { return text.find(w) != std::string_view::npos; });
}

}  // namespace

std::string_view device_class(std::string_view user_agent, std::string_view ch_ua_mobile) {
    if (user_agent.empty() && ch_ua_mobile.empty()) return {};
    // Lower-cased once (ASCII: User-Agent tokens are), then plain searches.
    thread_local std::string lowered;
    lowered.assign(user_agent.substr(0, 1024));
    for (char& c : lowered) c = ascii_lower(c);
    const std::string_view ua = lowered;
    if (contains_any(ua, {"bot", "crawler", "spider", "slurp", "facebookexternalhit",
                          "headlesschrome", "lighthouse", "curl/", "wget/", "python-requests"}))
        return "bot";
    // Sec-CH-UA-Mobile is a structured boolean (RFC 8941): ?1 or ?0.
    if (ch_ua_mobile == "?1") return "mobile";
    if (contains_any(ua, {"ipad", "tablet", "kindle", "silk/", "playbook"})) return "tablet";
    // Android phones say "Mobile"; Android tablets do not.
    if (ua.find("android") != std::string_view::npos)
        return ua.find("mobile") != std::string_view::npos ? "mobile" : "tablet";
    if (contains_any(ua, {"iphone", "ipod", "mobi", "windows phone", "opera mini"}))
        return "mobile";
    if (ch_ua_mobile == "?0" || contains_any(ua, {"windows", "macintosh", "x11", "linux", "cros"}))
        return "desktop";
    return {};
}

void add_device_signals(Signals& out, std::string_view user_agent, std::string_view ch_ua_mobile) {
    // Overlong headers say nothing a short one would not: past 1 KiB is not read.
    if (auto kind = device_class(user_agent, ch_ua_mobile); !kind.empty())
        out.emplace_back("device.class", std::string(kind), Privacy::contextual, "class");
}

}  // namespace tact::signals
