// Host implementations of the sensor and relay interfaces: both act on the
// simulated household.
#pragma once

#include "../src/core/power_sensor.h"
#include "../src/core/relay_switch.h"
#include "household_plant.h"

namespace energy_node {

class SimulatedPowerSensor : public PowerSensor {
 public:
  explicit SimulatedPowerSensor(const HouseholdPlant& plant) : plant_(plant) {}
  SensorReading read() override;

 private:
  const HouseholdPlant& plant_;
};

class SimulatedRelay : public RelaySwitch {
 public:
  explicit SimulatedRelay(HouseholdPlant& plant) : plant_(plant) {}
  void connect(LineConnection connection) override;

 private:
  HouseholdPlant& plant_;
};

}  // namespace energy_node
