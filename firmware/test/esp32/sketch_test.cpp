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

bool relayClosed() { return arduino_stub::pinLevel(board::kRelayPin) == (board::kRelayActiveHigh ? HIGH : LOW); }

// A 12.8 V battery feeding a 60 W load through the relay, as the ADC pins
// see it through the board's dividers and an ACS712-20A.
uint32_t lineAdcMilliVolts(uint8_t pin) {
  if (pin == board::kVoltagePin) return uint32_t(12'800.0 * 22.0 / 122.0 + 0.5);
  const double amps = relayClosed() ? 60.0 / 12.8 : 0.0;
  return uint32_t((2'500.0 + 100.0 * amps) / 1.5 + 0.5);
}

WebServer::StubResponse request(HTTPMethod method, const std::string& uri, const std::string& body = "",
                                const std::map<std::string, std::string>& headers = {}) {
  WebServer* server = arduino_stub::lastStartedWebServer();
  if (server == nullptr) return WebServer::StubResponse();
  return server->stubRequest(method, uri, body, headers);
}

void runMeteringTask(EnergyNodeApp& app, uint64_t ms) {
  for (uint64_t t = 0; t < ms; t += board::kSamplePeriodMs) {
    app.sampleOnce();
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
  EXPECT_FALSE(relayClosed());
  EXPECT_TRUE(log.find("Connection failed ... retry in 5 s") != std::string::npos);
  EXPECT_TRUE(log.find("Connected\r\nIP address: 192.168.4.23") != std::string::npos);
  const arduino_stub::CreatedTask& task = arduino_stub::lastCreatedTask();
  EXPECT_TRUE(task.function != nullptr);
  EXPECT_EQ(task.name, std::string("metering"));
  EXPECT_TRUE(task.priority > 1);
  loop();
}

TEST(Sketch, DeliversASignedOrderPostedToItsWebServer) {
  arduino_stub::reset(true);
  arduino_stub::analogMilliVolts = lineAdcMilliVolts;
  EnergyNodeApp app;
  app.setup();
  const std::string body = "{\"tradeId\":77,\"quantityMilliWh\":50}";
  const auto accepted = request(HTTP_POST, "/api/trades", body,
                                {{"X-Signature", signatureFor(secrets::kNodeSecret, body)}});
  ASSERT_EQ(accepted.code, 202);
  runMeteringTask(app, board::kSamplePeriodMs);
  EXPECT_TRUE(relayClosed());
  runMeteringTask(app, 10'000);  // 60 W: 50 mWh takes 3 s
  EXPECT_FALSE(relayClosed());
  const auto trade = request(HTTP_GET, "/api/trades/77");
  EXPECT_EQ(trade.code, 200);
  EXPECT_TRUE(trade.body.find("\"state\":\"delivered\"") != std::string::npos);
  EXPECT_TRUE(arduino_stub::serialOutput().find("Trade 77: delivered, relay open") != std::string::npos);
  EXPECT_FALSE(arduino_stub::flash()["energy-node"]["ledger"].empty());
}

TEST(Sketch, RemembersADeliveredTradeAfterAReboot) {
  arduino_stub::reset(true);
  arduino_stub::analogMilliVolts = lineAdcMilliVolts;
  const std::string body = "{\"tradeId\":78,\"quantityMilliWh\":50}";
  const std::map<std::string, std::string> signed_ = {{"X-Signature", signatureFor(secrets::kNodeSecret, body)}};
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
  const auto trade = request(HTTP_GET, "/api/trades/78");
  EXPECT_EQ(trade.code, 200);
  EXPECT_TRUE(trade.body.find("\"state\":\"delivered\"") != std::string::npos);
  EXPECT_EQ(request(HTTP_POST, "/api/trades", body, signed_).code, 202);  // the same answer
  runMeteringTask(secondBoot, 2'000);
  EXPECT_FALSE(relayClosed());  // and not delivered a second time
}
