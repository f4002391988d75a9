// When the relay closes and opens: on the ordered energy, on a flat battery
// or cut line, on over-current.
#include "../framework/tiny_test.h"
#include "../support/node_harness.h"
#include "../support/seeded_random.h"

using namespace energy_node;
using namespace energy_node::testing;

namespace {

// Energy of one sample period at this reading, in µWh.
int64_t oneSampleMicroWh(const SensorReading& reading, uint32_t periodMs) {
  return reading.deliveredMicroWatts() * int64_t(periodMs) / 3'600'000;
}

}  // namespace

TEST(RelayControl, RelayStartsOpen) {
  NodeHarness harness;
  EXPECT_FALSE(harness.relay.closed());
  EXPECT_TRUE(harness.relay.commands() >= 1);  // driven open at start, whatever the pin did
}

TEST(RelayControl, ClosesRelayOnTheFirstSampleAfterAnOrder) {
  NodeHarness harness;
  harness.runFor(1'000);
  EXPECT_FALSE(harness.relay.closed());
  harness.order(1, 100);
  const uint64_t orderedAt = harness.nowMs;
  harness.step();
  EXPECT_TRUE(harness.relay.closed());
  EXPECT_EQ(harness.trade(1).state, TradeState::Delivering);
  EXPECT_EQ(harness.trade(1).startedAtMs, orderedAt);
}

TEST(RelayControl, OpensRelayOnTheSampleThatReachesTheOrderedEnergy) {
  NodeHarness harness;  // 60 W: 1.667 mWh a sample
  harness.order(1, 100);
  harness.step();
  int64_t previous = 0;
  while (harness.relay.closed()) {
    previous = harness.trade(1).deliveredMicroWh;
    EXPECT_TRUE(previous < 100'000);  // closed only while short of the order
    harness.step();
  }
  const Trade trade = harness.trade(1);
  EXPECT_EQ(trade.state, TradeState::Delivered);
  EXPECT_TRUE(trade.deliveredMicroWh >= 100'000);
  EXPECT_TRUE(previous < 100'000);  // the sample before was still short
  EXPECT_EQ(trade.endedAtMs, harness.nowMs - harness.config.samplePeriodMs);
  EXPECT_EQ(harness.relay.switchCount(), 2);
}

TEST(RelayControl, OvershootIsAtMostOneSampleOfEnergy) {
  SeededRandom random(2);
  for (int trial = 0; trial < 300; ++trial) {
    NodeConfig config;
    config.samplePeriodMs = uint32_t(random.integer(10, 100));
    config.maxMilliAmps = 50'000;
    NodeHarness harness(config);
    const double watts = random.uniform(2.0, 450.0);
    const double volts = random.uniform(11.0, 14.6);
    harness.line = constantLoad(watts, volts);
    const uint64_t quantity = random.integer(1, 3'000);
    harness.order(1, quantity);
    ASSERT_TRUE(harness.runUntilFinished(1));
    const Trade trade = harness.trade(1);
    const int64_t overshoot = trade.deliveredMicroWh - int64_t(quantity) * 1000;
    EXPECT_EQ(trade.state, TradeState::Delivered);
    EXPECT_TRUE(overshoot >= 0);
    EXPECT_TRUE(overshoot <= oneSampleMicroWh(readingFor(watts, volts), config.samplePeriodMs) + 1);
    EXPECT_FALSE(harness.relay.closed());
  }
}

TEST(RelayControl, StopsWhenBatteryIsFlat) {
  NodeHarness harness;
  // 60 W for 5 s, then the battery's protection cuts out.
  harness.line = [](uint64_t ms) { return ms < 5'000 ? readingFor(60.0) : SensorReading{11'800, 0}; };
  harness.order(1, 10'000);
  ASSERT_TRUE(harness.runUntilFinished(1));
  const Trade trade = harness.trade(1);
  EXPECT_EQ(trade.state, TradeState::Stopped);
  EXPECT_EQ(trade.stopReason, StopReason::BatteryFlat);
  // What flowed: 60 W for 5 s = 83.3 mWh, give or take the sample at the cut.
  EXPECT_NEAR(double(trade.deliveredMicroWh), 83'333.0, 1'700.0);
  // Stopped once power stayed low for the timeout (3 s), to the sample.
  EXPECT_NEAR(double(trade.endedAtMs - trade.startedAtMs), 8'000.0, 100.0);
  EXPECT_FALSE(harness.relay.closed());
}

TEST(RelayControl, StopsWhenLineIsCutBeforeAnyEnergyFlows) {
  NodeHarness harness;
  harness.line = [](uint64_t) { return SensorReading{12'800, 0}; };
  harness.order(1, 500);
  ASSERT_TRUE(harness.runUntilFinished(1));
  const Trade trade = harness.trade(1);
  EXPECT_EQ(trade.state, TradeState::Stopped);
  EXPECT_EQ(trade.stopReason, StopReason::NoPower);
  EXPECT_EQ(trade.deliveredMilliWh(), uint64_t(0));
  EXPECT_EQ(trade.endedAtMs - trade.startedAtMs, uint64_t(harness.config.lowPowerTimeoutMs));
}

TEST(RelayControl, KeepsDeliveringThroughADipShorterThanTheTimeout) {
  NodeHarness harness;
  harness.line = [](uint64_t ms) {
    return (ms >= 2'000 && ms < 4'500) ? SensorReading{12'800, 10} : readingFor(60.0);
  };
  harness.order(1, 200);
  ASSERT_TRUE(harness.runUntilFinished(1));
  EXPECT_EQ(harness.trade(1).state, TradeState::Delivered);
}

TEST(RelayControl, OpensRelayAtOnceOnOverCurrent) {
  NodeHarness harness;
  harness.line = [](uint64_t ms) { return ms < 2'000 ? readingFor(60.0) : SensorReading{12'000, 25'000}; };
  harness.order(1, 10'000);
  harness.step();  // closes
  while (harness.relay.closed()) harness.step();
  const Trade trade = harness.trade(1);
  EXPECT_EQ(trade.state, TradeState::Stopped);
  EXPECT_EQ(trade.stopReason, StopReason::OverCurrent);
  // Opened on the very sample that read 25 A.
  EXPECT_EQ(trade.endedAtMs - trade.startedAtMs, uint64_t(2'000));
  EXPECT_TRUE(trade.deliveredMicroWh > 0);
}

TEST(RelayControl, OverCurrentInTheReverseDirectionAlsoOpensTheRelay) {
  NodeHarness harness;
  harness.line = [](uint64_t) { return SensorReading{12'000, -21'000}; };
  harness.order(1, 1'000);
  harness.step();
  harness.step();
  EXPECT_FALSE(harness.relay.closed());
  EXPECT_EQ(harness.trade(1).stopReason, StopReason::OverCurrent);
}

TEST(RelayControl, WaitsTheHoldOffBeforeTheNextTradeAfterOverCurrent) {
  NodeHarness harness;
  harness.line = [](uint64_t) { return SensorReading{12'000, 30'000}; };
  harness.order(1, 1'000);
  harness.order(2, 1'000);
  harness.step();  // trade 1 closes the relay
  harness.step();  // and is cut
  const uint64_t cutAt = harness.trade(1).endedAtMs;
  while (harness.trade(2).state == TradeState::Queued) {
    EXPECT_FALSE(harness.relay.closed());
    harness.step();
  }
  EXPECT_EQ(harness.trade(2).startedAtMs, cutAt + harness.config.overCurrentHoldOffMs);
}

TEST(RelayControl, NeverFlipsTheRelayWithinOneSampleBetweenTrades) {
  NodeHarness harness;
  harness.order(1, 10);
  harness.order(2, 10);
  ASSERT_TRUE(harness.runUntilFinished(1));
  EXPECT_FALSE(harness.relay.closed());  // trade 2 waits for the next sample
  harness.step();
  EXPECT_TRUE(harness.relay.closed());
  EXPECT_EQ(harness.trade(2).startedAtMs, harness.trade(1).endedAtMs + harness.config.samplePeriodMs);
}

TEST(RelayControl, CheckpointsTheDeliveredFigureWhileDelivering) {
  NodeHarness harness;
  harness.order(1, 100'000);
  harness.runFor(20'000);
  ASSERT_TRUE(harness.store->checkpoint().has_value());
  EXPECT_EQ(harness.store->checkpoint()->tradeId, uint64_t(1));
  EXPECT_TRUE(harness.store->checkpoint()->deliveredMicroWh >= 250'000);  // 15 s of 60 W
  EXPECT_TRUE(harness.store->checkpointSaves() >= 3);
  EXPECT_TRUE(harness.store->checkpointSaves() <= 5);  // every 5 s, not every sample
}
