// The emulator's household: a battery (capacity, open-circuit voltage that
// sags with its charge, internal resistance, round-trip efficiency, and the
// low-voltage disconnect every off-grid battery has), PV charging it, the
// household's load drawing from it, and the line behind the node's relays:
// an export draws `exportWatts` from it, an import brings in what arrives
// from the line. Stepped in fixed 100 ms steps of simulated time, so every
// figure is the same at any time scale.
#pragma once

#include <cstdint>

#include "../src/core/energy_units.h"
#include "../src/core/relay_switch.h"
#include "solar_day.h"

namespace energy_node {

struct HouseholdModel {
  double capacityWh = 100.0;
  double initialSocPct = 100.0;
  double emptyVoltage = 11.8;   // open-circuit at 0 %
  double fullVoltage = 13.4;    // open-circuit at 100 %
  double internalOhms = 0.04;
  double roundTripEfficiencyPct = 90.0;
  // After a flat battery cut the outputs, they come back at this charge.
  double reconnectSocPct = 5.0;
  double exportWatts = 60.0;  // what the line draws while this node exports
  // A tampered meter: the node reports this many times what it really sends
  // (1: honest). For tests of the delivery service, never for a real node.
  double tamperFactor = 1.0;
  DayModel day;
};

// What survives an emulator restart (the battery does not forget its charge).
struct HouseholdState {
  uint64_t timeMs = 0;
  double remainingWh = 0;
  bool outputOn = true;
  double pvWh = 0;          // PV produced
  double loadWh = 0;        // load asked for
  double unmetLoadWh = 0;   // load not served: the battery was flat
  double curtailedWh = 0;   // PV wasted: the battery was full
  double exportedWh = 0;    // sent into the line
  double importedWh = 0;    // received from the line
};

class HouseholdPlant {
 public:
  static constexpr uint64_t kStepMs = 100;

  explicit HouseholdPlant(const HouseholdModel& model);

  // The first simulated time; nothing is integrated before it.
  void startAt(uint64_t timeMs);
  // Takes up a state saved before a restart and runs the household (relays
  // open) through the time the emulator was down, up to `nowMs`.
  void resume(const HouseholdState& saved, uint64_t nowMs);
  HouseholdState state() const;

  void connect(LineConnection connection) { connection_ = connection; }
  LineConnection connection() const { return connection_; }
  // Power arriving from the line for the import in progress.
  void setImportWatts(double watts) { importWatts_ = watts > 0 ? watts : 0; }

  // Runs the household forward to `timeMs` (simulated).
  void advanceTo(uint64_t timeMs);

  // The line sensor at the relays now: battery voltage, and current out to
  // the line (negative while importing).
  SensorReading read() const;

  double socPct() const { return 100.0 * state_.remainingWh / model_.capacityWh; }
  double pvWattsNow() const;
  double loadWattsNow() const;  // served, so 0 while the battery is cut off
  // What really flows into the line now (a tampered meter reports more).
  double exportWattsNow() const;
  bool isFlat() const { return !state_.outputOn; }
  const HouseholdModel& model() const { return model_; }

 private:
  void step(uint64_t durationMs);
  double openCircuitVolts() const;
  // Terminal voltage while the battery gives `watts` (false: it cannot).
  bool dischargeVolts(double watts, double& volts) const;

  HouseholdModel model_;
  HouseholdState state_;
  LineConnection connection_ = LineConnection::Open;
  double importWatts_ = 0;
};

}  // namespace energy_node
