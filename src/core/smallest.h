// Keeping the `max` smallest items of a stream, sorted. Evidence samples use
// it so that what is kept does not depend on which worker saw what first:
// merging two workers' samples gives what one worker would have kept.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace dragnet {

// Distinct items only; true when `v` changed.
template <typename T>
bool KeepSmallestDistinct(std::vector<T>& v, T item, size_t max) {
  auto at = std::lower_bound(v.begin(), v.end(), item);
  if (at != v.end() && *at == item) return false;
  if (v.size() >= max) {
    if (max == 0 || !(item < v.back())) return false;
    v.pop_back();
    at = std::lower_bound(v.begin(), v.end(), item);
  }
  v.insert(at, std::move(item));
  return true;
}

// Repeated items count (the k-th smallest time of k events).
template <typename T>
void KeepSmallestN(std::vector<T>& v, T item, size_t max) {
  if (v.size() >= max) {
    if (max == 0 || !(item < v.back())) return;
    v.pop_back();
  }
  v.insert(std::upper_bound(v.begin(), v.end(), item), std::move(item));
}

}  // namespace dragnet
