// The consent banner as this gateway serves it: the shipped script,
// stylesheet and texts (consent-ui/), with the operator's own texts on top,
// and for each language a version: the content hash of everything the
// visitor is shown in it. A consent record stores that version, so the
// record proves which banner, in which words, the visitor answered.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace tact::consent {

struct UiLanguage {
    std::string code;                          // "fa"
    bool right_to_left = false;                // Persian, Arabic
    std::map<std::string, std::string> texts;  // "accept_all" -> "پذیرفتن همه"
    std::string version;                       // 32 hex: script, stylesheet, texts, notice link
};

class UiBundle {
  public:
    // Throws config::ConfigError naming the file, line and key of a bad
    // override (an unknown key, a value that is not text, "dir" not ltr/rtl).
    static std::shared_ptr<const UiBundle> load(const config::ConsentUi& settings);

    // The best language the visitor accepts (Accept-Language, RFC 9110
    // 12.5.4), by full tag then by primary language; English otherwise.
    const UiLanguage& language_for(std::string_view accept_language) const;
    const UiLanguage* find(std::string_view code) const;

    std::string_view script() const { return script_; }
    std::string_view stylesheet() const { return stylesheet_; }
    // 16 hex of the script and stylesheet, for their URLs (a new release
    // is never served from a stale browser cache).
    const std::string& assets_version() const { return assets_version_; }
    const std::string& privacy_notice() const { return privacy_notice_; }
    // What is valid but likely not meant: a language the operator added
    // whose file leaves texts in English (file, count, keys, what to do).
    const std::vector<std::string>& warnings() const { return warnings_; }

  private:
    struct AddedLanguage {  // one the operator's files add to the shipped ones
        std::vector<std::filesystem::path> files;
        std::set<std::string> translated;  // the keys those files set
    };
    void apply_operator_texts(const std::filesystem::path& folder, const UiLanguage& english);
    void note_texts_left_in_english(const UiLanguage& language, const AddedLanguage& adding);

    std::string script_, stylesheet_, assets_version_, privacy_notice_;
    std::map<std::string, UiLanguage, std::less<>> languages_;
    std::vector<std::string> warnings_;
};

}  // namespace tact::consent
