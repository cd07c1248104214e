#include "pipeline/signal_readers.hpp"

namespace tact::pipeline {

signals::FamilySet families_read(const personalize::Rules* rules,
                                 const std::vector<std::string>* context_signals) {
    if (!context_signals) return signals::FamilySet::all();
    auto read = signals::FamilySet::none();
    for (const auto& entry : *context_signals) read.add(entry);
    if (rules)
        for (const auto& slot : rules->slots)
            for (const auto& variant : slot.variants)
                for (const auto& signal : variant.signals_read) read.add(signal);
    // A kept profile counts the sections of the pages viewed.
    if (read.contains(signals::Family::profile)) read.add(signals::Family::path);
    return read;
}

void withhold_unread(policy::Decision& decision, const signals::FamilySet& read) {
    decision.not_read = read.others();
    decision.not_read.remove(signals::Family::profile);
}

}  // namespace tact::pipeline
