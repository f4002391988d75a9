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
  ledger.energyExportedMicroWh = 123'456'789;
  ledger.energyImportedMicroWh = 4'567;
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
  stopped.role = TradeRole::Import;
  stopped.state = TradeState::Stopped;
  stopped.stopReason = StopReason::ExportEnded;
  stopped.restarts = 2;
  Trade queued;
  queued.id = 44;
  queued.quantityMilliWh = 5;
  queued.role = TradeRole::Import;
  ledger.trades = {delivered, stopped, queued};
  return ledger;
}

bool sameTrade(const Trade& a, const Trade& b) {
  return a.id == b.id && a.role == b.role && a.restarts == b.restarts &&
         a.quantityMilliWh == b.quantityMilliWh && a.state == b.state &&
         a.stopReason == b.stopReason && a.deliveredMicroWh == b.deliveredMicroWh &&
         a.started == b.started && a.startedAtMs == b.startedAtMs && a.ended == b.ended &&
         a.endedAtMs == b.endedAtMs;
}

bool sameLedger(const LedgerSnapshot& a, const LedgerSnapshot& b) {
  if (a.energyExportedMicroWh != b.energyExportedMicroWh ||
      a.energyImportedMicroWh != b.energyImportedMicroWh || a.hasForgotten != b.hasForgotten ||
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
  const int64_t total = harness.node->status().energyExportedMicroWh;

  harness.reboot();
  EXPECT_TRUE(sameTrade(harness.trade(1), first));
  EXPECT_EQ(harness.node->status().energyExportedMicroWh, total);
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

TEST(Persistence, ADeliveryCutShortByARestartResumesFromItsCheckpointUpToTheQuantity) {
  NodeHarness harness;
  harness.order(1, 10'000);
  harness.runFor(12'050);  // checkpoints at 5 s and 10 s
  ASSERT_TRUE(harness.store->checkpoint().has_value());
  const DeliveryCheckpoint checkpoint = *harness.store->checkpoint();

  harness.reboot();  // power cut: no shutdown
  Trade trade = harness.trade(1);
  EXPECT_EQ(trade.state, TradeState::Delivering);
  EXPECT_EQ(trade.restarts, uint8_t(1));
  EXPECT_EQ(trade.deliveredMicroWh, checkpoint.deliveredMicroWh);
  EXPECT_TRUE(harness.node->latestRecordedTimeMs() >= checkpoint.atMs);
  // Sent again meanwhile: the same trade, not a second delivery.
  EXPECT_EQ(harness.order(1, 10'000).outcome, OrderOutcome::Replayed);
  harness.step();
  EXPECT_TRUE(harness.relay.closed());
  EXPECT_EQ(harness.observer.count(TradeEvent::Resumed, 1), 1);

  ASSERT_TRUE(harness.runUntilFinished(1));
  trade = harness.trade(1);
  EXPECT_EQ(trade.state, TradeState::Delivered);
  // Up to the quantity; what flowed between the checkpoint and the cut is the
  // seller's loss, never the buyer's cost.
  EXPECT_TRUE(trade.deliveredMicroWh >= 10'000'000 && trade.deliveredMicroWh < 10'001'700);
  EXPECT_EQ(harness.observer.count(TradeEvent::Started, 1), 1);
  EXPECT_EQ(harness.node->status().energyExportedMicroWh, trade.deliveredMicroWh);
}

TEST(Persistence, TheRestartCountIsRecordedBeforeTheRelayClosesAgain) {
  NodeHarness harness;
  harness.order(1, 10'000);
  harness.runFor(6'000);
  bool recordedWhileOpen = false;
  harness.store->onLedgerSaved = [&](const LedgerSnapshot& ledger) {
    for (const Trade& trade : ledger.trades) {
      if (trade.id == 1 && trade.restarts == 1 && !harness.relay.closed()) recordedWhileOpen = true;
    }
  };
  harness.relay.connect(LineConnection::Open);  // the power cut opened it
  harness.reboot();
  EXPECT_TRUE(recordedWhileOpen);
}

TEST(Persistence, ADeliveryThatKeepsRestartingEndsStoppedRestart) {
  NodeHarness harness;
  harness.order(1, 100'000);
  harness.runFor(6'000);
  for (int boot = 1; boot <= harness.config.maxResumes; ++boot) {
    harness.reboot();
    EXPECT_EQ(harness.trade(1).state, TradeState::Delivering);
    harness.runFor(6'000);  // browns out again a few seconds in
  }
  const int64_t metered = harness.trade(1).deliveredMicroWh;
  harness.reboot();
  const Trade trade = harness.trade(1);
  EXPECT_EQ(trade.state, TradeState::Stopped);
  EXPECT_EQ(trade.stopReason, StopReason::Restart);
  EXPECT_EQ(trade.restarts, harness.config.maxResumes);
  EXPECT_TRUE(trade.deliveredMicroWh > 0 && trade.deliveredMicroWh <= metered);
  harness.runFor(2'000);
  EXPECT_FALSE(harness.relay.closed());
}

TEST(Persistence, ADeliveryWhoseProgressRecordIsDamagedIsNotResumed) {
  NodeHarness harness;
  harness.order(1, 10'000);
  harness.order(2, 50);
  harness.runFor(6'000);
  harness.store->checkpointDamaged = true;
  harness.reboot();
  EXPECT_EQ(harness.trade(1).state, TradeState::Stopped);
  EXPECT_EQ(harness.trade(1).stopReason, StopReason::Restart);
  // The queue carries on.
  ASSERT_TRUE(harness.runUntilFinished(2));
  EXPECT_EQ(harness.trade(2).state, TradeState::Delivered);
}

TEST(Persistence, AnImportResumesAfterARestartToo) {
  NodeHarness harness;
  harness.order(3, 10'000, TradeRole::Import);
  harness.runFor(7'000);
  harness.reboot();
  EXPECT_EQ(harness.trade(3).state, TradeState::Delivering);
  harness.step();
  EXPECT_EQ(harness.relay.connection(), LineConnection::Import);
  ASSERT_TRUE(harness.runUntilFinished(3));
  EXPECT_EQ(harness.trade(3).state, TradeState::Delivered);
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
  EXPECT_EQ(harness.trade(1).state, TradeState::Delivering);
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
  HouseholdState household;
  household.timeMs = 123'456;
  household.remainingWh = 42.5;
  household.outputOn = false;
  household.unmetLoadWh = 3.25;
  household.curtailedWh = 7.125;
  household.importedWh = 0.5;
  LedgerSnapshot parsedLedger;
  std::optional<DeliveryCheckpoint> parsedCheckpoint;
  std::optional<HouseholdState> parsedHousehold;
  std::string error;
  ASSERT_TRUE(parseStateFileJson(stateFileJson(ledger, checkpoint, household), parsedLedger, parsedCheckpoint,
                                 parsedHousehold, error));
  EXPECT_TRUE(sameLedger(parsedLedger, ledger));
  ASSERT_TRUE(parsedCheckpoint.has_value());
  EXPECT_EQ(parsedCheckpoint->deliveredMicroWh, int64_t(5));
  ASSERT_TRUE(parsedHousehold.has_value());
  EXPECT_EQ(parsedHousehold->timeMs, uint64_t(123'456));
  EXPECT_NEAR(parsedHousehold->remainingWh, 42.5, 1e-6);
  EXPECT_FALSE(parsedHousehold->outputOn);
  EXPECT_NEAR(parsedHousehold->unmetLoadWh, 3.25, 1e-6);
  EXPECT_NEAR(parsedHousehold->curtailedWh, 7.125, 1e-6);
  EXPECT_NEAR(parsedHousehold->importedWh, 0.5, 1e-6);
}

TEST(StateFile, ReadsAVersionOneFile) {
  const std::string text =
      "{\"format\": \"energy-node-state\", \"version\": 1, \"energyTotalMicroWh\": 2500,"
      " \"forgottenUpToTradeId\": null, \"checkpoint\": null, \"trades\": ["
      "{\"tradeId\": 4, \"quantityMilliWh\": 5, \"state\": \"stopped\", \"stopReason\": \"low-power\","
      " \"deliveredMicroWh\": 2500, \"startedAtMs\": 1, \"endedAtMs\": 9}]}";
  LedgerSnapshot ledger;
  std::optional<DeliveryCheckpoint> checkpoint;
  std::optional<HouseholdState> household;
  std::string error;
  ASSERT_TRUE(parseStateFileJson(text, ledger, checkpoint, household, error));
  EXPECT_EQ(ledger.energyExportedMicroWh, int64_t(2500));
  ASSERT_EQ(ledger.trades.size(), size_t(1));
  EXPECT_EQ(ledger.trades[0].role, TradeRole::Export);
  EXPECT_EQ(ledger.trades[0].stopReason, StopReason::NoPower);
  EXPECT_FALSE(household.has_value());
}

TEST(LedgerCodec, ReadsAVersionOneBlob) {
  // ENL1: header (magic, flags, total, forgotten id, count), one trade, CRC.
  std::vector<uint8_t> blob = {'E', 'N', 'L', '1', 0, 0, 0, 0};
  const auto u64 = [&blob](uint64_t v) {
    for (int i = 0; i < 8; ++i) blob.push_back(uint8_t(v >> (8 * i)));
  };
  u64(7'000);  // total
  u64(0);      // forgotten up to
  for (uint8_t b : {1, 0, 0, 0}) blob.push_back(b);  // one trade
  u64(9);
  u64(7);
  u64(7'000);
  u64(10);
  u64(20);
  for (uint8_t b : {2, 0, 3}) blob.push_back(b);  // delivered, no reason, started+ended
  const uint32_t crc = crc32(blob.data(), blob.size());
  for (int i = 0; i < 4; ++i) blob.push_back(uint8_t(crc >> (8 * i)));
  LedgerSnapshot ledger;
  ASSERT_TRUE(decodeLedger(blob.data(), blob.size(), ledger));
  EXPECT_EQ(ledger.energyExportedMicroWh, int64_t(7'000));
  ASSERT_EQ(ledger.trades.size(), size_t(1));
  EXPECT_EQ(ledger.trades[0].id, uint64_t(9));
  EXPECT_EQ(ledger.trades[0].role, TradeRole::Export);
  EXPECT_EQ(ledger.trades[0].state, TradeState::Delivered);
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
    node.submitOrder(11, TradeRole::Export, 25);
    node.submitOrder(12, TradeRole::Import, 25);
    for (uint64_t t = 0; t < 60'000; t += 100) {
      SensorReading reading = relay.closed() ? readingFor(60) : SensorReading{};
      if (relay.connection() == LineConnection::Import) reading.milliAmps = -reading.milliAmps;
      node.sample(t, reading);
    }
    before = *node.findTrade(11);
    totalBefore = node.status().energyExportedMicroWh + node.status().energyImportedMicroWh;
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
  EXPECT_EQ(node.status().energyExportedMicroWh + node.status().energyImportedMicroWh, totalBefore);
  EXPECT_EQ(node.findTrade(12)->role, TradeRole::Import);
  EXPECT_EQ(node.submitOrder(11, TradeRole::Export, 25).outcome, OrderOutcome::Replayed);
  EXPECT_EQ(node.submitOrder(11, TradeRole::Export, 26).outcome, OrderOutcome::Gone);
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
  StoredState state;
  EXPECT_EQ(store.load(state), StoreLoadResult::Corrupt);
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
    StoredState state;
    FileNodeStore reader(path);
    ASSERT_EQ(reader.load(state), StoreLoadResult::Loaded);
    EXPECT_FALSE(state.checkpoint.has_value());
  }
  store.flush();
  StoredState state;
  FileNodeStore reader(path);
  ASSERT_EQ(reader.load(state), StoreLoadResult::Loaded);
  ASSERT_TRUE(state.checkpoint.has_value());
  EXPECT_EQ(state.checkpoint->deliveredMicroWh, int64_t(888));
  std::remove(path.c_str());
}
