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
  // Under this power for lowPowerTimeoutMs, a delivery ends `stopped`
  // (flat battery, blown fuse, cut line).
  int64_t lowPowerThresholdMicroW = 1'000'000;  // 1 W
  uint32_t lowPowerTimeoutMs = 3'000;
  // A reading above this opens the relay at once.
  int32_t maxMilliAmps = 20'000;
  // After an over-current cut the next trade waits this long, so a shorted
  // line is not switched back on ten times a second.
  uint32_t overCurrentHoldOffMs = 5'000;
  // How often the delivered figure of a running trade is checkpointed.
  uint32_t checkpointIntervalMs = 5'000;
  // Orders above this are refused as absurd (100 kWh, far beyond a household battery).
  uint64_t maxQuantityMilliWh = 100'000'000;
  size_t maxQueuedTrades = 16;
  size_t maxRememberedTrades = 100;

  bool isValid() const {
    return samplePeriodMs >= 1 && samplePeriodMs <= kMaxSamplePeriodMs && maxMilliAmps > 0 &&
           maxQuantityMilliWh >= 1 && maxQueuedTrades >= 1 && maxRememberedTrades >= 1 &&
           lowPowerTimeoutMs >= samplePeriodMs;
  }
};

}  // namespace energy_node
