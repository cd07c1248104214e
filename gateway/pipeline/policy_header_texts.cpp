#include "pipeline/policy_header_texts.hpp"

#include <functional>
#include <utility>

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

PolicyHeaderCache::PolicyHeaderCache(std::shared_ptr<const policy::PolicySet> policies)
    : set_(std::move(policies)) {
    texts_.reserve(set_->policies().size());
    for (const auto& policy : set_->policies()) {
        consent::ConsentState no_choice, no_choice_with_gpc;
        no_choice_with_gpc.gpc = true;
        texts_.push_back({policy_item_start(policy),
                          {consent_dictionary(policy, no_choice),
                           consent_dictionary(policy, no_choice_with_gpc)}});
    }
}

const PolicyHeaderTexts* PolicyHeaderCache::find(const policy::Policy* policy) const {
    const auto& policies = set_->policies();
    // (std::less: `<` between pointers to unrelated objects is unspecified.)
    const std::less<const policy::Policy*> before;
    if (before(policy, policies.data()) || !before(policy, policies.data() + policies.size()))
        return nullptr;
    return &texts_[static_cast<std::size_t>(policy - policies.data())];
}

}  // namespace tact::pipeline
