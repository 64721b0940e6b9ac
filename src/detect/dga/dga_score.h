// How machine-generated a domain label looks, as pure functions pinned by
// unit tests. The label scored is the registered one ("kq3x9vz" of
// kq3x9vz.info): subdomains are the owner's business, and cloud names such as
// d3abc.cloudfront.net are registered under a public suffix, so they are
// judged, but they resolve -- the detector counts only names that did not.
// docs/detectors/dga.md.
#pragma once

#include <string_view>

namespace dragnet::dga {

// Mean cost, in bits per character (end mark included), of the label under
// the character trigram model trained on popular domain names
// (scripts/train-dga-model.py). Benign labels: median 3.6, 90th percentile
// 4.3; random letters: 10th percentile 5.6.
double NgramCost(std::string_view label);

struct LabelFeatures {
  size_t length = 0;
  double ngram_cost = 0;
  double entropy = 0;        // bits per character
  double digit_share = 0;
  int consonant_run = 0;     // longest run of consonants
};
LabelFeatures Features(std::string_view label);

struct DgaParams {
  size_t min_length = 7;                       // shorter labels are not judged
  double ngram_low = 4.3, ngram_high = 5.5;    // cost ramp
  double entropy_low = 2.8, entropy_high = 3.8;
  int consonant_low = 3, consonant_high = 6;
};

// 0.5 ngram + 0.2 entropy + 0.15 consonant-run + 0.15 mixed-digits, each
// a linear ramp to [0, 1]; mixed-digits is 1 when 20-80 % of a label of 10+
// characters are digits. 0 for labels under min_length.
double LabelScore(const LabelFeatures& f, const DgaParams& p = {});

}  // namespace dragnet::dga
