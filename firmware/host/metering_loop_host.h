// Samples the simulated battery at a fixed period of simulated time and hands
// each sample to the node. Sample k is taken at exactly k * period, however
// fast the clock runs and however late the thread wakes, so every figure is
// the one time scale 1 would give.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "../src/core/energy_node.h"
#include "node_store_host.h"
#include "scaled_clock_host.h"
#include "simulated_battery.h"

namespace energy_node {

class MeteringLoop {
 public:
  // `nodeMutex` guards the node and the battery, shared with the HTTP side.
  MeteringLoop(EnergyNode& node, SimulatedBattery& battery, std::mutex& nodeMutex,
               uint32_t samplePeriodMs, FileNodeStore* store = nullptr);
  ~MeteringLoop();

  // Takes every sample due at or before `simulatedMs`; the thread uses this,
  // and tests call it directly for a deterministic run.
  void runUntil(uint64_t simulatedMs);
  // The same with `nodeMutex` already held: the HTTP side calls it before
  // answering, so an answer reflects every sample due by then and an order
  // never lands before a sample that was merely late to run.
  void catchUpLocked(uint64_t simulatedMs);

  void start(const ScaledClock& clock);
  void stop();
  uint64_t samplesTaken() const { return samplesTaken_; }

 private:
  void takeSample(uint64_t simulatedMs);
  void threadBody(const ScaledClock& clock);

  EnergyNode& node_;
  SimulatedBattery& battery_;
  std::mutex& nodeMutex_;
  uint32_t samplePeriodMs_;
  FileNodeStore* store_;
  // Advanced under nodeMutex (by either thread); read without it to plan a sleep.
  std::atomic<uint64_t> nextSampleMs_{0};
  std::atomic<uint64_t> samplesTaken_{0};

  std::thread thread_;
  std::mutex stopMutex_;
  std::condition_variable stopSignal_;
  bool stopping_ = false;
};

}  // namespace energy_node
