#include "core/file_io.h"
#include "report/run_report.h"

namespace dragnet {

Status WriteFindingsJsonl(const std::string& path, const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += f.ToJson();
    out.push_back('\n');
  }
  return WriteFile(path, out);
}

}  // namespace dragnet
