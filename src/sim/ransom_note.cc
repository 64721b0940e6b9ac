#include "sim/ransom_note.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "core/file_io.h"
#include "incident/checksums.h"
#include "sim/rng.h"

namespace dragnet::sim {
namespace {

template <size_t N>
std::array<uint8_t, N> RandomBytes(Rng& r) {
  std::array<uint8_t, N> b{};
  for (auto& x : b) x = static_cast<uint8_t>(r.Below(256));
  return b;
}

// A Tor v3 onion name for a random key, a Tox ID and a Bitcoin address,
// each with a valid checksum (incident/checksums.h).
std::string OnionV3(Rng& r) { return OnionV3Name(RandomBytes<32>(r)) + ".onion"; }
std::string ToxId(Rng& r) { return dragnet::ToxId(RandomBytes<36>(r)); }
std::string BitcoinP2pkh(Rng& r) { return BitcoinP2pkhAddress(RandomBytes<20>(r)); }

}  // namespace

Status WriteRansomNote(const World& world, const std::string& out_dir) {
  const RansomPlan& p = world.ransom;
  if (p.org < 0) return Status::Ok();
  Rng r = Rng(world.options.seed).Fork(77);
  std::string onion = OnionV3(r), tox = ToxId(r), btc = BitcoinP2pkh(r);
  std::string note = fmt::format(
      "~~~ Your data is stolen and encrypted ~~~\n\n"
      "All your important files have been encrypted and now have the extension {ext}.\n"
      "We also downloaded a large amount of your confidential data. If you do not pay, it will be published on\n"
      "our leak site: http://{onion}/\n\n"
      "To get the decryptor, write to us:\n"
      "  Tox chat: {tox}\n"
      "  Mail: restore.team@onionmail.org\n\n"
      "Payment is accepted in Bitcoin only: {btc}\n"
      "Do not rename or modify the encrypted files. Do not contact the police or recovery companies.\n",
      fmt::arg("ext", p.extension), fmt::arg("onion", onion), fmt::arg("tox", tox), fmt::arg("btc", btc));
  std::filesystem::path dir = std::filesystem::path(out_dir) / world.orgs[p.org].name / "incidents";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Error(dir.string() + ": " + ec.message());
  return WriteFile((dir / p.note_name).string(), note);
}

}  // namespace dragnet::sim
