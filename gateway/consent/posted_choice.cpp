#include "consent/posted_choice.hpp"

#include <nlohmann/json.hpp>

#include "signals/keyword_text.hpp"
#include "signals/url_parts.hpp"

namespace tact::consent {
namespace {

std::optional<Choice> choice_of(std::string_view word) {
    if (word == "granted") return Choice::granted;
    if (word == "refused") return Choice::refused;
    return std::nullopt;
}

bool read_shown(const nlohmann::json& value, Shown& shown, std::string& problem) {
    if (!value.is_object()) {
        problem =
            "\"shown\" must be an object: {\"language\": ..., \"ui_version\": ..., "
            "\"policy_hash\": ...}";
        return false;
    }
    for (const auto& [key, field] : value.items()) {
        std::string* target = key == "language"      ? &shown.language
                              : key == "ui_version"  ? &shown.ui_version
                              : key == "policy_hash" ? &shown.policy_hash
                              : key == "layer"       ? &shown.layer
                                                     : nullptr;
        if (!target || !field.is_string()) {
            problem = "shown." + key +
                      ": expected \"language\", \"ui_version\", \"policy_hash\" or \"layer\" "
                      "as text";
            return false;
        }
        *target = field.get<std::string>();
    }
    return true;
}

bool read_json(std::string_view text, PostedChoice& choice, std::string& problem) {
    const auto body = nlohmann::json::parse(text, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        problem = "the body is not a JSON object";
        return false;
    }
    for (const auto& [key, value] : body.items()) {
        if (key == "shown") {
            if (!read_shown(value, choice.shown, problem)) return false;
        } else if (key == "all" && value.is_string()) {
            choice.all = value.get<std::string>();
        } else if (key == "purposes" && value.is_object()) {
            for (const auto& [id, state] : value.items()) {
                if (!state.is_string()) {
                    problem = "purposes." + id + " must be \"granted\" or \"refused\"";
                    return false;
                }
                choice.each[id] = state.get<std::string>();
            }
        } else {
            problem = "unknown key \"" + key + "\": send {\"all\": ...} or {\"purposes\": {...}}";
            return false;
        }
    }
    return true;
}

bool read_form(std::string_view text, PostedChoice& choice, std::string& problem) {
    const std::string query = "?" + std::string(text);  // the views below point into it
    for (const auto& [name, value] : signals::query_parameters(query)) {
        const auto key = signals::percent_decode(name);
        auto word = signals::percent_decode(value);
        if (key == "all")
            choice.all = std::move(word);
        else if (key.starts_with("purpose."))
            choice.each[key.substr(8)] = std::move(word);
        else if (key == "shown.language")
            choice.shown.language = std::move(word);
        else if (key == "shown.ui_version")
            choice.shown.ui_version = std::move(word);
        else if (key == "shown.policy_hash")
            choice.shown.policy_hash = std::move(word);
        else if (key == "return")
            choice.return_to = std::move(word);
        else {
            problem = "unknown field \"" + key + "\"";
            return false;
        }
    }
    return true;
}

}  // namespace

bool PostedChoice::grants_something() const {
    if (all == "granted") return true;
    for (const auto& [id, word] : each)
        if (word == "granted") return true;
    return false;
}

std::optional<PostedChoice> read_posted_choice(std::string_view content_type, std::string_view body,
                                               bool withdraw, std::string& problem) {
    PostedChoice choice;
    if (withdraw && body.empty()) return choice;  // a bare POST withdraws
    bool read = false;
    if (content_type.starts_with("application/json"))
        read = read_json(body, choice, problem);
    else if (content_type.starts_with("application/x-www-form-urlencoded"))
        read = read_form(body, choice, problem);
    else
        problem = "send application/json or a form (application/x-www-form-urlencoded)";
    if (!read) return std::nullopt;
    return choice;
}

std::optional<std::map<std::string, Choice>> resolve_answers(const policy::Policy& policy,
                                                             const PostedChoice& choice,
                                                             bool withdraw, std::string& problem) {
    std::map<std::string, Choice> answers;
    if (withdraw) {
        if (choice.all || !choice.each.empty()) {
            problem = "a withdrawal refuses everything: send no \"all\" or \"purposes\"";
            return std::nullopt;
        }
        for (const auto& p : policy.purposes)
            answers[p.id] = p.required ? Choice::granted : Choice::refused;
        return answers;
    }
    if (!choice.all && choice.each.empty()) {
        problem = "no answer: send \"all\" or \"purposes\"";
        return std::nullopt;
    }
    const auto all = choice.all ? choice_of(*choice.all) : std::nullopt;
    if (choice.all && !all) {
        problem = "\"all\" must be \"granted\" or \"refused\"";
        return std::nullopt;
    }
    for (const auto& p : policy.purposes) {
        if (p.required)
            answers[p.id] = Choice::granted;
        else if (all)
            answers[p.id] = *all;
    }
    for (const auto& [id, word] : choice.each) {
        const auto* p = policy.find_purpose(id);
        const auto c = choice_of(word);
        if (!p) {
            problem = "\"" + id + "\" is not a purpose of policy " + policy.id;
            return std::nullopt;
        }
        if (!c) {
            problem = "purposes." + id + " must be \"granted\" or \"refused\"";
            return std::nullopt;
        }
        if (p->required && *c == Choice::refused) {
            problem = "\"" + id + "\" is strictly necessary and cannot be refused";
            return std::nullopt;
        }
        answers[id] = *c;
    }
    // Purposes left unanswered by a partial choice count as refused.
    for (const auto& p : policy.purposes) answers.try_emplace(p.id, Choice::refused);
    return answers;
}

}  // namespace tact::consent
