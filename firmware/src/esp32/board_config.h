// Board wiring and sensor calibration of the ESP32-S3 energy node: the one
// place to edit for a different board, divider, sensor or battery. See
// README.md ("Wiring", "Calibration").
#pragma once

#include <cstddef>
#include <cstdint>

#include "../core/battery_monitor.h"
#include "../core/node_config.h"

namespace energy_node::board {

// ---- Pins (ESP32-S3-DevKitC-1) --------------------------------------------
// Analog inputs on ADC1 only: ADC2 cannot be read while Wi-Fi is running.
constexpr uint8_t kVoltagePin = 4;         // GPIO4 / ADC1_CH3: battery voltage divider
constexpr uint8_t kCurrentPin = 5;         // GPIO5 / ADC1_CH4: line current sensor (export +, import -)
constexpr uint8_t kBatteryCurrentPin = 6;  // GPIO6 / ADC1_CH5: battery current sensor (discharge +)
constexpr uint8_t kPvCurrentPin = 7;       // GPIO7 / ADC1_CH6: PV charge current sensor
constexpr uint8_t kRelayPin = 16;          // GPIO16: export relay (battery -> line)
constexpr uint8_t kImportRelayPin = 17;    // GPIO17: import relay (line -> battery)
constexpr bool kRelayActiveHigh = true;    // both relays; most opto-isolated boards: false

// ---- Voltage divider --------------------------------------------------------
// Battery + -- R1 -- ADC pin -- R2 -- GND. 100 kOhm / 22 kOhm keeps a 14.6 V
// LiFePO4 pack at 2.63 V, under the ADC's ~3.1 V range at 11 dB.
constexpr float kDividerTopOhms = 100'000.0f;
constexpr float kDividerBottomOhms = 22'000.0f;
// Multimeter volts / node volts, measured once (README "Calibration").
constexpr float kVoltageGain = 1.000f;

// ---- Hall current sensors (ACS712-20A, all three alike) --------------------
// The ACS712 runs on 5 V and idles at VCC/2; each output goes through a
// 10 kOhm / 20 kOhm divider so 5 V full scale fits the ADC.
constexpr float kCurrentDividerTopOhms = 10'000.0f;
constexpr float kCurrentDividerBottomOhms = 20'000.0f;
constexpr float kCurrentZeroMilliVolts = 2'500.0f;     // sensor output at 0 A
constexpr float kCurrentMilliVoltsPerAmp = 100.0f;     // 185 for -05B, 66 for -30A
// At boot, with the relays open, the zeros are measured; a result further
// than this from kCurrentZeroMilliVolts means a wiring fault and is not used.
constexpr float kCurrentZeroTolerance = 200.0f;
// Line current that flows from battery to line reads positive; set to -1 if
// the sensor was fitted the other way round. Likewise battery current
// flowing out of the battery, and PV current flowing into it.
constexpr float kCurrentDirection = 1.0f;
constexpr float kBatteryCurrentDirection = 1.0f;
constexpr float kPvCurrentDirection = 1.0f;
// The battery and PV sensors measure the household, not a trade: without
// them (not fitted) set this false, and SoC comes from the voltage alone.
constexpr bool kHouseholdSensorsFitted = true;

// Each reading averages this many ADC conversions (about 40 us each).
constexpr int kAdcSamplesPerReading = 16;

// ---- Battery (12.8 V LiFePO4, 4S) ------------------------------------------
constexpr double kBatteryCapacityAh = 100.0;   // usable, from a measured discharge if you can
constexpr double kBatteryNominalVolts = 12.8;  // capacity in Wh = Ah x this (status batteryCapacityWh)
constexpr double kBatteryChargeEfficiency = 0.99;
constexpr int32_t kBatteryFlatMilliVolts = 12'000;  // a starved export at or under this: battery flat
constexpr int32_t kBatteryRestMilliAmps = 1'000;    // C/100: "at rest" for the voltage correction
constexpr uint32_t kBatteryRestSettleMs = 30 * 60 * 1000;

// ---- Node logic -------------------------------------------------------------
constexpr uint32_t kSamplePeriodMs = 100;
constexpr int32_t kMaxMilliAmps = 18'000;           // inside the ACS712-20A's range
constexpr int64_t kLowPowerThresholdMicroW = 1'000'000;
constexpr uint32_t kLowPowerTimeoutMs = 3'000;
constexpr uint32_t kImportIdleTimeoutMs = 600'000;
constexpr uint32_t kCheckpointIntervalMs = 10'000;  // NVS wear: see README
constexpr size_t kMaxQueuedTrades = 16;
constexpr size_t kMaxRememberedTrades = 100;        // about 4.5 kB of NVS

// ---- Network ----------------------------------------------------------------
constexpr const char* kHostname = "energy-node";
constexpr uint16_t kHttpPort = 80;
constexpr uint32_t kWifiConnectTimeoutMs = 10'000;
constexpr uint32_t kWifiRetryDelayMs = 5'000;  // Algorithm 1: "retry in 5 s"
constexpr uint32_t kSerialBaud = 115'200;

inline NodeConfig nodeConfig() {
  NodeConfig config;
  config.samplePeriodMs = kSamplePeriodMs;
  config.maxMilliAmps = kMaxMilliAmps;
  config.lowPowerThresholdMicroW = kLowPowerThresholdMicroW;
  config.lowPowerTimeoutMs = kLowPowerTimeoutMs;
  config.importIdleTimeoutMs = kImportIdleTimeoutMs;
  config.batteryFlatMilliVolts = kBatteryFlatMilliVolts;
  config.checkpointIntervalMs = kCheckpointIntervalMs;
  config.maxQueuedTrades = kMaxQueuedTrades;
  config.maxRememberedTrades = kMaxRememberedTrades;
  return config;
}

inline BatteryMonitorConfig batteryConfig() {
  BatteryMonitorConfig config;
  config.capacityAh = kBatteryCapacityAh;
  config.chargeEfficiency = kBatteryChargeEfficiency;
  config.ocvTable = kLifepo4FourCellOcv;
  config.ocvPoints = kLifepo4FourCellOcvPoints;
  config.restMilliAmps = kBatteryRestMilliAmps;
  config.restSettleMs = kBatteryRestSettleMs;
  return config;
}

}  // namespace energy_node::board
