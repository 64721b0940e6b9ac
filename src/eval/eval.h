// `dragnet eval`: scores findings (and campaigns) against a simulated world's
// ground truth. Definitions (docs/simulator.md#evaluation):
//  - host level: a flagged host is (org, host) of any finding at or above
//    min_score; true positive when truth lists it as compromised.
//  - org level: an org is flagged when any of its hosts is.
//  - precision = TP / (TP + FP), recall = TP / (TP + FN), F1 their harmonic
//    mean; 0 when the denominator is 0.
//  - hidden infrastructure found: share of the IPs and domains of the actor
//    clusters not in the seed intel that appear among finding indicators or
//    campaign (derived) indicators.
//  - false-positive findings per 1,000 benign hosts.
//  - per severity: findings at each severity on compromised (tp) and benign
//    (fp) hosts; hosts at each verdict severity (the findings' "verdict",
//    else their highest severity) compromised or benign; host recall at a
//    verdict >= medium and false findings >= medium per 1,000 benign hosts.
//  - false positives by benign behaviour: with a catalogue world's truth
//    (`benign_roles` per org), each false-positive finding counts once under
//    every behaviour its host takes part in ("(none)" when it has none).
#pragma once

#include <array>
#include <map>
#include <string>

#include "core/status.h"

namespace dragnet {

struct EvalOptions {
  std::string truth_path;
  std::string findings_path;
  std::string campaigns_path;  // optional
  double min_score = 0;
};

struct Rates {
  uint64_t tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp ? static_cast<double>(tp) / static_cast<double>(tp + fp) : 0; }
  double recall() const { return tp + fn ? static_cast<double>(tp) / static_cast<double>(tp + fn) : 0; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};

struct EvalResult {
  Rates hosts, orgs;
  uint64_t findings = 0, fp_findings = 0, benign_hosts = 0;
  double fp_per_1000_benign_hosts = 0;
  uint64_t hidden_indicators = 0, hidden_found = 0;
  struct PerDetector {
    uint64_t findings = 0, tp = 0, fp = 0;
  };
  std::map<std::string, PerDetector> detectors;
  // Per role in the truth ("implant", "patient_zero", "lateral_target"...):
  // compromised hosts with that role, and how many of them were flagged.
  struct RoleRecall {
    uint64_t hosts = 0, found = 0;
  };
  std::map<std::string, RoleRecall> roles;
  // Indexed by Severity (info .. critical).
  std::array<Rates, 5> by_severity{};  // findings: tp on compromised hosts, fp on benign ones
  std::array<Rates, 5> by_verdict{};   // hosts: tp compromised, fp benign
  uint64_t compromised_at_medium = 0, compromised_hosts = 0;  // hosts with a verdict >= medium
  uint64_t fp_findings_at_medium = 0;
  double recall_at_medium() const {
    return compromised_hosts ? static_cast<double>(compromised_at_medium) / static_cast<double>(compromised_hosts) : 0;
  }
  double fp_at_medium_per_1000() const {
    return benign_hosts ? static_cast<double>(fp_findings_at_medium) * 1000.0 / static_cast<double>(benign_hosts) : 0;
  }
  struct BenignFalsePositives {
    uint64_t findings = 0, hosts = 0;
    std::map<std::string, uint64_t> detectors;  // findings per detector
  };
  std::map<std::string, BenignFalsePositives> benign;  // empty without benign_roles in the truth
  bool has_campaigns = false;
  double campaign_org_share = 0;  // compromised orgs in the best campaign / all compromised orgs
  double campaign_purity = 0;     // compromised hosts in it / its hosts
  uint64_t campaigns = 0;
};

Result<EvalResult> Evaluate(const EvalOptions& options);
std::string EvalJson(const EvalResult& r);
std::string EvalTable(const EvalResult& r);

}  // namespace dragnet
