// The marketers' file, rules.json, as loaded: slots of the page and their
// variants, each with a condition over signals and the content it puts in
// the slot. The first variant that applies wins; none keeps the page's own.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "personalize/condition.hpp"
#include "personalize/fragment.hpp"

namespace tact::personalize {

struct Variant {
    std::string id;
    std::optional<Condition> when;  // absent: always applies (a slot's default)
    Fragment content;
    std::set<std::string> signals_read;  // by the condition and the content
    int line = 0;                        // in rules.json, for explanations and warnings
};

struct Slot {
    std::string name;  // the page's data-tact-slot="name"
    std::vector<Variant> variants;
};

struct Rules {
    std::filesystem::path file;
    std::vector<Slot> slots;
};

}  // namespace tact::personalize
