#include "personalize/consent_ui_markup.hpp"

#include "consent/banner_layout.hpp"
#include "consent/endpoint_paths.hpp"
#include "consent/noscript_form.hpp"

namespace tact::personalize {

std::string consent_ui_markup(const consent::UiBundle& ui, const policy::Policy& policy,
                              const consent::ConsentState& consent,
                              std::string_view accept_language) {
    const auto& version = ui.assets_version();
    std::string markup = "<link rel=\"stylesheet\" href=\"" +
                         std::string(consent::kStylesheetPath) + "?v=" + version +
                         "\"><script src=\"" + std::string(consent::kScriptPath) + "?v=" + version +
                         "\" defer></script>";
    markup += consent::noscript_form(ui.language_for(accept_language), ui.privacy_notice(), policy,
                                     consent, consent::banner_required(policy, consent));
    return markup;
}

}  // namespace tact::personalize
