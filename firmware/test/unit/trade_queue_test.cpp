// Orders: one delivery at a time, in order; idempotent on tradeId.
#include <vector>

#include "../framework/tiny_test.h"
#include "../support/node_harness.h"

using namespace energy_node;
using namespace energy_node::testing;

TEST(TradeQueue, DeliversQueuedTradesOneAtATimeInOrder) {
  NodeHarness harness;
  const std::vector<uint64_t> ids{30, 10, 20};
  for (uint64_t id : ids) EXPECT_EQ(harness.order(id, 20).outcome, OrderOutcome::Accepted);
  EXPECT_EQ(harness.node->status().queueLength, size_t(3));

  while (!harness.trade(20).isFinished()) {
    harness.step();
    int delivering = 0;
    for (uint64_t id : ids) delivering += harness.trade(id).state == TradeState::Delivering ? 1 : 0;
    EXPECT_TRUE(delivering <= 1);
    EXPECT_EQ(harness.relay.closed(), delivering == 1);
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    const Trade trade = harness.trade(ids[i]);
    EXPECT_EQ(trade.state, TradeState::Delivered);
    if (i > 0) EXPECT_TRUE(trade.startedAtMs > harness.trade(ids[i - 1]).endedAtMs);
  }
}

TEST(TradeQueue, QueueLengthCountsTradesWaitingBehindTheActiveOne) {
  NodeHarness harness;
  harness.order(1, 100);
  harness.order(2, 100);
  harness.step();
  const NodeStatus status = harness.node->status();
  ASSERT_TRUE(status.activeTrade.has_value());
  EXPECT_EQ(status.activeTrade->id, uint64_t(1));
  EXPECT_EQ(status.queueLength, size_t(1));
}

TEST(TradeQueue, RefusesOrdersWhenTheQueueIsFullAndChangesNothing) {
  NodeConfig config;
  config.maxQueuedTrades = 2;
  NodeHarness harness(config);
  harness.order(1, 100);
  harness.order(2, 100);
  const int savesBefore = harness.store->ledgerSaves();
  EXPECT_EQ(harness.order(3, 100).outcome, OrderOutcome::QueueFull);
  EXPECT_FALSE(harness.node->findTrade(3).has_value());
  EXPECT_EQ(harness.store->ledgerSaves(), savesBefore);
  harness.step();  // trade 1 starts, freeing a place
  EXPECT_EQ(harness.order(3, 100).outcome, OrderOutcome::Accepted);
}

TEST(TradeQueue, ReplayedOrderGetsTheSameAnswerAndIsDeliveredOnce) {
  NodeHarness harness;
  EXPECT_EQ(harness.order(7, 50).outcome, OrderOutcome::Accepted);
  EXPECT_EQ(harness.order(7, 50).outcome, OrderOutcome::Replayed);  // while queued
  harness.step();
  EXPECT_EQ(harness.order(7, 50).outcome, OrderOutcome::Replayed);  // while delivering
  ASSERT_TRUE(harness.runUntilFinished(7));
  const OrderResult afterwards = harness.order(7, 50);              // once delivered
  EXPECT_EQ(afterwards.outcome, OrderOutcome::Replayed);
  ASSERT_TRUE(afterwards.trade.has_value());
  EXPECT_EQ(afterwards.trade->state, TradeState::Delivered);
  harness.runFor(10'000);
  EXPECT_EQ(harness.observer.count(TradeEvent::Started, 7), 1);
  EXPECT_EQ(harness.node->status().energyExportedMicroWh, harness.trade(7).deliveredMicroWh);
  EXPECT_FALSE(harness.relay.closed());
}

TEST(TradeQueue, DifferentQuantityUnderAKnownIdIsAConflict) {
  NodeHarness harness;
  harness.order(7, 50);
  const OrderResult result = harness.order(7, 51);
  EXPECT_EQ(result.outcome, OrderOutcome::Conflict);
  ASSERT_TRUE(result.trade.has_value());
  EXPECT_EQ(result.trade->quantityMilliWh, uint64_t(50));
  EXPECT_EQ(harness.trade(7).quantityMilliWh, uint64_t(50));
  EXPECT_EQ(harness.node->status().queueLength, size_t(1));
}

TEST(TradeQueue, RefusesIdsOlderThanWhatItRemembers) {
  NodeConfig config;
  config.maxRememberedTrades = 3;
  NodeHarness harness(config);
  for (uint64_t id = 1; id <= 5; ++id) {
    harness.order(id, 5);
    ASSERT_TRUE(harness.runUntilFinished(id));
  }
  // Trades 1 and 2 were forgotten to make room: they may have been delivered.
  EXPECT_FALSE(harness.node->findTrade(1).has_value());
  EXPECT_EQ(harness.order(1, 5).outcome, OrderOutcome::Forgotten);
  EXPECT_EQ(harness.order(2, 5).outcome, OrderOutcome::Forgotten);
  EXPECT_EQ(harness.order(3, 5).outcome, OrderOutcome::Replayed);
  EXPECT_EQ(harness.order(6, 5).outcome, OrderOutcome::Accepted);
  EXPECT_EQ(harness.observer.count(TradeEvent::Started, 1), 1);
}

TEST(TradeQueue, EnergyTotalGrowsWithEveryDelivery) {
  NodeHarness harness;
  harness.order(1, 30);
  harness.order(2, 40);
  ASSERT_TRUE(harness.runUntilFinished(2));
  const int64_t expected = harness.trade(1).deliveredMicroWh + harness.trade(2).deliveredMicroWh;
  EXPECT_EQ(harness.node->status().energyExportedMicroWh, expected);
  EXPECT_TRUE(expected >= 70'000);
}

TEST(TradeQueue, StatusTotalIncludesTheDeliveryInProgress) {
  NodeHarness harness;
  harness.order(1, 1'000);
  harness.runFor(3'000);
  const NodeStatus status = harness.node->status();
  ASSERT_TRUE(status.activeTrade.has_value());
  EXPECT_TRUE(status.energyExportedMicroWh > 0);
  EXPECT_EQ(status.energyExportedMicroWh, status.activeTrade->deliveredMicroWh);
}

TEST(TradeQueue, SameIdWithAnotherRoleIsAConflictWhileQueued) {
  NodeHarness harness;
  harness.order(7, 50);
  const OrderResult result = harness.order(7, 50, TradeRole::Import);
  EXPECT_EQ(result.outcome, OrderOutcome::Conflict);
  EXPECT_EQ(harness.trade(7).role, TradeRole::Export);
}

TEST(TradeQueue, ADifferentOrderForAFinishedTradeIsGone) {
  NodeHarness harness;
  harness.order(7, 50);
  ASSERT_TRUE(harness.runUntilFinished(7));
  const OrderResult result = harness.order(7, 60);
  EXPECT_EQ(result.outcome, OrderOutcome::Gone);
  ASSERT_TRUE(result.trade.has_value());
  EXPECT_EQ(result.trade->state, TradeState::Delivered);
  harness.runFor(5'000);
  EXPECT_EQ(harness.observer.count(TradeEvent::Started, 7), 1);
}

TEST(TradeQueue, CancelsAQueuedTradeWhichIsThenGoneForGood) {
  NodeHarness harness;
  harness.order(1, 1'000);
  harness.order(2, 1'000);
  harness.step();  // trade 1 delivering, 2 queued
  const StopResult stopped = harness.stop(2, StopCommand::Cancel);
  EXPECT_EQ(stopped.outcome, StopOutcome::Stopped);
  EXPECT_EQ(harness.trade(2).state, TradeState::Stopped);
  EXPECT_EQ(harness.trade(2).stopReason, StopReason::Cancelled);
  EXPECT_EQ(harness.trade(2).deliveredMicroWh, int64_t(0));
  EXPECT_EQ(harness.node->status().queueLength, size_t(0));
  // Sent again (say by a delivery service that restarted): refused, never delivered.
  EXPECT_EQ(harness.order(2, 1'000).outcome, OrderOutcome::Gone);
  ASSERT_TRUE(harness.runUntilFinished(1));
  harness.runFor(5'000);
  EXPECT_EQ(harness.observer.count(TradeEvent::Started, 2), 0);
  EXPECT_EQ(harness.stop(2, StopCommand::Cancel).outcome, StopOutcome::AlreadyFinished);
}

TEST(TradeQueue, CancellingTheDeliveryOpensTheRelayAndKeepsWhatWasMetered) {
  NodeHarness harness;
  harness.order(1, 10'000);
  harness.runFor(6'000);
  const int64_t sofar = harness.trade(1).deliveredMicroWh;
  ASSERT_TRUE(sofar > 0);
  EXPECT_EQ(harness.stop(1, StopCommand::Cancel).outcome, StopOutcome::Stopped);
  EXPECT_FALSE(harness.relay.closed());
  EXPECT_EQ(harness.trade(1).stopReason, StopReason::Cancelled);
  EXPECT_EQ(harness.trade(1).deliveredMicroWh, sofar);
  EXPECT_EQ(harness.node->status().energyExportedMicroWh, sofar);
}

TEST(TradeQueue, StopOfAnUnknownTradeChangesNothing) {
  NodeHarness harness;
  harness.order(1, 100);
  const int saves = harness.store->ledgerSaves();
  EXPECT_EQ(harness.stop(9, StopCommand::Cancel).outcome, StopOutcome::NotFound);
  EXPECT_EQ(harness.store->ledgerSaves(), saves);
}

TEST(TradeQueue, BacklogCountsWhatIsLeftToDeliverPerRole) {
  NodeHarness harness;
  harness.order(1, 1'000);
  harness.order(2, 500, TradeRole::Import);
  harness.order(3, 250);
  harness.runFor(3'100);
  const NodeStatus status = harness.node->status();
  ASSERT_TRUE(status.activeTrade.has_value());
  EXPECT_EQ(status.exportBacklogMilliWh, 1'000 - status.activeTrade->deliveredMilliWh() + 250);
  EXPECT_EQ(status.importBacklogMilliWh, uint64_t(500));
}
