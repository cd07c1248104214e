#include "signals/signal_families.hpp"

#include <array>
#include <vector>

#include "signals/catalog.hpp"

namespace tact::signals {
namespace {

// In the enum's order.
constexpr std::array<std::string_view, kFamilyCount> kFamilyNames{
    "geo", "time", "search", "campaign", "path", "click", "device", "language", "profile"};

// The catalog's names grouped by family, once: asked on every request that
// lists the families nobody reads.
std::array<std::vector<std::string_view>, kFamilyCount> group_catalog() {
    std::array<std::vector<std::string_view>, kFamilyCount> groups;
    for (const auto& kind : signal_catalog())
        if (const auto family = family_named(kind.name))
            groups[static_cast<std::size_t>(*family)].push_back(kind.name);
    return groups;
}

}  // namespace

std::optional<Family> family_named(std::string_view name_or_family) {
    const auto family = family_of(name_or_family);
    for (std::size_t i = 0; i < kFamilyNames.size(); ++i)
        if (kFamilyNames[i] == family) return static_cast<Family>(i);
    return std::nullopt;
}

std::span<const std::string_view> signals_of(Family family) {
    static const auto groups = group_catalog();
    return groups[static_cast<std::size_t>(family)];
}

}  // namespace tact::signals
