// The emulator's parts: the simulated household and its day, the shared
// line between emulators, the sampling loop in simulated time, and its flags.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <mutex>

#include "../../host/emulator_options.h"
#include "../../host/household_plant.h"
#include "../../host/metering_loop_host.h"
#include "../../host/shared_line_host.h"
#include "../../host/simulated_io_host.h"
#include "../../host/solar_day.h"
#include "../framework/tiny_test.h"
#include "../support/seeded_random.h"

using namespace energy_node;
using namespace energy_node::testing;

namespace {

constexpr uint64_t kHourMs = 3'600'000;

// The emulator's parts wired as main_host.cpp wires them, with the clock
// driven by the test.
struct Emulator {
  explicit Emulator(HouseholdModel model, NodeConfig config = NodeConfig(), MeteringParts parts = MeteringParts())
      : plant(model), relay(plant), node(config, relay, store), loop(node, plant, mutex, config.samplePeriodMs, parts) {}
  HouseholdPlant plant;
  SimulatedRelay relay;
  NullNodeStore store;
  EnergyNode node;
  std::mutex mutex;
  MeteringLoop loop;
};

HouseholdModel lossless() {
  HouseholdModel model;
  model.roundTripEfficiencyPct = 100;
  return model;
}

std::string temporaryLine(const char* name) {
  const std::string path = "/tmp/energy-node-test-" + std::to_string(::getpid()) + "-" + name + ".line";
  std::remove(path.c_str());
  return path;
}

}  // namespace

TEST(HouseholdPlant, VoltageSagsAsChargeFalls) {
  HouseholdModel model = lossless();
  model.capacityWh = 10;
  HouseholdPlant plant(model);
  plant.connect(LineConnection::Export);
  int32_t previous = plant.read().milliVolts;
  for (uint64_t minute = 1; minute <= 9; ++minute) {
    plant.advanceTo(minute * 60'000);
    const int32_t now = plant.read().milliVolts;
    EXPECT_TRUE(now < previous);
    previous = now;
  }
  EXPECT_NEAR(plant.socPct(), 10.0, 1e-6);  // 9 minutes of 60 W from 10 Wh
}

TEST(HouseholdPlant, ExportDrawsCurrentOnlyWhileTheExportRelayIsClosed) {
  HouseholdPlant plant{lossless()};
  EXPECT_EQ(plant.read().milliAmps, 0);
  plant.advanceTo(60'000);
  EXPECT_EQ(plant.state().exportedWh, 0.0);
  plant.connect(LineConnection::Import);  // importing with nothing on the line
  EXPECT_EQ(plant.read().milliAmps, 0);
  plant.connect(LineConnection::Export);
  EXPECT_NEAR(double(plant.read().deliveredMicroWatts()), 60e6, 60e6 * 1e-3);
  EXPECT_TRUE(plant.read().milliVolts < 13'400);  // sags under load
}

TEST(HouseholdPlant, GivesExactlyItsChargeThenCutsOut) {
  HouseholdModel model = lossless();
  model.capacityWh = 2;
  model.initialSocPct = 50;
  HouseholdPlant plant(model);
  plant.connect(LineConnection::Export);
  plant.advanceTo(kHourMs);
  EXPECT_NEAR(plant.state().exportedWh, 1.0, 1e-9);
  EXPECT_TRUE(plant.isFlat());
  EXPECT_EQ(plant.read().milliAmps, 0);
}

TEST(HouseholdPlant, LosesTheRoundTripEfficiencyHalfInHalfOut) {
  HouseholdModel model;
  model.roundTripEfficiencyPct = 81;  // 90 % each way
  model.capacityWh = 100;
  model.initialSocPct = 50;
  HouseholdPlant plant(model);
  plant.connect(LineConnection::Export);
  plant.advanceTo(kHourMs / 2);  // 30 Wh sent costs 30 / 0.9 Wh of charge
  EXPECT_NEAR(plant.state().remainingWh, 50.0 - 30.0 / 0.9, 1e-6);
  plant.connect(LineConnection::Import);
  plant.setImportWatts(60);
  plant.advanceTo(kHourMs);  // 30 Wh received stores 27 Wh
  EXPECT_NEAR(plant.state().remainingWh, 50.0 - 30.0 / 0.9 + 27.0, 1e-6);
  EXPECT_NEAR(plant.state().importedWh, 30.0, 1e-6);
  EXPECT_TRUE(plant.read().milliAmps < 0);  // current flows in from the line
}

TEST(HouseholdPlant, StepSizeDoesNotChangeTheResult) {
  HouseholdModel model;
  model.capacityWh = 1;
  model.day.pvPeakWatts = 30;
  model.day.loadProfile = LoadProfile::Household;
  HouseholdPlant fine(model), coarse(model);
  fine.connect(LineConnection::Export);
  coarse.connect(LineConnection::Export);
  for (uint64_t t = 100; t <= 50'000; t += 100) fine.advanceTo(t);
  coarse.advanceTo(50'000);
  EXPECT_NEAR(fine.state().exportedWh, coarse.state().exportedWh, 1e-9);
  EXPECT_NEAR(fine.state().unmetLoadWh, coarse.state().unmetLoadWh, 1e-9);
  EXPECT_EQ(fine.read().milliVolts, coarse.read().milliVolts);
}

TEST(HouseholdPlant, CountsLoadNotMetWhileTheBatteryIsFlat) {
  HouseholdModel model = lossless();
  model.capacityWh = 10;
  model.day.loadProfile = LoadProfile::Flat;
  model.day.loadWhPerDay = 2'400;  // 100 W
  HouseholdPlant plant(model);
  plant.advanceTo(kHourMs);
  // 10 Wh served in the first 6 minutes, then the disconnect cut the rest.
  EXPECT_NEAR(plant.state().unmetLoadWh, 90.0, 0.01);
  EXPECT_NEAR(plant.state().loadWh, 100.0, 0.01);
  EXPECT_TRUE(plant.isFlat());
  EXPECT_EQ(plant.loadWattsNow(), 0.0);
}

TEST(HouseholdPlant, CountsPvWastedWhileTheBatteryIsFull) {
  HouseholdModel model;
  model.day.pvPeakWatts = 500;
  model.day.cloudCover = 0;
  model.day.startHour = 11.5;
  HouseholdPlant plant(model);  // full at the start
  plant.advanceTo(kHourMs);
  EXPECT_TRUE(plant.state().pvWh > 400);
  EXPECT_NEAR(plant.state().curtailedWh, plant.state().pvWh, 1e-6);
  EXPECT_EQ(plant.state().unmetLoadWh, 0.0);
}

TEST(HouseholdPlant, ComesBackOnceTheSunHasRechargedTheBattery) {
  HouseholdModel model = lossless();
  model.capacityWh = 100;
  model.initialSocPct = 0;
  model.day.pvPeakWatts = 200;
  model.day.cloudCover = 0;
  model.day.startHour = 10;
  model.day.loadProfile = LoadProfile::Flat;
  model.day.loadWhPerDay = 240;  // 10 W
  HouseholdPlant plant(model);
  EXPECT_TRUE(plant.isFlat());
  plant.advanceTo(kHourMs);
  EXPECT_FALSE(plant.isFlat());  // past the 5 % reconnect
  EXPECT_TRUE(plant.state().unmetLoadWh > 0 && plant.state().unmetLoadWh < 10);
}

TEST(HouseholdPlant, ResumesItsChargeAfterARestartAndLivesThroughTheGap) {
  HouseholdModel model = lossless();
  model.day.loadProfile = LoadProfile::Flat;
  model.day.loadWhPerDay = 240;  // 10 W
  HouseholdPlant before(model);
  before.advanceTo(kHourMs);
  const HouseholdState saved = before.state();
  HouseholdPlant after(model);
  after.resume(saved, 2 * kHourMs);  // down for an hour
  EXPECT_NEAR(after.state().remainingWh, saved.remainingWh - 10.0, 1e-6);
  EXPECT_NEAR(after.state().loadWh, 20.0, 1e-6);
}

TEST(SolarDay, NoSunAtNightAndMostAroundNoon) {
  DayModel day;
  day.pvPeakWatts = 1'000;
  day.cloudCover = 0;
  day.startHour = 0;
  EXPECT_EQ(pvWatts(day, 2 * kHourMs), 0.0);
  EXPECT_EQ(pvWatts(day, 22 * kHourMs), 0.0);
  const double noon = pvWatts(day, 12 * kHourMs);
  EXPECT_TRUE(noon > 950 && noon < 1'100);  // about 1037 W/m2 overhead
  EXPECT_TRUE(pvWatts(day, 9 * kHourMs) < noon);
  EXPECT_NEAR(pvWatts(day, 9 * kHourMs), pvWatts(day, 15 * kHourMs), 1e-6);  // symmetric about noon
}

TEST(SolarDay, CloudsDependOnTheSeedAndOnlyDim) {
  DayModel a, b, c;
  a.seed = c.seed = 11;
  b.seed = 12;
  double differences = 0;
  for (uint64_t t = 0; t < 24 * kHourMs; t += 60'000) {
    EXPECT_EQ(cloudTransmittance(a, t), cloudTransmittance(c, t));
    differences += std::fabs(cloudTransmittance(a, t) - cloudTransmittance(b, t));
    EXPECT_TRUE(cloudTransmittance(a, t) > 0.1 && cloudTransmittance(a, t) <= 1.0);
  }
  EXPECT_TRUE(differences > 1.0);
  DayModel clear;
  clear.cloudCover = 0;
  EXPECT_EQ(cloudTransmittance(clear, 5 * kHourMs), 1.0);
}

TEST(SolarDay, AHouseholdUsesItsDailyEnergyWithAnEveningPeak) {
  DayModel day;
  day.loadProfile = LoadProfile::Household;
  day.loadWhPerDay = 1'200;
  day.startHour = 0;
  double wattHours = 0;
  for (uint64_t t = 0; t < 24 * kHourMs; t += 1'000) wattHours += loadWatts(day, t) / 3600.0;
  EXPECT_NEAR(wattHours, 1'200.0, 60.0);  // the quarter-hour variation averages out
  double evening = 0, midday = 0;
  for (uint64_t t = 0; t < kHourMs; t += 1'000) {
    evening += loadWatts(day, 19 * kHourMs + t);
    midday += loadWatts(day, 13 * kHourMs + t);
  }
  EXPECT_TRUE(evening > 2 * midday);
}

TEST(SharedLine, AnImporterSeesWhatTheExporterOfItsTradeSends) {
  const std::string path = temporaryLine("basic");
  std::string error;
  std::unique_ptr<SharedLine> seller = SharedLine::open(path, error);
  std::unique_ptr<SharedLine> buyer = SharedLine::open(path, error);
  ASSERT_TRUE(seller && buyer);
  EXPECT_EQ(buyer->sentWatts(5), 0.0);
  EXPECT_TRUE(seller->publishSending(5, 60.5));
  EXPECT_NEAR(buyer->sentWatts(5), 60.5, 1e-6);
  EXPECT_EQ(buyer->sentWatts(6), 0.0);  // another trade's line
  seller->publishEnded(5);
  EXPECT_EQ(buyer->sentWatts(5), 0.0);
  std::remove(path.c_str());
}

TEST(SharedLine, ReusesSlotsOfEndedTrades) {
  const std::string path = temporaryLine("reuse");
  std::string error;
  std::unique_ptr<SharedLine> seller = SharedLine::open(path, error);
  std::unique_ptr<SharedLine> buyer = SharedLine::open(path, error);
  for (uint64_t id = 1; id <= 3 * SharedLine::kSlots; ++id) {
    ASSERT_TRUE(seller->publishSending(id, 10));
    EXPECT_NEAR(buyer->sentWatts(id), 10.0, 1e-9);
    seller->publishEnded(id);
  }
  std::remove(path.c_str());
}

TEST(SharedLine, RefusesAFileThatIsNotALine) {
  const std::string path = temporaryLine("foreign");
  std::FILE* file = std::fopen(path.c_str(), "w");
  std::fputs("not a line", file);
  std::fclose(file);
  std::string error;
  EXPECT_FALSE(SharedLine::open(path, error) != nullptr);
  EXPECT_TRUE(error.find("not an energy-node line file") != std::string::npos);
  std::remove(path.c_str());
}

TEST(SharedLine, TheBuyersMeterFollowsWhatTheSellerSendsLessTheLineLoss) {
  const std::string path = temporaryLine("trade");
  std::string error;
  std::unique_ptr<SharedLine> sellerLine = SharedLine::open(path, error);
  std::unique_ptr<SharedLine> buyerLine = SharedLine::open(path, error);
  MeteringParts sellerParts, buyerParts;
  sellerParts.line = sellerLine.get();
  buyerParts.line = buyerLine.get();
  buyerParts.lineLossPct = 3;
  Emulator seller(HouseholdModel(), NodeConfig(), sellerParts);
  Emulator buyer(HouseholdModel(), NodeConfig(), buyerParts);
  buyer.node.submitOrder(9, TradeRole::Import, 2'000);
  seller.node.submitOrder(9, TradeRole::Export, 2'000);
  for (uint64_t t = 0; t <= 2 * kHourMs && !buyer.node.findTrade(9)->isFinished(); t += 100) {
    seller.loop.runUntil(t);
    buyer.loop.runUntil(t);
    if (seller.node.findTrade(9)->isFinished() && buyer.node.findTrade(9)->state == TradeState::Delivering &&
        buyer.plant.read().milliAmps == 0) {
      buyer.node.stopTrade(9, StopCommand::ExportEnded, t);  // as the delivery service does
    }
  }
  const Trade sent = *seller.node.findTrade(9);
  const Trade received = *buyer.node.findTrade(9);
  EXPECT_EQ(sent.state, TradeState::Delivered);
  EXPECT_EQ(received.state, TradeState::Delivered);
  const double expected = double(sent.deliveredMicroWh) * 0.97;
  // Within a sample at each end (1.7 mWh each at 60 W).
  EXPECT_NEAR(double(received.deliveredMicroWh), expected, 3'500.0);
  std::remove(path.c_str());
}

TEST(SharedLine, ATamperedSellerReportsMoreThanTheLineCarries) {
  const std::string path = temporaryLine("tamper");
  std::string error;
  std::unique_ptr<SharedLine> sellerLine = SharedLine::open(path, error);
  std::unique_ptr<SharedLine> buyerLine = SharedLine::open(path, error);
  MeteringParts sellerParts, buyerParts;
  sellerParts.line = sellerLine.get();
  buyerParts.line = buyerLine.get();
  buyerParts.lineLossPct = 0;
  HouseholdModel tampered;
  tampered.tamperFactor = 2.5;
  Emulator seller(tampered, NodeConfig(), sellerParts);
  Emulator buyer(HouseholdModel(), NodeConfig(), buyerParts);
  buyer.node.submitOrder(3, TradeRole::Import, 1'000);
  seller.node.submitOrder(3, TradeRole::Export, 1'000);
  for (uint64_t t = 0; t <= kHourMs && !seller.node.findTrade(3)->isFinished(); t += 100) {
    seller.loop.runUntil(t);
    buyer.loop.runUntil(t);
  }
  buyer.loop.runUntil(kHourMs / 2);
  const Trade claimed = *seller.node.findTrade(3);
  const Trade received = *buyer.node.findTrade(3);
  EXPECT_EQ(claimed.state, TradeState::Delivered);
  EXPECT_TRUE(claimed.deliveredMilliWh() >= 1'000);
  // The buyer's meter saw 40 % of the claim.
  EXPECT_NEAR(double(received.deliveredMicroWh), 400'000.0, 3'500.0);
  std::remove(path.c_str());
}

TEST(Emulator, MetersWhatTheBatteryGave) {
  HouseholdModel model;
  model.exportWatts = 137.5;
  Emulator emulator(model);
  emulator.node.submitOrder(1, TradeRole::Export, 2'000);
  emulator.loop.runUntil(3'600'000);
  const Trade trade = *emulator.node.findTrade(1);
  EXPECT_EQ(trade.state, TradeState::Delivered);
  const double trueMilliWh = emulator.plant.state().exportedWh * 1000.0;
  const double metered = double(trade.deliveredMicroWh) / 1000.0;
  EXPECT_NEAR(metered, trueMilliWh, trueMilliWh * 0.0005);
  EXPECT_TRUE(trueMilliWh - 2'000 <= 137.5 * 0.1 / 3.6 + 0.01);  // overshoot within one sample
}

TEST(Emulator, StopsWhenTheSimulatedBatteryRunsFlat) {
  HouseholdModel model = lossless();
  model.capacityWh = 1.0;
  NodeConfig config;
  config.batteryFlatMilliVolts = 11'850;
  Emulator emulator(model, config);
  emulator.node.submitOrder(1, TradeRole::Export, 5'000);
  emulator.loop.runUntil(3'600'000);
  const Trade trade = *emulator.node.findTrade(1);
  EXPECT_EQ(trade.state, TradeState::Stopped);
  EXPECT_EQ(trade.stopReason, StopReason::BatteryFlat);
  EXPECT_NEAR(double(trade.deliveredMicroWh) / 1000.0, 1'000.0, 2.0);  // all the battery had
  EXPECT_EQ(emulator.plant.connection(), LineConnection::Open);
}

TEST(Emulator, AnExportLeavesTheSellersBatteryAndAnImportArrivesInTheBuyers) {
  HouseholdModel model = lossless();
  model.initialSocPct = 50;
  Emulator emulator(model);
  emulator.node.submitOrder(1, TradeRole::Export, 10'000);
  emulator.loop.runUntil(kHourMs);
  EXPECT_NEAR(emulator.plant.state().remainingWh, 40.0, 0.01);
  EXPECT_NEAR(emulator.plant.socPct(), 40.0, 0.01);
}

TEST(Emulator, OverloadedLineTripsTheOverCurrentCut) {
  HouseholdModel model;
  model.exportWatts = 400;  // about 31 A at 13 V, over the 20 A limit
  Emulator emulator(model);
  emulator.node.submitOrder(1, TradeRole::Export, 5'000);
  emulator.loop.runUntil(200);
  const Trade trade = *emulator.node.findTrade(1);
  EXPECT_EQ(trade.stopReason, StopReason::OverCurrent);
  EXPECT_EQ(trade.endedAtMs - trade.startedAtMs, uint64_t(100));  // on the first sample
}

TEST(Emulator, GivesTheSameFiguresHoweverTheSamplingIsBatched) {
  // A fast clock wakes the loop late and in bursts; sample k is still taken
  // at k * period of simulated time, so the figures do not change.
  SeededRandom random(3);
  HouseholdModel model;
  model.capacityWh = 3;
  model.exportWatts = 90;
  model.day.pvPeakWatts = 40;
  model.day.loadProfile = LoadProfile::Household;
  model.day.loadWhPerDay = 300;
  Emulator steady(model), bursty(model);
  for (Emulator* emulator : {&steady, &bursty}) {
    emulator->node.submitOrder(1, TradeRole::Export, 1'234);
    emulator->node.submitOrder(2, TradeRole::Export, 5'000);
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
  EXPECT_EQ(steady.plant.state().unmetLoadWh, bursty.plant.state().unmetLoadWh);
  EXPECT_EQ(steady.plant.state().curtailedWh, bursty.plant.state().curtailedWh);
  EXPECT_EQ(steady.plant.socPct(), bursty.plant.socPct());
}

TEST(EmulatorOptions, ParsesEveryFlag) {
  EmulatorOptions options;
  bool help = false;
  std::string error;
  ASSERT_TRUE(parseEmulatorOptions({"--port", "7003", "--host=0.0.0.0", "--secret", "s", "--state-file", "/tmp/x.json",
                                    "--export-watts", "120.5", "--battery-wh", "250", "--initial-soc", "40",
                                    "--round-trip-efficiency", "85", "--pv-watts", "400", "--cloud-cover", "0.5",
                                    "--load-profile", "household", "--load-wh-per-day", "2000", "--seed", "42",
                                    "--start-hour", "6.5", "--latitude", "-12", "--day-of-year", "172",
                                    "--epoch-ms", "1700000000000", "--line", "/tmp/l", "--line-loss-pct", "4",
                                    "--tamper-factor", "2.5", "--import-idle-timeout-ms", "90000",
                                    "--time-scale", "60", "--sample-ms", "50", "--max-current", "15",
                                    "--low-power-watts", "2", "--low-power-timeout-ms", "4000",
                                    "--max-quantity-mwh", "5000", "--max-queued", "3", "--remember", "10", "--quiet"},
                                   options, help, error));
  EXPECT_EQ(options.port, uint16_t(7003));
  EXPECT_EQ(options.host, std::string("0.0.0.0"));
  EXPECT_EQ(options.secret, std::string("s"));
  EXPECT_TRUE(options.secretGiven);
  EXPECT_EQ(options.stateFile, std::string("/tmp/x.json"));
  EXPECT_NEAR(options.household.exportWatts, 120.5, 1e-9);
  EXPECT_NEAR(options.household.capacityWh, 250.0, 1e-9);
  EXPECT_NEAR(options.household.initialSocPct, 40.0, 1e-9);
  EXPECT_NEAR(options.household.roundTripEfficiencyPct, 85.0, 1e-9);
  EXPECT_NEAR(options.household.day.pvPeakWatts, 400.0, 1e-9);
  EXPECT_NEAR(options.household.day.cloudCover, 0.5, 1e-9);
  EXPECT_EQ(options.household.day.loadProfile, LoadProfile::Household);
  EXPECT_NEAR(options.household.day.loadWhPerDay, 2000.0, 1e-9);
  EXPECT_EQ(options.household.day.seed, uint64_t(42));
  EXPECT_NEAR(options.household.day.startHour, 6.5, 1e-9);
  EXPECT_NEAR(options.household.day.latitudeDeg, -12.0, 1e-9);
  EXPECT_EQ(options.household.day.dayOfYear, 172);
  ASSERT_TRUE(options.epochUnixMs.has_value());
  EXPECT_EQ(*options.epochUnixMs, int64_t(1'700'000'000'000));
  EXPECT_EQ(options.linePath, std::string("/tmp/l"));
  EXPECT_NEAR(options.lineLossPct, 4.0, 1e-9);
  EXPECT_NEAR(options.household.tamperFactor, 2.5, 1e-9);
  EXPECT_EQ(options.node.importIdleTimeoutMs, uint32_t(90'000));
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
      {"--sample-ms", "100", "--low-power-timeout-ms", "50"}, {"--load-profile", "office"},
      {"--cloud-cover", "1.5"}, {"--round-trip-efficiency", "0"}, {"--line-loss-pct", "60"},
      {"--tamper-factor", "0.5"}, {"--day-of-year", "366"}, {"--latitude", "80"}, {"--line", ""}};
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
