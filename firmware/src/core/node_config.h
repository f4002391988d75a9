// Settings of the node's logic. Board pins and sensor calibration are not
// here: they belong to the platform (src/esp32/board_config.h, host flags).
#pragma once

#include <cstddef>
#include <cstdint>

namespace energy_node {

constexpr uint32_t kMaxSamplePeriodMs = 100;

struct NodeConfig {
  // Fixed sampling period; at most kMaxSamplePeriodMs.
  uint32_t samplePeriodMs = 100;
  // Under this power for lowPowerTimeoutMs, an export ends `stopped`
  // (flat battery, blown fuse, cut line).
  int64_t lowPowerThresholdMicroW = 1'000'000;  // 1 W
  uint32_t lowPowerTimeoutMs = 3'000;
  // A starved export with the battery at or under this voltage ends
  // `battery-flat`; above it, `no-power` (the line, not the battery).
  int32_t batteryFlatMilliVolts = 11'850;
  // An import waits this long for power on the line, at its start and
  // whenever the power stops, before it ends `no-power`. Long, because the
  // seller's node may be restarting; the delivery service normally ends an
  // import at once when the seller's side ends (POST /api/trades/{id}/stop).
  uint32_t importIdleTimeoutMs = 600'000;
  // A reading above this opens the relay at once.
  int32_t maxMilliAmps = 20'000;
  // After an over-current cut the next trade waits this long, so a shorted
  // line is not switched back on ten times a second.
  uint32_t overCurrentHoldOffMs = 5'000;
  // How often the metered figure of a running trade is checkpointed, so a
  // restart resumes from it (flash wear bounds this on the ESP32).
  uint32_t checkpointIntervalMs = 5'000;
  // A delivery is resumed after at most this many restarts; one more ends it
  // `stopped` with reason `restart` (a node that browns out whenever the
  // relay closes would otherwise loop for ever).
  uint8_t maxResumes = 3;
  // Orders above this are refused as absurd (100 kWh, far beyond a household battery).
  uint64_t maxQuantityMilliWh = 100'000'000;
  size_t maxQueuedTrades = 16;
  size_t maxRememberedTrades = 100;

  bool isValid() const {
    return samplePeriodMs >= 1 && samplePeriodMs <= kMaxSamplePeriodMs && maxMilliAmps > 0 &&
           maxQuantityMilliWh >= 1 && maxQueuedTrades >= 1 && maxRememberedTrades >= 1 &&
           lowPowerTimeoutMs >= samplePeriodMs && importIdleTimeoutMs >= samplePeriodMs;
  }
};

}  // namespace energy_node
