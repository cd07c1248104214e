#include "consent/noscript_form.hpp"

#include "consent/banner_layout.hpp"
#include "consent/endpoint_paths.hpp"

namespace tact::consent {
namespace {

std::string text(const UiLanguage& language, const std::string& key) {
    const auto it = language.texts.find(key);
    return escape_html(it == language.texts.end() ? key : it->second);
}

// lang="fa" dir="rtl": the language the forms speak, and its direction.
std::string language_attributes(const UiLanguage& language) {
    return "lang=\"" + escape_html(language.code) + "\" dir=\"" +
           (language.right_to_left ? "rtl" : "ltr") + "\"";
}

// What the form says the visitor saw, recorded with the choice (the
// endpoint refuses a version or policy it no longer serves), and the page
// to return to when the form is not on that page itself.
std::string hidden_fields(const UiLanguage& language, const policy::Policy& policy,
                          std::string_view return_to) {
    std::string html =
        "<input type=\"hidden\" name=\"shown.language\" value=\"" + escape_html(language.code) +
        "\"><input type=\"hidden\" name=\"shown.ui_version\" value=\"" + language.version +
        "\"><input type=\"hidden\" name=\"shown.policy_hash\" value=\"" + policy.hash + "\">";
    if (!return_to.empty())
        html += "<input type=\"hidden\" name=\"return\" value=\"" + escape_html(return_to) + "\">";
    return html;
}

std::string purpose_checkbox(const policy::Policy& policy, const policy::Purpose& purpose,
                             const UiLanguage& language, const ConsentState& current) {
    const std::string id = "tact-ns-" + escape_html(purpose.id);
    const bool ticked = switch_starts_ticked(policy, current, purpose);
    std::string html = "<div class=\"tact-purpose\"><input type=\"checkbox\" id=\"" + id +
                       "\" name=\"purpose." + escape_html(purpose.id) + "\" value=\"granted\"" +
                       (ticked ? " checked" : "") + (purpose.required ? " disabled" : "") +
                       "><label for=\"" + id + "\">" +
                       escape_html(policy::in_language(purpose.title, language.code));
    if (purpose.required) html += " · " + text(language, "always_on");
    // Unticked, yet in use until refused (opt-out): say so, since the box
    // alone would suggest it is off.
    if (!ticked && purpose_on(policy, current, purpose))
        html += " · " + text(language, "on_until_refused");
    html += "</label><p class=\"tact-description\">" +
            escape_html(policy::in_language(purpose.description, language.code)) + "</p></div>";
    return html;
}

}  // namespace

std::string escape_html(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    append_html_escaped(out, in);
    return out;
}

void append_html_escaped(std::string& out, std::string_view text) {
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
}

namespace {

// The forms, without the <noscript> around them.
std::string noscript_panel(const UiLanguage& language, const std::string& privacy_notice,
                           const policy::Policy& policy, const ConsentState& current,
                           bool banner_required, std::string_view return_to) {
    const bool opt_out = policy.consent_model == policy::ConsentModel::opt_out;
    std::string html = "<div class=\"tact-noscript\" " + language_attributes(language) + ">";
    html += banner_required
                ? "<section class=\"tact-noscript-panel\" aria-labelledby=\"tact-ns-title\">"
                : "<details class=\"tact-noscript-panel\"><summary>" +
                      text(language, opt_out ? "opt_out_link" : "settings") + "</summary>";
    html += "<h2 id=\"tact-ns-title\">" + text(language, "title") + "</h2><p>" +
            text(language, opt_out ? "opt_out_intro" : "intro") + "</p>";
    if (current.gpc && policy.gpc.honoured) html += "<p>" + text(language, "gpc_honoured") + "</p>";
    // First layer: both buttons alike.
    const std::string form = "<form method=\"post\" action=\"" + std::string(kConsentPath) + "\"";
    html += form + " class=\"tact-actions\">" + hidden_fields(language, policy, return_to) +
            "<button class=\"tact-button\" name=\"all\" value=\"granted\">" +
            text(language, "accept_all") +
            "</button><button class=\"tact-button\" name=\"all\" value=\"refused\">" +
            text(language, "reject_all") + "</button></form>";
    // Choose: every purpose not ticked is refused.
    html += form + ">" + hidden_fields(language, policy, return_to) +
            "<input type=\"hidden\" name=\"all\" value=\"refused\"><fieldset "
            "class=\"tact-purposes\"><legend>" +
            text(language, "preferences_title") + "</legend>";
    for (const auto& purpose : policy.purposes)
        html += purpose_checkbox(policy, purpose, language, current);
    html +=
        "</fieldset><button class=\"tact-button\">" + text(language, "save") + "</button></form>";
    if (!current.receipt_id.empty()) {
        // The link only: the id in every page's markup would travel with
        // whatever records or saves the page.
        html += "<p>" + text(language, "receipt") + ": <a href=\"" + std::string(kReceiptPath) +
                "\">" + text(language, "receipt_download") + "</a></p>";
    }
    if (!privacy_notice.empty())
        html += "<p><a href=\"" + escape_html(privacy_notice) + "\">" +
                text(language, "privacy_notice") + "</a></p>";
    html += banner_required ? "</section>" : "</details>";
    html += "</div>";
    return html;
}

}  // namespace

std::string noscript_form(const UiLanguage& language, const std::string& privacy_notice,
                          const policy::Policy& policy, const ConsentState& current,
                          bool banner_required) {
    return "<noscript>" +
           noscript_panel(language, privacy_notice, policy, current, banner_required, {}) +
           "</noscript>";
}

std::string noscript_choose_again_page(const UiLanguage& language, const UiBundle& ui,
                                       const policy::Policy& policy, const ConsentState& current,
                                       const std::string& return_to) {
    return "<!doctype html><html " + language_attributes(language) +
           "><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
           "content=\"width=device-width, initial-scale=1\"><title>" +
           text(language, "title") + "</title><link rel=\"stylesheet\" href=\"" +
           std::string(kStylesheetPath) + "?v=" + ui.assets_version() +
           "\"></head><body><div class=\"tact-noscript\"><p class=\"tact-choose-again\" "
           "role=\"alert\">" +
           text(language, "choose_again") + "</p><p class=\"tact-choose-again\"><a href=\"" +
           escape_html(return_to) + "\">" + text(language, "back_to_page") + "</a></p></div>" +
           noscript_panel(language, ui.privacy_notice(), policy, current, true, return_to) +
           "</body></html>";
}

}  // namespace tact::consent
