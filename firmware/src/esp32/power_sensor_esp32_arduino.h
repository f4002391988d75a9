// Voltage through a resistor divider and current from an ACS712-type Hall
// sensor, both read with analogReadMilliVolts (the ADC's factory calibration).
#pragma once

#include <cstdint>

#include "../core/power_sensor.h"

namespace energy_node {

struct AnalogCalibration {
  float voltageDividerRatio;      // battery volts per ADC volt
  float voltageGain;              // multimeter / node, from calibration
  float currentDividerRatio;      // sensor volts per ADC volt
  float currentZeroMilliVolts;    // sensor output at 0 A
  float currentMilliVoltsPerAmp;  // sensor sensitivity
  float currentDirection;         // +1, or -1 if fitted the other way round
};

AnalogCalibration boardCalibration();

// The conversion alone, from averaged ADC millivolts to a reading.
SensorReading convertAnalogReading(float voltageAdcMilliVolts, float currentAdcMilliVolts,
                                   const AnalogCalibration& calibration);

class AnalogPowerSensor : public PowerSensor {
 public:
  explicit AnalogPowerSensor(const AnalogCalibration& calibration);

  void begin();
  // Measures the Hall sensor's zero; call with the relay open. Keeps the
  // configured zero if the measurement is implausible (returns false).
  bool calibrateZero();
  SensorReading read() override;
  float currentZeroMilliVolts() const { return calibration_.currentZeroMilliVolts; }

 private:
  float averageMilliVolts(uint8_t pin) const;

  AnalogCalibration calibration_;
};

}  // namespace energy_node
