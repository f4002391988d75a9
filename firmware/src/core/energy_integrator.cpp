#include "energy_integrator.h"

#include "energy_units.h"

namespace energy_node {

void EnergyIntegrator::begin(uint64_t startMs) {
  startMs_ = startMs;
  previousMs_ = startMs;
  previousMicroWatts_ = 0;
  hasPrevious_ = false;
  twiceMicroWattMs_ = 0;
}

void EnergyIntegrator::addSample(uint64_t timeMs, int64_t microWatts) {
  if (timeMs < previousMs_) timeMs = previousMs_;  // a clock never runs backwards here
  const int64_t elapsedMs = int64_t(timeMs - previousMs_);
  if (hasPrevious_) {
    twiceMicroWattMs_ += (previousMicroWatts_ + microWatts) * elapsedMs;
  } else {
    twiceMicroWattMs_ += 2 * microWatts * elapsedMs;
  }
  previousMs_ = timeMs;
  previousMicroWatts_ = microWatts;
  hasPrevious_ = true;
}

int64_t EnergyIntegrator::microWattHours() const {
  return microWattMs() / kMicroWattMsPerMicroWattHour;
}

}  // namespace energy_node
