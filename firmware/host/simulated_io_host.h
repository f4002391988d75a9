// Host implementations of the sensor and relay interfaces: both act on the
// simulated battery.
#pragma once

#include "../src/core/power_sensor.h"
#include "../src/core/relay_switch.h"
#include "simulated_battery.h"

namespace energy_node {

class SimulatedPowerSensor : public PowerSensor {
 public:
  explicit SimulatedPowerSensor(const SimulatedBattery& battery) : battery_(battery) {}
  SensorReading read() override;

 private:
  const SimulatedBattery& battery_;
};

class SimulatedRelay : public RelaySwitch {
 public:
  explicit SimulatedRelay(SimulatedBattery& battery) : battery_(battery) {}
  void setClosed(bool closed) override;

 private:
  SimulatedBattery& battery_;
};

}  // namespace energy_node
