// Peak resident memory of a process, for the benchmarks and the tests that watch a child's footprint.
#pragma once

#include <fstream>
#include <string>

namespace salesync::testing {

// VmHWM of /proc/PID/status in KiB ("self" for this process); -1 when it cannot be read.
inline long PeakRssKib(const std::string& pid = "self") {
  std::ifstream in("/proc/" + pid + "/status");
  std::string key;
  while (in >> key) {
    if (key == "VmHWM:") {
      long kib = -1;
      in >> kib;
      return kib;
    }
    std::string rest;
    std::getline(in, rest);
  }
  return -1;
}

}  // namespace salesync::testing
