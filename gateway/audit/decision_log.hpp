// The decision log: one JSON line per sampled request saying which policy
// (id and hash) governed it, for which jurisdiction, under which consent, and
// which signals were used and withheld with the reasons, and which variant
// each slot got (and which were skipped, why). Never the client
// address, cookie values or raw keywords: signal names only, unless the
// operator asks for the values of the signals that were used (contextual by
// construction: a withheld value is never written).
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "audit/line_file.hpp"
#include "consent/consent_state.hpp"
#include "personalize/slot_choice.hpp"
#include "policy/decision.hpp"

namespace tact::audit {

struct DecisionLogSettings {
    std::string path;  // "" = off, "-" = standard output
    double sample_rate = 1.0;
    bool include_values = false;
};

// Pure: the line for one decision (ends with '\n').
std::string format_decision_record(std::chrono::system_clock::time_point time,
                                   std::string_view request_id, const policy::Decision& decision,
                                   const consent::ConsentState& consent,
                                   const std::vector<personalize::SlotChoice>& choices,
                                   bool include_values);

class DecisionLog {
  public:
    // Returns false (keeping the previous file) when the path cannot be opened.
    bool configure(const DecisionLogSettings& settings);
    // The file, shared by all workers; each writes through a buffer of its
    // own (LineBuffer, made from file()).
    LineFile& file() { return file_; }
    // Samples, then writes into `lines`, a buffer of this log's file. Safe
    // from every worker thread, each with its own buffer.
    void record(const policy::Decision& decision, const consent::ConsentState& consent,
                const std::vector<personalize::SlotChoice>& choices, LineBuffer& lines);

  private:
    LineFile file_;
    std::atomic<double> sample_rate_{1.0};
    std::atomic<bool> include_values_{false};
};

}  // namespace tact::audit
