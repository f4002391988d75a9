// The emulator's clock: simulated milliseconds since start, running
// `timeScale` times faster than real time.
#pragma once

#include <chrono>
#include <cstdint>

namespace energy_node {

class ScaledClock {
 public:
  explicit ScaledClock(double timeScale)
      : timeScale_(timeScale), start_(std::chrono::steady_clock::now()) {}

  uint64_t nowMs() const {
    const std::chrono::duration<double, std::milli> real = std::chrono::steady_clock::now() - start_;
    return uint64_t(real.count() * timeScale_);
  }

  std::chrono::steady_clock::time_point realTimeOf(uint64_t simulatedMs) const {
    return start_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                        std::chrono::duration<double, std::milli>(double(simulatedMs) / timeScale_));
  }

  double timeScale() const { return timeScale_; }

 private:
  double timeScale_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace energy_node
