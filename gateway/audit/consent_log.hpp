// Where consent actions are recorded before they are acknowledged. The
// consent endpoints see only this interface.
#pragma once

#include <functional>
#include <string>

#include "consent/consent_action.hpp"
#include "consent/consent_cookie.hpp"

namespace tact::audit {

class ConsentLog {
  public:
    using Done = std::function<void(bool durable)>;
    virtual ~ConsentLog() = default;
    // Records the action and calls `done` (on any thread) once it is durable
    // on disk, or with false if it could not be made durable: then the action
    // must not be acknowledged.
    virtual void append(const consent::ConsentRecord& record, const consent::ConsentAction& action,
                        Done done) = 0;
    // The latest signed checkpoint's line, for third parties to witness ("" if none).
    virtual std::string latest_checkpoint() const { return {}; }
};

// For a gateway without a consent configuration: nothing can be recorded.
class NoConsentLog final : public ConsentLog {
  public:
    void append(const consent::ConsentRecord&, const consent::ConsentAction&, Done done) override {
        done(false);
    }
};

}  // namespace tact::audit
