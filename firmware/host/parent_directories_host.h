// Creates the folders above a file path (like mkdir -p on its dirname), for
// the state file and the line file the emulator is pointed at.
#pragma once

#include <string>

namespace energy_node {

bool makeParentDirectories(const std::string& path);

}  // namespace energy_node
