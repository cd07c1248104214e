#include "consent/noscript_form.hpp"

#include "consent/banner_layout.hpp"

namespace tact::consent {
namespace {

std::string text(const UiLanguage& language, const std::string& key) {
    const auto it = language.texts.find(key);
    return escape_html(it == language.texts.end() ? key : it->second);
}

// What the form says the visitor saw, recorded with the choice (the
// endpoint refuses a version or policy it no longer serves).
std::string shown_fields(const UiLanguage& language, const policy::Policy& policy) {
    return "<input type=\"hidden\" name=\"shown.language\" value=\"" + escape_html(language.code) +
           "\"><input type=\"hidden\" name=\"shown.ui_version\" value=\"" + language.version +
           "\"><input type=\"hidden\" name=\"shown.policy_hash\" value=\"" + policy.hash + "\">";
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

std::string noscript_form(const UiLanguage& language, const std::string& privacy_notice,
                          const policy::Policy& policy, const ConsentState& current,
                          bool banner_required) {
    const bool opt_out = policy.consent_model == policy::ConsentModel::opt_out;
    std::string html = "<noscript><div class=\"tact-noscript\" lang=\"" +
                       escape_html(language.code) + "\" dir=\"" +
                       (language.right_to_left ? "rtl" : "ltr") + "\">";
    html += banner_required
                ? "<section class=\"tact-noscript-panel\" aria-labelledby=\"tact-ns-title\">"
                : "<details class=\"tact-noscript-panel\"><summary>" +
                      text(language, opt_out ? "opt_out_link" : "settings") + "</summary>";
    html += "<h2 id=\"tact-ns-title\">" + text(language, "title") + "</h2><p>" +
            text(language, opt_out ? "opt_out_intro" : "intro") + "</p>";
    if (current.gpc && policy.gpc.honoured) html += "<p>" + text(language, "gpc_honoured") + "</p>";
    // First layer: both buttons alike.
    html += "<form method=\"post\" action=\"/__tact/consent\" class=\"tact-actions\">" +
            shown_fields(language, policy) +
            "<button class=\"tact-button\" name=\"all\" value=\"granted\">" +
            text(language, "accept_all") +
            "</button><button class=\"tact-button\" name=\"all\" value=\"refused\">" +
            text(language, "reject_all") + "</button></form>";
    // Choose: every purpose not ticked is refused.
    html += "<form method=\"post\" action=\"/__tact/consent\">" + shown_fields(language, policy) +
            "<input type=\"hidden\" name=\"all\" value=\"refused\"><fieldset "
            "class=\"tact-purposes\"><legend>" +
            text(language, "preferences_title") + "</legend>";
    for (const auto& purpose : policy.purposes)
        html += purpose_checkbox(policy, purpose, language, current);
    html +=
        "</fieldset><button class=\"tact-button\">" + text(language, "save") + "</button></form>";
    if (!current.receipt_id.empty())
        html += "<p>" + text(language, "receipt") + ": <code>" + escape_html(current.receipt_id) +
                "</code> <a href=\"/__tact/consent/receipt\">" +
                text(language, "receipt_download") + "</a></p>";
    if (!privacy_notice.empty())
        html += "<p><a href=\"" + escape_html(privacy_notice) + "\">" +
                text(language, "privacy_notice") + "</a></p>";
    html += banner_required ? "</section>" : "</details>";
    html += "</div></noscript>";
    return html;
}

}  // namespace tact::consent
