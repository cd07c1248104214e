// Every signal name Tact knows, with its privacy class and the granularities
// a policy may allow it at. Personal signals are declared here before any
// code produces them, so that a policy can name them and nothing can slip in
// as contextual.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "signals/signal.hpp"

namespace tact::signals {

struct SignalKind {
    std::string_view name;
    Privacy privacy;
    std::span<const std::string_view> granularities;  // finest last
    std::string_view produced;                        // the granularity the gateway produces it at
};

std::span<const SignalKind> signal_catalog();
// The catalog's entry for `name` (static), or null for a name it lacks.
const SignalKind* find_signal_kind(std::string_view name);
// The family of a signal name: "geo" for "geo.city".
constexpr std::string_view family_of(std::string_view name) {
    return name.substr(0, name.find('.'));
}
// Whether `name_or_family` (a policy key, an operator's list entry) stands
// for the catalog signal `name`: it is the signal itself or its family
// ("geo" for "geo.country"; "geo.c" for nothing).
constexpr bool covers(std::string_view name_or_family, std::string_view name) {
    return name.starts_with(name_or_family) &&
           (name.size() == name_or_family.size() || name[name_or_family.size()] == '.');
}
// Whether `name` is a family of the catalog ("geo", "time", "profile").
bool is_signal_family(std::string_view name);
// The catalog signals a policy key stands for: the signal itself, or every
// signal of the family it names.
std::vector<SignalKind> kinds_covered_by(std::string_view name_or_family);
// Where `granularity` sits on a signal's ladder (0 = coarsest); -1 if absent.
int granularity_rank(const SignalKind& kind, std::string_view granularity);

}  // namespace tact::signals
