// The body of GET /api/status.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "energy_node.h"

namespace energy_node {

// Figures only a platform knows.
struct StatusExtras {
  double timeScale = 1.0;                // the emulator's clock speed-up; 1 on the ESP32
  std::optional<double> batterySocPct;   // known to the emulator's simulated battery
};

std::string statusJson(const NodeStatus& status, uint64_t uptimeMs, uint32_t samplePeriodMs,
                       const StatusExtras& extras);

}  // namespace energy_node
