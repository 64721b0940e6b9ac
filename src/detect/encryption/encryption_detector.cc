#include "detect/encryption/encryption_detector.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <xxhash.h>
#include <fmt/format.h>

#include "core/smallest.h"
#include "aggregate/field_set.h"
#include "core/json_writer.h"
#include "core/text.h"
#include "detect/behaviour_util.h"

namespace dragnet {

bool LooksLikeRansomNote(std::string_view name) {
  size_t slash = name.find_last_of("\\/");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string n = AsciiLower(name);
  std::string ext = FileExtension(n);
  if (ext != "txt" && ext != "html" && ext != "htm" && ext != "hta" && ext != "rtf") return false;
  for (const char* word : {"decrypt", "ransom", "restore-my-files", "restore_my_files", "recover", "how_to", "how-to",
                           "howto", "readme", "read_me", "read-me", "unlock", "your_files", "your-files"})
    if (n.find(word) != std::string::npos) return true;
  return false;
}

double EncryptionScore(uint64_t files, uint64_t note_folders, const EncryptionParams& p) {
  bool notes = note_folders >= p.min_note_folders;
  double s = 0;
  if (files >= p.min_files) {
    double t = std::clamp(static_cast<double>(files - p.min_files) / (p.full_files - p.min_files), 0.0, 1.0);
    s = 0.7 + 0.2 * t + (notes ? 0.2 : 0);
  } else if (notes) {
    s = 0.6;
  }
  return RoundScore(std::min(1.0, s));
}

namespace {

struct ExtensionRenames {
  uint64_t files = 0;
  std::vector<int64_t> earliest;  // the smallest min_files timestamps (deterministic "raised at")
  int64_t first_us = INT64_MAX, last_us = INT64_MIN;
  std::string sample;             // smallest renamed name
  std::set<std::string> from;     // original extensions (at most 8)
  TimeHistogram activity;         // files renamed (or replaced) per minute, for the evidence
};

// A file written under a name with one more extension than an existing
// document's ("report.docx.lockbit"): an encrypted copy, when the original
// ("report.docx") is deleted too.
struct NewCopy {
  std::string name;  // as written
  int64_t ts = 0;
};

void AddRename(ExtensionRenames& e, std::string_view name, std::string_view prev, int64_t ts, size_t keep) {
  ++e.files;
  KeepSmallestN(e.earliest, ts, keep);
  e.first_us = std::min(e.first_us, ts);
  e.last_us = std::max(e.last_us, ts);
  e.activity.Add(ts);
  if (e.sample.empty() || name < e.sample) e.sample.assign(name);
  if (e.from.size() < 8) e.from.insert(FileExtension(prev));
}

uint64_t NameHash(std::string_view name) {
  std::string lower = AsciiLower(name);
  return XXH3_64bits(lower.data(), lower.size());
}

struct ShareActivity {
  std::map<std::string, ExtensionRenames> by_extension;  // bounded: kMaxExtensions
  // Write-then-delete encryption: copies by the hash of the original's name,
  // and the hashes of deleted names; paired after the merge. Bounded.
  absl::flat_hash_map<uint64_t, NewCopy> new_copies;
  absl::flat_hash_set<uint64_t> deleted;
  uint64_t unpaired_dropped = 0;
  std::set<std::string> note_folders;                    // bounded: kMaxFolders
  std::set<std::string> note_names;
  std::vector<int64_t> note_times;                       // smallest, one per folder
  uint64_t writes = 0, renames = 0, deletes = 0;
  Ip server;
  static constexpr size_t kMaxExtensions = 64, kMaxFolders = 256, kMaxPending = 16384;
  void AddCopy(uint64_t original, const NewCopy& c) {
    auto it = new_copies.find(original);
    if (it == new_copies.end()) {
      if (new_copies.size() >= kMaxPending) {
        ++unpaired_dropped;
        return;
      }
      new_copies.emplace(original, c);
    } else if (c.ts < it->second.ts || (c.ts == it->second.ts && c.name < it->second.name)) {
      it->second = c;
    }
  }
  void AddDelete(uint64_t name) {
    if (deleted.size() < kMaxPending) deleted.insert(name);
    else ++unpaired_dropped;
  }
};

struct ShareKey {
  uint32_t org;
  Ip host;
  std::string share;
  friend bool operator==(const ShareKey&, const ShareKey&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const ShareKey& k) {
    return H::combine(std::move(h), k.org, k.host, k.share);
  }
};

std::string Folder(std::string_view name) {
  size_t slash = name.find_last_of("\\/");
  return slash == std::string_view::npos ? "" : AsciiLower(name.substr(0, slash));
}

class EncryptionState : public DetectorState {
 public:
  explicit EncryptionState(const EncryptionParams& p) : p_(p) {}

  void OnRecord(const OrgContext& org, const Record& r) override {
    if (r.schema().path() != "smb_files") return;
    const auto& f = fields_.Resolve(r.schema());
    auto host = r.GetIp(f[0]);
    auto server = r.GetIp(f[1]);
    std::string_view action = r.Text(f[2]), name = r.Text(f[4]), prev = r.Text(f[5]);
    if (!host || name.empty()) return;
    ShareActivity& a = shares_[ShareKey{org.index, *host, std::string(r.Text(f[3]))}];
    if (server) a.server = *server;
    int64_t ts = r.ts().micros();
    if (action == "SMB::FILE_RENAME") {
      ++a.renames;
      std::string ext = FileExtension(name);
      if (prev.empty() || ext.empty() || ext == FileExtension(prev)) return;  // extension kept: a user's rename
      auto it = a.by_extension.find(ext);
      if (it == a.by_extension.end()) {
        if (a.by_extension.size() >= ShareActivity::kMaxExtensions) return;
        it = a.by_extension.emplace(ext, ExtensionRenames{}).first;
      }
      AddRename(it->second, name, prev, ts, p_.min_files);
    } else if (action == "SMB::FILE_WRITE") {
      ++a.writes;
      // "report.docx.lockbit": a copy of report.docx under a new extension.
      std::string ext = FileExtension(name);
      if (!ext.empty()) {
        std::string_view stem = name.substr(0, name.size() - ext.size() - 1);
        std::string inner = FileExtension(stem);
        if (!inner.empty() && inner != ext) a.AddCopy(NameHash(stem), NewCopy{std::string(name), ts});
      }
      if (!LooksLikeRansomNote(name)) return;
      if (a.note_names.size() < 4) a.note_names.insert(std::string(name.substr(name.find_last_of("\\/") + 1)));
      if (a.note_folders.size() < ShareActivity::kMaxFolders && a.note_folders.insert(Folder(name)).second)
        KeepSmallestN(a.note_times, ts, p_.min_note_folders);
    } else if (action == "SMB::FILE_DELETE") {
      ++a.deletes;
      a.AddDelete(NameHash(name));
    }
  }

  void Merge(DetectorState& other_base) override {
    auto& other = static_cast<EncryptionState&>(other_base);
    for (auto& [key, o] : other.shares_) {
      ShareActivity& a = shares_[key];
      a.writes += o.writes;
      a.renames += o.renames;
      a.deletes += o.deletes;
      if (a.server == Ip()) a.server = o.server;
      a.unpaired_dropped += o.unpaired_dropped;
      for (const auto& [h, c] : o.new_copies) a.AddCopy(h, c);
      for (uint64_t h : o.deleted) a.AddDelete(h);
      for (auto& [ext, oe] : o.by_extension) {
        if (!a.by_extension.count(ext) && a.by_extension.size() >= ShareActivity::kMaxExtensions) continue;
        ExtensionRenames& e = a.by_extension[ext];
        e.files += oe.files;
        for (int64_t t : oe.earliest) KeepSmallestN(e.earliest, t, p_.min_files);
        e.first_us = std::min(e.first_us, oe.first_us);
        e.last_us = std::max(e.last_us, oe.last_us);
        e.activity.Merge(oe.activity);
        if (e.sample.empty() || (!oe.sample.empty() && oe.sample < e.sample)) e.sample = oe.sample;
        for (const auto& x : oe.from)
          if (e.from.size() < 8) e.from.insert(x);
      }
      for (const auto& n : o.note_names)
        if (a.note_names.size() < 4) a.note_names.insert(n);
      for (const auto& folder : o.note_folders)
        if (a.note_folders.size() < ShareActivity::kMaxFolders) a.note_folders.insert(folder);
      for (int64_t t : o.note_times) KeepSmallestN(a.note_times, t, p_.min_note_folders);
    }
    other.shares_.clear();
  }

  const absl::flat_hash_map<ShareKey, ShareActivity>& shares() const { return shares_; }

 private:
  const EncryptionParams& p_;
  absl::flat_hash_map<ShareKey, ShareActivity> shares_;
  FieldSet<6> fields_{{"id.orig_h", "id.resp_h", "action", "path", "name", "prev_name"}};
};

class EncryptionDetector : public Detector {
 public:
  explicit EncryptionDetector(EncryptionParams p) : p_(p) {
    spec_.name = "encryption";
    spec_.specific = true;
    spec_.summary = "ransomware encrypting shares over SMB: many files renamed to one new extension, notes in folders";
    spec_.attack = {"T1486"};
    spec_.parameters = Describe(Bindings(p_));
    spec_.stage = Stage::kEncryption;
    spec_.traits = {.ransom_artifacts = true};
    spec_.containment =
        "Disconnect the encrypting hosts from the file server now; snapshot the share; keep the renamed files.";
    spec_.logs_required = {"smb_files"};
    spec_.without_logs =
        "Without smb_files it finds nothing: encryption of local disks, or over other protocols, is not seen.";
    using enum EvidenceType;
    spec_.evidence = {
        {"share", kString}, {"server", kString}, {"extension", kString}, {"files_renamed", kNumber},
        {"sample", kString}, {"original_extensions", kArray}, {"renamed_over_time", kObject},
        {"extensions_seen", kNumber}, {"note_folders", kNumber}, {"note_names", kArray}, {"renames", kNumber},
        {"writes", kNumber}, {"deletes", kNumber}, {"replaced", kNumber}, {"raised_at", kNumber},
        {"seconds_to_raise", kNumber}
    };
  }
  const DetectorSpec& spec() const override { return spec_; }
  std::unique_ptr<DetectorState> NewState() const override { return std::make_unique<EncryptionState>(p_); }
  bool WantsField(std::string_view log, std::string_view field) const override {
    return log == "smb_files" && (field == "id.orig_h" || field == "id.resp_h" || field == "action" ||
                                  field == "path" || field == "name" || field == "prev_name");
  }

  std::vector<Finding> Findings(DetectorState* merged, const AnalysisContext& ctx) const override {
    std::vector<Finding> out;
    for (const auto& [key, activity] : static_cast<EncryptionState*>(merged)->shares()) {
      // Copies whose original was deleted count like renames (write-then-delete
      // ransomware), in a copy of the share's activity.
      ShareActivity a;
      a.by_extension = activity.by_extension;
      a.note_folders = activity.note_folders;
      a.note_names = activity.note_names;
      a.note_times = activity.note_times;
      a.writes = activity.writes;
      a.renames = activity.renames;
      a.deletes = activity.deletes;
      a.server = activity.server;
      std::map<std::string, uint64_t> replaced;  // by new extension
      // In (time, name) order, not the hash map's: which extensions fit
      // kMaxExtensions and which 8 original extensions are listed must not
      // depend on how the state was merged.
      std::vector<std::pair<uint64_t, const NewCopy*>> copies;
      for (const auto& [original, copy] : activity.new_copies) copies.emplace_back(original, &copy);
      std::sort(copies.begin(), copies.end(), [](const auto& x, const auto& y) {
        return std::tie(x.second->ts, x.second->name, x.first) < std::tie(y.second->ts, y.second->name, y.first);
      });
      for (const auto& [original, copy_ptr] : copies) {
        const NewCopy& copy = *copy_ptr;
        if (!activity.deleted.contains(original)) continue;
        std::string ext = FileExtension(copy.name);
        auto it = a.by_extension.find(ext);
        if (it == a.by_extension.end()) {
          if (a.by_extension.size() >= ShareActivity::kMaxExtensions) continue;
          it = a.by_extension.emplace(ext, ExtensionRenames{}).first;
        }
        std::string_view stem(copy.name);
        stem.remove_suffix(ext.size() + 1);
        AddRename(it->second, copy.name, stem, copy.ts, p_.min_files);
        ++replaced[ext];
      }
      const std::string* top_ext = nullptr;
      const ExtensionRenames* top = nullptr;
      for (const auto& [ext, e] : a.by_extension)
        if (!top || e.files > top->files) {
          top = &e;
          top_ext = &ext;
        }
      uint64_t files = top ? top->files : 0;
      double score = EncryptionScore(files, a.note_folders.size(), p_);
      // One kind of file given one new extension is a conversion or a
      // backup-copy script; ransomware takes documents of every kind.
      if (top && top->from.size() < 2 && a.note_folders.size() < p_.min_note_folders)
        score = RoundScore(score * p_.single_type_factor);
      if (score < p_.min_score) continue;
      out.push_back(MakeFinding(ctx, key, a, top_ext, top, score, top_ext ? replaced[*top_ext] : 0));
    }
    std::sort(out.begin(), out.end(), FindingLess);
    return out;
  }

 private:
  Finding MakeFinding(const AnalysisContext& ctx, const ShareKey& key, const ShareActivity& a,
                      const std::string* ext, const ExtensionRenames* e, double score, uint64_t replaced) const {
    bool by_renames = e && e->files >= p_.min_files;
    bool by_notes = a.note_folders.size() >= p_.min_note_folders;
    int64_t raised = INT64_MAX, first = INT64_MAX, last = INT64_MIN;
    if (by_renames) {
      raised = e->earliest.back();
      first = e->first_us;
      last = e->last_us;
    }
    if (by_notes) {
      raised = std::min(raised, a.note_times.back());
      first = std::min(first, a.note_times.front());
      last = std::max(last, a.note_times.back());
    }
    std::vector<std::string> indicators;
    if (by_renames) indicators.push_back("*." + *ext);
    for (const auto& n : a.note_names) indicators.push_back(n);
    Finding f = NewFinding(ctx, key.org, key.host, "encryption", score, std::move(indicators), first, last,
                           spec_.attack);
    if (a.server != Ip()) f.peers = {a.server};
    std::string renames = by_renames ? fmt::format("{} {} files on {} to *.{} in {}",
                                                   replaced == 0 ? "renamed"
                                                   : replaced >= e->files ? "replaced (wrote a copy, deleted the original)"
                                                                          : "renamed or replaced",
                                                   Thousands(e->files), key.share, *ext,
                                                   HumanDuration(static_cast<double>(e->last_us - e->first_us) / 1e6))
                                     : fmt::format("wrote ransom notes on {}", key.share);
    std::string notes = a.note_names.empty()
                            ? ""
                            : fmt::format(", ransom note {} in {} folders", *a.note_names.begin(), a.note_folders.size());
    f.summary = fmt::format("{} {}{} (server {}); raised at {}, {} after the first", key.host.ToString(), renames,
                            notes, a.server.ToString(), Timestamp(raised).ToIso8601(),
                            HumanDuration(static_cast<double>(raised - first) / 1e6));
    JsonWriter w;
    w.BeginObject();
    w.Key("share").String(key.share);
    w.Key("server").String(a.server.ToString());
    if (by_renames) {
      w.Key("extension").String(*ext);
      w.Key("files_renamed").Uint(e->files);
      w.Key("sample").String(e->sample);
      w.Key("original_extensions").BeginArray();
      for (const auto& x : e->from) w.String(x);
      w.EndArray();
      w.Key("renamed_over_time");
      WriteTimeline(w, e->activity);
    }
    w.Key("extensions_seen").Uint(a.by_extension.size());
    w.Key("note_folders").Uint(a.note_folders.size());
    w.Key("note_names").BeginArray();
    for (const auto& n : a.note_names) w.String(n);
    w.EndArray();
    w.Key("renames").Uint(a.renames);
    w.Key("writes").Uint(a.writes);
    w.Key("deletes").Uint(a.deletes);
    w.Key("replaced").Uint(replaced);
    w.Key("raised_at").Double(Timestamp(raised).seconds(), 6);
    w.Key("seconds_to_raise").Double(static_cast<double>(raised - first) / 1e6, 1);
    w.EndObject();
    f.evidence_json = w.Take();
    return f;
  }

  EncryptionParams p_;
  DetectorSpec spec_;
};

}  // namespace

std::vector<ParamBinding> Bindings(EncryptionParams& p) {
  return {
      {"min_files", &p.min_files, "files renamed to one new extension before raising", NumberRange::AtLeast(1)},
      {"full_files", &p.full_files, "files at which the rename part is at its top",
       NumberRange::AtLeast(1), "min_files"},
      {"min_note_folders", &p.min_note_folders, "folders that received a ransom-note file", NumberRange::AtLeast(1)},
      {"single_type_factor", &p.single_type_factor, "factor when one original extension and no notes",
       NumberRange::Unit()},
      {"min_score", &p.min_score, "findings below are not reported", NumberRange::Unit()},
  };
}

std::unique_ptr<Detector> NewEncryptionDetector(EncryptionParams params) {
  return std::make_unique<EncryptionDetector>(params);
}

}  // namespace dragnet
