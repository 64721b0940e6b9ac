// The encryption detector: ransomware encrypting file shares over SMB. Per
// (org, client host, share) it counts renames that give files a new
// extension -- grouped by that extension -- and ransom-note files written into
// several folders, and raises when one new extension reaches `min_files`
// files: the time of that file is when an analyst could have acted.
// A user renaming photos keeps their extension; a backup reads. See
// docs/detectors/encryption.md.
#pragma once

#include <memory>
#include <string_view>

#include "detect/detector.h"
#include "detect/parameters.h"

namespace dragnet {

struct EncryptionParams {
  uint32_t min_files = 20;        // files renamed to one new extension before raising
  uint32_t full_files = 100;      // ... at which the rename part reaches its top
  uint32_t min_note_folders = 3;  // folders that received a ransom-note file
  double single_type_factor = 0.6;  // all renamed files had one original extension and no notes
  double min_score = 0.5;
};

// Whether a file name looks like a ransom note ("Restore-My-Files.txt",
// "HOW_TO_DECRYPT.html", "!README!.hta").
bool LooksLikeRansomNote(std::string_view name);
// 0.7 at min_files renames to one new extension rising to 0.9 at full_files,
// + 0.2 when notes reached min_note_folders (0.6 for notes alone).
double EncryptionScore(uint64_t files, uint64_t note_folders, const EncryptionParams& p = {});

std::unique_ptr<Detector> NewEncryptionDetector(EncryptionParams params = {});
std::vector<ParamBinding> Bindings(EncryptionParams& p);

}  // namespace dragnet
