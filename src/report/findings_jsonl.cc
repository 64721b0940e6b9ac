#include <cerrno>
#include <cstring>
#include <fstream>

#include "report/run_report.h"

namespace dragnet {

Status WriteFile(const std::string& path, std::string_view content) {
  // Write beside the target and rename: readers never see half a file.
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::Error(tmp + ": cannot write: " + std::strerror(errno));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) return Status::Error(tmp + ": write failed: " + std::strerror(errno));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    return Status::Error(path + ": cannot rename into place: " + std::strerror(errno));
  return Status::Ok();
}

Status WriteFindingsJsonl(const std::string& path, const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += f.ToJson();
    out.push_back('\n');
  }
  return WriteFile(path, out);
}

}  // namespace dragnet
