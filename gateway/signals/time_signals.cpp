#include "signals/time_signals.hpp"

#include <date/tz.h>

#include <array>
#include <string>

#include "geoip/country_set.hpp"

namespace tact::signals {
namespace {

const date::time_zone* locate(std::string_view name) {
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        return nullptr;  // unknown to the system's tz database
    }
}

// A zone and the UTC offset it had the last time it was asked, with the span
// of time that offset holds for (offsets change a few times a year).
struct KnownZone {
    std::string name;
    const date::time_zone* zone = nullptr;
    date::sys_seconds offset_from, offset_until;
    std::chrono::seconds offset{};

    // The local time at `now` (zone->to_local searches the zone's
    // transitions on every call; this does once per offset change).
    date::local_seconds local_time(date::sys_seconds now) {
        if (now < offset_from || now >= offset_until) {
            const auto info = zone->get_info(now);
            offset_from = info.begin, offset_until = info.end, offset = info.offset;
        }
        return date::local_seconds{now.time_since_epoch() + offset};
    }
};

KnownZone* find_zone(std::string_view name) {
    if (name.empty()) return nullptr;
    // locate_zone searches some 600 names; a site's visitors come from few
    // zones, so each thread remembers the last ones it was asked for.
    thread_local std::array<KnownZone, 8> recent;
    thread_local std::size_t next = 0;
    for (auto& known : recent)
        if (known.name == name) return known.zone ? &known : nullptr;
    auto& added = recent[next++ % recent.size()];
    added = KnownZone();
    added.name = name;
    added.zone = locate(name);
    return added.zone ? &added : nullptr;
}

// Hours 0-23 and months 1-12 as text, without formatting a number each time.
constexpr std::array<std::string_view, 24> kNumbers{"0",  "1",  "2",  "3",  "4",  "5",  "6",  "7",
                                                    "8",  "9",  "10", "11", "12", "13", "14", "15",
                                                    "16", "17", "18", "19", "20", "21", "22", "23"};

constexpr std::array<std::string_view, 7> kWeekdays{"sunday",   "monday", "tuesday", "wednesday",
                                                    "thursday", "friday", "saturday"};

}  // namespace

bool is_weekend(unsigned weekday, std::string_view country) {
    constexpr unsigned kThursday = 4, kFriday = 5, kSaturday = 6, kSunday = 0;
    // Where the weekend is not Saturday and Sunday.
    static constexpr geoip::CountrySet kFridaySaturday{
        "BD", "BH", "DZ", "EG", "IL", "IQ", "JO", "KW", "LY", "MV", "OM", "QA", "SA", "SD", "YE"};
    if (country == "IR") return weekday == kFriday;
    if (country == "AF") return weekday == kThursday || weekday == kFriday;
    if (kFridaySaturday.contains(country)) return weekday == kFriday || weekday == kSaturday;
    return weekday == kSaturday || weekday == kSunday;
}

std::string_view daypart_of(int hour) {
    if (hour < 6) return "night";
    if (hour < 12) return "morning";
    if (hour < 18) return "afternoon";
    return "evening";
}

std::string_view season_of(unsigned month, bool southern_hemisphere) {
    static constexpr std::array<std::string_view, 4> kNorth{"winter", "spring", "summer", "autumn"};
    const unsigned quarter = (month % 12) / 3;  // Dec-Feb 0, Mar-May 1, Jun-Aug 2, Sep-Nov 3
    return kNorth[(quarter + (southern_hemisphere ? 2 : 0)) % 4];
}

bool is_southern_hemisphere(std::string_view country) {
    // Countries lying wholly or mostly south of the equator.
    static constexpr geoip::CountrySet kSouth{"AO", "AR", "AU", "BO", "BR", "BW", "CL", "FJ",
                                              "LS", "MG", "MU", "MW", "MZ", "NA", "NZ", "PE",
                                              "PG", "PY", "RW", "SZ", "TZ", "UY", "ZA", "ZM"};
    return kSouth.contains(country);
}

void add_time_signals(Signals& out, const VisitClock& clock) {
    KnownZone* zone = find_zone(clock.time_zone);
    if (!zone) zone = find_zone(clock.site_time_zone);
    if (!zone) return;
    const auto local =
        zone->local_time(std::chrono::time_point_cast<std::chrono::seconds>(clock.now));
    const auto day = date::floor<date::days>(local);
    const date::year_month_day date{day};
    const date::hh_mm_ss time{local - day};
    const auto hour = static_cast<int>(time.hours().count());
    const auto weekday = date::weekday{day}.c_encoding();
    const auto month = static_cast<unsigned>(date.month());

    auto add = [&](std::string_view name, std::string_view value, std::string_view granularity) {
        add_signal(out, name, value, Privacy::contextual, granularity);
    };
    add("time.hour", kNumbers[hour], "hour");
    add("time.daypart", daypart_of(hour), "daypart");
    add("time.weekday", kWeekdays[weekday], "day");
    add("time.weekend", is_weekend(weekday, clock.country) ? "true" : "false", "day");
    add("time.month", kNumbers[month], "month");
    add("time.season", season_of(month, is_southern_hemisphere(clock.country)), "season");
}

}  // namespace tact::signals
