// The emulator's parts: the simulated battery, the sampling loop in
// simulated time, and its flags.
#include <mutex>

#include "../../host/emulator_options.h"
#include "../../host/metering_loop_host.h"
#include "../../host/simulated_battery.h"
#include "../../host/simulated_io_host.h"
#include "../framework/tiny_test.h"
#include "../support/seeded_random.h"

using namespace energy_node;
using namespace energy_node::testing;

namespace {

// The emulator's parts wired as main_host.cpp wires them, with the clock
// driven by the test.
struct Emulator {
  explicit Emulator(BatteryModel model, NodeConfig config = NodeConfig())
      : battery(model), relay(battery), node(config, relay, store), loop(node, battery, mutex, config.samplePeriodMs) {}
  SimulatedBattery battery;
  SimulatedRelay relay;
  NullNodeStore store;
  EnergyNode node;
  std::mutex mutex;
  MeteringLoop loop;
};

}  // namespace

TEST(SimulatedBattery, VoltageSagsAsChargeFalls) {
  BatteryModel model;
  model.capacityWh = 10;
  SimulatedBattery battery(model);
  battery.setLoadConnected(true);
  int32_t previous = battery.read().milliVolts;
  for (uint64_t minute = 1; minute <= 9; ++minute) {
    battery.advanceTo(minute * 60'000);
    const int32_t now = battery.read().milliVolts;
    EXPECT_TRUE(now < previous);
    previous = now;
  }
  EXPECT_NEAR(battery.socPct(), 10.0, 1e-6);  // 9 minutes of 60 W from 10 Wh
}

TEST(SimulatedBattery, LoadDrawsCurrentOnlyWhileTheRelayIsClosed) {
  SimulatedBattery battery{BatteryModel()};
  EXPECT_EQ(battery.read().milliAmps, 0);
  battery.advanceTo(60'000);
  EXPECT_EQ(battery.drawnWh(), 0.0);
  battery.setLoadConnected(true);
  EXPECT_NEAR(double(battery.read().deliveredMicroWatts()), 60e6, 60e6 * 1e-3);
  EXPECT_TRUE(battery.read().milliVolts < 13'400);  // sags under load
}

TEST(SimulatedBattery, GivesExactlyItsChargeThenCutsOut) {
  BatteryModel model;
  model.capacityWh = 2;
  model.initialSocPct = 50;
  SimulatedBattery battery(model);
  battery.setLoadConnected(true);
  battery.advanceTo(3'600'000);
  EXPECT_NEAR(battery.drawnWh(), 1.0, 1e-9);
  EXPECT_TRUE(battery.isFlat());
  EXPECT_EQ(battery.read().milliAmps, 0);
}

TEST(SimulatedBattery, StepSizeDoesNotChangeTheResult) {
  BatteryModel model;
  model.capacityWh = 1;
  SimulatedBattery fine(model), coarse(model);
  fine.setLoadConnected(true);
  coarse.setLoadConnected(true);
  for (uint64_t t = 1; t <= 50'000; ++t) fine.advanceTo(t);
  coarse.advanceTo(50'000);
  EXPECT_NEAR(fine.drawnWh(), coarse.drawnWh(), 1e-9);
  EXPECT_EQ(fine.read().milliVolts, coarse.read().milliVolts);
}

TEST(Emulator, MetersWhatTheBatteryGave) {
  BatteryModel model;
  model.loadWatts = 137.5;
  Emulator emulator(model);
  emulator.node.submitOrder(1, 2'000);
  emulator.loop.runUntil(3'600'000);
  const Trade trade = *emulator.node.findTrade(1);
  EXPECT_EQ(trade.state, TradeState::Delivered);
  const double trueMilliWh = emulator.battery.drawnWh() * 1000.0;
  const double metered = double(trade.deliveredMicroWh) / 1000.0;
  EXPECT_NEAR(metered, trueMilliWh, trueMilliWh * 0.0005);
  EXPECT_TRUE(trueMilliWh - 2'000 <= 137.5 * 0.1 / 3.6 + 0.01);  // overshoot within one sample
}

TEST(Emulator, StopsWhenTheSimulatedBatteryRunsFlat) {
  BatteryModel model;
  model.capacityWh = 1.0;
  Emulator emulator(model);
  emulator.node.submitOrder(1, 5'000);
  emulator.loop.runUntil(3'600'000);
  const Trade trade = *emulator.node.findTrade(1);
  EXPECT_EQ(trade.state, TradeState::Stopped);
  EXPECT_EQ(trade.stopReason, StopReason::LowPower);
  EXPECT_NEAR(double(trade.deliveredMicroWh) / 1000.0, 1'000.0, 2.0);  // all the battery had
  EXPECT_FALSE(emulator.battery.loadConnected());
}

TEST(Emulator, OverloadedLineTripsTheOverCurrentCut) {
  BatteryModel model;
  model.loadWatts = 400;  // about 31 A at 13 V, over the 20 A limit
  Emulator emulator(model);
  emulator.node.submitOrder(1, 5'000);
  emulator.loop.runUntil(200);
  const Trade trade = *emulator.node.findTrade(1);
  EXPECT_EQ(trade.stopReason, StopReason::OverCurrent);
  EXPECT_EQ(trade.endedAtMs - trade.startedAtMs, uint64_t(100));  // on the first sample
}

TEST(Emulator, GivesTheSameFiguresHoweverTheSamplingIsBatched) {
  // A fast clock wakes the loop late and in bursts; sample k is still taken
  // at k * period of simulated time, so the figures do not change.
  SeededRandom random(3);
  BatteryModel model;
  model.capacityWh = 3;
  model.loadWatts = 90;
  Emulator steady(model), bursty(model);
  for (Emulator* emulator : {&steady, &bursty}) {
    emulator->node.submitOrder(1, 1'234);
    emulator->node.submitOrder(2, 5'000);
  }
  for (uint64_t t = 0; t <= 7'200'000; t += 100) steady.loop.runUntil(t);
  for (uint64_t t = 0; t <= 7'200'000; t += random.integer(1, 90'000)) bursty.loop.runUntil(t);
  bursty.loop.runUntil(7'200'000);
  for (uint64_t id : {1, 2}) {
    const Trade a = *steady.node.findTrade(id);
    const Trade b = *bursty.node.findTrade(id);
    EXPECT_EQ(a.deliveredMicroWh, b.deliveredMicroWh);
    EXPECT_EQ(a.startedAtMs, b.startedAtMs);
    EXPECT_EQ(a.endedAtMs, b.endedAtMs);
    EXPECT_EQ(a.state, b.state);
  }
  EXPECT_EQ(steady.loop.samplesTaken(), bursty.loop.samplesTaken());
}

TEST(EmulatorOptions, ParsesEveryFlag) {
  EmulatorOptions options;
  bool help = false;
  std::string error;
  ASSERT_TRUE(parseEmulatorOptions({"--port", "7003", "--host=0.0.0.0", "--secret", "s", "--state-file", "/tmp/x.json",
                                    "--load-watts", "120.5", "--battery-wh", "250", "--initial-soc", "40",
                                    "--time-scale", "60", "--sample-ms", "50", "--max-current", "15",
                                    "--low-power-watts", "2", "--low-power-timeout-ms", "4000",
                                    "--max-quantity-mwh", "5000", "--max-queued", "3", "--remember", "10", "--quiet"},
                                   options, help, error));
  EXPECT_EQ(options.port, uint16_t(7003));
  EXPECT_EQ(options.host, std::string("0.0.0.0"));
  EXPECT_EQ(options.secret, std::string("s"));
  EXPECT_TRUE(options.secretGiven);
  EXPECT_EQ(options.stateFile, std::string("/tmp/x.json"));
  EXPECT_NEAR(options.battery.loadWatts, 120.5, 1e-9);
  EXPECT_NEAR(options.battery.capacityWh, 250.0, 1e-9);
  EXPECT_NEAR(options.battery.initialSocPct, 40.0, 1e-9);
  EXPECT_NEAR(options.timeScale, 60.0, 1e-9);
  EXPECT_EQ(options.node.samplePeriodMs, uint32_t(50));
  EXPECT_EQ(options.node.maxMilliAmps, 15'000);
  EXPECT_EQ(options.node.lowPowerThresholdMicroW, int64_t(2'000'000));
  EXPECT_EQ(options.node.lowPowerTimeoutMs, uint32_t(4'000));
  EXPECT_EQ(options.node.maxQuantityMilliWh, uint64_t(5'000));
  EXPECT_EQ(options.node.maxQueuedTrades, size_t(3));
  EXPECT_EQ(options.node.maxRememberedTrades, size_t(10));
  EXPECT_TRUE(options.quiet);
  EXPECT_FALSE(help);
  EXPECT_TRUE(options.node.isValid());
}

TEST(EmulatorOptions, RefusesUnknownFlagsAndOutOfRangeValues) {
  const std::vector<std::vector<std::string>> bad = {
      {"--colour", "red"}, {"--port"}, {"--port", "70000"}, {"--port", "12ab"}, {"--sample-ms", "250"},
      {"--sample-ms", "0"}, {"--time-scale", "0"}, {"--time-scale", "1e6"}, {"--initial-soc", "120"},
      {"--battery-wh", "-1"}, {"--secret", ""}, {"--load-watts", "nan"}, {"stray"},
      {"--sample-ms", "100", "--low-power-timeout-ms", "50"}};
  for (const auto& args : bad) {
    EmulatorOptions options;
    bool help = false;
    std::string error;
    if (!EXPECT_FALSE(parseEmulatorOptions(args, options, help, error))) {
      tiny_test::recordFailure(__FILE__, __LINE__, args[0]);
    }
    EXPECT_FALSE(error.empty());
  }
}
