// Each catalog signal's rule in one policy (its own, else its family's),
// worked out once with what the gate asks of it on every request: the
// signal's catalog entry and how fine the rule lets it be. The gate then
// finds all of it with one probe of a small table per signal, instead of a
// search of the policy's ordered rules, a search of the catalog and two of
// the signal's granularities.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "signals/catalog.hpp"

namespace tact::policy {

struct SignalRule;

struct ResolvedSignalRule {
    std::string_view name;                      // the catalog's name (static)
    const SignalRule* rule = nullptr;           // none: the policy does not name it
    const signals::SignalKind* kind = nullptr;  // its catalog entry (static)
    bool limits_granularity = false;            // the rule names a finest granularity
    int finest_allowed = -1;  // that granularity's rank among the kind's (-1: not one of them)
};

class ResolvedSignalRules {
  public:
    ResolvedSignalRules() = default;
    // A copy starts empty: its pointers would lead into the original policy's
    // rules, which the copy's owner may change or outlive. Moving keeps them
    // (the rules' map nodes move along with the policy).
    ResolvedSignalRules(const ResolvedSignalRules&) {}
    ResolvedSignalRules& operator=(const ResolvedSignalRules&) {
        clear();
        return *this;
    }
    // The moved-from table is left empty, so that it can never answer with
    // rules that now belong to another policy.
    ResolvedSignalRules(ResolvedSignalRules&& other) noexcept
        : slots_(other.slots_), size_(other.size_) {
        other.clear();
    }
    ResolvedSignalRules& operator=(ResolvedSignalRules&& other) noexcept {
        if (this != &other) {
            slots_ = other.slots_;
            size_ = other.size_;
            other.clear();
        }
        return *this;
    }
    ~ResolvedSignalRules() = default;

    // `entry.name` must outlive this (catalog names are static). The catalog
    // has a few dozen signals; a catalog that outgrew the table is refused
    // here, when the policies load, rather than slowing every request.
    void add(const ResolvedSignalRule& entry) {
        for (auto at = slot_of(entry.name);; at = (at + 1) % kSlots) {
            if (slots_[at].name == entry.name) {
                slots_[at] = entry;
                return;
            }
            if (slots_[at].name.empty()) {
                if (size_ + 1 > kMostEntries)
                    throw std::length_error(
                        "more catalog signals than the policy's rule table holds");
                slots_[at] = entry;
                ++size_;
                return;
            }
        }
    }

    // The entry for a catalog signal, or nullptr for a name not resolved.
    // (Never full, the table always has an empty slot to end a probe.)
    const ResolvedSignalRule* find(std::string_view name) const {
        for (auto at = slot_of(name);; at = (at + 1) % kSlots) {
            const auto& slot = slots_[at];
            if (slot.name.empty()) return nullptr;
            if (same_name(slot.name, name)) return &slot;
        }
    }

    // The length and the first and last letters, weighed so that every name
    // of today's catalog has a slot of its own (a unit test checks it); a
    // name added later that shares one costs a second probe.
    static std::size_t slot_of(std::string_view name) {
        if (name.empty()) return 0;
        const auto first = static_cast<unsigned char>(name.front());
        const auto last = static_cast<unsigned char>(name.back());
        return (name.size() + 3 * last + 11 * first) % kSlots;
    }

  private:
    static constexpr std::size_t kSlots = 128;
    static constexpr std::size_t kMostEntries = kSlots / 2;  // half empty: short probes

    void clear() {
        slots_ = {};
        size_ = 0;
    }

    // The gateway's signals carry the catalog's own names (string literals
    // the linker keeps once), so most comparisons end at the pointers.
    static bool same_name(std::string_view a, std::string_view b) {
        return a.size() == b.size() &&
               (a.data() == b.data() || std::memcmp(a.data(), b.data(), a.size()) == 0);
    }

    std::array<ResolvedSignalRule, kSlots> slots_{};
    std::size_t size_ = 0;
};

}  // namespace tact::policy
