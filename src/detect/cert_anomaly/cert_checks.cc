#include "detect/cert_anomaly/cert_checks.h"

#include "core/ip.h"
#include "core/text.h"
#include "intel/public_suffix.h"

namespace dragnet::cert {

std::string SubjectCn(std::string_view dn) {
  size_t i = 0;
  while (i < dn.size()) {
    // At the start of an attribute: "CN=" (any case) is the one wanted.
    bool cn = dn.size() - i >= 3 && (dn[i] == 'C' || dn[i] == 'c') && (dn[i + 1] == 'N' || dn[i + 1] == 'n') &&
              dn[i + 2] == '=';
    std::string value;
    size_t j = cn ? i + 3 : i;
    for (; j < dn.size() && dn[j] != ','; ++j) {
      if (dn[j] == '\\' && j + 1 < dn.size()) ++j;
      value += dn[j];
    }
    if (cn) return std::string(Trim(value));
    i = j + 1;
  }
  return "";
}

bool NameCovers(std::string_view pattern, std::string_view name) {
  std::string p = AsciiLower(Trim(pattern)), n = AsciiLower(Trim(name));
  while (!n.empty() && n.back() == '.') n.pop_back();
  if (p.empty() || n.empty()) return false;
  if (p == n) return true;
  if (p.size() < 3 || p[0] != '*' || p[1] != '.') return false;
  size_t dot = n.find('.');
  return dot != std::string::npos && dot > 0 && n.substr(dot + 1) == p.substr(2);
}

bool ServerCanOwn(std::string_view sni, std::string_view cn, const std::vector<std::string>& sans) {
  std::string name = AsciiLower(Trim(sni));
  while (!name.empty() && name.back() == '.') name.pop_back();
  if (name.empty() || name.find('.') == std::string::npos || Ip::Parse(name)) return true;
  if (!sans.empty()) {
    for (const std::string& san : sans)
      if (NameCovers(san, name)) return true;
    return NameCovers(cn, name);
  }
  if (cn.empty() || NameCovers(cn, name)) return true;
  // The common name alone: most public certificates name many services in
  // their SANs (Google's CN=*.google.com serves gstatic.com), so only a CN
  // that is no public host name at all ("whatever", "localhost", an address)
  // is a name the server cannot own.
  std::string common = AsciiLower(Trim(cn));
  if (common.rfind("*.", 0) == 0) common = common.substr(2);
  return common.find('.') != std::string::npos && !Ip::Parse(common) && HasPublicTld(common);
}

bool IsOldTls(std::string_view version) {
  static constexpr std::string_view kOld[] = {"SSLv2", "SSLv3", "TLSv10", "TLSv11", "TLS 1.0", "TLS 1.1",
                                              "SSL 2.0", "SSL 3.0"};
  for (std::string_view v : kOld)
    if (version == v) return true;
  return false;
}

bool IsSelfSigned(std::string_view subject, std::string_view issuer, std::string_view status) {
  if (status == "self signed certificate") return true;
  subject = Trim(subject);
  return !subject.empty() && subject == Trim(issuer);
}

bool IsExpired(std::string_view status, int64_t not_after_us, int64_t ts_us) {
  if (status == "certificate has expired") return true;
  return not_after_us > 0 && ts_us > 0 && not_after_us < ts_us;
}

}  // namespace dragnet::cert
