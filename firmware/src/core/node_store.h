// What the node keeps across a restart, and the interface that keeps it:
// host/node_store_host.cpp (a file) and src/esp32/node_store_esp32_arduino.cpp (NVS).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "trade.h"

namespace energy_node {

struct LedgerSnapshot {
  // Energy of finished trades, sent and received.
  int64_t energyExportedMicroWh = 0;
  int64_t energyImportedMicroWh = 0;
  // Ids at or below this were remembered once and have been forgotten to make
  // room; they are refused rather than risk delivering a trade twice.
  bool hasForgotten = false;
  uint64_t forgottenUpToId = 0;
  // Finished trades oldest first, then the one delivering, then the queue in order.
  std::vector<Trade> trades;
};

// The progress of the running delivery, written often while it runs and
// small on purpose (flash wear on the ESP32). After a restart the delivery
// resumes from this figure.
struct DeliveryCheckpoint {
  uint64_t tradeId = 0;
  int64_t deliveredMicroWh = 0;
  uint64_t atMs = 0;  // node clock
};

struct StoredState {
  LedgerSnapshot ledger;
  std::optional<DeliveryCheckpoint> checkpoint;
  // A checkpoint was there but unreadable: the progress of an interrupted
  // delivery is unknown, so it is not resumed.
  bool checkpointDamaged = false;
};

enum class StoreLoadResult { Empty, Loaded, Corrupt };

class NodeStore {
 public:
  virtual ~NodeStore() = default;
  virtual StoreLoadResult load(StoredState& state) = 0;
  // Called when an order is accepted, a delivery starts or a trade ends. May
  // return before the write is durable (the ESP32 writes from its own task,
  // so a flash write never holds up a sample or a relay cut).
  virtual void saveLedger(const LedgerSnapshot& ledger) = 0;
  // Called every checkpoint interval while delivering; may be deferred.
  virtual void saveCheckpoint(const DeliveryCheckpoint& checkpoint) = 0;
};

// Keeps nothing; for the fuzzer and tests that do not look at persistence.
class NullNodeStore : public NodeStore {
 public:
  StoreLoadResult load(StoredState&) override { return StoreLoadResult::Empty; }
  void saveLedger(const LedgerSnapshot&) override {}
  void saveCheckpoint(const DeliveryCheckpoint&) override {}
};

}  // namespace energy_node
