// Board wiring and sensor calibration of the ESP32-S3 energy node: the one
// place to edit for a different board, divider or sensor. See README.md
// ("Wiring", "Calibration").
#pragma once

#include <cstddef>
#include <cstdint>

#include "../core/node_config.h"

namespace energy_node::board {

// ---- Pins (ESP32-S3-DevKitC-1) --------------------------------------------
// Analog inputs on ADC1 only: ADC2 cannot be read while Wi-Fi is running.
constexpr uint8_t kVoltagePin = 4;   // GPIO4 / ADC1_CH3: battery voltage divider
constexpr uint8_t kCurrentPin = 5;   // GPIO5 / ADC1_CH4: Hall sensor output divider
constexpr uint8_t kRelayPin = 16;    // GPIO16: relay driver input
constexpr bool kRelayActiveHigh = true;  // most opto-isolated relay boards: false

// ---- Voltage divider --------------------------------------------------------
// Battery + -- R1 -- ADC pin -- R2 -- GND. 100 kOhm / 22 kOhm keeps a 14.6 V
// LiFePO4 pack at 2.63 V, under the ADC's ~3.1 V range at 11 dB.
constexpr float kDividerTopOhms = 100'000.0f;
constexpr float kDividerBottomOhms = 22'000.0f;
// Multimeter volts / node volts, measured once (README "Calibration").
constexpr float kVoltageGain = 1.000f;

// ---- Hall current sensor (ACS712-20A) --------------------------------------
// The ACS712 runs on 5 V and idles at VCC/2; its output goes through a
// 10 kOhm / 20 kOhm divider so 5 V full scale fits the ADC.
constexpr float kCurrentDividerTopOhms = 10'000.0f;
constexpr float kCurrentDividerBottomOhms = 20'000.0f;
constexpr float kCurrentZeroMilliVolts = 2'500.0f;     // sensor output at 0 A
constexpr float kCurrentMilliVoltsPerAmp = 100.0f;     // 185 for -05B, 66 for -30A
// At boot, with the relay open, the zero is measured; a result further than
// this from kCurrentZeroMilliVolts means a wiring fault and is not used.
constexpr float kCurrentZeroTolerance = 200.0f;
// Current that flows from battery to line reads positive; set to -1 if the
// sensor was fitted the other way round.
constexpr float kCurrentDirection = 1.0f;

// Each reading averages this many ADC conversions (about 40 us each).
constexpr int kAdcSamplesPerReading = 16;

// ---- Node logic -------------------------------------------------------------
constexpr uint32_t kSamplePeriodMs = 100;
constexpr int32_t kMaxMilliAmps = 18'000;          // inside the ACS712-20A's range
constexpr int64_t kLowPowerThresholdMicroW = 1'000'000;
constexpr uint32_t kLowPowerTimeoutMs = 3'000;
constexpr uint32_t kCheckpointIntervalMs = 10'000;  // NVS wear: see README
constexpr size_t kMaxQueuedTrades = 16;
constexpr size_t kMaxRememberedTrades = 100;        // about 4.3 kB of NVS

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
  config.checkpointIntervalMs = kCheckpointIntervalMs;
  config.maxQueuedTrades = kMaxQueuedTrades;
  config.maxRememberedTrades = kMaxRememberedTrades;
  return config;
}

}  // namespace energy_node::board
