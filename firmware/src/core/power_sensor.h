// Voltage and current at the relay. One implementation per platform:
// src/esp32/power_sensor_esp32_arduino.cpp (ADC, divider, Hall sensor) and
// host/power_sensor_host.cpp (the simulated battery).
#pragma once

#include "energy_units.h"

namespace energy_node {

class PowerSensor {
 public:
  virtual ~PowerSensor() = default;
  virtual SensorReading read() = 0;
};

}  // namespace energy_node
