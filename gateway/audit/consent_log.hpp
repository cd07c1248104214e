// Where consent actions are recorded before they are acknowledged. The
// endpoints only see this interface: the tamper-evident, hash-chained log
// (its own issue) replaces the plain writer below without touching them.
#pragma once

#include <mutex>
#include <string>

#include "consent/consent_action.hpp"
#include "consent/consent_cookie.hpp"

namespace tact::audit {

class ConsentLog {
  public:
    virtual ~ConsentLog() = default;
    // Returns only once the record is durable (on disk), or false if it
    // could not be made durable: then the action must not be acknowledged.
    virtual bool append(const consent::ConsentRecord& record,
                        const consent::ConsentAction& action) = 0;
};

// JSON lines, fsync'd per record. Not yet chained or signed.
class FileConsentLog final : public ConsentLog {
  public:
    explicit FileConsentLog(std::string path);
    ~FileConsentLog() override;
    FileConsentLog(const FileConsentLog&) = delete;
    FileConsentLog& operator=(const FileConsentLog&) = delete;
    bool ok() const { return fd_ >= 0; }
    bool append(const consent::ConsentRecord& record,
                const consent::ConsentAction& action) override;

  private:
    std::mutex mutex_;
    int fd_ = -1;
};

std::string format_consent_record(const consent::ConsentRecord& record,
                                  const consent::ConsentAction& action);

}  // namespace tact::audit
