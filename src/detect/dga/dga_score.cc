#include "detect/dga/dga_score.h"

#include <algorithm>
#include <cmath>

#include "aggregate/dns_table.h"
#include "detect/finding.h"

namespace dragnet::dga {
namespace {

// Hand-built table, not a library: no Debian package ships a character
// n-gram model of domain names; ngram_model.inc is generated from public
// popularity lists by scripts/train-dga-model.py.
constexpr std::string_view kModel =
#include "detect/dga/ngram_model.inc"
    ;
constexpr int kSymbols = 29;
constexpr int kBoundary = 28;
static_assert(kModel.size() == kSymbols * kSymbols * kSymbols);

int Symbol(char c) {
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= '0' && c <= '9') return 26;
  if (c == '-') return 27;
  return -1;
}

double Ramp(double x, double lo, double hi) { return std::clamp((x - lo) / (hi - lo), 0.0, 1.0); }

}  // namespace

double NgramCost(std::string_view label) {
  int a = kBoundary, b = kBoundary;
  double bits = 0;
  int n = 0;
  auto step = [&](int c) {
    bits += (kModel[static_cast<size_t>((a * kSymbols + b) * kSymbols + c)] - '0') / 4.0;
    ++n;
    a = b;
    b = c;
  };
  for (char ch : label) {
    int c = Symbol(ch);
    if (c < 0) c = 27;  // anything else costs like a hyphen
    step(c);
  }
  step(kBoundary);
  return bits / n;
}

LabelFeatures Features(std::string_view label) {
  LabelFeatures f;
  f.length = label.size();
  f.ngram_cost = NgramCost(label);
  f.entropy = ShannonEntropy(label);
  int digits = 0, run = 0;
  for (char c : label) {
    bool digit = c >= '0' && c <= '9';
    digits += digit;
    bool consonant = c >= 'a' && c <= 'z' && std::string_view("aeiouy").find(c) == std::string_view::npos;
    run = consonant ? run + 1 : 0;
    f.consonant_run = std::max(f.consonant_run, run);
  }
  f.digit_share = label.empty() ? 0 : static_cast<double>(digits) / static_cast<double>(label.size());
  return f;
}

double LabelScore(const LabelFeatures& f, const DgaParams& p) {
  if (f.length < p.min_length) return 0;
  double ngram = Ramp(f.ngram_cost, p.ngram_low, p.ngram_high);
  double entropy = Ramp(f.entropy, p.entropy_low, p.entropy_high);
  double consonant = Ramp(f.consonant_run, p.consonant_low, p.consonant_high);
  double mixed = f.length >= 10 && f.digit_share >= 0.2 && f.digit_share <= 0.8 ? 1 : 0;
  return RoundScore(0.5 * ngram + 0.2 * entropy + 0.15 * consonant + 0.15 * mixed);
}

}  // namespace dragnet::dga
