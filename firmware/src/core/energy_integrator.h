// Trapezoidal integration of power samples into energy.
#pragma once

#include <cstdint>

namespace energy_node {

class EnergyIntegrator {
 public:
  // Starts a new delivery at `startMs`, when the relay closed. Power jumps at
  // that instant, so the trapezoid across the jump would count only half of
  // the first interval: the first sample's power is held back to the start
  // instead (exact for the step a relay makes).
  void begin(uint64_t startMs);

  // Adds the sample taken at `timeMs` (not earlier than the previous one).
  void addSample(uint64_t timeMs, int64_t microWatts);

  // Energy so far, exactly, in microwatt-milliseconds.
  int64_t microWattMs() const { return twiceMicroWattMs_ / 2; }
  int64_t microWattHours() const;
  bool hasSamples() const { return hasPrevious_; }

 private:
  uint64_t startMs_ = 0;
  uint64_t previousMs_ = 0;
  int64_t previousMicroWatts_ = 0;
  bool hasPrevious_ = false;
  // Twice the energy, so that the trapezoid's halving stays an integer.
  int64_t twiceMicroWattMs_ = 0;
};

}  // namespace energy_node
