#include "node_harness.h"

namespace energy_node::testing {

int RecordingObserver::count(TradeEvent event, uint64_t tradeId) const {
  int total = 0;
  for (const Event& recorded : events) {
    if (recorded.event == event && recorded.trade.id == tradeId) ++total;
  }
  return total;
}

NodeHarness::NodeHarness(NodeConfig nodeConfig, std::shared_ptr<MemoryNodeStore> nodeStore)
    : config(nodeConfig), store(std::move(nodeStore)) {
  reboot();
}

void NodeHarness::reboot() {
  node = std::make_unique<EnergyNode>(config, relay, *store, &observer);
  node->restore();
}

void NodeHarness::step() {
  const bool wasClosed = relay.closed();
  SensorReading reading = wasClosed ? line(nowMs - closedAtMs) : openReading;
  if (relay.connection() == LineConnection::Import) reading.milliAmps = -reading.milliAmps;
  node->sample(nowMs, reading);
  if (!wasClosed && relay.closed()) closedAtMs = nowMs;
  nowMs += config.samplePeriodMs;
}

void NodeHarness::runFor(uint64_t ms) {
  const uint64_t end = nowMs + ms;
  while (nowMs < end) step();
}

bool NodeHarness::runUntilFinished(uint64_t tradeId, uint64_t limitMs) {
  const uint64_t end = nowMs + limitMs;
  while (nowMs < end) {
    step();
    const std::optional<Trade> current = node->findTrade(tradeId);
    if (current && current->isFinished()) return true;
  }
  return false;
}

Trade NodeHarness::trade(uint64_t tradeId) const {
  const std::optional<Trade> found = node->findTrade(tradeId);
  return found ? *found : Trade();
}

}  // namespace energy_node::testing
