// The emulator's plant: a battery whose open-circuit voltage sags linearly
// with its charge, an internal resistance, and a constant-power load drawing
// from it while the relay is closed. When the charge is gone the battery's
// protection cuts the output, so power falls to zero as on a flat battery.
#pragma once

#include <cstdint>

#include "../src/core/energy_units.h"

namespace energy_node {

struct BatteryModel {
  double capacityWh = 100.0;
  double initialSocPct = 100.0;
  double emptyVoltage = 11.8;   // open-circuit at 0 %
  double fullVoltage = 13.4;    // open-circuit at 100 %
  double internalOhms = 0.04;
  double loadWatts = 60.0;
};

class SimulatedBattery {
 public:
  explicit SimulatedBattery(const BatteryModel& model);

  void setLoadConnected(bool connected) { loadConnected_ = connected; }
  bool loadConnected() const { return loadConnected_; }

  // Runs the battery forward to `timeMs` (simulated), draining it while the
  // load is connected. Exact for any step size.
  void advanceTo(uint64_t timeMs);

  // Terminal voltage and current now, as a sensor would read them.
  SensorReading read() const;

  double socPct() const { return 100.0 * remainingWh_ / model_.capacityWh; }
  double drawnWh() const { return drawnWh_; }
  bool isFlat() const { return remainingWh_ <= 0.0; }
  const BatteryModel& model() const { return model_; }

 private:
  double openCircuitVolts() const;
  // Voltage and current while the load draws its power; false when the
  // battery cannot supply it (flat, or the load exceeds what it can give).
  bool operatingPoint(double& volts, double& amps) const;

  BatteryModel model_;
  double remainingWh_;
  double drawnWh_ = 0.0;
  bool loadConnected_ = false;
  uint64_t timeMs_ = 0;
};

}  // namespace energy_node
