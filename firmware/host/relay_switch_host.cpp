#include "simulated_io_host.h"

namespace energy_node {

void SimulatedRelay::connect(LineConnection connection) { plant_.connect(connection); }

}  // namespace energy_node
