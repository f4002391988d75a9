// State of charge on the real board: coulomb counting of the battery current,
// corrected by the open-circuit voltage whenever the battery has rested long
// enough for its voltage to mean something. The counter alone drifts (sensor
// offset, efficiency); the voltage alone is useless under load and, on a flat
// LiFePO4 curve, vague in the middle. Together they stay honest.
#pragma once

#include <cstddef>
#include <cstdint>

namespace energy_node {

struct OcvPoint {
  int32_t milliVolts;  // open-circuit voltage of the pack at rest
  double socPct;
};

struct BatteryMonitorConfig {
  double capacityAh = 100.0;        // usable capacity, from the datasheet or a measured discharge
  double chargeEfficiency = 0.99;   // coulombs stored per coulomb in (LiFePO4 ~0.99, lead-acid ~0.85)
  const OcvPoint* ocvTable = nullptr;  // ascending in voltage
  size_t ocvPoints = 0;
  // Current under this is "at rest"; after restSettleMs at rest the OCV table
  // replaces the count.
  int32_t restMilliAmps = 500;
  uint32_t restSettleMs = 30 * 60 * 1000;
};

// 12.8 V LiFePO4 (4S) at rest, 25 degrees C.
extern const OcvPoint kLifepo4FourCellOcv[];
extern const size_t kLifepo4FourCellOcvPoints;

class BatteryMonitor {
 public:
  explicit BatteryMonitor(const BatteryMonitorConfig& config) : config_(config) {}

  // First reading after boot, taken with the relays open: the count starts
  // from the voltage (the board keeps no count across a power cut).
  void begin(uint64_t nowMs, int32_t milliVolts);
  // One reading: battery voltage, and battery current, positive while it
  // discharges (whatever the load: household, export) and negative while it
  // charges (PV, import).
  void update(uint64_t nowMs, int32_t milliVolts, int32_t batteryMilliAmps);

  double socPct() const { return socPct_; }
  bool started() const { return started_; }

  // The table's state of charge for an open-circuit voltage, interpolated.
  double socFromOpenCircuit(int32_t milliVolts) const;

 private:
  BatteryMonitorConfig config_;
  bool started_ = false;
  double socPct_ = 0.0;
  uint64_t lastMs_ = 0;
  uint64_t restingSinceMs_ = 0;
  bool resting_ = false;
};

}  // namespace energy_node
