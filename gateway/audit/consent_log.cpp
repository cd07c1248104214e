#include "audit/consent_log.hpp"

#include <date/date.h>
#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace tact::audit {

std::string format_consent_record(const consent::ConsentRecord& record,
                                  const consent::ConsentAction& action) {
    nlohmann::json purposes = nlohmann::json::object();
    for (const auto& [id, choice] : record.purposes)
        purposes[id] = choice == consent::Choice::granted ? "granted" : "refused";
    const nlohmann::json line{{"time", date::format("%FT%TZ", record.decided_at)},
                              {"receipt", record.receipt_id},
                              {"action", action.name},
                              {"method", record.method},
                              {"jurisdiction", action.jurisdiction},
                              {"language", action.language},
                              {"ui_version", action.ui_version},
                              {"policy", record.policy_id},
                              {"policy_hash", record.policy_hash},
                              {"purposes_hash", record.purposes_hash},
                              {"purposes", purposes}};
    return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

FileConsentLog::FileConsentLog(std::string path)
    : fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)) {}

FileConsentLog::~FileConsentLog() {
    if (fd_ >= 0) ::close(fd_);
}

bool FileConsentLog::append(const consent::ConsentRecord& record,
                            const consent::ConsentAction& action) {
    const auto line = format_consent_record(record, action);
    std::lock_guard lock(mutex_);
    if (fd_ < 0) return false;
    std::size_t written = 0;
    while (written < line.size()) {
        const auto n = ::write(fd_, line.data() + written, line.size() - written);
        if (n <= 0) return false;
        written += static_cast<std::size_t>(n);
    }
    return ::fdatasync(fd_) == 0;
}

}  // namespace tact::audit
