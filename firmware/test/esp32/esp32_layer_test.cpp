// The ESP32 platform layer, run against the host stand-ins of the Arduino
// APIs and the real mbedTLS.
#include <Preferences.h>
#include <WebServer.h>
#include <stub_control.h>

#include "../../src/core/hmac_sha256.h"
#include "../../src/core/json_value.h"
#include "../../src/esp32/board_config.h"
#include "../../src/esp32/node_store_esp32_arduino.h"
#include "../../src/esp32/node_web_server_esp32_arduino.h"
#include "../../src/esp32/power_sensor_esp32_arduino.h"
#include "../../src/esp32/relay_switch_esp32_arduino.h"
#include "../../src/esp32/wifi_link_esp32_arduino.h"
#include "../framework/tiny_test.h"
#include "../support/fake_relay.h"
#include "../support/hmac_vectors.h"
#include "../support/memory_node_store.h"
#include "../support/seeded_random.h"

using namespace energy_node;
using namespace energy_node::testing;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

size_t occurrences(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

uint64_t stubClock() { return arduino_stub::nowMillis(); }
const NodeClocks kStubClocks{&stubClock, &stubClock};
const std::string kNonce = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

std::string headerOf(const WebServer::StubResponse& response, const std::string& name) {
  for (const auto& header : response.headers) {
    if (header.first == name) return header.second;
  }
  return "";
}

}  // namespace

TEST(Esp32Wifi, PrintsConnectionFailedAndRetriesInFiveSecondsUntilConnected) {
  arduino_stub::reset();
  arduino_stub::scriptWifi(2);
  WifiLink link("community-grid", "password", Serial);
  link.connect();
  const std::string& log = arduino_stub::serialOutput();
  EXPECT_EQ(occurrences(log, "Connection failed ... retry in 5 s"), size_t(2));
  EXPECT_TRUE(contains(log, "Connected\r\nIP address: 192.168.4.23"));
  EXPECT_TRUE(log.find("Connection failed") < log.find("Connected\r\n"));
  EXPECT_EQ(arduino_stub::wifiBeginCalls(), 3);
  // Each failed attempt waited for the timeout, then 5 s.
  EXPECT_EQ(arduino_stub::nowMillis(), uint64_t(2 * (board::kWifiConnectTimeoutMs + 5'000)));
}

TEST(Esp32Wifi, ReconnectsWhenTheLinkDrops) {
  arduino_stub::reset();
  WifiLink link("community-grid", "password", Serial);
  link.connect();
  EXPECT_FALSE(link.keepConnected());
  arduino_stub::dropWifiLink();
  arduino_stub::scriptWifi(1);
  arduino_stub::serialOutput().clear();
  EXPECT_TRUE(link.keepConnected());
  const std::string& log = arduino_stub::serialOutput();
  EXPECT_TRUE(contains(log, "Wi-Fi link lost"));
  EXPECT_TRUE(contains(log, "Connection failed ... retry in 5 s"));
  EXPECT_TRUE(contains(log, "Connected"));
  EXPECT_EQ(WiFi.status(), WL_CONNECTED);
}

TEST(Esp32Hmac, MbedTlsMatchesRfc4231TestCases) {
  for (const HmacVector& vector : rfc4231Vectors()) {
    Sha256Digest mac{};
    EXPECT_TRUE(hmacSha256(vector.key.data(), vector.key.size(), vector.data.data(), vector.data.size(), mac));
    const std::string hex = toHex(mac.data(), mac.size()).substr(0, vector.expectedHex.size());
    if (!EXPECT_EQ(hex, vector.expectedHex)) tiny_test::recordFailure(__FILE__, __LINE__, vector.name);
  }
}

TEST(Esp32Hmac, MbedTlsAgreesWithThePortableImplementation) {
  SeededRandom random(4);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<uint8_t> key(random.integer(0, 200));
    std::vector<uint8_t> message(random.integer(0, 600));
    for (uint8_t& value : key) value = uint8_t(random.integer(0, 255));
    for (uint8_t& value : message) value = uint8_t(random.integer(0, 255));
    Sha256Digest viaMbedTls{};
    hmacSha256(key.data(), key.size(), message.data(), message.size(), viaMbedTls);
    EXPECT_TRUE(viaMbedTls == portableHmacSha256(key.data(), key.size(), message.data(), message.size()));
  }
}

TEST(Esp32Sensor, ConvertsTheDividerAndHallSensorVoltages) {
  const AnalogCalibration calibration = boardCalibration();
  // 12.8 V through 100k/22k is 2308.2 mV at the pin; 5 A on an ACS712-20A is
  // 2500 + 500 mV, through 10k/20k is 2000 mV at the pin.
  const SensorReading reading = convertAnalogReading(12'800.0f * 22.0f / 122.0f, 2'000.0f, calibration);
  EXPECT_NEAR(double(reading.milliVolts), 12'800.0, 1.0);
  EXPECT_NEAR(double(reading.milliAmps), 5'000.0, 1.0);
  const SensorReading idle = convertAnalogReading(0.0f, 2'500.0f / 1.5f, calibration);
  EXPECT_NEAR(double(idle.milliAmps), 0.0, 1.0);
  AnalogCalibration reversed = calibration;
  reversed.currentDirection = -1.0f;
  EXPECT_NEAR(double(convertAnalogReading(0.0f, 2'000.0f, reversed).milliAmps), -5'000.0, 1.0);
}

TEST(Esp32Sensor, ReadsTheBatteryAndPvCurrentsForTheHouseholdFigures) {
  arduino_stub::reset();
  // Battery discharging 3 A (2800 mV at the sensor), PV charging 2 A (2700 mV).
  arduino_stub::analogMilliVolts = [](uint8_t pin) -> uint32_t {
    if (pin == board::kBatteryCurrentPin) return uint32_t(2'800.0 / 1.5 + 0.5);
    if (pin == board::kPvCurrentPin) return uint32_t(2'700.0 / 1.5 + 0.5);
    if (pin == board::kCurrentPin) return uint32_t(2'500.0 / 1.5 + 0.5);
    return 2'308;
  };
  AnalogPowerSensor sensor(boardCalibration());
  const HouseholdReading household = sensor.readHousehold(12'800);
  EXPECT_EQ(household.batteryMilliVolts, 12'800);
  EXPECT_NEAR(double(household.batteryMilliAmps), 3'000.0, 5.0);
  EXPECT_NEAR(double(household.pvMilliAmps), 2'000.0, 5.0);
}

TEST(Esp32Sensor, AveragesTheAdcAndCalibratesTheZeroWithTheRelayOpen) {
  arduino_stub::reset();
  int call = 0;
  // The Hall sensor idles at 2530 mV (30 mV off its nominal zero), with noise.
  arduino_stub::analogMilliVolts = [&call](uint8_t pin) -> uint32_t {
    ++call;
    if (pin == board::kCurrentPin) return (call % 2 == 0) ? 1'686 : 1'688;  // mean 1687 mV -> 2530.5 mV
    return 2'308;
  };
  AnalogPowerSensor sensor(boardCalibration());
  sensor.begin();
  EXPECT_TRUE(sensor.calibrateZero());
  EXPECT_NEAR(sensor.currentZeroMilliVolts(), 2'530.5, 0.5);
  const SensorReading reading = sensor.read();
  EXPECT_NEAR(double(reading.milliAmps), 0.0, 5.0);
  EXPECT_NEAR(double(reading.milliVolts), 12'798.0, 2.0);
}

TEST(Esp32Sensor, KeepsTheConfiguredZeroWhenTheSensorIsMissing) {
  arduino_stub::reset();
  arduino_stub::analogMilliVolts = [](uint8_t) -> uint32_t { return 0; };
  AnalogPowerSensor sensor(boardCalibration());
  EXPECT_FALSE(sensor.calibrateZero());
  EXPECT_NEAR(sensor.currentZeroMilliVolts(), double(board::kCurrentZeroMilliVolts), 1e-3);
}

TEST(Esp32Relay, HoldsBothRelaysOpenUntilBeginThenClosesAtMostOne) {
  arduino_stub::reset();
  GpioRelays activeHigh(16, 17, true);
  activeHigh.connect(LineConnection::Open);
  EXPECT_EQ(arduino_stub::pinLevel(16), -1);  // not touched before begin()
  activeHigh.begin();
  EXPECT_EQ(arduino_stub::pinModeOf(16), OUTPUT);
  EXPECT_EQ(arduino_stub::pinModeOf(17), OUTPUT);
  EXPECT_EQ(arduino_stub::pinLevel(16), LOW);
  EXPECT_EQ(arduino_stub::pinLevel(17), LOW);
  activeHigh.connect(LineConnection::Export);
  EXPECT_EQ(arduino_stub::pinLevel(16), HIGH);
  EXPECT_EQ(arduino_stub::pinLevel(17), LOW);
  activeHigh.connect(LineConnection::Import);
  EXPECT_EQ(arduino_stub::pinLevel(16), LOW);
  EXPECT_EQ(arduino_stub::pinLevel(17), HIGH);
  activeHigh.connect(LineConnection::Open);
  EXPECT_EQ(arduino_stub::pinLevel(17), LOW);

  GpioRelays activeLow(18, 19, false);
  activeLow.begin();
  EXPECT_EQ(arduino_stub::pinLevel(18), HIGH);
  EXPECT_EQ(arduino_stub::pinLevel(19), HIGH);
  activeLow.connect(LineConnection::Import);
  EXPECT_EQ(arduino_stub::pinLevel(18), HIGH);
  EXPECT_EQ(arduino_stub::pinLevel(19), LOW);
}

TEST(Esp32Store, WritesFlashOnlyFromTheStoreTaskNeverWhileSampling) {
  arduino_stub::reset(true);
  NvsNodeStore store;
  ASSERT_TRUE(store.begin());
  FakeRelay relay;
  EnergyNode node(NodeConfig(), relay, store);
  node.restore();
  node.submitOrder(1, TradeRole::Export, 20);
  const int before = arduino_stub::flashWrites();
  // The delivery starts, runs past a checkpoint and ends: the relay opens on
  // the sample that reaches the quantity, with no flash write in between.
  bool opened = false;
  for (uint64_t t = 0; t <= 12'000 && !opened; t += 100) {
    const bool wasClosed = relay.closed();
    node.sample(t, wasClosed ? SensorReading{12'000, 5'000} : SensorReading{12'800, 0});
    opened = wasClosed && !relay.closed();
    EXPECT_EQ(arduino_stub::flashWrites(), before);
  }
  EXPECT_TRUE(opened);
  EXPECT_TRUE(store.hasPending());
  store.persistPending();  // the store task's turn
  EXPECT_FALSE(store.hasPending());
  EXPECT_TRUE(arduino_stub::flashWrites() > before);
  EXPECT_TRUE(store.lastWriteOk());
  // Several changes before the task runs cost one write each of ledger and checkpoint.
  node.submitOrder(2, TradeRole::Export, 20);
  node.submitOrder(3, TradeRole::Export, 20);
  const int now = arduino_stub::flashWrites();
  store.persistPending();
  EXPECT_EQ(arduino_stub::flashWrites(), now + 1);
}

TEST(Esp32Store, AResumedDeliveryPicksUpFromItsCheckpointAfterAPowerCut) {
  arduino_stub::reset(true);
  NodeConfig config;
  int64_t firstTrade = 0;
  int64_t checkpointed = 0;
  {
    NvsNodeStore store;
    ASSERT_TRUE(store.begin());
    FakeRelay relay;
    EnergyNode node(config, relay, store);
    EXPECT_EQ(node.restore(), StoreLoadResult::Empty);
    node.submitOrder(1, TradeRole::Export, 20);
    node.submitOrder(2, TradeRole::Export, 10'000);
    for (uint64_t t = 0; t <= 12'000; t += 100) {
      node.sample(t, relay.closed() ? SensorReading{12'000, 5'000} : SensorReading{12'800, 0});
      store.persistPending();
    }
    firstTrade = node.findTrade(1)->deliveredMicroWh;
    checkpointed = arduino_stub::flash()["energy-node"]["checkpoint"].empty() ? 0 : 1;
  }  // power cut while trade 2 delivers
  EXPECT_EQ(checkpointed, 1);
  NvsNodeStore store;
  ASSERT_TRUE(store.begin());
  FakeRelay relay;
  EnergyNode node(config, relay, store);
  EXPECT_EQ(node.restore(), StoreLoadResult::Loaded);
  EXPECT_TRUE(node.latestRecordedTimeMs() >= 10'000);
  EXPECT_EQ(node.findTrade(1)->state, TradeState::Delivered);
  const Trade interrupted = *node.findTrade(2);
  EXPECT_EQ(interrupted.state, TradeState::Delivering);
  EXPECT_EQ(interrupted.restarts, uint8_t(1));
  EXPECT_TRUE(interrupted.deliveredMicroWh > 0);  // the checkpointed figure
  EXPECT_EQ(node.status().energyExportedMicroWh, firstTrade + interrupted.deliveredMicroWh);
  EXPECT_EQ(node.submitOrder(2, TradeRole::Export, 10'000).outcome, OrderOutcome::Replayed);
  node.sample(20'000, SensorReading{12'800, 0});
  EXPECT_TRUE(relay.closed());  // resumed
}

TEST(Esp32Store, ADamagedCheckpointIsReportedSoTheDeliveryIsNotResumed) {
  arduino_stub::reset(true);
  {
    NvsNodeStore store;
    store.begin();
    FakeRelay relay;
    EnergyNode node(NodeConfig(), relay, store);
    node.submitOrder(1, TradeRole::Export, 10'000);
    for (uint64_t t = 0; t <= 6'000; t += 100) {
      node.sample(t, relay.closed() ? SensorReading{12'000, 5'000} : SensorReading{12'800, 0});
    }
    store.persistPending();
  }
  arduino_stub::flash()["energy-node"]["checkpoint"][6] ^= 0x01;
  NvsNodeStore store;
  store.begin();
  StoredState state;
  EXPECT_EQ(store.load(state), StoreLoadResult::Loaded);
  EXPECT_TRUE(state.checkpointDamaged);
  FakeRelay relay;
  EnergyNode node(NodeConfig(), relay, store);
  node.restore();
  EXPECT_EQ(node.findTrade(1)->stopReason, StopReason::Restart);
}

TEST(Esp32Store, ReportsADamagedLedgerAsCorrupt) {
  arduino_stub::reset(true);
  {
    NvsNodeStore store;
    store.begin();
    FakeRelay relay;
    EnergyNode node(NodeConfig(), relay, store);
    node.submitOrder(1, TradeRole::Export, 20);
    store.persistPending();
  }
  arduino_stub::flash()["energy-node"]["ledger"][10] ^= 0xFF;
  NvsNodeStore store;
  store.begin();
  StoredState state;
  EXPECT_EQ(store.load(state), StoreLoadResult::Corrupt);
}

namespace {

struct WebFixture {
  WebFixture() : node(NodeConfig(), relay, store), mutex(xSemaphoreCreateMutex()) {
    arduino_stub::reset();
    web.emplace(server, node, mutex, "esp32-secret", kStubClocks, []() {
      HouseholdFigures figures;
      figures.batterySocPct = 73.5;
      return figures;
    });
    web->begin();
  }
  WebServer::StubResponse post(const std::string& path, const std::string& body,
                               const std::string& secret = "esp32-secret", long contentLength = -1) {
    return server.stubRequest(HTTP_POST, path, body,
                              {{"x-signature", signatureFor(secret, body)},
                               {"X-Nonce", kNonce},
                               {"Content-Type", "application/json"}},
                              contentLength);
  }
  WebServer::StubResponse get(const std::string& path) {
    return server.stubRequest(HTTP_GET, path, "", {{"X-Nonce", kNonce}});
  }

  WebServer server{80};
  FakeRelay relay;
  MemoryNodeStore store;
  EnergyNode node;
  SemaphoreHandle_t mutex;
  std::optional<NodeWebServer> web;
};

}  // namespace

TEST(Esp32Web, ServesTheCoreRouterThroughWebServer) {
  WebFixture fixture;
  WebServer& server = fixture.server;
  EXPECT_TRUE(server.stubStarted());

  const std::string body = "{\"tradeId\":5,\"quantityMilliWh\":100,\"role\":\"import\"}";
  const auto accepted = fixture.post("/api/trades", body);
  EXPECT_EQ(accepted.code, 202);
  EXPECT_EQ(accepted.contentType, std::string("application/json"));
  EXPECT_TRUE(contains(accepted.body, "\"state\":\"queued\""));
  EXPECT_TRUE(contains(accepted.body, "\"role\":\"import\""));
  EXPECT_EQ(headerOf(accepted, "Access-Control-Allow-Origin"), std::string("*"));
  // Signed over the nonce the WebServer collected.
  EXPECT_EQ(headerOf(accepted, "X-Signature"), signatureFor("esp32-secret", kNonce + "\n" + accepted.body));
  EXPECT_TRUE(fixture.node.findTrade(5).has_value());

  EXPECT_EQ(fixture.post("/api/trades", body, "other").code, 401);
  EXPECT_EQ(server.stubRequest(HTTP_POST, "/api/trades", body, {{"X-Nonce", kNonce}}).code, 401);
  EXPECT_EQ(server.stubRequest(HTTP_GET, "/api/trades/5", "", {}).code, 400);  // no nonce
  EXPECT_EQ(fixture.get("/api/trades/5").code, 200);
  EXPECT_EQ(fixture.get("/api/trades/6").code, 404);
  EXPECT_EQ(fixture.post("/api/trades/5/stop", "{\"tradeId\":5,\"reason\":\"cancelled\"}").code, 200);
  EXPECT_EQ(fixture.post("/api/trades", body).code, 410);
  EXPECT_EQ(server.stubRequest(HTTP_OPTIONS, "/api/trades", "", {}).code, 204);
  EXPECT_EQ(server.stubRequest(HTTP_DELETE, "/api/trades/5", "", {{"X-Nonce", kNonce}}).code, 405);
  const auto status = server.stubRequest(HTTP_GET, "/api/status", "", {});
  EXPECT_EQ(status.code, 200);
  JsonValue json;
  std::string error;
  EXPECT_TRUE(parseJson(status.body, json, error));
  EXPECT_TRUE(json.member("queueLength") != nullptr);
  EXPECT_TRUE(contains(status.body, "\"batterySocPct\":73.50"));
  const auto page = server.stubRequest(HTTP_GET, "/", "", {});
  EXPECT_EQ(page.contentType, std::string("text/html; charset=utf-8"));
  EXPECT_TRUE(contains(page.body, "<canvas"));
}

TEST(Esp32Web, CapsTheBodyBeforeItIsReadIntoMemory) {
  WebFixture fixture;
  // A body just over the order cap is read in chunks, kept to 257 bytes, and refused.
  const std::string padded = "{\"tradeId\":1,\"quantityMilliWh\":5}" + std::string(900, ' ');
  const auto over = fixture.post("/api/trades", padded);
  EXPECT_EQ(over.code, 413);
  EXPECT_FALSE(fixture.node.findTrade(1).has_value());
  // A body announced far larger is refused before a byte of it is read.
  const auto huge = fixture.post("/api/trades", std::string(100, 'x'), "esp32-secret", 50'000'000);
  EXPECT_EQ(huge.code, 413);
  EXPECT_TRUE(huge.clientStopped);
  EXPECT_TRUE(contains(huge.body, "refused unread"));
  // The WebServer never held more than one raw chunk; the handler kept at most the cap.
  EXPECT_TRUE(fixture.server.stubLargestChunk() <= size_t(HTTP_RAW_BUFLEN));
  // And the server goes on serving.
  const std::string order = "{\"tradeId\":2,\"quantityMilliWh\":5}";
  EXPECT_EQ(fixture.post("/api/trades", order).code, 202);
}

TEST(Esp32Web, NamesEveryMethodTheRouterKnows) {
  EXPECT_EQ(std::string(NodeWebServer::methodName(HTTP_GET)), std::string("GET"));
  EXPECT_EQ(std::string(NodeWebServer::methodName(HTTP_POST)), std::string("POST"));
  EXPECT_EQ(std::string(NodeWebServer::methodName(HTTP_OPTIONS)), std::string("OPTIONS"));
  EXPECT_EQ(std::string(NodeWebServer::methodName(HTTP_HEAD)), std::string("HEAD"));
  EXPECT_EQ(std::string(NodeWebServer::methodName(HTTP_TRACE)), std::string("UNSUPPORTED"));
}
