// What the node keeps across a restart, and the interface that keeps it:
// host/node_store_host.cpp (a file) and src/esp32/node_store_esp32_arduino.cpp (NVS).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "trade.h"

namespace energy_node {

struct LedgerSnapshot {
  int64_t energyTotalMicroWh = 0;  // energy of finished trades
  // Ids at or below this were remembered once and have been forgotten to make
  // room; they are refused rather than risk delivering a trade twice.
  bool hasForgotten = false;
  uint64_t forgottenUpToId = 0;
  // Finished trades oldest first, then the one delivering, then the queue in order.
  std::vector<Trade> trades;
};

// Written often during a delivery, small on purpose (flash wear on the ESP32).
struct DeliveryCheckpoint {
  uint64_t tradeId = 0;
  int64_t deliveredMicroWh = 0;
  uint64_t atMs = 0;
};

enum class StoreLoadResult { Empty, Loaded, Corrupt };

class NodeStore {
 public:
  virtual ~NodeStore() = default;
  virtual StoreLoadResult load(LedgerSnapshot& ledger,
                               std::optional<DeliveryCheckpoint>& checkpoint) = 0;
  // Called when an order is accepted, a delivery starts or a trade ends.
  virtual void saveLedger(const LedgerSnapshot& ledger) = 0;
  // Called every checkpoint interval while delivering; may be deferred.
  virtual void saveCheckpoint(const DeliveryCheckpoint& checkpoint) = 0;
};

// Keeps nothing; for the fuzzer and tests that do not look at persistence.
class NullNodeStore : public NodeStore {
 public:
  StoreLoadResult load(LedgerSnapshot&, std::optional<DeliveryCheckpoint>&) override {
    return StoreLoadResult::Empty;
  }
  void saveLedger(const LedgerSnapshot&) override {}
  void saveCheckpoint(const DeliveryCheckpoint&) override {}
};

}  // namespace energy_node
