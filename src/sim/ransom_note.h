// The ransomed victim's ransom note, as the victim would hand it to the
// authority: written to OUT/<victim>/incidents/ with the actor's contacts --
// a Tor v3 onion (valid checksum), a Tox ID, an e-mail address and a Bitcoin
// address -- all derived from the seed, so incident intake has a real note
// to read and tie to the campaign.
#pragma once

#include <string>

#include "core/status.h"
#include "sim/world.h"

namespace dragnet::sim {

Status WriteRansomNote(const World& world, const std::string& out_dir);

}  // namespace dragnet::sim
