#include "cli/rules_commands.hpp"

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "cli/exit_codes.hpp"
#include "cli/usage.hpp"
#include "config/config_error.hpp"
#include "config/config_loader.hpp"
#include "personalize/rules_loader.hpp"
#include "policy/permit.hpp"
#include "policy/policy_loader.hpp"
#include "signals/catalog.hpp"

namespace tact::cli {
namespace {

constexpr std::string_view kRulesHelp = R"(Usage:
  tact rules check FILE [--policies DIR | -c tact.json]
      Validate rules.json: every slot, variant, condition, signal name and
      fragment file. Exit 0 when valid (warnings included), 1 when not (the
      message names the file, line, key and fix).
      With policies (the shipped ones by default when -c names none), also
      warn about each variant that can never match under a policy before the
      visitor consents, because it reads a signal that policy withholds.
)";

int usage(const std::string& message) {
    return cli::usage_error("rules", message);
}

// What `policy` lets a visitor's first page use, with no consent on record.
// The variant's signals are given placeholder values: what is judged is the
// name, the granularity and the consent, never a value.
const policy::WithheldSignal* withheld_before_consent(const personalize::Variant& variant,
                                                      const policy::Policy& policy,
                                                      policy::Decision& decision) {
    signals::Signals visit;
    for (const auto& name : variant.signals_read) {
        const auto kind = signals::find_signal_kind(name);
        visit.push_back({kind->name, "x", kind->privacy, kind->produced});
    }
    const std::string place = policy.applies_to.empty() ? "" : policy.applies_to.front();
    decision = policy::permit(visit, {}, {&policy, place});
    return decision.withheld.empty() ? nullptr : &decision.withheld.front();
}

int warn_never_matching(const personalize::Rules& rules, const policy::PolicySet& policies) {
    int warnings = 0;
    for (const auto& slot : rules.slots)
        for (const auto& variant : slot.variants)
            for (const auto& policy : policies.policies()) {
                policy::Decision decision;
                const auto* withheld = withheld_before_consent(variant, policy, decision);
                if (!withheld) continue;
                ++warnings;
                std::cout << rules.file.string() << ":" << variant.line << ": warning: slot "
                          << slot.name << ", variant " << variant.id
                          << " never matches before consent under " << policy.id << ": it reads "
                          << withheld->name << ", withheld (" << withheld->reason.text() << ")\n";
            }
    return warnings;
}

int check(const std::vector<std::string_view>& args) {
    std::optional<std::string> file, policies_dir, config_file;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const bool has_value = i + 1 < args.size();
        if ((args[i] == "--policies" || args[i] == "-c") && !has_value)
            return usage(std::string(args[i]) + " needs a value");
        if (args[i] == "--policies")
            policies_dir = std::string(args[++i]);
        else if (args[i] == "-c")
            config_file = std::string(args[++i]);
        else if (!args[i].starts_with('-') && !file)
            file = std::string(args[i]);
        else
            return usage("unknown argument '" + std::string(args[i]) + "'");
    }
    if (!file) return usage("check needs the rules file");
    try {
        const auto rules = personalize::load_rules(*file);
        std::size_t variants = 0;
        for (const auto& slot : rules.slots) variants += slot.variants.size();
        std::cout << *file << ": valid: " << rules.slots.size() << " slot(s), " << variants
                  << " variant(s).\n";
        if (config_file && !policies_dir) {
            const auto config = config::load_config_file(*config_file);
            if (config.policies) policies_dir = config.policies->directory.string();
        }
        if (!policies_dir && std::filesystem::is_directory(TACT_SHIPPED_POLICIES_DIR))
            policies_dir = TACT_SHIPPED_POLICIES_DIR;
        if (!policies_dir) {
            std::cout << "No policies to check the rules against: give --policies DIR.\n";
            return kSuccess;
        }
        const auto policies = policy::load_policy_set(*policies_dir);
        const auto warnings = warn_never_matching(rules, policies);
        std::cout << warnings << " warning(s) against the policies in " << *policies_dir << ".\n";
        return kSuccess;
    } catch (const config::ConfigError& e) {
        std::cerr << "tact rules check: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace

int rules_command(const std::vector<std::string_view>& args) {
    if (args.empty() || args.front() == "--help" || args.front() == "-h") {
        std::cout << kRulesHelp;
        return args.empty() ? kUsage : kSuccess;
    }
    if (args.front() == "check") return check({args.begin() + 1, args.end()});
    return usage("unknown command '" + std::string(args.front()) + "'");
}

}  // namespace tact::cli
