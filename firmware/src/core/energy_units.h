// Integer units of the core. Readings are millivolts and milliamps; their
// product is microwatts. Energy is summed exactly in microwatt-milliseconds,
// so no rounding accumulates over a long delivery.
#pragma once

#include <cstdint>

namespace energy_node {

constexpr int64_t kMicroWattMsPerMicroWattHour = 3'600'000;
constexpr int64_t kMicroWattHoursPerMilliWattHour = 1'000;

// The largest integer a JSON reader (IEEE double) holds exactly: 2^53 - 1.
constexpr uint64_t kMaxJsonSafeInteger = 9'007'199'254'740'991ULL;

struct SensorReading {
  int32_t milliVolts = 0;
  int32_t milliAmps = 0;

  // The line sensor reads current flowing out to the line as positive.
  // Power sent (export): a negative reading (sensor offset, or a line feeding
  // back) sends nothing, so it counts as zero.
  int64_t deliveredMicroWatts() const {
    const int64_t power = int64_t(milliVolts) * int64_t(milliAmps);
    return power > 0 ? power : 0;
  }
  // Power received (import): current flowing in from the line.
  int64_t receivedMicroWatts() const {
    const int64_t power = -int64_t(milliVolts) * int64_t(milliAmps);
    return power > 0 ? power : 0;
  }
};

inline int64_t milliWattHoursToMicroWattHours(uint64_t milliWattHours) {
  return int64_t(milliWattHours) * kMicroWattHoursPerMilliWattHour;
}

}  // namespace energy_node
