// A fact about a visit, named and classed so the policy engine can allow or
// withhold it: contextual signals describe the visit, personal ones the
// person (and need consent that covers them).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tact::signals {

enum class Privacy { contextual, personal };

// `name` and `granularity` are string literals (the catalog's words), never
// request data: a request's dozens of signals then cost one string each.
struct Signal {
    std::string_view name;  // dotted: "geo.country", "time.daypart"
    std::string value;
    Privacy privacy = Privacy::contextual;
    std::string_view granularity;  // how fine the value is: "country", "city", "hour", ...

    friend bool operator==(const Signal&, const Signal&) = default;
};

using Signals = std::vector<Signal>;

// Appends a signal, its value copied straight into place (every request adds
// some twenty: a temporary string moved in each time costs more than the copy).
inline void add_signal(Signals& out, std::string_view name, std::string_view value, Privacy privacy,
                       std::string_view granularity) {
    auto& signal = out.emplace_back();
    signal.name = name;
    signal.value.assign(value);
    signal.privacy = privacy;
    signal.granularity = granularity;
}

// The same, for a value already built.
inline void add_signal(Signals& out, std::string_view name, std::string&& value, Privacy privacy,
                       std::string_view granularity) {
    auto& signal = out.emplace_back();
    signal.name = name;
    signal.value = std::move(value);
    signal.privacy = privacy;
    signal.granularity = granularity;
}

// The value of a signal by name, or "" when the visit did not yield it.
std::string_view value_of(const Signals& signals, std::string_view name);

}  // namespace tact::signals
