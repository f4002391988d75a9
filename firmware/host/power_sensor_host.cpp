#include "simulated_io_host.h"

namespace energy_node {

SensorReading SimulatedPowerSensor::read() { return plant_.read(); }

}  // namespace energy_node
