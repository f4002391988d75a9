// Voltage through a resistor divider and currents from ACS712-type Hall
// sensors, read with analogReadMilliVolts (the ADC's factory calibration):
// the line current (the trades' meter) and, for the household figures, the
// battery current and the PV charge current.
#pragma once

#include <cstdint>

#include "../core/power_sensor.h"

namespace energy_node {

struct AnalogCalibration {
  float voltageDividerRatio;      // battery volts per ADC volt
  float voltageGain;              // multimeter / node, from calibration
  float currentDividerRatio;      // sensor volts per ADC volt
  float currentZeroMilliVolts;    // line sensor output at 0 A
  float currentMilliVoltsPerAmp;  // sensor sensitivity
  float currentDirection;         // +1, or -1 if fitted the other way round
  float batteryZeroMilliVolts;    // battery sensor output at 0 A
  float batteryDirection;
  float pvZeroMilliVolts;         // PV sensor output at 0 A
  float pvDirection;
};

AnalogCalibration boardCalibration();

// The conversion alone, from averaged ADC millivolts to a reading.
SensorReading convertAnalogReading(float voltageAdcMilliVolts, float currentAdcMilliVolts,
                                   const AnalogCalibration& calibration);
// A Hall sensor's ADC millivolts to milliamps.
int32_t convertCurrent(float adcMilliVolts, float zeroMilliVolts, float direction,
                       const AnalogCalibration& calibration);

// The household around the node at one instant.
struct HouseholdReading {
  int32_t batteryMilliVolts = 0;
  int32_t batteryMilliAmps = 0;  // discharge positive
  int32_t pvMilliAmps = 0;       // charge current from the PV controller
};

class AnalogPowerSensor : public PowerSensor {
 public:
  explicit AnalogPowerSensor(const AnalogCalibration& calibration);

  void begin();
  // Measures the Hall sensors' zeros; call with the relays open and, for the
  // PV sensor, at night or with PV disconnected (else its zero is kept).
  // Keeps a configured zero whose measurement is implausible (returns false).
  bool calibrateZero();
  SensorReading read() override;
  HouseholdReading readHousehold(int32_t batteryMilliVolts);
  float currentZeroMilliVolts() const { return calibration_.currentZeroMilliVolts; }

 private:
  float averageMilliVolts(uint8_t pin) const;
  bool measureZero(uint8_t pin, float& zero) const;

  AnalogCalibration calibration_;
};

}  // namespace energy_node
