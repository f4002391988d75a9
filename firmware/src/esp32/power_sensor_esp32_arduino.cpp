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
  return calibration;
}

SensorReading convertAnalogReading(float voltageAdcMilliVolts, float currentAdcMilliVolts,
                                   const AnalogCalibration& calibration) {
  const float batteryMilliVolts =
      voltageAdcMilliVolts * calibration.voltageDividerRatio * calibration.voltageGain;
  const float sensorMilliVolts = currentAdcMilliVolts * calibration.currentDividerRatio;
  const float amps = (sensorMilliVolts - calibration.currentZeroMilliVolts) /
                     calibration.currentMilliVoltsPerAmp * calibration.currentDirection;
  SensorReading reading;
  reading.milliVolts = int32_t(std::lround(batteryMilliVolts));
  reading.milliAmps = int32_t(std::lround(amps * 1000.0f));
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

bool AnalogPowerSensor::calibrateZero() {
  float sum = 0;
  constexpr int kReadings = 32;
  for (int i = 0; i < kReadings; ++i) {
    sum += averageMilliVolts(board::kCurrentPin);
    delay(2);
  }
  const float measured = sum / kReadings * calibration_.currentDividerRatio;
  if (std::fabs(measured - board::kCurrentZeroMilliVolts) > board::kCurrentZeroTolerance) return false;
  calibration_.currentZeroMilliVolts = measured;
  return true;
}

SensorReading AnalogPowerSensor::read() {
  return convertAnalogReading(averageMilliVolts(board::kVoltagePin), averageMilliVolts(board::kCurrentPin),
                              calibration_);
}

}  // namespace energy_node
