// NVS (Preferences) keeps the ledger and the delivery checkpoint across power
// loss, as two blobs in the "energy-node" namespace.
#pragma once

#include <Preferences.h>

#include "../core/node_store.h"

namespace energy_node {

class NvsNodeStore : public NodeStore {
 public:
  bool begin();
  StoreLoadResult load(LedgerSnapshot& ledger, std::optional<DeliveryCheckpoint>& checkpoint) override;
  void saveLedger(const LedgerSnapshot& ledger) override;
  void saveCheckpoint(const DeliveryCheckpoint& checkpoint) override;
  // Whether the last write went through, for the log.
  bool lastWriteOk() const { return lastWriteOk_; }

 private:
  Preferences preferences_;
  bool lastWriteOk_ = true;
};

}  // namespace energy_node
