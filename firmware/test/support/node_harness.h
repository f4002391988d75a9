// A node wired to a fake relay, an in-memory store and a scripted line, with
// a clock the test advances sample by sample.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "../../src/core/energy_node.h"
#include "fake_line.h"
#include "fake_relay.h"
#include "memory_node_store.h"

namespace energy_node::testing {

class RecordingObserver : public TradeObserver {
 public:
  struct Event {
    TradeEvent event;
    Trade trade;
  };
  void onTradeEvent(TradeEvent event, const Trade& trade) override { events.push_back({event, trade}); }
  int count(TradeEvent event, uint64_t tradeId) const;
  std::vector<Event> events;
};

class NodeHarness {
 public:
  explicit NodeHarness(NodeConfig config = NodeConfig(),
                       std::shared_ptr<MemoryNodeStore> store = std::make_shared<MemoryNodeStore>());

  // One sample at the current time, then the clock moves one period on.
  void step();
  void runFor(uint64_t ms);
  // Steps until `tradeId` is finished or `limitMs` passes; true if finished.
  bool runUntilFinished(uint64_t tradeId, uint64_t limitMs = 24ULL * 3600 * 1000);

  // A new node over the same store, as after a power cut.
  void reboot();

  OrderResult order(uint64_t tradeId, uint64_t quantityMilliWh, TradeRole role = TradeRole::Export) {
    return node->submitOrder(tradeId, role, quantityMilliWh);
  }
  StopResult stop(uint64_t tradeId, StopCommand command) { return node->stopTrade(tradeId, command, nowMs); }
  Trade trade(uint64_t tradeId) const;

  NodeConfig config;
  std::shared_ptr<MemoryNodeStore> store;
  FakeRelay relay;
  RecordingObserver observer;
  std::unique_ptr<EnergyNode> node;
  // Readings with a relay closed: current out to the line while exporting;
  // while importing the same power flows in, so the current reads negative.
  LineProfile line = constantLoad(60.0);
  // Readings while the relay is open: the battery at rest.
  SensorReading openReading{12'800, 0};
  uint64_t nowMs = 0;
  uint64_t closedAtMs = 0;
};

}  // namespace energy_node::testing
