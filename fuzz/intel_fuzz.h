// Shared check of the intel fuzz targets: every indicator that went into the
// set is found again by the lookup for its type (the normal form is a fixed
// point of the index), else abort.
#pragma once

#include <cstdlib>

#include "intel/indicator_set.h"

namespace dragnet {

inline void CheckRoundTrip(const IndicatorSet& set) {
  for (uint32_t i = 0; i < set.size(); ++i) {
    const Indicator& ind = set.at(i);
    uint32_t head = IndicatorSet::kNone;
    switch (ind.type) {
      case IndicatorType::kIp: head = set.FindIp(*Ip::Parse(ind.value)); break;
      case IndicatorType::kCidr: head = set.FindCidr(Cidr::Parse(ind.value)->network); break;
      case IndicatorType::kDomain: head = set.FindDomain(ind.value); break;
      case IndicatorType::kUrl: head = set.FindUrl(ind.value); break;
      case IndicatorType::kMd5:
      case IndicatorType::kSha1:
      case IndicatorType::kSha256: head = set.FindFileHash(ind.value); break;
      case IndicatorType::kCertSha1:
      case IndicatorType::kCertSha256: head = set.FindCertHash(ind.value); break;
      case IndicatorType::kJa3: head = set.FindJa3(ind.value); break;
      case IndicatorType::kJa3s: head = set.FindJa3s(ind.value); break;
      case IndicatorType::kJa4: head = set.FindJa4(ind.value); break;
      case IndicatorType::kEmail: head = set.FindEmail(ind.value); break;
    }
    if (ind.type == IndicatorType::kCidr) {
      if (head == IndicatorSet::kNone) std::abort();  // a longer prefix may win; some must
      continue;
    }
    if (ind.type == IndicatorType::kDomain && head == IndicatorSet::kNone) continue;  // public suffix
    bool found = false;
    for (uint32_t j = head; j != IndicatorSet::kNone; j = set.next(j)) found |= j == i;
    if (!found) std::abort();
  }
}

}  // namespace dragnet
