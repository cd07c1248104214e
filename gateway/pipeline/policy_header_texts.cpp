#include "pipeline/policy_header_texts.hpp"

#include <functional>

#include "pipeline/structured_field.hpp"
#include "policy/permit.hpp"

namespace tact::pipeline {

std::string policy_item_start(const policy::Policy& policy) {
    std::string item;
    item.reserve(64 + policy.id.size() + policy.revision.size());
    append_text_item(item, policy.id);
    item += ";revision=";
    append_string_item(item, policy.revision);
    item += ";jurisdiction=";
    return item;
}

std::string consent_dictionary(const policy::Policy& policy, const consent::ConsentState& consent) {
    std::string purposes;
    purposes.reserve(policy.purposes.size() * 24);
    for (const auto& purpose : policy.purposes) {
        if (!purposes.empty()) purposes += ", ";
        purposes += purpose.id;  // policy ids are lower-case tokens: valid dictionary keys
        purposes += '=';
        append_boolean_item(
            purposes,
            purpose.required || policy::purpose_decision(policy, consent, purpose).allows());
    }
    return purposes;
}

PolicyHeaderCache::PolicyHeaderCache(const policy::PolicySet& policies)
    : policies_(policies.policies()) {
    texts_.reserve(policies_.size());
    for (const auto& policy : policies_) {
        consent::ConsentState no_choice, no_choice_with_gpc;
        no_choice_with_gpc.gpc = true;
        texts_.push_back({policy_item_start(policy),
                          {consent_dictionary(policy, no_choice),
                           consent_dictionary(policy, no_choice_with_gpc)}});
    }
}

const PolicyHeaderTexts* PolicyHeaderCache::find(const policy::Policy* policy) const {
    // (std::less: `<` between pointers to unrelated objects is unspecified.)
    const std::less<const policy::Policy*> before;
    if (before(policy, policies_.data()) || !before(policy, policies_.data() + policies_.size()))
        return nullptr;
    return &texts_[static_cast<std::size_t>(policy - policies_.data())];
}

}  // namespace tact::pipeline
