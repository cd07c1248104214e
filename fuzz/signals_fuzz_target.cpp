// Fuzz target for the contextual signal parsers: query strings, percent
// escapes, UTF-8 and Arabic-script text, Referer, User-Agent, Accept-Language,
// Sec-CH-UA-Mobile and Host. Malformed input must yield fewer signals, never
// a crash, an out-of-bounds read or undefined behaviour.
//
// The input is split at newlines into: target, referer, user agent,
// accept-language, client hint, host.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "signals/keyword_text.hpp"
#include "signals/visit_signals.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace tact::signals;
    static const auto settings = [] {
        auto s = SignalSettings::defaults();
        s.site_time_zone = "Europe/Berlin";
        return s;
    }();
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::array<std::string_view, 6> fields{};
    std::size_t at = 0;
    for (auto& field : fields) {
        if (at > input.size()) break;
        const auto end = std::min(input.find('\n', at), input.size());
        field = input.substr(at, end - at);
        at = end + 1;
    }
    const RequestFacts request{.target = fields[0],
                               .host = fields[5],
                               .referer = fields[1],
                               .user_agent = fields[2],
                               .ch_ua_mobile = fields[4],
                               .accept_language = fields[3]};
    const tact::geoip::Location where{.continent = "AS",
                                      .country = "IR",
                                      .subdivision = "IR-23",
                                      .city = "x",
                                      .time_zone = "Asia/Tehran",
                                      .in_eu_eea = false};
    const auto signals =
        extract_signals(request, where, std::chrono::system_clock::time_point{}, settings);
    // The normalizer on raw bytes too, not only on what a URL decodes to.
    const auto normalized = normalize_keyword_text(input);
    (void)keyword_tokens(normalized);
    return signals.size() > 1000 ? 1 : 0;
}
