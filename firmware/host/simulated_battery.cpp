#include "simulated_battery.h"

#include <algorithm>
#include <cmath>

namespace energy_node {

SimulatedBattery::SimulatedBattery(const BatteryModel& model)
    : model_(model),
      remainingWh_(model.capacityWh * std::clamp(model.initialSocPct, 0.0, 100.0) / 100.0) {}

double SimulatedBattery::openCircuitVolts() const {
  const double soc = std::clamp(remainingWh_ / model_.capacityWh, 0.0, 1.0);
  return model_.emptyVoltage + (model_.fullVoltage - model_.emptyVoltage) * soc;
}

bool SimulatedBattery::operatingPoint(double& volts, double& amps) const {
  volts = openCircuitVolts();
  amps = 0.0;
  if (!loadConnected_ || remainingWh_ <= 0.0 || model_.loadWatts <= 0.0) return false;
  // V = Voc - I R and P = V I give V^2 - Voc V + P R = 0; take the upper root.
  const double discriminant = volts * volts - 4.0 * model_.loadWatts * model_.internalOhms;
  if (discriminant < 0.0) return false;
  volts = (volts + std::sqrt(discriminant)) / 2.0;
  amps = model_.loadWatts / volts;
  return true;
}

void SimulatedBattery::advanceTo(uint64_t timeMs) {
  if (timeMs <= timeMs_) return;
  const double hours = double(timeMs - timeMs_) / 3'600'000.0;
  timeMs_ = timeMs;
  double volts, amps;
  if (!operatingPoint(volts, amps)) return;
  // Constant power: the energy of the step does not depend on the sag within it.
  const double wanted = model_.loadWatts * hours;
  const double given = std::min(wanted, remainingWh_);
  remainingWh_ -= given;
  drawnWh_ += given;
}

SensorReading SimulatedBattery::read() const {
  double volts, amps;
  operatingPoint(volts, amps);
  SensorReading reading;
  reading.milliVolts = int32_t(std::lround(volts * 1000.0));
  reading.milliAmps = int32_t(std::lround(amps * 1000.0));
  return reading;
}

}  // namespace energy_node
