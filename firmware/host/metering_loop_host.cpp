#include "metering_loop_host.h"

#include <algorithm>
#include <chrono>

namespace energy_node {
namespace {

// Catch-up work per lock, so an HTTP request never waits behind a long
// burst of samples at a high time scale.
constexpr int kSamplesPerBurst = 64;
// At a high time scale samples fall due every few tens of microseconds of
// real time; waking for each would burn a core. Waking at most this often
// changes nothing simulated: each sample keeps its own simulated time, and
// requests catch the meter up before they are answered.
constexpr auto kMinimumWakeGap = std::chrono::milliseconds(5);

}  // namespace

MeteringLoop::MeteringLoop(EnergyNode& node, HouseholdPlant& plant, std::mutex& nodeMutex,
                           uint32_t samplePeriodMs, MeteringParts parts)
    : node_(node), plant_(plant), nodeMutex_(nodeMutex), samplePeriodMs_(samplePeriodMs), parts_(parts) {}

MeteringLoop::~MeteringLoop() { stop(); }

void MeteringLoop::setFirstSampleMs(uint64_t ms) {
  nextSampleMs_ = (ms + samplePeriodMs_ - 1) / samplePeriodMs_ * samplePeriodMs_;
}

void MeteringLoop::takeSample(uint64_t simulatedMs) {
  SharedLine* line = parts_.line;
  const Trade* active = node_.activeTrade();
  if (line != nullptr && active != nullptr && node_.connection() == LineConnection::Import) {
    plant_.setImportWatts(line->sentWatts(active->id) * (1.0 - parts_.lineLossPct / 100.0));
  } else {
    plant_.setImportWatts(0.0);
  }
  plant_.advanceTo(simulatedMs);
  node_.sample(simulatedMs, plant_.read());
  ++samplesTaken_;

  if (line == nullptr) return;
  active = node_.activeTrade();
  if (active != nullptr && node_.connection() == LineConnection::Export) {
    // What really flows: a tampered meter reports more, the line carries this.
    line->publishSending(active->id, plant_.exportWattsNow());
    publishing_ = true;
    publishedTradeId_ = active->id;
  } else {
    leaveLineLocked();
  }
}

void MeteringLoop::leaveLineLocked() {
  if (!publishing_ || parts_.line == nullptr) return;
  parts_.line->publishEnded(publishedTradeId_);
  publishing_ = false;
}

void MeteringLoop::catchUpLocked(uint64_t simulatedMs) {
  while (nextSampleMs_ <= simulatedMs) {
    takeSample(nextSampleMs_);
    nextSampleMs_ += samplePeriodMs_;
  }
}

void MeteringLoop::runUntil(uint64_t simulatedMs) {
  while (nextSampleMs_ <= simulatedMs) {
    std::lock_guard<std::mutex> lock(nodeMutex_);
    for (int i = 0; i < kSamplesPerBurst && nextSampleMs_ <= simulatedMs; ++i) {
      takeSample(nextSampleMs_);
      nextSampleMs_ += samplePeriodMs_;
    }
  }
  if (parts_.store != nullptr) {
    std::lock_guard<std::mutex> lock(nodeMutex_);
    parts_.store->setHousehold(plant_.state());
    parts_.store->flushIfDue();
  }
}

void MeteringLoop::start(const ScaledClock& clock) {
  stopping_ = false;
  thread_ = std::thread([this, &clock] { threadBody(clock); });
}

void MeteringLoop::stop() {
  {
    std::lock_guard<std::mutex> lock(stopMutex_);
    stopping_ = true;
  }
  stopSignal_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MeteringLoop::threadBody(const ScaledClock& clock) {
  std::unique_lock<std::mutex> lock(stopMutex_);
  while (!stopping_) {
    lock.unlock();
    runUntil(clock.nowMs());
    lock.lock();
    // Sleep until the next sample is due; a deferred checkpoint is flushed
    // within a quarter second even when samples are far apart.
    const auto now = std::chrono::steady_clock::now();
    const auto nextDue = std::max(clock.realTimeOf(nextSampleMs_), now + kMinimumWakeGap);
    const auto latest = now + std::chrono::milliseconds(250);
    stopSignal_.wait_until(lock, std::min(nextDue, latest), [this] { return stopping_; });
  }
}

}  // namespace energy_node
