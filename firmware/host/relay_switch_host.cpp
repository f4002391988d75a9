#include "simulated_io_host.h"

namespace energy_node {

void SimulatedRelay::setClosed(bool closed) { battery_.setLoadConnected(closed); }

}  // namespace energy_node
