// What survives a restart: finished trades, the energy total, the queue, and
// a delivery cut short, which must never be delivered twice.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "../../host/node_store_host.h"
#include "../../src/core/ledger_codec.h"
#include "../framework/tiny_test.h"
#include "../support/node_harness.h"

using namespace energy_node;
using namespace energy_node::testing;

namespace {

std::string temporaryPath(const char* name) {
  return "/tmp/energy-node-test-" + std::to_string(::getpid()) + "-" + name + ".json";
}

LedgerSnapshot sampleLedger() {
  LedgerSnapshot ledger;
  ledger.energyTotalMicroWh = 123'456'789;
  ledger.hasForgotten = true;
  ledger.forgottenUpToId = 41;
  Trade delivered;
  delivered.id = 9'007'199'254'740'991ULL;
  delivered.quantityMilliWh = 1'000;
  delivered.state = TradeState::Delivered;
  delivered.deliveredMicroWh = 1'001'234;
  delivered.started = true;
  delivered.startedAtMs = 100;
  delivered.ended = true;
  delivered.endedAtMs = 60'300;
  Trade stopped = delivered;
  stopped.id = 43;
  stopped.state = TradeState::Stopped;
  stopped.stopReason = StopReason::OverCurrent;
  Trade queued;
  queued.id = 44;
  queued.quantityMilliWh = 5;
  ledger.trades = {delivered, stopped, queued};
  return ledger;
}

bool sameTrade(const Trade& a, const Trade& b) {
  return a.id == b.id && a.quantityMilliWh == b.quantityMilliWh && a.state == b.state &&
         a.stopReason == b.stopReason && a.deliveredMicroWh == b.deliveredMicroWh &&
         a.started == b.started && a.startedAtMs == b.startedAtMs && a.ended == b.ended &&
         a.endedAtMs == b.endedAtMs;
}

bool sameLedger(const LedgerSnapshot& a, const LedgerSnapshot& b) {
  if (a.energyTotalMicroWh != b.energyTotalMicroWh || a.hasForgotten != b.hasForgotten ||
      a.forgottenUpToId != b.forgottenUpToId || a.trades.size() != b.trades.size()) {
    return false;
  }
  for (size_t i = 0; i < a.trades.size(); ++i) {
    if (!sameTrade(a.trades[i], b.trades[i])) return false;
  }
  return true;
}

}  // namespace

TEST(Persistence, KeepsFinishedTradesAndTheTotalAcrossARestart) {
  NodeHarness harness;
  harness.order(1, 40);
  harness.order(2, 60);
  ASSERT_TRUE(harness.runUntilFinished(2));
  const Trade first = harness.trade(1);
  const int64_t total = harness.node->status().energyTotalMicroWh;

  harness.reboot();
  EXPECT_TRUE(sameTrade(harness.trade(1), first));
  EXPECT_EQ(harness.node->status().energyTotalMicroWh, total);
  // Posted again after the restart: same answer, not delivered again.
  EXPECT_EQ(harness.order(1, 40).outcome, OrderOutcome::Replayed);
  harness.runFor(5'000);
  EXPECT_FALSE(harness.relay.closed());
  EXPECT_EQ(harness.observer.count(TradeEvent::Started, 1), 1);
}

TEST(Persistence, KeepsQueuedTradesAcrossARestartAndDeliversThem) {
  NodeHarness harness;
  harness.order(5, 20);
  harness.reboot();
  EXPECT_EQ(harness.trade(5).state, TradeState::Queued);
  ASSERT_TRUE(harness.runUntilFinished(5));
  EXPECT_EQ(harness.trade(5).state, TradeState::Delivered);
}

TEST(Persistence, DeliveryCutShortByARestartEndsStoppedWithTheCheckpointedFigure) {
  NodeHarness harness;
  harness.order(1, 10'000);
  harness.runFor(12'050);  // checkpoints at 5 s and 10 s
  ASSERT_TRUE(harness.store->checkpoint().has_value());
  const DeliveryCheckpoint checkpoint = *harness.store->checkpoint();

  harness.reboot();  // power cut: no shutdown
  const Trade trade = harness.trade(1);
  EXPECT_EQ(trade.state, TradeState::Stopped);
  EXPECT_EQ(trade.stopReason, StopReason::Restart);
  EXPECT_EQ(trade.deliveredMicroWh, checkpoint.deliveredMicroWh);
  EXPECT_EQ(trade.endedAtMs, checkpoint.atMs);
  EXPECT_EQ(harness.node->status().energyTotalMicroWh, checkpoint.deliveredMicroWh);
  EXPECT_EQ(harness.order(1, 10'000).outcome, OrderOutcome::Replayed);
  harness.runFor(2'000);
  EXPECT_FALSE(harness.relay.closed());
}

TEST(Persistence, GracefulShutdownCheckpointsTheExactFigure) {
  NodeHarness harness;
  harness.order(1, 10'000);
  harness.runFor(7'300);
  const int64_t delivered = harness.trade(1).deliveredMicroWh;
  harness.node->shutdown(harness.nowMs);
  EXPECT_FALSE(harness.relay.closed());
  harness.reboot();
  EXPECT_EQ(harness.trade(1).deliveredMicroWh, delivered);
}

TEST(Persistence, RecordsTheTradeStartBeforeClosingTheRelay) {
  NodeHarness harness;
  bool sawDeliveringWhileRelayOpen = false;
  bool sawDeliveringWhileRelayClosed = false;
  harness.store->onLedgerSaved = [&](const LedgerSnapshot& ledger) {
    for (const Trade& trade : ledger.trades) {
      if (trade.state != TradeState::Delivering) continue;
      (harness.relay.closed() ? sawDeliveringWhileRelayClosed : sawDeliveringWhileRelayOpen) = true;
    }
  };
  harness.order(1, 10);
  harness.step();
  EXPECT_TRUE(harness.relay.closed());
  EXPECT_TRUE(sawDeliveringWhileRelayOpen);
  EXPECT_FALSE(sawDeliveringWhileRelayClosed);
}

TEST(LedgerCodec, RoundTripsEveryField) {
  const LedgerSnapshot ledger = sampleLedger();
  const std::vector<uint8_t> blob = encodeLedger(ledger);
  LedgerSnapshot decoded;
  ASSERT_TRUE(decodeLedger(blob.data(), blob.size(), decoded));
  EXPECT_TRUE(sameLedger(decoded, ledger));

  const DeliveryCheckpoint checkpoint{77, 123'456, 99'000};
  const std::vector<uint8_t> small = encodeCheckpoint(checkpoint);
  DeliveryCheckpoint back;
  ASSERT_TRUE(decodeCheckpoint(small.data(), small.size(), back));
  EXPECT_EQ(back.tradeId, checkpoint.tradeId);
  EXPECT_EQ(back.deliveredMicroWh, checkpoint.deliveredMicroWh);
  EXPECT_EQ(back.atMs, checkpoint.atMs);
}

TEST(LedgerCodec, RejectsAnyFlippedBitOrTruncation) {
  const std::vector<uint8_t> blob = encodeLedger(sampleLedger());
  for (size_t i = 0; i < blob.size(); ++i) {
    std::vector<uint8_t> damaged = blob;
    damaged[i] ^= 0x10;
    LedgerSnapshot decoded;
    EXPECT_FALSE(decodeLedger(damaged.data(), damaged.size(), decoded));
  }
  for (size_t length = 0; length < blob.size(); length += 7) {
    LedgerSnapshot decoded;
    EXPECT_FALSE(decodeLedger(blob.data(), length, decoded));
  }
}

TEST(StateFile, RoundTripsEveryField) {
  const LedgerSnapshot ledger = sampleLedger();
  const std::optional<DeliveryCheckpoint> checkpoint = DeliveryCheckpoint{43, 5, 6};
  LedgerSnapshot parsedLedger;
  std::optional<DeliveryCheckpoint> parsedCheckpoint;
  std::string error;
  ASSERT_TRUE(parseStateFileJson(stateFileJson(ledger, checkpoint), parsedLedger, parsedCheckpoint, error));
  EXPECT_TRUE(sameLedger(parsedLedger, ledger));
  ASSERT_TRUE(parsedCheckpoint.has_value());
  EXPECT_EQ(parsedCheckpoint->deliveredMicroWh, int64_t(5));
}

TEST(StateFile, EmulatorKeepsItsStateAcrossARestart) {
  const std::string path = temporaryPath("restart");
  std::remove(path.c_str());
  NodeConfig config;
  Trade before;
  int64_t totalBefore;
  {
    FileNodeStore store(path);
    FakeRelay relay;
    EnergyNode node(config, relay, store);
    EXPECT_EQ(node.restore(), StoreLoadResult::Empty);
    node.submitOrder(11, 25);
    node.submitOrder(12, 25);
    for (uint64_t t = 0; t < 60'000; t += 100) node.sample(t, relay.closed() ? readingFor(60) : SensorReading{});
    before = *node.findTrade(11);
    totalBefore = node.status().energyTotalMicroWh;
    node.shutdown(60'000);
    store.flush();
  }
  FileNodeStore store(path);
  FakeRelay relay;
  EnergyNode node(config, relay, store);
  EXPECT_EQ(node.restore(), StoreLoadResult::Loaded);
  ASSERT_TRUE(node.findTrade(11).has_value());
  EXPECT_TRUE(sameTrade(*node.findTrade(11), before));
  EXPECT_EQ(node.findTrade(12)->state, TradeState::Delivered);
  EXPECT_EQ(node.status().energyTotalMicroWh, totalBefore);
  EXPECT_EQ(node.submitOrder(11, 25).outcome, OrderOutcome::Replayed);
  EXPECT_EQ(node.submitOrder(11, 26).outcome, OrderOutcome::Conflict);
  node.sample(0, SensorReading{});
  EXPECT_FALSE(relay.closed());
  std::remove(path.c_str());
}

TEST(StateFile, ReplacesTheFileWithoutLeavingATemporaryBehind) {
  const std::string path = temporaryPath("atomic");
  FileNodeStore store(path);
  store.saveLedger(sampleLedger());
  EXPECT_TRUE(std::ifstream(path).good());
  EXPECT_FALSE(std::ifstream(path + ".tmp").good());
  std::remove(path.c_str());
}

TEST(StateFile, RefusesACorruptFileInsteadOfStartingEmpty) {
  const std::string path = temporaryPath("corrupt");
  std::ofstream(path) << "{\"format\": \"energy-node-state\", \"version\": 1, \"trades\": [";
  FileNodeStore store(path);
  LedgerSnapshot ledger;
  std::optional<DeliveryCheckpoint> checkpoint;
  EXPECT_EQ(store.load(ledger, checkpoint), StoreLoadResult::Corrupt);
  EXPECT_FALSE(store.lastError().empty());
  std::remove(path.c_str());
}

TEST(StateFile, DefersCheckpointsButWritesLedgerChangesAtOnce) {
  const std::string path = temporaryPath("deferred");
  FileNodeStore store(path, std::chrono::hours(1));
  store.saveLedger(sampleLedger());
  store.saveCheckpoint({43, 777, 1});
  store.saveCheckpoint({43, 888, 2});  // within the gap: kept in memory
  {
    LedgerSnapshot ledger;
    std::optional<DeliveryCheckpoint> checkpoint;
    FileNodeStore reader(path);
    ASSERT_EQ(reader.load(ledger, checkpoint), StoreLoadResult::Loaded);
    EXPECT_FALSE(checkpoint.has_value());
  }
  store.flush();
  LedgerSnapshot ledger;
  std::optional<DeliveryCheckpoint> checkpoint;
  FileNodeStore reader(path);
  ASSERT_EQ(reader.load(ledger, checkpoint), StoreLoadResult::Loaded);
  ASSERT_TRUE(checkpoint.has_value());
  EXPECT_EQ(checkpoint->deliveredMicroWh, int64_t(888));
  std::remove(path.c_str());
}
