// Samples the simulated household at a fixed period of simulated time and
// hands each sample to the node. Sample k is taken at exactly k * period,
// however fast the clock runs and however late the thread wakes, so every
// figure is the one time scale 1 would give. With a shared line, each sample
// also tells the line what this node really sends (export) or takes what the
// line brings for this node's trade (import).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "../src/core/energy_node.h"
#include "household_plant.h"
#include "node_store_host.h"
#include "scaled_clock_host.h"
#include "shared_line_host.h"

namespace energy_node {

struct MeteringParts {
  FileNodeStore* store = nullptr;  // gets the household's state to keep
  SharedLine* line = nullptr;
  double lineLossPct = 0.0;        // of what is sent, lost before it reaches this node
};

class MeteringLoop {
 public:
  // `nodeMutex` guards the node and the household, shared with the HTTP side.
  MeteringLoop(EnergyNode& node, HouseholdPlant& plant, std::mutex& nodeMutex, uint32_t samplePeriodMs,
               MeteringParts parts = MeteringParts());
  ~MeteringLoop();

  // The first sample falls on the first multiple of the period at or after `ms`.
  void setFirstSampleMs(uint64_t ms);
  uint64_t nextSampleMs() const { return nextSampleMs_; }

  // Takes every sample due at or before `simulatedMs`; the thread uses this,
  // and tests call it directly for a deterministic run.
  void runUntil(uint64_t simulatedMs);
  // The same with `nodeMutex` already held: the HTTP side calls it before
  // answering, so an answer reflects every sample due by then and an order
  // never lands before a sample that was merely late to run.
  void catchUpLocked(uint64_t simulatedMs);

  void start(const ScaledClock& clock);
  void stop();
  // Tells the line this node sends nothing any more (on shutdown).
  void leaveLineLocked();
  uint64_t samplesTaken() const { return samplesTaken_; }

 private:
  void takeSample(uint64_t simulatedMs);
  void threadBody(const ScaledClock& clock);

  EnergyNode& node_;
  HouseholdPlant& plant_;
  std::mutex& nodeMutex_;
  uint32_t samplePeriodMs_;
  MeteringParts parts_;
  bool publishing_ = false;
  uint64_t publishedTradeId_ = 0;
  // Advanced under nodeMutex (by either thread); read without it to plan a sleep.
  std::atomic<uint64_t> nextSampleMs_{0};
  std::atomic<uint64_t> samplesTaken_{0};

  std::thread thread_;
  std::mutex stopMutex_;
  std::condition_variable stopSignal_;
  bool stopping_ = false;
};

}  // namespace energy_node
