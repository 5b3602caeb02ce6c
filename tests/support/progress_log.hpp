// A Progress that remembers what a library function reported, for the tests of the importers'
// phases: each phase in the order begun, with its total and the last count passed on.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ownercare/core/progress.hpp"

namespace ownercare::test {

class ProgressLog final : public Progress {
 public:
  struct Phase {
    std::string name;
    std::optional<std::uint64_t> total;
    ProgressUnit unit = ProgressUnit::rows;
    std::uint64_t updates = 0;
    std::uint64_t last = 0;
  };

  void begin(std::string_view phase, std::optional<std::uint64_t> total,
             ProgressUnit unit) override {
    std::lock_guard lock(mutex_);
    phases_.push_back(Phase{std::string(phase), total, unit, 0, 0});
  }
  // The importers' read phase may report from a second thread.
  void update(std::string_view phase, std::uint64_t done) override {
    std::lock_guard lock(mutex_);
    for (auto& known : phases_) {
      if (known.name != phase) continue;
      ++known.updates;
      known.last = done;
    }
  }

  std::vector<Phase> phases() const {
    std::lock_guard lock(mutex_);
    return phases_;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> names;
    for (const auto& phase : phases()) names.push_back(phase.name);
    return names;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Phase> phases_;
};

}  // namespace ownercare::test
