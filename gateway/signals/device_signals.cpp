#include "signals/device_signals.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <string>

#include "signals/ascii.hpp"

namespace tact::signals {
namespace {

// The pairs of adjacent bytes a text holds, each byte taken by its low five
// bits (a set of 1,024). A word with a pair the text lacks cannot be in it:
// a typical User-Agent holds few of the words below, and this rules most of
// them out without searching.
class BytePairs {
  public:
    void add(char first, char second) {
        const auto slot = slot_of(first, second);
        bits_[slot / 64] |= std::uint64_t{1} << (slot % 64);
    }
    bool may_hold(std::string_view word) const {
        for (std::size_t i = 0; i + 1 < word.size(); ++i) {
            const auto slot = slot_of(word[i], word[i + 1]);
            if (!((bits_[slot / 64] >> (slot % 64)) & 1)) return false;
        }
        return true;
    }

  private:
    static unsigned slot_of(char first, char second) {
        return (static_cast<unsigned>(first) & 31) << 5 | (static_cast<unsigned>(second) & 31);
    }
    std::array<std::uint64_t, 1024 / 64> bits_{};
};

struct LoweredText {
    std::string_view text;
    const BytePairs& pairs;

    bool contains_any(std::initializer_list<std::string_view> words) const {
        return std::any_of(words.begin(), words.end(), [&](std::string_view word) {
            return pairs.may_hold(word) && text.find(word) != std::string_view::npos;
        });
    }
};

std::string_view classify(std::string_view user_agent, std::string_view ch_ua_mobile) {
    // Lower-cased once (ASCII: User-Agent tokens are), then plain searches.
    thread_local std::string lowered;
    lowered.assign(user_agent);
    BytePairs pairs;
    char previous = 0;
    for (char& c : lowered) {
        c = ascii_lower(c);
        pairs.add(previous, c);
        previous = c;
    }
    const LoweredText ua{lowered, pairs};
    if (ua.contains_any({"bot", "crawler", "spider", "slurp", "facebookexternalhit",
                         "headlesschrome", "lighthouse", "curl/", "wget/", "python-requests"}))
        return "bot";
    // Sec-CH-UA-Mobile is a structured boolean (RFC 8941): ?1 or ?0.
    if (ch_ua_mobile == "?1") return "mobile";
    if (ua.contains_any({"ipad", "tablet", "kindle", "silk/", "playbook"})) return "tablet";
    // Android phones say "Mobile"; Android tablets do not.
    if (ua.contains_any({"android"})) return ua.contains_any({"mobile"}) ? "mobile" : "tablet";
    if (ua.contains_any({"iphone", "ipod", "mobi", "windows phone", "opera mini"})) return "mobile";
    if (ch_ua_mobile == "?0" || ua.contains_any({"windows", "macintosh", "x11", "linux", "cros"}))
        return "desktop";
    return {};
}

// What classify() reads of Sec-CH-UA-Mobile: ?1, ?0, or anything else.
unsigned hint_code(std::string_view ch_ua_mobile) {
    return ch_ua_mobile == "?1" ? 1 : ch_ua_mobile == "?0" ? 2 : 0;
}

}  // namespace

std::string_view device_class(std::string_view user_agent, std::string_view ch_ua_mobile) {
    if (user_agent.empty() && ch_ua_mobile.empty()) return {};
    // Overlong headers say nothing a short one would not: past 1 KiB is not read.
    user_agent = user_agent.substr(0, 1024);
    // Browsers send a few hundred distinct User-Agent strings between them, so
    // each thread remembers the class of the last ones it classified, by a
    // 64-bit hash of the string (never the string itself: see PRIVACY.md).
    struct Remembered {
        std::uint64_t key = 0;
        std::string_view kind;  // a literal
        bool used = false;
    };
    thread_local std::array<Remembered, 256> remembered;
    const std::uint64_t key = std::hash<std::string_view>{}(user_agent) ^
                              (std::uint64_t{hint_code(ch_ua_mobile)} * 0x9E3779B97F4A7C15u);
    auto& slot = remembered[key % remembered.size()];
    if (slot.used && slot.key == key) return slot.kind;
    const auto kind = classify(user_agent, ch_ua_mobile);
    slot = {.key = key, .kind = kind, .used = true};
    return kind;
}

void add_device_signals(Signals& out, std::string_view user_agent, std::string_view ch_ua_mobile) {
    if (auto kind = device_class(user_agent, ch_ua_mobile); !kind.empty())
        add_signal(out, "device.class", kind, Privacy::contextual, "class");
}

}  // namespace tact::signals
