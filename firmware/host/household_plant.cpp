#include "household_plant.h"

#include <algorithm>
#include <cmath>

namespace energy_node {
namespace {

constexpr double kMsPerHour = 3'600'000.0;
// A restart after a long stop does not simulate more than this of the gap.
constexpr uint64_t kMaxResumeGapMs = 7ULL * 24 * 3600 * 1000;

}  // namespace

HouseholdPlant::HouseholdPlant(const HouseholdModel& model) : model_(model) {
  state_.remainingWh = model.capacityWh * std::clamp(model.initialSocPct, 0.0, 100.0) / 100.0;
  state_.outputOn = state_.remainingWh > 0;
}

void HouseholdPlant::startAt(uint64_t timeMs) { state_.timeMs = timeMs; }

void HouseholdPlant::resume(const HouseholdState& saved, uint64_t nowMs) {
  state_ = saved;
  state_.remainingWh = std::clamp(state_.remainingWh, 0.0, model_.capacityWh);
  if (nowMs > state_.timeMs + kMaxResumeGapMs) state_.timeMs = nowMs - kMaxResumeGapMs;
  connection_ = LineConnection::Open;
  advanceTo(nowMs);
}

HouseholdState HouseholdPlant::state() const { return state_; }

double HouseholdPlant::openCircuitVolts() const {
  const double soc = std::clamp(state_.remainingWh / model_.capacityWh, 0.0, 1.0);
  return model_.emptyVoltage + (model_.fullVoltage - model_.emptyVoltage) * soc;
}

bool HouseholdPlant::dischargeVolts(double watts, double& volts) const {
  const double ocv = openCircuitVolts();
  // V = Voc - I R and P = V I give V^2 - Voc V + P R = 0; take the upper root.
  const double discriminant = ocv * ocv - 4.0 * watts * model_.internalOhms;
  if (discriminant < 0.0) return false;
  volts = (ocv + std::sqrt(discriminant)) / 2.0;
  return true;
}

double HouseholdPlant::pvWattsNow() const { return pvWatts(model_.day, state_.timeMs); }

double HouseholdPlant::loadWattsNow() const {
  return state_.outputOn ? loadWatts(model_.day, state_.timeMs) : 0.0;
}

double HouseholdPlant::exportWattsNow() const {
  return connection_ == LineConnection::Export && state_.outputOn ? model_.exportWatts : 0.0;
}

void HouseholdPlant::advanceTo(uint64_t timeMs) {
  while (state_.timeMs < timeMs) step(std::min<uint64_t>(kStepMs, timeMs - state_.timeMs));
}

void HouseholdPlant::step(uint64_t durationMs) {
  const double hours = double(durationMs) / kMsPerHour;
  // Half the round trip is lost going in, half coming out.
  const double efficiency = std::sqrt(std::clamp(model_.roundTripEfficiencyPct, 1.0, 100.0) / 100.0);
  if (!state_.outputOn && socPct() >= model_.reconnectSocPct) state_.outputOn = true;

  const double pv = pvWatts(model_.day, state_.timeMs);
  const double load = loadWatts(model_.day, state_.timeMs);
  const double served = state_.outputOn ? load : 0.0;
  const double exported = exportWattsNow();
  const double imported = connection_ == LineConnection::Import ? importWatts_ : 0.0;
  state_.pvWh += pv * hours;
  state_.loadWh += load * hours;
  state_.unmetLoadWh += (load - served) * hours;

  const double net = pv + imported - served - exported;  // W into the battery's bus
  double servedShare = 1.0;
  if (net >= 0.0) {
    const double offered = net * hours * efficiency;
    const double stored = std::min(offered, model_.capacityWh - state_.remainingWh);
    state_.remainingWh += stored;
    // What the full battery could not take is wasted, PV first.
    state_.curtailedWh += std::min(pv * hours, (offered - stored) / efficiency);
  } else {
    const double needed = -net * hours / efficiency;
    double volts;
    const bool canSupply = dischargeVolts(-net, volts);
    if (canSupply && needed <= state_.remainingWh) {
      state_.remainingWh -= needed;
    } else {
      // The low-voltage disconnect cuts the outputs part-way through the step.
      servedShare = canSupply ? state_.remainingWh / needed : 0.0;
      state_.remainingWh = canSupply ? 0.0 : state_.remainingWh;
      state_.outputOn = false;
      state_.unmetLoadWh += served * hours * (1.0 - servedShare);
    }
  }
  state_.exportedWh += exported * hours * servedShare;
  state_.importedWh += imported * hours;
  state_.timeMs += durationMs;
}

SensorReading HouseholdPlant::read() const {
  double volts = openCircuitVolts();
  double amps = 0.0;
  const double pv = pvWattsNow();
  const double served = loadWattsNow();
  if (connection_ == LineConnection::Export && state_.outputOn) {
    const double exported = model_.exportWatts;
    double terminal;
    if (dischargeVolts(std::max(0.0, served + exported - pv), terminal)) volts = terminal;
    amps = exported / volts * model_.tamperFactor;
  } else if (connection_ == LineConnection::Import) {
    // Charging lifts the terminal voltage a little above the open-circuit one.
    const double charging = std::max(0.0, pv + importWatts_ - served);
    volts += model_.internalOhms * charging / volts;
    amps = -importWatts_ / volts;
  } else {
    double terminal;
    if (state_.outputOn && dischargeVolts(std::max(0.0, served - pv), terminal)) volts = terminal;
  }
  SensorReading reading;
  reading.milliVolts = int32_t(std::lround(volts * 1000.0));
  reading.milliAmps = int32_t(std::lround(amps * 1000.0));
  return reading;
}

}  // namespace energy_node
