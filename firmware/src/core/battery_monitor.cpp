#include "battery_monitor.h"

#include <algorithm>

namespace energy_node {

const OcvPoint kLifepo4FourCellOcv[] = {
    {10'000, 0.0},  {12'000, 5.0},  {12'500, 9.0},  {12'800, 17.0}, {12'900, 20.0}, {13'000, 30.0},
    {13'130, 40.0}, {13'170, 50.0}, {13'200, 60.0}, {13'250, 70.0}, {13'270, 80.0}, {13'330, 90.0},
    {13'450, 99.0}, {13'600, 100.0},
};
const size_t kLifepo4FourCellOcvPoints = sizeof kLifepo4FourCellOcv / sizeof kLifepo4FourCellOcv[0];

double BatteryMonitor::socFromOpenCircuit(int32_t milliVolts) const {
  const OcvPoint* table = config_.ocvTable;
  const size_t count = config_.ocvPoints;
  if (table == nullptr || count == 0) return 0.0;
  if (milliVolts <= table[0].milliVolts) return table[0].socPct;
  if (milliVolts >= table[count - 1].milliVolts) return table[count - 1].socPct;
  for (size_t i = 1; i < count; ++i) {
    if (milliVolts > table[i].milliVolts) continue;
    const OcvPoint& low = table[i - 1];
    const OcvPoint& high = table[i];
    const double share = double(milliVolts - low.milliVolts) / double(high.milliVolts - low.milliVolts);
    return low.socPct + share * (high.socPct - low.socPct);
  }
  return table[count - 1].socPct;
}

void BatteryMonitor::begin(uint64_t nowMs, int32_t milliVolts) {
  socPct_ = socFromOpenCircuit(milliVolts);
  lastMs_ = nowMs;
  restingSinceMs_ = nowMs;
  resting_ = true;
  started_ = true;
}

void BatteryMonitor::update(uint64_t nowMs, int32_t milliVolts, int32_t batteryMilliAmps) {
  if (!started_) {
    begin(nowMs, milliVolts);
    return;
  }
  const double hours = double(nowMs > lastMs_ ? nowMs - lastMs_ : 0) / 3'600'000.0;
  lastMs_ = nowMs;
  const double amps = double(batteryMilliAmps) / 1000.0;
  // Discharge counts in full; charge counts what the battery keeps.
  const double ampHours = amps > 0 ? amps * hours : amps * hours * config_.chargeEfficiency;
  socPct_ = std::clamp(socPct_ - 100.0 * ampHours / config_.capacityAh, 0.0, 100.0);

  const int32_t magnitude = batteryMilliAmps < 0 ? -batteryMilliAmps : batteryMilliAmps;
  if (magnitude > config_.restMilliAmps) {
    resting_ = false;
    return;
  }
  if (!resting_) {
    resting_ = true;
    restingSinceMs_ = nowMs;
  }
  // Rested long enough: the voltage now tells the charge better than the count.
  if (nowMs - restingSinceMs_ >= config_.restSettleMs) socPct_ = socFromOpenCircuit(milliVolts);
}

}  // namespace energy_node
