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
    for (uint8_t& byte : key) byte = uint8_t(random.integer(0, 255));
    for (uint8_t& byte : message) byte = uint8_t(random.integer(0, 255));
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

TEST(Esp32Relay, HoldsThePinOpenUntilBeginThenFollowsCommands) {
  arduino_stub::reset();
  GpioRelay activeHigh(16, true);
  activeHigh.setClosed(false);
  EXPECT_EQ(arduino_stub::pinLevel(16), -1);  // not touched before begin()
  activeHigh.begin();
  EXPECT_EQ(arduino_stub::pinModeOf(16), OUTPUT);
  EXPECT_EQ(arduino_stub::pinLevel(16), LOW);
  activeHigh.setClosed(true);
  EXPECT_EQ(arduino_stub::pinLevel(16), HIGH);

  GpioRelay activeLow(17, false);
  activeLow.begin();
  EXPECT_EQ(arduino_stub::pinLevel(17), HIGH);
  activeLow.setClosed(true);
  EXPECT_EQ(arduino_stub::pinLevel(17), LOW);
}

TEST(Esp32Store, KeepsTheLedgerAndCheckpointAcrossAReboot) {
  arduino_stub::reset(true);
  NodeConfig config;
  int64_t total = 0;
  {
    NvsNodeStore store;
    ASSERT_TRUE(store.begin());
    FakeRelay relay;
    EnergyNode node(config, relay, store);
    EXPECT_EQ(node.restore(), StoreLoadResult::Empty);
    node.submitOrder(1, 20);
    node.submitOrder(2, 10'000);
    for (uint64_t t = 0; t <= 12'000; t += 100) {
      node.sample(t, relay.closed() ? SensorReading{12'000, 5'000} : SensorReading{12'800, 0});
    }
    EXPECT_TRUE(store.lastWriteOk());
    total = node.findTrade(1)->deliveredMicroWh;
  }  // power cut while trade 2 delivers
  NvsNodeStore store;
  ASSERT_TRUE(store.begin());
  FakeRelay relay;
  EnergyNode node(config, relay, store);
  EXPECT_EQ(node.restore(), StoreLoadResult::Loaded);
  EXPECT_EQ(node.findTrade(1)->state, TradeState::Delivered);
  const Trade interrupted = *node.findTrade(2);
  EXPECT_EQ(interrupted.state, TradeState::Stopped);
  EXPECT_EQ(interrupted.stopReason, StopReason::Restart);
  EXPECT_TRUE(interrupted.deliveredMicroWh > 0);  // the checkpointed figure
  EXPECT_EQ(node.status().energyTotalMicroWh, total + interrupted.deliveredMicroWh);
  EXPECT_EQ(node.submitOrder(2, 10'000).outcome, OrderOutcome::Replayed);
}

TEST(Esp32Store, ReportsADamagedLedgerAsCorrupt) {
  arduino_stub::reset(true);
  {
    NvsNodeStore store;
    store.begin();
    FakeRelay relay;
    EnergyNode node(NodeConfig(), relay, store);
    node.submitOrder(1, 20);
  }
  arduino_stub::flash()["energy-node"]["ledger"][10] ^= 0xFF;
  NvsNodeStore store;
  store.begin();
  LedgerSnapshot ledger;
  std::optional<DeliveryCheckpoint> checkpoint;
  EXPECT_EQ(store.load(ledger, checkpoint), StoreLoadResult::Corrupt);
}

TEST(Esp32Web, ServesTheCoreRouterThroughWebServer) {
  arduino_stub::reset();
  WebServer server(80);
  FakeRelay relay;
  MemoryNodeStore store;
  EnergyNode node(NodeConfig(), relay, store);
  const SemaphoreHandle_t mutex = xSemaphoreCreateMutex();
  NodeWebServer web(server, node, mutex, "esp32-secret", &stubClock);
  web.begin();
  EXPECT_TRUE(server.stubStarted());

  const std::string body = "{\"tradeId\":5,\"quantityMilliWh\":100}";
  const auto accepted = server.stubRequest(HTTP_POST, "/api/trades", body,
                                           {{"x-signature", signatureFor("esp32-secret", body)},
                                            {"Content-Type", "application/json"}});
  EXPECT_EQ(accepted.code, 202);
  EXPECT_EQ(accepted.contentType, std::string("application/json"));
  EXPECT_TRUE(contains(accepted.body, "\"state\":\"queued\""));
  bool cors = false;
  for (const auto& header : accepted.headers) cors |= header.first == "Access-Control-Allow-Origin";
  EXPECT_TRUE(cors);
  EXPECT_TRUE(node.findTrade(5).has_value());

  EXPECT_EQ(server.stubRequest(HTTP_POST, "/api/trades", body, {{"X-Signature", signatureFor("other", body)}}).code, 401);
  EXPECT_EQ(server.stubRequest(HTTP_POST, "/api/trades", body, {}).code, 401);
  EXPECT_EQ(server.stubRequest(HTTP_GET, "/api/trades/5", "", {}).code, 200);
  EXPECT_EQ(server.stubRequest(HTTP_GET, "/api/trades/6", "", {}).code, 404);
  EXPECT_EQ(server.stubRequest(HTTP_OPTIONS, "/api/trades", "", {}).code, 204);
  EXPECT_EQ(server.stubRequest(HTTP_DELETE, "/api/trades/5", "", {}).code, 405);
  const auto status = server.stubRequest(HTTP_GET, "/api/status", "", {});
  EXPECT_EQ(status.code, 200);
  JsonValue json;
  std::string error;
  EXPECT_TRUE(parseJson(status.body, json, error));
  EXPECT_TRUE(json.member("queueLength") != nullptr);
  const auto page = server.stubRequest(HTTP_GET, "/", "", {});
  EXPECT_EQ(page.contentType, std::string("text/html; charset=utf-8"));
  EXPECT_TRUE(contains(page.body, "<canvas"));
}

TEST(Esp32Web, NamesEveryMethodTheRouterKnows) {
  EXPECT_EQ(std::string(NodeWebServer::methodName(HTTP_GET)), std::string("GET"));
  EXPECT_EQ(std::string(NodeWebServer::methodName(HTTP_POST)), std::string("POST"));
  EXPECT_EQ(std::string(NodeWebServer::methodName(HTTP_OPTIONS)), std::string("OPTIONS"));
  EXPECT_EQ(std::string(NodeWebServer::methodName(HTTP_HEAD)), std::string("HEAD"));
  EXPECT_EQ(std::string(NodeWebServer::methodName(HTTP_TRACE)), std::string("UNSUPPORTED"));
}
