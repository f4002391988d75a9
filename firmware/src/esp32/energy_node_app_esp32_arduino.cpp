#include "energy_node_app_esp32_arduino.h"

#include <esp_timer.h>

#include "board_config.h"
#include "node_secrets.h"

namespace energy_node {
namespace {

constexpr uint32_t kMeteringStackBytes = 8192;
// Above the Arduino loop task (priority 1), below Wi-Fi's own tasks.
constexpr UBaseType_t kMeteringPriority = 5;
// The Arduino loop runs on core 1; Wi-Fi lives on core 0 as well, but the
// metering work is tiny and its period is what matters.
constexpr BaseType_t kMeteringCore = 0;

}  // namespace

EnergyNodeApp::EnergyNodeApp()
    : relay_(board::kRelayPin, board::kRelayActiveHigh),
      sensor_(boardCalibration()),
      tradeLog_(Serial),
      node_(board::nodeConfig(), relay_, store_, &tradeLog_),
      server_(board::kHttpPort),
      wifi_(secrets::kWifiSsid, secrets::kWifiPassword, Serial) {}

uint64_t EnergyNodeApp::nodeClockMs() { return uint64_t(esp_timer_get_time() / 1000); }

void EnergyNodeApp::setup() {
  Serial.begin(board::kSerialBaud);
  // First thing: the pin becomes an output holding the relay open.
  relay_.begin();
  Serial.println("Energy node starting, relay open");

  sensor_.begin();
  if (sensor_.calibrateZero()) {
    Serial.print("Current sensor zero: ");
    Serial.print(sensor_.currentZeroMilliVolts());
    Serial.println(" mV");
  } else {
    Serial.println("Current sensor zero implausible, keeping the configured value: check the wiring");
  }

  if (!store_.begin()) Serial.println("NVS unavailable: trades will not survive a restart");
  switch (node_.restore()) {
    case StoreLoadResult::Loaded: Serial.println("Trades restored from NVS"); break;
    case StoreLoadResult::Empty: Serial.println("No trades in NVS yet"); break;
    case StoreLoadResult::Corrupt: Serial.println("NVS ledger damaged: starting empty"); break;
  }

  nodeMutex_ = xSemaphoreCreateMutex();
  xTaskCreatePinnedToCore(&EnergyNodeApp::meteringTask, "metering", kMeteringStackBytes, this,
                          kMeteringPriority, &meteringTask_, kMeteringCore);

  wifi_.connect();  // Algorithm 1, steps 1-7
  web_.emplace(server_, node_, nodeMutex_, secrets::kNodeSecret, &EnergyNodeApp::nodeClockMs);
  web_->begin();
  Serial.print("Dashboard on http://");
  Serial.println(WiFi.localIP().toString());
}

void EnergyNodeApp::loop() {
  wifi_.keepConnected();
  web_->handleClient();
  delay(1);  // let the idle task run
}

void EnergyNodeApp::sampleOnce() {
  // Read outside the lock: the ADC takes about a millisecond.
  const SensorReading reading = sensor_.read();
  const uint64_t now = nodeClockMs();
  xSemaphoreTake(nodeMutex_, portMAX_DELAY);
  node_.sample(now, reading);
  xSemaphoreGive(nodeMutex_);
}

void EnergyNodeApp::meteringTask(void* app) {
  auto* self = static_cast<EnergyNodeApp*>(app);
  TickType_t lastWake = xTaskGetTickCount();
  for (;;) {
    self->sampleOnce();
    // Fixed period from the last wake, not from now: no drift.
    vTaskDelayUntil(&lastWake, pdMS_TO_TICKS(board::kSamplePeriodMs));
  }
}

}  // namespace energy_node
