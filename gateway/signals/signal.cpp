#include "signals/signal.hpp"

#include <algorithm>

namespace tact::signals {

std::string_view value_of(const Signals& signals, std::string_view name) {
    auto it = std::find_if(signals.begin(), signals.end(),
                           [&](const Signal& s) { return s.name == name; });
    return it == signals.end() ? std::string_view() : std::string_view(it->value);
}

}  // namespace tact::signals
