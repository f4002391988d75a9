// Wires the ESP32-S3 node: sensors, relays, NVS, the core, Wi-Fi and the web
// server. Sampling runs in its own FreeRTOS task at a fixed period, so a slow
// HTTP client or a Wi-Fi reconnect never delays metering or a relay cut;
// flash writes run in a task of their own below it, so they do not either.
#pragma once

#include <Arduino.h>
#include <WebServer.h>
#include <freertos/FreeRTOS.h>
#include <freertos/semphr.h>
#include <freertos/task.h>

#include <optional>

#include "../core/battery_monitor.h"
#include "../core/energy_node.h"
#include "../core/status_json.h"
#include "node_store_esp32_arduino.h"
#include "node_web_server_esp32_arduino.h"
#include "power_sensor_esp32_arduino.h"
#include "relay_switch_esp32_arduino.h"
#include "serial_trade_log_esp32_arduino.h"
#include "wifi_link_esp32_arduino.h"

namespace energy_node {

class EnergyNodeApp {
 public:
  EnergyNodeApp();
  void setup();  // Arduino setup()
  void loop();   // Arduino loop(): Wi-Fi watch and HTTP
  // One sample of the metering task: read, then hand to the node.
  void sampleOnce();
  // One round of the store task: write what the node asked to keep.
  void persistOnce() { store_.persistPending(); }

  // The clock of trade times: milliseconds since boot, after the latest time
  // the restored state holds, so times keep increasing across restarts.
  static uint64_t nodeClockMs();
  static uint64_t uptimeMs();
  // Household figures for the status answer; call with the node mutex held.
  HouseholdFigures householdFigures() const;

 private:
  static void meteringTask(void* app);
  static void storeTask(void* app);

  GpioRelays relay_;
  AnalogPowerSensor sensor_;
  NvsNodeStore store_;
  SerialTradeLog tradeLog_;
  EnergyNode node_;
  BatteryMonitor battery_;
  HouseholdReading household_;
  SensorReading lastLine_;
  SemaphoreHandle_t nodeMutex_ = nullptr;
  WebServer server_;
  WifiLink wifi_;
  std::optional<NodeWebServer> web_;
  TaskHandle_t meteringTask_ = nullptr;
  TaskHandle_t storeTask_ = nullptr;
};

}  // namespace energy_node
