// The shared line between emulators: one small file that every emulator of
// a community maps into memory (--line FILE). An exporting emulator writes,
// at every sample, the power it really sends for its trade; an importing
// emulator reads the power sent for its trade and receives it minus its line
// loss. So what a buyer's node meters follows what the seller's node sends,
// across separate processes, and a tampered meter cannot make the line carry
// more than was sent.
//
// Layout: a 64-byte header ("ENLINE01", slot count) and 256 slots of 64
// bytes. A slot belongs to one trade while its exporter sends; writers claim
// slots under flock(2), updates use a sequence lock (no syscalls per sample).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace energy_node {

class SharedLine {
 public:
  static constexpr uint32_t kSlots = 256;

  // Opens (creating if needed) the line file; nullptr and `error` on failure.
  static std::unique_ptr<SharedLine> open(const std::string& path, std::string& error);
  ~SharedLine();
  SharedLine(const SharedLine&) = delete;
  SharedLine& operator=(const SharedLine&) = delete;

  // Exporter: `watts` flow into the line for `tradeId` now. False when the
  // line has no free slot (the import side then sees nothing).
  bool publishSending(uint64_t tradeId, double watts);
  // Exporter: this trade's relay opened.
  void publishEnded(uint64_t tradeId);

  // Importer: the power sent for `tradeId` now, 0 if nothing is sent (no
  // exporter, ended, or its emulator stopped updating).
  double sentWatts(uint64_t tradeId) const;

  struct Slot;  // one trade's entry; its layout is in the .cpp

 private:
  SharedLine(int fd, void* mapping);
  Slot* slot(uint32_t index) const;
  int findSlot(uint64_t tradeId) const;
  int claimSlot(uint64_t tradeId);

  int fd_;
  void* mapping_;
  int ownSlot_ = -1;
  uint64_t ownTradeId_ = 0;
};

}  // namespace energy_node
