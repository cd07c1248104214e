// tact: the command line. Each subcommand is a thin shell over a room's API.
#include <algorithm>
#include <csignal>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/allocator.hpp"
#include "cli/audit_commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/policy_commands.hpp"
#include "cli/rules_commands.hpp"
#include "cli/usage.hpp"
#include "config/config_loader.hpp"
#include "consent/ui_bundle.hpp"
#include "personalize/rules_loader.hpp"
#include "policy/policy_loader.hpp"
#include "proxy/server.hpp"

#ifndef TACT_VERSION
#define TACT_VERSION "0.0.0"
#endif

namespace tact::cli {
namespace {

constexpr std::string_view kHelpText =
    R"(tact - privacy-first consent and contextual personalization gateway

Usage:
  tact serve -c FILE          run the gateway with the configuration FILE (tact.json)
  tact config check -c FILE   validate FILE (and the policies and banner texts it names) and exit;
                              warns about banner texts an added language leaves in English
  tact policy check DIR       validate policy files and summarise them
  tact policy explain ...     what the gateway decides for one request (see tact policy --help)
  tact policy diff OLD NEW    what a policy edit changes for visitors
  tact audit verify|export|stats ...  the consent log, for auditors (see tact audit --help)
  tact rules check FILE       validate rules.json; warn about variants a policy never allows
  tact --help                 show this help
  tact --version              print the version

Signals (serve):
  SIGHUP    reload FILE; an invalid file, or one that adds or removes "consent" or
            changes a key of "consent.log", is refused and the running configuration stays
  SIGTERM   stop accepting, let requests in flight finish (timeouts.drain_ms), exit 0
  SIGINT    as SIGTERM; a second one stops at once

Exit codes:
  0  success
  1  cannot start (a port in use, a file that cannot be opened)
  2  usage error (unknown subcommand or option)
  3  invalid configuration (the message names the file, line, key and fix)

Documentation: README.md (operators), PRIVACY.md (what data is processed).
)";

int usage_error(const std::string& message) {
    return cli::usage_error("", message);
}

// Finds "-c FILE" / "--config FILE" among the arguments after the subcommand.
std::optional<std::string> config_option(const std::vector<std::string_view>& args,
                                         std::string& error) {
    std::optional<std::string> file;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "-c" || args[i] == "--config") {
            if (i + 1 >= args.size()) {
                error = "option " + std::string(args[i]) + " needs a file";
                return std::nullopt;
            }
            file = std::string(args[++i]);
        } else {
            error = "unknown option '" + std::string(args[i]) + "'";
            return std::nullopt;
        }
    }
    if (!file) error = "missing -c FILE (the gateway's tact.json)";
    return file;
}

int serve(const std::vector<std::string_view>& args) {
    std::string error;
    auto file = config_option(args, error);
    if (!file) return usage_error(error);
    // A file grown past the size limit (RLIMIT_FSIZE) must fail the write,
    // which the logs handle (the consent log answers 503), not kill the gateway.
    std::signal(SIGXFSZ, SIG_IGN);
    try {
        proxy::Server server(config::load_config_file(*file));
        return server.run();
    } catch (const config::ConfigError& e) {
        std::cerr << "tact: " << e.what() << "\n";
        return kInvalidConfig;
    } catch (const proxy::StartupError& e) {
        std::cerr << "tact: " << e.what() << "\n";
        return kCannotStart;
    }
}

int config_check(const std::vector<std::string_view>& args) {
    std::string error;
    auto file = config_option(args, error);
    if (!file) return usage_error(error);
    try {
        auto config = config::load_config_file(*file);
        if (config.policies) (void)policy::load_policy_set(config.policies->directory);
        std::vector<std::string> warnings;
        if (config.consent) warnings = consent::UiBundle::load(config.consent->ui)->warnings();
        if (config.rules) (void)personalize::load_rules(*config.rules);
        std::cout << *file << ": valid. Listens on " << config.listen.address << ":"
                  << config.listen.port << (config.listen.tls ? " (TLS)" : "") << ", forwards to "
                  << config.upstream.host << ":" << config.upstream.port
                  << ", client address to origin: "
                  << config::to_string(config.forwarding.client_address) << ".\n";
        for (const auto& warning : warnings) std::cout << "warning: " << warning << "\n";
        return kSuccess;
    } catch (const config::ConfigError& e) {
        std::cerr << "tact: " << e.what() << "\n";
        return kInvalidConfig;
    }
}

// `--help` anywhere after a subcommand (tact policy explain --help), or `-h`
// at the end, shows that command's help rather than a complaint about the
// option. (`-h` elsewhere may be a value: a folder named -h, say.)
bool asks_for_help(const std::vector<std::string_view>& args) {
    return std::find(args.begin(), args.end(), "--help") != args.end() ||
           (!args.empty() && args.back() == "-h");
}

int run(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty()) return usage_error("no subcommand given");
    const auto command = args.front();
    const std::vector<std::string_view> rest(args.begin() + 1, args.end());
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << kHelpText;
        return kSuccess;
    }
    if (command == "--version" || command == "-V") {
        std::cout << "tact " << TACT_VERSION << " (allocator: " << allocator_in_use() << ")\n";
        return kSuccess;
    }
    if (asks_for_help(rest)) {
        if (command == "policy") return policy_command({"--help"});
        if (command == "audit") return audit_command({"--help"});
        if (command == "rules") return rules_command({"--help"});
        if (command == "serve" || command == "config") {
            std::cout << kHelpText;
            return kSuccess;
        }
    }
    if (command == "serve") return serve(rest);
    if (command == "policy") return policy_command(rest);
    if (command == "audit") return audit_command(rest);
    if (command == "rules") return rules_command(rest);
    if (command == "config" && !rest.empty() && rest.front() == "check")
        return config_check({rest.begin() + 1, rest.end()});
    return usage_error("unknown subcommand '" + std::string(command) + "'");
}

}  // namespace
}  // namespace tact::cli

int main(int argc, char** argv) {
    return tact::cli::run(argc, argv);
}
