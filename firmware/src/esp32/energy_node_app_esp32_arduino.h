// Wires the ESP32-S3 node: sensors, relay, NVS, the core, Wi-Fi and the web
// server. Sampling runs in its own FreeRTOS task at a fixed period, so a slow
// HTTP client or a Wi-Fi reconnect never delays metering or a relay cut.
#pragma once

#include <Arduino.h>
#include <WebServer.h>
#include <freertos/FreeRTOS.h>
#include <freertos/semphr.h>
#include <freertos/task.h>

#include <optional>

#include "../core/energy_node.h"
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

  static uint64_t nodeClockMs();

 private:
  static void meteringTask(void* app);

  GpioRelay relay_;
  AnalogPowerSensor sensor_;
  NvsNodeStore store_;
  SerialTradeLog tradeLog_;
  EnergyNode node_;
  SemaphoreHandle_t nodeMutex_ = nullptr;
  WebServer server_;
  WifiLink wifi_;
  std::optional<NodeWebServer> web_;
  TaskHandle_t meteringTask_ = nullptr;
};

}  // namespace energy_node
