#include "signals/visit_signals.hpp"

#include <date/tz.h>

#include "signals/click_signals.hpp"
#include "signals/device_signals.hpp"
#include "signals/geo_signals.hpp"
#include "signals/keyword_signals.hpp"
#include "signals/language_signals.hpp"
#include "signals/path_signals.hpp"
#include "signals/time_signals.hpp"

namespace tact::signals {

SignalSettings SignalSettings::defaults() {
    SignalSettings settings;
    settings.site_search_parameters = default_site_search_parameters();
    return settings;
}

namespace {

// The signals read from the landing URL's query and the referring page:
// search words, campaign, click context. The query is split once (a dozen
// names are asked of it), and only when one of them is wanted.
void add_query_signals(Signals& out, const RequestFacts& request, const SignalSettings& settings,
                       const FamilySet& read) {
    const bool search = read.contains(Family::search);
    const bool campaign = read.contains(Family::campaign);
    const bool click = read.contains(Family::click);
    if (!search && !campaign && !click) return;
    const auto landing_query = query_parameters(request.target);
    if (search || campaign) {
        add_keyword_signals(out, {.landing_query = landing_query,
                                  .referer = request.referer,
                                  .site_search_parameters = settings.site_search_parameters,
                                  .search = search,
                                  .campaign = campaign});
    }
    if (click) add_click_signal(out, landing_query, settings.click_parameter);
}

}  // namespace

Signals extract_signals(const RequestFacts& request, const geoip::Location& where,
                        std::chrono::system_clock::time_point now, const SignalSettings& settings,
                        const FamilySet& read) {
    Signals out;
    out.reserve(24);
    if (read.contains(Family::geo)) add_geo_signals(out, where);
    if (read.contains(Family::time)) {
        add_time_signals(out, {.now = now,
                               .time_zone = where.time_zone,
                               .site_time_zone = settings.site_time_zone,
                               .country = where.country});
    }
    add_query_signals(out, request, settings, read);
    if (read.contains(Family::path))
        add_path_signals(
            out, {.target = request.target, .host = request.host, .referer = request.referer});
    if (read.contains(Family::device))
        add_device_signals(out, request.user_agent, request.ch_ua_mobile);
    if (read.contains(Family::language)) add_language_signals(out, request.accept_language);
    return out;
}

bool is_known_time_zone(std::string_view name) {
    try {
        return date::locate_zone(name) != nullptr;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace tact::signals
