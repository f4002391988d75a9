// The emulator's stand-in for NVS: one JSON file, replaced atomically
// (write a temporary file, rename it over the old one), so a crash of the
// emulator leaves either the old state or the new one, never half of each.
// Besides the node's ledger and checkpoint it keeps the simulated household
// (the battery's charge and the day's counters), which a restart takes up.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "../src/core/node_store.h"
#include "household_plant.h"

namespace energy_node {

class FileNodeStore : public NodeStore {
 public:
  // Checkpoints come every few simulated seconds, which at a high time
  // scale is many per real second; they are written at most once per
  // `checkpointGap` of real time, and household-only changes at most once
  // per `householdGap`. Ledger changes are written at once.
  explicit FileNodeStore(std::string path,
                         std::chrono::milliseconds checkpointGap = std::chrono::milliseconds(250),
                         std::chrono::milliseconds householdGap = std::chrono::milliseconds(5000));

  StoreLoadResult load(StoredState& state) override;
  void saveLedger(const LedgerSnapshot& ledger) override;
  void saveCheckpoint(const DeliveryCheckpoint& checkpoint) override;

  // The household as the file last had it (after load()).
  const std::optional<HouseholdState>& household() const { return household_; }
  void setHousehold(const HouseholdState& household);

  // Writes deferred changes whose gap has passed / unconditionally.
  void flushIfDue();
  void flush();

  const std::string& path() const { return path_; }
  // Why the last load or write failed, for the log.
  const std::string& lastError() const { return lastError_; }

 private:
  bool writeFile();
  bool replaceFile();

  std::string path_;
  std::chrono::milliseconds checkpointGap_;
  std::chrono::milliseconds householdGap_;
  LedgerSnapshot ledger_;
  std::optional<DeliveryCheckpoint> checkpoint_;
  std::optional<HouseholdState> household_;
  bool checkpointPending_ = false;
  bool householdPending_ = false;
  std::chrono::steady_clock::time_point lastWrite_{};
  std::string lastError_;
};

// The file's text, exposed for tests.
std::string stateFileJson(const LedgerSnapshot& ledger, const std::optional<DeliveryCheckpoint>& checkpoint,
                          const std::optional<HouseholdState>& household = std::nullopt);
bool parseStateFileJson(const std::string& text, LedgerSnapshot& ledger,
                        std::optional<DeliveryCheckpoint>& checkpoint,
                        std::optional<HouseholdState>& household, std::string& error);

}  // namespace energy_node
