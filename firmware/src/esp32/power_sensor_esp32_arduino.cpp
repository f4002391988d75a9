#include "power_sensor_esp32_arduino.h"

#include <Arduino.h>

#include <cmath>

#include "board_config.h"

namespace energy_node {

AnalogCalibration boardCalibration() {
  AnalogCalibration calibration;
  calibration.voltageDividerRatio =
      (board::kDividerTopOhms + board::kDividerBottomOhms) / board::kDividerBottomOhms;
  calibration.voltageGain = board::kVoltageGain;
  calibration.currentDividerRatio = (board::kCurrentDividerTopOhms + board::kCurrentDividerBottomOhms) /
                                    board::kCurrentDividerBottomOhms;
  calibration.currentZeroMilliVolts = board::kCurrentZeroMilliVolts;
  calibration.currentMilliVoltsPerAmp = board::kCurrentMilliVoltsPerAmp;
  calibration.currentDirection = board::kCurrentDirection;
  calibration.batteryZeroMilliVolts = board::kCurrentZeroMilliVolts;
  calibration.batteryDirection = board::kBatteryCurrentDirection;
  calibration.pvZeroMilliVolts = board::kCurrentZeroMilliVolts;
  calibration.pvDirection = board::kPvCurrentDirection;
  return calibration;
}

int32_t convertCurrent(float adcMilliVolts, float zeroMilliVolts, float direction,
                       const AnalogCalibration& calibration) {
  const float sensorMilliVolts = adcMilliVolts * calibration.currentDividerRatio;
  const float amps = (sensorMilliVolts - zeroMilliVolts) / calibration.currentMilliVoltsPerAmp * direction;
  return int32_t(std::lround(amps * 1000.0f));
}

SensorReading convertAnalogReading(float voltageAdcMilliVolts, float currentAdcMilliVolts,
                                   const AnalogCalibration& calibration) {
  const float batteryMilliVolts =
      voltageAdcMilliVolts * calibration.voltageDividerRatio * calibration.voltageGain;
  SensorReading reading;
  reading.milliVolts = int32_t(std::lround(batteryMilliVolts));
  reading.milliAmps = convertCurrent(currentAdcMilliVolts, calibration.currentZeroMilliVolts,
                                     calibration.currentDirection, calibration);
  return reading;
}

AnalogPowerSensor::AnalogPowerSensor(const AnalogCalibration& calibration) : calibration_(calibration) {}

void AnalogPowerSensor::begin() {
  analogReadResolution(12);
  // 11 dB: the ADC's widest range, about 0 to 3.1 V on the S3.
  analogSetAttenuation(ADC_11db);
}

float AnalogPowerSensor::averageMilliVolts(uint8_t pin) const {
  uint32_t sum = 0;
  for (int i = 0; i < board::kAdcSamplesPerReading; ++i) sum += analogReadMilliVolts(pin);
  return float(sum) / float(board::kAdcSamplesPerReading);
}

bool AnalogPowerSensor::measureZero(uint8_t pin, float& zero) const {
  float sum = 0;
  constexpr int kReadings = 32;
  for (int i = 0; i < kReadings; ++i) {
    sum += averageMilliVolts(pin);
    delay(2);
  }
  const float measured = sum / kReadings * calibration_.currentDividerRatio;
  if (std::fabs(measured - board::kCurrentZeroMilliVolts) > board::kCurrentZeroTolerance) return false;
  zero = measured;
  return true;
}

bool AnalogPowerSensor::calibrateZero() {
  // The line carries nothing with both relays open: its zero must be sound.
  const bool lineZero = measureZero(board::kCurrentPin, calibration_.currentZeroMilliVolts);
  if (board::kHouseholdSensorsFitted) {
    // The battery may be feeding the household and PV may be shining, so
    // these zeros are only taken when plausible; else the configured ones stay.
    measureZero(board::kBatteryCurrentPin, calibration_.batteryZeroMilliVolts);
    measureZero(board::kPvCurrentPin, calibration_.pvZeroMilliVolts);
  }
  return lineZero;
}

SensorReading AnalogPowerSensor::read() {
  return convertAnalogReading(averageMilliVolts(board::kVoltagePin), averageMilliVolts(board::kCurrentPin),
                              calibration_);
}

HouseholdReading AnalogPowerSensor::readHousehold(int32_t batteryMilliVolts) {
  HouseholdReading reading;
  reading.batteryMilliVolts = batteryMilliVolts;
  if (!board::kHouseholdSensorsFitted) return reading;
  reading.batteryMilliAmps = convertCurrent(averageMilliVolts(board::kBatteryCurrentPin),
                                            calibration_.batteryZeroMilliVolts, calibration_.batteryDirection,
                                            calibration_);
  reading.pvMilliAmps = convertCurrent(averageMilliVolts(board::kPvCurrentPin), calibration_.pvZeroMilliVolts,
                                       calibration_.pvDirection, calibration_);
  return reading;
}

}  // namespace energy_node
