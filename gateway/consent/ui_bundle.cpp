#include "consent/ui_bundle.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "config/config_error.hpp"
#include "config/located_json.hpp"
#include "config/object_reader.hpp"
#include "config/text_file.hpp"
#include "consent/shipped_ui_files.hpp"
#include "policy/policy_hash.hpp"
#include "signals/ascii.hpp"
#include "signals/language_signals.hpp"

namespace tact::consent {
namespace {

constexpr std::string_view kTranslations = "translations/";
constexpr std::string_view kDefaultLanguage = "en";

std::string_view shipped(std::string_view name) {
    for (const auto& file : shipped_ui_files())
        if (file.name == name) return file.content;
    throw std::logic_error("consent-ui file missing from the build: " + std::string(name));
}

UiLanguage read_shipped_language(std::string_view code, std::string_view content) {
    UiLanguage language{
        .code = std::string(code), .right_to_left = false, .texts = {}, .version = {}};
    const auto texts = nlohmann::json::parse(content);  // kept: items() views into it
    for (const auto& [key, value] : texts.items()) language.texts[key] = value.get<std::string>();
    return language;
}

std::string read_file(const std::filesystem::path& path) {
    auto text = config::read_text_file(path);
    if (!text) throw config::ConfigError(path.string() + ": cannot be read");
    return std::move(*text);
}

// An operator's <language>.json: each key one of the shipped English keys,
// each value text; keys it leaves out keep the shipped (or English) text.
// Returns the keys it set.
std::set<std::string> apply_override(const std::filesystem::path& file, UiLanguage& language,
                                     const UiLanguage& english) {
    const auto doc = config::parse_located_json(read_file(file), file);
    if (!doc.value.is_object())
        throw config::ConfigError(file.string() +
                                  ":1: the file must be one JSON object of texts, e.g. "
                                  "{\"accept_all\": \"Accept all\"}");
    config::ObjectReader reader(doc, "", file.string());
    std::set<std::string> set;
    for (const auto& key : reader.keys()) {
        if (!english.texts.contains(key))
            reader.fail(key, "not a text of the banner",
                        "use one of the keys of consent-ui/translations/en.json");
        const auto value = reader.string(key, "write the text in quotes");
        if (key == "dir" && *value != "ltr" && *value != "rtl")
            reader.fail(key, "must be \"ltr\" or \"rtl\"", "write \"rtl\" for right-to-left");
        language.texts[key] = *value;
        set.insert(key);
    }
    return set;
}

std::string version_of(const UiLanguage& language, std::string_view script,
                       std::string_view stylesheet, const std::string& privacy_notice) {
    const nlohmann::json shown = {{"script", script},
                                  {"stylesheet", stylesheet},
                                  {"texts", language.texts},
                                  {"privacy_notice", privacy_notice}};
    return policy::canonical_hash(shown).substr(0, 32);
}

}  // namespace

std::shared_ptr<const UiBundle> UiBundle::load(const config::ConsentUi& settings) {
    auto bundle = std::make_shared<UiBundle>();
    bundle->script_ = std::string(shipped("consent.js"));
    bundle->stylesheet_ = std::string(shipped("consent.css"));
    bundle->privacy_notice_ = settings.privacy_notice;
    bundle->assets_version_ =
        policy::canonical_hash({bundle->script_, bundle->stylesheet_}).substr(0, 16);

    for (const auto& file : shipped_ui_files()) {
        if (!file.name.starts_with(kTranslations) || !file.name.ends_with(".json")) continue;
        const auto code =
            file.name.substr(kTranslations.size(), file.name.size() - kTranslations.size() - 5);
        bundle->languages_.emplace(std::string(code), read_shipped_language(code, file.content));
    }
    const UiLanguage english = bundle->languages_.at(std::string(kDefaultLanguage));
    if (settings.texts) bundle->apply_operator_texts(*settings.texts, english);
    for (auto& [code, language] : bundle->languages_) {
        language.right_to_left = language.texts["dir"] == "rtl";
        language.version =
            version_of(language, bundle->script_, bundle->stylesheet_, bundle->privacy_notice_);
    }
    return bundle;
}

// The operator's <language>.json files, in name order (so that the texts
// and the warnings come out the same on every machine). Two files may name
// one language ("pt-BR.json", "pt-br.json"): both apply.
void UiBundle::apply_operator_texts(const std::filesystem::path& folder,
                                    const UiLanguage& english) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        throw config::ConfigError(folder.string() +
                                  ": consent.ui.texts must be a folder of <language>.json "
                                  "files (e.g. de.json)");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::map<std::string, AddedLanguage> added;  // languages not shipped
    for (const auto& file : files) {
        const auto code = signals::ascii_lowered(file.stem().string());  // "pt-BR" as "pt-br"
        auto [it, is_new] = languages_.try_emplace(code);
        if (is_new) {
            it->second = english;  // a new language starts from English
            it->second.code = code;
            added.try_emplace(code);
        }
        auto translated = apply_override(file, it->second, english);
        if (const auto adding = added.find(code); adding != added.end()) {
            adding->second.files.push_back(file);
            adding->second.translated.merge(translated);
        }
    }
    for (const auto& [code, adding] : added)
        note_texts_left_in_english(languages_.at(code), adding);
}

// A language the operator added, whose files leave some texts out: the
// banner shows those in English. Worth a warning, since a text added in a
// release (a new button, a new note) reaches such a language in English.
void UiBundle::note_texts_left_in_english(const UiLanguage& language, const AddedLanguage& adding) {
    std::string files, left;
    std::size_t count = 0;
    for (const auto& file : adding.files) files += (files.empty() ? "" : " + ") + file.string();
    for (const auto& [key, text] : language.texts) {
        if (key == "dir" || adding.translated.contains(key)) continue;
        left += (left.empty() ? "" : ", ") + key;
        ++count;
    }
    if (count == 0) return;
    warnings_.push_back(files + ": " + std::to_string(count) + " of " +
                        std::to_string(language.texts.size() - 1) + " texts of the \"" +
                        language.code + "\" banner stay in English (" + left +
                        "): add them to the file to translate them");
}

const UiLanguage* UiBundle::find(std::string_view code) const {
    const auto it = languages_.find(code);
    return it == languages_.end() ? nullptr : &it->second;
}

const UiLanguage& UiBundle::language_for(std::string_view accept_language) const {
    for (const auto& accepted : signals::accepted_languages(accept_language)) {
        const auto tag = signals::ascii_lowered(accepted);
        if (const auto* exact = find(tag)) return *exact;
        if (const auto* primary = find(std::string_view(tag).substr(0, tag.find('-'))))
            return *primary;
    }
    return *find(kDefaultLanguage);
}

}  // namespace tact::consent
