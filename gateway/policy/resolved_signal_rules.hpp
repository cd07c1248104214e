// Each catalog signal's rule in one policy (its own, else its family's),
// worked out once, so that the gate finds it with one hash lookup per signal
// instead of two searches of the policy's ordered rules.
#pragma once

#include <optional>
#include <string_view>
#include <unordered_map>

namespace tact::policy {

struct SignalRule;

class ResolvedSignalRules {
  public:
    ResolvedSignalRules() = default;
    // A copy starts empty: its pointers would lead into the original policy's
    // rules, which the copy's owner may change or outlive. Moving keeps them
    // (the rules' map nodes move along with the policy).
    ResolvedSignalRules(const ResolvedSignalRules&) {}
    ResolvedSignalRules& operator=(const ResolvedSignalRules&) {
        rules_.clear();
        return *this;
    }
    ResolvedSignalRules(ResolvedSignalRules&&) = default;
    ResolvedSignalRules& operator=(ResolvedSignalRules&&) = default;
    ~ResolvedSignalRules() = default;

    // `name` must outlive this (catalog names are static).
    void add(std::string_view name, const SignalRule* rule) { rules_[name] = rule; }

    // The rule for a catalog signal (nullptr: none applies), or nothing for a
    // name that was not resolved.
    std::optional<const SignalRule*> find(std::string_view name) const {
        const auto it = rules_.find(name);
        if (it == rules_.end()) return std::nullopt;
        return it->second;
    }

  private:
    std::unordered_map<std::string_view, const SignalRule*> rules_;
};

}  // namespace tact::policy
