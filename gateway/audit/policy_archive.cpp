#include "audit/policy_archive.hpp"

#include "config/text_file.hpp"

namespace tact::audit {
namespace {

std::filesystem::path archived_file(const std::filesystem::path& log_directory,
                                    const std::string& hash) {
    return log_directory / "policies" / (hash + ".json");
}

}  // namespace

bool archive_policies(const std::filesystem::path& log_directory,
                      const policy::PolicySet& policies) {
    std::error_code ec;
    std::filesystem::create_directories(log_directory / "policies", ec);
    bool all = !ec;
    for (const auto& policy : policies.policies()) {
        const auto target = archived_file(log_directory, policy.hash);
        if (std::filesystem::exists(target, ec)) continue;
        std::filesystem::copy_file(policy.file, target, ec);
        all = all && !ec;
    }
    return all;
}

std::optional<std::string> archived_policy(const std::filesystem::path& log_directory,
                                           const std::string& hash) {
    return config::read_text_file(archived_file(log_directory, hash));
}

}  // namespace tact::audit
