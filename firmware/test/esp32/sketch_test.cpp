// The whole sketch on the host stand-ins: setup() as at power-on, an order
// over HTTP to the sketch's own WebServer, the metering task's samples
// driving the relay pin, and a reboot that finds the trade in NVS.
#include <WebServer.h>
#include <stub_control.h>

#include "../../src/esp32/board_config.h"
#include "../../src/esp32/energy_node_app_esp32_arduino.h"
#include "../../src/esp32/node_secrets.h"
#include "../framework/tiny_test.h"
#include "../support/hmac_vectors.h"

// Defined in firmware.ino.
extern energy_node::EnergyNodeApp energyNodeApp;
void setup();
void loop();

using namespace energy_node;
using namespace energy_node::testing;

namespace {

const std::string kNonce = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

bool relayClosed() { return arduino_stub::pinLevel(board::kRelayPin) == (board::kRelayActiveHigh ? HIGH : LOW); }
bool importRelayClosed() {
  return arduino_stub::pinLevel(board::kImportRelayPin) == (board::kRelayActiveHigh ? HIGH : LOW);
}

// A 12.8 V battery feeding a 60 W load through the relay, as the ADC pins
// see it through the board's dividers and an ACS712-20A.
// The household's sensors idle at their zero.
uint32_t lineAdcMilliVolts(uint8_t pin) {
  if (pin == board::kVoltagePin) return uint32_t(12'800.0 * 22.0 / 122.0 + 0.5);
  double amps = 0.0;
  if (pin == board::kCurrentPin) amps = relayClosed() ? 60.0 / 12.8 : importRelayClosed() ? -60.0 / 12.8 : 0.0;
  return uint32_t((2'500.0 + 100.0 * amps) / 1.5 + 0.5);
}

std::map<std::string, std::string> signedHeaders(const std::string& body) {
  return {{"X-Signature", signatureFor(secrets::kNodeSecret, body)}, {"X-Nonce", kNonce}};
}

WebServer::StubResponse request(HTTPMethod method, const std::string& uri, const std::string& body = "",
                                const std::map<std::string, std::string>& headers = {}) {
  WebServer* server = arduino_stub::lastStartedWebServer();
  if (server == nullptr) return WebServer::StubResponse();
  return server->stubRequest(method, uri, body, headers);
}

// The metering task's samples, with the store task's turns in between.
void runMeteringTask(EnergyNodeApp& app, uint64_t ms) {
  for (uint64_t t = 0; t < ms; t += board::kSamplePeriodMs) {
    app.sampleOnce();
    app.persistOnce();
    arduino_stub::advanceMillis(board::kSamplePeriodMs);
  }
}

}  // namespace

TEST(Sketch, SetupOpensTheRelayConnectsAndStartsTheMeteringTask) {
  arduino_stub::reset(true);
  arduino_stub::analogMilliVolts = lineAdcMilliVolts;
  arduino_stub::scriptWifi(1);
  setup();
  const std::string& log = arduino_stub::serialOutput();
  EXPECT_EQ(arduino_stub::pinModeOf(board::kRelayPin), OUTPUT);
  EXPECT_EQ(arduino_stub::pinModeOf(board::kImportRelayPin), OUTPUT);
  EXPECT_FALSE(relayClosed());
  EXPECT_FALSE(importRelayClosed());
  EXPECT_TRUE(log.find("Connection failed ... retry in 5 s") != std::string::npos);
  EXPECT_TRUE(log.find("Connected\r\nIP address: 192.168.4.23") != std::string::npos);
  const arduino_stub::CreatedTask metering = arduino_stub::createdTask("metering");
  const arduino_stub::CreatedTask store = arduino_stub::createdTask("store");
  EXPECT_TRUE(metering.function != nullptr);
  EXPECT_TRUE(store.function != nullptr);
  // Flash writes run below sampling, so a sample (and a relay cut) preempts them.
  EXPECT_TRUE(metering.priority > store.priority);
  EXPECT_TRUE(store.priority > 1);
  loop();
}

TEST(Sketch, DeliversASignedOrderPostedToItsWebServer) {
  arduino_stub::reset(true);
  arduino_stub::analogMilliVolts = lineAdcMilliVolts;
  EnergyNodeApp app;
  app.setup();
  const std::string body = "{\"tradeId\":77,\"quantityMilliWh\":50}";
  const auto accepted = request(HTTP_POST, "/api/trades", body, signedHeaders(body));
  ASSERT_EQ(accepted.code, 202);
  runMeteringTask(app, board::kSamplePeriodMs);
  EXPECT_TRUE(relayClosed());
  runMeteringTask(app, 10'000);  // 60 W: 50 mWh takes 3 s
  EXPECT_FALSE(relayClosed());
  const auto trade = request(HTTP_GET, "/api/trades/77", "", {{"X-Nonce", kNonce}});
  EXPECT_EQ(trade.code, 200);
  EXPECT_TRUE(trade.body.find("\"state\":\"delivered\"") != std::string::npos);
  EXPECT_TRUE(arduino_stub::serialOutput().find("Trade 77 (export): delivered, relay open") != std::string::npos);
  EXPECT_FALSE(arduino_stub::flash()["energy-node"]["ledger"].empty());
}

TEST(Sketch, ImportsThroughTheImportRelay) {
  arduino_stub::reset(true);
  arduino_stub::analogMilliVolts = lineAdcMilliVolts;
  EnergyNodeApp app;
  app.setup();
  const std::string body = "{\"tradeId\":80,\"quantityMilliWh\":50,\"role\":\"import\"}";
  ASSERT_EQ(request(HTTP_POST, "/api/trades", body, signedHeaders(body)).code, 202);
  runMeteringTask(app, board::kSamplePeriodMs);
  EXPECT_TRUE(importRelayClosed());
  EXPECT_FALSE(relayClosed());
  runMeteringTask(app, 10'000);
  EXPECT_FALSE(importRelayClosed());
  const auto trade = request(HTTP_GET, "/api/trades/80", "", {{"X-Nonce", kNonce}});
  EXPECT_TRUE(trade.body.find("\"role\":\"import\",\"quantityMilliWh\":50,\"state\":\"delivered\"") !=
              std::string::npos);
}

TEST(Sketch, ResumesADeliveryAfterAPowerCutAndKeepsItsClockIncreasing) {
  arduino_stub::reset(true);
  arduino_stub::analogMilliVolts = lineAdcMilliVolts;
  const std::string body = "{\"tradeId\":79,\"quantityMilliWh\":500}";
  {
    EnergyNodeApp firstBoot;
    firstBoot.setup();
    ASSERT_EQ(request(HTTP_POST, "/api/trades", body, signedHeaders(body)).code, 202);
    runMeteringTask(firstBoot, 15'000);  // 250 of 500 mWh, checkpointed at 10 s
    EXPECT_TRUE(relayClosed());
  }
  arduino_stub::reset(false);  // power cut: flash kept, the clock starts again at 0
  arduino_stub::analogMilliVolts = lineAdcMilliVolts;
  EnergyNodeApp secondBoot;
  secondBoot.setup();
  const auto resumed = request(HTTP_GET, "/api/trades/79", "", {{"X-Nonce", kNonce}});
  EXPECT_TRUE(resumed.body.find("\"state\":\"delivering\"") != std::string::npos);
  EXPECT_TRUE(resumed.body.find("\"restarts\":1") != std::string::npos);
  EXPECT_TRUE(EnergyNodeApp::nodeClockMs() > 10'000);
  runMeteringTask(secondBoot, 40'000);
  const auto done = request(HTTP_GET, "/api/trades/79", "", {{"X-Nonce", kNonce}});
  EXPECT_TRUE(done.body.find("\"state\":\"delivered\"") != std::string::npos);
  EXPECT_TRUE(arduino_stub::serialOutput().find("Trade 79 (export): resumed after a restart") != std::string::npos);
  EXPECT_FALSE(relayClosed());
}

TEST(Sketch, RemembersADeliveredTradeAfterAReboot) {
  arduino_stub::reset(true);
  arduino_stub::analogMilliVolts = lineAdcMilliVolts;
  const std::string body = "{\"tradeId\":78,\"quantityMilliWh\":50}";
  const std::map<std::string, std::string> signed_ = signedHeaders(body);
  {
    EnergyNodeApp firstBoot;
    firstBoot.setup();
    ASSERT_EQ(request(HTTP_POST, "/api/trades", body, signed_).code, 202);
    runMeteringTask(firstBoot, 10'000);
  }
  arduino_stub::reset(false);  // power cycle: flash kept
  arduino_stub::analogMilliVolts = lineAdcMilliVolts;
  EnergyNodeApp secondBoot;
  secondBoot.setup();
  EXPECT_TRUE(arduino_stub::serialOutput().find("Trades restored from NVS") != std::string::npos);
  const auto trade = request(HTTP_GET, "/api/trades/78", "", {{"X-Nonce", kNonce}});
  EXPECT_EQ(trade.code, 200);
  EXPECT_TRUE(trade.body.find("\"state\":\"delivered\"") != std::string::npos);
  EXPECT_EQ(request(HTTP_POST, "/api/trades", body, signed_).code, 202);  // the same answer
  runMeteringTask(secondBoot, 2'000);
  EXPECT_FALSE(relayClosed());  // and not delivered a second time
}
