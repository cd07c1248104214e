#include "personalize/slot_choice.hpp"

namespace tact::personalize {
namespace {

constexpr std::string_view kDidNotHold = "its condition does not hold for this visit";

// The first signal `variant` reads that the Decision withheld, if any.
const policy::WithheldSignal* first_withheld(const Variant& variant,
                                             const policy::Decision& decision) {
    for (const auto& name : variant.signals_read)
        if (const auto* withheld = decision.find_withheld(name)) return withheld;
    return nullptr;
}

SlotChoice choose(const Slot& slot, const policy::Decision& decision) {
    SlotChoice choice{slot.name, {}, {}, {}};
    for (const auto& variant : slot.variants) {
        if (const auto* withheld = first_withheld(variant, decision)) {
            choice.skipped.push_back({variant.id, withheld->name, &withheld->reason});
            continue;
        }
        if (!variant.when || holds(*variant.when, decision)) {
            if (auto html = variant.content.render(decision)) {
                choice.variant = variant.id;
                choice.html = std::move(*html);
                return choice;
            }
        }
        choice.skipped.push_back({variant.id, {}, nullptr});
    }
    return choice;
}

}  // namespace

std::vector<SlotChoice> choose_variants(const Rules& rules, const policy::Decision& decision) {
    std::vector<SlotChoice> choices;
    choices.reserve(rules.slots.size());
    for (const auto& slot : rules.slots) choices.push_back(choose(slot, decision));
    return choices;
}

nlohmann::json choices_json(const std::vector<SlotChoice>& choices) {
    auto slots = nlohmann::json::object();
    for (const auto& choice : choices) {
        auto skipped = nlohmann::json::array();
        for (const auto& s : choice.skipped) {
            nlohmann::json entry{{"variant", s.variant}};
            if (s.reason) {
                entry["withheld"] = s.signal;
                entry["reason"] = s.reason->text();
            } else {
                entry["reason"] = kDidNotHold;
            }
            skipped.push_back(std::move(entry));
        }
        slots[std::string(choice.slot)] = {
            {"variant", choice.variant.empty() ? nlohmann::json() : nlohmann::json(choice.variant)},
            {"skipped", std::move(skipped)}};
    }
    return slots;
}

std::string explain(const SlotChoice& choice) {
    std::string text = "slot " + std::string(choice.slot) + ": ";
    text += choice.variant.empty() ? "the page's own content"
                                   : "variant " + std::string(choice.variant);
    for (const auto& skipped : choice.skipped) {
        text += "\n  variant " + std::string(skipped.variant) + " skipped: ";
        if (skipped.reason)
            text += "reads " + std::string(skipped.signal) + ", withheld (" +
                    skipped.reason->text() + ")";
        else
            text += kDidNotHold;
    }
    return text;
}

}  // namespace tact::personalize
