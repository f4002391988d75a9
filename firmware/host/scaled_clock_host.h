// The emulator's clock: simulated milliseconds, running `timeScale` times
// faster than real time. With an epoch (--epoch-ms, a Unix time in ms shared
// by every emulator of a community) it reads (now - epoch) x timeScale, so
// all households see the same time of day and the shared line's two ends
// agree; a restarted emulator carries on the same clock. It never starts
// before `notBeforeMs` (the latest time in the state file), so trade times
// keep increasing across restarts.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>

namespace energy_node {

class ScaledClock {
 public:
  ScaledClock(double timeScale, std::optional<int64_t> epochUnixMs = std::nullopt, uint64_t notBeforeMs = 0)
      : timeScale_(timeScale), start_(std::chrono::steady_clock::now()) {
    uint64_t startMs = notBeforeMs;
    if (epochUnixMs) {
      const int64_t unixNowMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
      const double sinceEpoch = double(std::max<int64_t>(0, unixNowMs - *epochUnixMs)) * timeScale;
      startMs = std::max<uint64_t>(startMs, uint64_t(sinceEpoch));
    }
    startMs_ = startMs;
  }

  uint64_t nowMs() const { return startMs_ + uptimeMs(); }
  // Simulated milliseconds since this process started.
  uint64_t uptimeMs() const {
    const std::chrono::duration<double, std::milli> real = std::chrono::steady_clock::now() - start_;
    return uint64_t(real.count() * timeScale_);
  }
  uint64_t startMs() const { return startMs_; }

  std::chrono::steady_clock::time_point realTimeOf(uint64_t simulatedMs) const {
    const double sinceStart = simulatedMs > startMs_ ? double(simulatedMs - startMs_) : 0.0;
    return start_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                        std::chrono::duration<double, std::milli>(sinceStart / timeScale_));
  }

  double timeScale() const { return timeScale_; }

 private:
  double timeScale_;
  std::chrono::steady_clock::time_point start_;
  uint64_t startMs_ = 0;
};

}  // namespace energy_node
