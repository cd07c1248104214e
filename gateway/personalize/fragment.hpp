// A variant's content: an HTML fragment that may insert signal values, as in
// `<p>Good evening, {{geo.city}}!</p>`. Values are HTML-escaped
// (consent::append_html_escaped); a fragment
// renders only when every signal it names is used for the visit (otherwise
// its variant does not apply: a greeting never shows an empty city).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "policy/decision.hpp"

namespace tact::personalize {

class Fragment {
  public:
    Fragment() = default;
    // Splits `html` at its {{signal.name}} placeholders; throws
    // std::invalid_argument naming an unclosed or empty placeholder.
    explicit Fragment(std::string_view html);

    std::optional<std::string> render(const policy::Decision& decision) const;

    // The signals the fragment inserts, added to `names`.
    void add_signals_read(std::set<std::string>& names) const;

  private:
    struct Piece {
        std::string text;  // literal HTML, or the signal's name
        bool is_signal = false;
    };
    std::vector<Piece> pieces_;
};

}  // namespace tact::personalize
