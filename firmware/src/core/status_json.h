// The body of GET /api/status. Its TypeScript twin is NodeStatus in
// src/app/nodes/node-protocol.ts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "energy_node.h"

namespace energy_node {

// The household around the node: figures only a platform knows. Unknown ones
// are null in the JSON (the board has no way to tell curtailed PV, say).
struct HouseholdFigures {
  std::optional<double> batterySocPct;
  std::optional<double> pvPowerW;
  std::optional<double> loadPowerW;
  // Load that went unserved because the battery was flat, and PV energy
  // wasted because the battery was full, since the node started counting.
  std::optional<double> unmetLoadWh;
  std::optional<double> curtailedWh;
  // The battery's usable capacity, so a client can turn the state of charge
  // into energy (an agent's reserve and target are percentages of it).
  std::optional<double> batteryCapacityWh;
  // PV energy produced and load energy asked for since the node started
  // counting: hour-by-hour figures of a community are differences of these.
  std::optional<double> pvEnergyWh;
  std::optional<double> loadEnergyWh;
};

struct StatusExtras {
  double timeScale = 1.0;  // the emulator's clock speed-up; 1 on the ESP32
  HouseholdFigures household;
};

// `clockMs` is the node clock of trade times, `uptimeMs` the time since boot.
std::string statusJson(const NodeStatus& status, uint64_t clockMs, uint64_t uptimeMs,
                       uint32_t samplePeriodMs, const StatusExtras& extras);

}  // namespace energy_node
