#include "energy_node_app_esp32_arduino.h"

#include <esp_timer.h>

#include "board_config.h"
#include "node_secrets.h"

namespace energy_node {
namespace {

constexpr uint32_t kMeteringStackBytes = 8192;
constexpr uint32_t kStoreStackBytes = 6144;
// Above the Arduino loop task (priority 1), below Wi-Fi's own tasks.
constexpr UBaseType_t kMeteringPriority = 5;
// Below metering, so a write in progress yields to every sample.
constexpr UBaseType_t kStorePriority = 2;
// The Arduino loop runs on core 1; Wi-Fi lives on core 0 as well, but the
// metering work is tiny and its period is what matters.
constexpr BaseType_t kMeteringCore = 0;
constexpr BaseType_t kStoreCore = 1;
// How often the store task looks for something to write.
constexpr uint32_t kStorePollMs = 20;

uint64_t clockOffsetMs = 0;

}  // namespace

EnergyNodeApp::EnergyNodeApp()
    : relay_(board::kRelayPin, board::kImportRelayPin, board::kRelayActiveHigh),
      sensor_(boardCalibration()),
      tradeLog_(Serial),
      node_(board::nodeConfig(), relay_, store_, &tradeLog_),
      battery_(board::batteryConfig()),
      server_(board::kHttpPort),
      wifi_(secrets::kWifiSsid, secrets::kWifiPassword, Serial) {}

uint64_t EnergyNodeApp::uptimeMs() { return uint64_t(esp_timer_get_time() / 1000); }
uint64_t EnergyNodeApp::nodeClockMs() { return clockOffsetMs + uptimeMs(); }

void EnergyNodeApp::setup() {
  Serial.begin(board::kSerialBaud);
  // First thing: the pins become outputs holding both relays open.
  relay_.begin();
  Serial.println("Energy node starting, relays open");

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
  clockOffsetMs = node_.latestRecordedTimeMs() + board::kSamplePeriodMs;
  // The recovery (a resumed delivery's restart counted) is on flash before
  // the relay may close again.
  store_.persistPending();
  const SensorReading atRest = sensor_.read();
  battery_.begin(uptimeMs(), atRest.milliVolts);

  nodeMutex_ = xSemaphoreCreateMutex();
  xTaskCreatePinnedToCore(&EnergyNodeApp::storeTask, "store", kStoreStackBytes, this, kStorePriority,
                          &storeTask_, kStoreCore);
  xTaskCreatePinnedToCore(&EnergyNodeApp::meteringTask, "metering", kMeteringStackBytes, this,
                          kMeteringPriority, &meteringTask_, kMeteringCore);

  wifi_.connect();  // Algorithm 1, steps 1-7
  web_.emplace(server_, node_, nodeMutex_, secrets::kNodeSecret,
               NodeClocks{&EnergyNodeApp::nodeClockMs, &EnergyNodeApp::uptimeMs},
               [this]() { return householdFigures(); });
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
  // Read outside the lock: the ADC takes a few milliseconds.
  const SensorReading line = sensor_.read();
  const HouseholdReading household = sensor_.readHousehold(line.milliVolts);
  const uint64_t now = nodeClockMs();
  xSemaphoreTake(nodeMutex_, portMAX_DELAY);
  node_.sample(now, line);
  lastLine_ = line;
  household_ = household;
  if (board::kHouseholdSensorsFitted) {
    battery_.update(now, household.batteryMilliVolts, household.batteryMilliAmps);
  }
  xSemaphoreGive(nodeMutex_);
}

HouseholdFigures EnergyNodeApp::householdFigures() const {
  HouseholdFigures figures;
  if (!board::kHouseholdSensorsFitted) return figures;
  const double volts = double(household_.batteryMilliVolts) / 1000.0;
  const double pvWatts = volts * double(household_.pvMilliAmps) / 1000.0;
  const double batteryWatts = volts * double(household_.batteryMilliAmps) / 1000.0;
  const double lineWatts = double(lastLine_.milliVolts) * double(lastLine_.milliAmps) / 1e6;
  figures.batterySocPct = battery_.socPct();
  figures.pvPowerW = pvWatts > 0 ? pvWatts : 0.0;
  // What is neither stored, nor sent, nor come from the line went to the household.
  const double load = pvWatts + batteryWatts - lineWatts;
  figures.loadPowerW = load > 0 ? load : 0.0;
  figures.batteryCapacityWh = board::kBatteryCapacityAh * board::kBatteryNominalVolts;
  // Unmet load and curtailed PV need to know what was wanted: the board cannot tell.
  // Its PV and load energy are not counted yet (null): a client integrates the powers.
  return figures;
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

void EnergyNodeApp::storeTask(void* app) {
  auto* self = static_cast<EnergyNodeApp*>(app);
  for (;;) {
    self->persistOnce();
    vTaskDelay(pdMS_TO_TICKS(kStorePollMs));
  }
}

}  // namespace energy_node
