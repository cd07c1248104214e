// The signal families (the part of a name before the dot: "geo", "time") as
// a set, for the question "which of them does anything read?". A family no
// rule, no context header and no profile reads is not taken from the request
// at all (data minimisation, GDPR Art. 5(1)(c)), which also spares its cost.
#pragma once

#include <bitset>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace tact::signals {

enum class Family : std::size_t {
    geo,
    time,
    search,
    campaign,
    path,
    click,
    device,
    language,
    profile,
};
inline constexpr std::size_t kFamilyCount = 9;

// The family `name_or_family` belongs to ("geo" for "geo.city" and for
// "geo"), or nothing when the catalog has no such family.
std::optional<Family> family_named(std::string_view name_or_family);

// The catalog's signal names of one family.
std::span<const std::string_view> signals_of(Family family);

class FamilySet {
  public:
    static FamilySet all() { return FamilySet(std::bitset<kFamilyCount>().set()); }
    static FamilySet none() { return {}; }

    void add(Family family) { bits_.set(static_cast<std::size_t>(family)); }
    // Adds the family of a signal name or family; an unknown name adds nothing.
    void add(std::string_view name_or_family) {
        if (const auto family = family_named(name_or_family)) add(*family);
    }
    void remove(Family family) { bits_.reset(static_cast<std::size_t>(family)); }
    bool contains(Family family) const { return bits_.test(static_cast<std::size_t>(family)); }
    // Every family this set lacks.
    FamilySet others() const { return FamilySet(~bits_); }

    friend bool operator==(const FamilySet&, const FamilySet&) = default;

  private:
    FamilySet() = default;
    explicit FamilySet(std::bitset<kFamilyCount> bits) : bits_(bits) {}

    std::bitset<kFamilyCount> bits_;
};

}  // namespace tact::signals
