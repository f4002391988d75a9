// The two meters of a trade: the seller's node exports, the buyer's imports.
#include "../framework/tiny_test.h"
#include "../support/node_harness.h"

using namespace energy_node;
using namespace energy_node::testing;

TEST(Roles, ExportClosesTheExportRelayAndImportTheImportRelay) {
  NodeHarness harness;
  harness.order(1, 50);
  harness.order(2, 50, TradeRole::Import);
  harness.step();
  EXPECT_EQ(harness.relay.connection(), LineConnection::Export);
  ASSERT_TRUE(harness.runUntilFinished(1));
  EXPECT_EQ(harness.relay.connection(), LineConnection::Open);
  harness.step();
  EXPECT_EQ(harness.relay.connection(), LineConnection::Import);
  ASSERT_TRUE(harness.runUntilFinished(2));
  EXPECT_EQ(harness.relay.connection(), LineConnection::Open);
}

TEST(Roles, ImportMetersEnergyReceivedAndOpensAtTheQuantity) {
  NodeHarness harness;
  harness.order(4, 100, TradeRole::Import);
  ASSERT_TRUE(harness.runUntilFinished(4));
  const Trade trade = harness.trade(4);
  EXPECT_EQ(trade.role, TradeRole::Import);
  EXPECT_EQ(trade.state, TradeState::Delivered);
  // 60 W received: at most one sample (1.7 mWh) past the quantity.
  EXPECT_TRUE(trade.deliveredMicroWh >= 100'000 && trade.deliveredMicroWh < 101'700);
  const NodeStatus status = harness.node->status();
  EXPECT_EQ(status.energyImportedMicroWh, trade.deliveredMicroWh);
  EXPECT_EQ(status.energyExportedMicroWh, int64_t(0));
}

TEST(Roles, ImportCountsOnlyPowerFlowingIn) {
  NodeHarness harness;
  harness.order(4, 100, TradeRole::Import);
  harness.step();
  // Current out to the line (the node's own battery feeding it) is no import.
  for (int i = 0; i < 50; ++i) {
    harness.node->sample(harness.nowMs, readingFor(60.0));
    harness.nowMs += harness.config.samplePeriodMs;
  }
  EXPECT_EQ(harness.trade(4).deliveredMicroWh, int64_t(0));
  EXPECT_EQ(harness.trade(4).state, TradeState::Delivering);
}

TEST(Roles, ImportWaitsForPowerThroughASellerRestart) {
  NodeHarness harness;
  // The seller sends 5 s, is gone 90 s (restarting), then sends again.
  harness.line = [](uint64_t ms) {
    return ms >= 5'000 && ms < 95'000 ? SensorReading{12'800, 0} : readingFor(60.0);
  };
  harness.order(4, 200, TradeRole::Import);
  ASSERT_TRUE(harness.runUntilFinished(4));
  EXPECT_EQ(harness.trade(4).state, TradeState::Delivered);
  EXPECT_TRUE(harness.trade(4).endedAtMs - harness.trade(4).startedAtMs > 95'000);
}

TEST(Roles, ImportWithNoPowerForTheIdleTimeoutEndsNoPower) {
  NodeConfig config;
  config.importIdleTimeoutMs = 20'000;
  NodeHarness harness(config);
  harness.line = [](uint64_t ms) { return ms < 3'000 ? readingFor(60.0) : SensorReading{12'800, 0}; };
  harness.order(4, 1'000, TradeRole::Import);
  ASSERT_TRUE(harness.runUntilFinished(4));
  const Trade trade = harness.trade(4);
  EXPECT_EQ(trade.state, TradeState::Stopped);
  EXPECT_EQ(trade.stopReason, StopReason::NoPower);
  EXPECT_NEAR(double(trade.endedAtMs - trade.startedAtMs), 23'000.0, 200.0);
  EXPECT_NEAR(double(trade.deliveredMicroWh), 50'000.0, 1'700.0);
}

TEST(Roles, ExportEndedEndsTheImportDeliveredWithWhatArrived) {
  NodeHarness harness;
  harness.order(4, 1'000, TradeRole::Import);
  harness.runFor(10'000);
  const int64_t received = harness.trade(4).deliveredMicroWh;
  const StopResult result = harness.stop(4, StopCommand::ExportEnded);
  EXPECT_EQ(result.outcome, StopOutcome::Stopped);
  ASSERT_TRUE(result.trade.has_value());
  EXPECT_EQ(result.trade->state, TradeState::Delivered);
  EXPECT_EQ(result.trade->stopReason, StopReason::None);
  EXPECT_EQ(result.trade->deliveredMicroWh, received);
  EXPECT_FALSE(harness.relay.closed());
}

TEST(Roles, ExportEndedBeforeTheImportStartedStopsItWithNothingReceived) {
  NodeHarness harness;
  harness.order(1, 1'000);
  harness.order(4, 1'000, TradeRole::Import);
  harness.step();
  EXPECT_EQ(harness.stop(4, StopCommand::ExportEnded).outcome, StopOutcome::Stopped);
  EXPECT_EQ(harness.trade(4).state, TradeState::Stopped);
  EXPECT_EQ(harness.trade(4).stopReason, StopReason::ExportEnded);
  EXPECT_TRUE(harness.relay.closed());  // trade 1 goes on
}

TEST(Roles, ExportEndedIsRefusedForAnExport) {
  NodeHarness harness;
  harness.order(1, 1'000);
  harness.step();
  EXPECT_EQ(harness.stop(1, StopCommand::ExportEnded).outcome, StopOutcome::WrongRole);
  EXPECT_EQ(harness.trade(1).state, TradeState::Delivering);
  EXPECT_TRUE(harness.relay.closed());
}

TEST(Roles, AStarvedExportTellsAFlatBatteryFromACutLine) {
  NodeHarness flat;
  flat.line = [](uint64_t) { return SensorReading{11'700, 0}; };
  flat.order(1, 500);
  ASSERT_TRUE(flat.runUntilFinished(1));
  EXPECT_EQ(flat.trade(1).stopReason, StopReason::BatteryFlat);

  NodeHarness cut;
  cut.line = [](uint64_t) { return SensorReading{13'100, 0}; };
  cut.order(1, 500);
  ASSERT_TRUE(cut.runUntilFinished(1));
  EXPECT_EQ(cut.trade(1).stopReason, StopReason::NoPower);
}

TEST(Roles, OverCurrentOpensAnImportToo) {
  NodeHarness harness;
  harness.line = [](uint64_t ms) { return ms < 1'000 ? readingFor(60.0) : readingFor(600.0); };
  harness.order(4, 1'000, TradeRole::Import);
  ASSERT_TRUE(harness.runUntilFinished(4));
  EXPECT_EQ(harness.trade(4).stopReason, StopReason::OverCurrent);
  EXPECT_FALSE(harness.relay.closed());
}
