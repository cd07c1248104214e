#pragma once

#include <stdexcept>
#include <string>

namespace tact::config {

// An error a person reads: "FILE:LINE: KEY: what is wrong. Fix: what to do."
class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace tact::config
