#include "parent_directories_host.h"

#include <sys/stat.h>

#include <cerrno>

namespace energy_node {

bool makeParentDirectories(const std::string& path) {
  for (size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    const std::string parent = path.substr(0, slash);
    if (::mkdir(parent.c_str(), 0755) != 0 && errno != EEXIST) return false;
  }
  return true;
}

}  // namespace energy_node
