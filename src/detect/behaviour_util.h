// Small helpers the behavioural detectors share for writing findings.
#pragma once

#include <cstdint>
#include <string>

namespace dragnet {

// "61 s", "4 min", "2.5 h", "3.0 days".
std::string HumanDuration(double seconds);
// "1,310"
std::string Thousands(uint64_t n);
// "412 B", "12.3 KB", "4.1 MB", "2.0 GB"
std::string HumanBytes(double bytes);
// Halves per `halving` hosts above `rare`: 1 for rare destinations.
double PrevalenceFactor(uint64_t hosts, uint64_t rare, double halving);

}  // namespace dragnet
