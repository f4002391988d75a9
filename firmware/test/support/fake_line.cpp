#include "fake_line.h"

#include <cmath>

namespace energy_node::testing {

SensorReading readingFor(double watts, double volts) {
  SensorReading reading;
  reading.milliVolts = int32_t(std::lround(volts * 1000.0));
  reading.milliAmps = int32_t(std::lround(watts / volts * 1000.0));
  return reading;
}

LineProfile constantLoad(double watts, double volts) {
  return [watts, volts](uint64_t) { return readingFor(watts, volts); };
}

}  // namespace energy_node::testing
