// Unit tests of the campaign layer's pure parts: URI masking, networks,
// traits of findings, and linking with the over-correlation limit.
#include <gtest/gtest.h>

#include "aggregate/aggregates.h"
#include "correlate/campaigns.h"
#include "correlate/traits.h"
#include "ingest/zeek_reader.h"

namespace dragnet {
namespace {

TEST(MaskUriPath, MasksVariableParts) {
  EXPECT_EQ(MaskUriPath("/api/v2/4f9a0c1e/status"), "/api/v2/{hex}/status");
  EXPECT_EQ(MaskUriPath("/api/v2/4f9a0c1e/status?id=77&t=abc"), "/api/v2/{hex}/status?id=&t=");
  EXPECT_EQ(MaskUriPath("/user/12345/profile"), "/user/{n}/profile");
  EXPECT_EQ(MaskUriPath("/s/0b6ad3f4-6c8e-4b6e-9a51-7f3d2b1c0e9a"), "/s/{uuid}");
  EXPECT_EQ(MaskUriPath("/dl/aGVsbG8gd29ybGQ9PQ2x"), "/dl/{id}");
  EXPECT_EQ(MaskUriPath("/index.html"), "/index.html");  // words stay
  EXPECT_EQ(MaskUriPath("/cafe"), "/cafe");              // short hex-looking words stay
  EXPECT_EQ(MaskUriPath("/"), "/");
  EXPECT_LE(MaskUriPath("/" + std::string(400, 'a')).size(), 128u);
}

TEST(Traits, NetworksAndFindingKinds) {
  EXPECT_EQ(NetworkOf(*Ip::Parse("198.51.100.44")), "198.51.100.0/24");
  EXPECT_EQ(NetworkOf(*Ip::Parse("2001:db8:abcd:12::1")), "2001:db8:abcd::/48");

  Finding beacon;
  beacon.detector = "beacon";
  beacon.host = *Ip::Parse("10.0.0.5");
  beacon.indicators = {"C2.Bad-Example.com", "203.0.113.7", "10.0.0.1"};
  std::vector<std::string> got;
  for (const Trait& t : TraitsOf(beacon, 0, nullptr)) got.push_back(t.ToString());
  // Private addresses are no infrastructure; names are lower-cased, with their registered domain.
  EXPECT_EQ(got, (std::vector<std::string>{"ip:203.0.113.7", "net:203.0.113.0/24", "fqdn:c2.bad-example.com",
                                           "domain:bad-example.com"}));

  Finding enc;
  enc.detector = "encryption";
  enc.indicators = {"*.LockBit", "Restore-My-Files.txt"};
  got.clear();
  for (const Trait& t : TraitsOf(enc, 0, nullptr)) got.push_back(t.ToString());
  EXPECT_EQ(got, (std::vector<std::string>{"ransom_extension:lockbit", "ransom_note:restore-my-files.txt"}));

  Finding intel;
  intel.detector = "intel";
  intel.indicators = {"97206BB0B01CCE31A62854CD0783DC78"};  // a listed JA3 or hash
  ASSERT_EQ(TraitsOf(intel, 0, nullptr).size(), 1u);
  EXPECT_EQ(TraitsOf(intel, 0, nullptr)[0].ToString(), "hash:97206bb0b01cce31a62854cd0783dc78");

  Finding lateral;
  lateral.detector = "lateral_movement";
  lateral.indicators = {"lateral-movement-source"};
  EXPECT_TRUE(TraitsOf(lateral, 0, nullptr).empty());  // internal: no infrastructure
}

Finding At(const std::string& org, const std::string& host, const std::string& detector,
           std::vector<std::string> indicators, double score = 0.8);

// Feeds one TSV log (header + rows) to the aggregates as org 0.
class Feed : public RecordVisitor {
 public:
  Feed(Aggregates& a, const OrgContext& org) : a_(a), org_(org) {}
  void OnRecord(const Record& r) override { a_.OnRecord(org_, r); }
  bool WantsField(std::string_view log, std::string_view field) const override {
    return Aggregates::WantsField(log, field);
  }

 private:
  Aggregates& a_;
  const OrgContext& org_;
};

void Read(Aggregates& a, const OrgContext& org, std::string log) {
  Feed feed(a, org);
  Diagnostics diag(false);
  auto src = ByteSource::FromMemory(std::move(log));
  ReadZeekLog(*src, "test.log", "", feed, diag, 4096);
}

TEST(Traits, CertificateIssuerUserAgentAndUriShapeFromTheAggregates) {
  MemoryBudget budget(64 << 20);
  AggregateParams params;
  Aggregates a(params, budget);
  OrgContext org{0, "acme", {}, {}, {}};
  Read(a, org,
       "#separator \\x09\n#path\tssl\n#fields\tts\tid.orig_h\tid.resp_h\tserver_name\tja3\tcert_chain_fps\n"
       "#types\ttime\taddr\taddr\tstring\tstring\tvector[string]\n"
       "1714953600.0\t10.0.0.5\t203.0.113.7\tC2.example.org\t72a589da586844d7f0818ce684948eea\t"
       "9C315E15A3F4BF1A479AE46DA8A90DE386837490,1111111111111111111111111111111111111111\n");
  Read(a, org,
       "#separator \\x09\n#path\tx509\n#fields\tts\tfingerprint\tcertificate.subject\tcertificate.issuer\n"
       "#types\ttime\tstring\tstring\tstring\n"
       "1714953600.0\t9c315e15a3f4bf1a479ae46da8a90de386837490\tCN=c2.example.org\t"
       "CN=Global Update Authority,O=Trusted Services Ltd\n");
  Read(a, org,
       "#separator \\x09\n#path\thttp\n#fields\tts\tid.orig_h\tid.resp_h\thost\tuser_agent\turi\n"
       "#types\ttime\taddr\taddr\tstring\tstring\tstring\n"
       "1714953700.0\t10.0.0.6\t192.0.2.9\tbeacon.example.net\tSysMgr/2.1\t/api/v2/4f9a0c1e/status?id=3\n");
  a.Finish();
  Finding tls = At("acme", "10.0.0.5", "beacon", {"203.0.113.7"});
  std::vector<std::string> got;
  for (const Trait& t : TraitsOf(tls, 0, &a)) got.push_back(t.ToString());
  // The leaf certificate (first of the chain, lower-cased), the client's JA3
  // and the name seen on the address.
  EXPECT_EQ(got, (std::vector<std::string>{"ip:203.0.113.7", "net:203.0.113.0/24", "fqdn:c2.example.org",
                                           "domain:example.org", "ja3:72a589da586844d7f0818ce684948eea",
                                           "cert:9c315e15a3f4bf1a479ae46da8a90de386837490",
                                           "issuer:CN=Global Update Authority,O=Trusted Services Ltd"}));
  Finding http = At("acme", "10.0.0.6", "beacon", {"beacon.example.net"});
  got.clear();
  for (const Trait& t : TraitsOf(http, 0, &a)) got.push_back(t.ToString());
  EXPECT_EQ(got, (std::vector<std::string>{"ip:192.0.2.9", "net:192.0.2.0/24", "fqdn:beacon.example.net",
                                           "domain:example.net", "user_agent:SysMgr/2.1",
                                           "uri_pattern:/api/v2/{hex}/status?id="}));
}

Finding At(const std::string& org, const std::string& host, const std::string& detector,
           std::vector<std::string> indicators, double score) {
  Finding f;
  f.org = org;
  f.host = *Ip::Parse(host);
  f.detector = detector;
  f.score = score;
  f.indicators = std::move(indicators);
  f.ts_first = Timestamp(1000000);
  f.ts_last = Timestamp(2000000);
  return f;
}

TEST(Campaigns, RareTraitsLinkAndCommonOnesDoNot) {
  std::vector<OrgContext> orgs;
  for (uint32_t i = 0; i < 30; ++i) orgs.push_back(OrgContext{i, "org" + std::to_string(i), {}, {}, {}});
  std::vector<Finding> findings;
  // Two actors: org0/org1 share one C2, org2/org3 another, in other /24s.
  findings.push_back(At("org0", "10.0.0.9", "beacon", {"203.0.113.7"}));
  findings.push_back(At("org1", "10.0.0.9", "beacon", {"203.0.113.7"}));
  findings.push_back(At("org2", "10.0.0.9", "beacon", {"192.0.2.50"}));
  findings.push_back(At("org3", "10.0.0.9", "beacon", {"192.0.2.50"}));
  // A CDN address an over-broad feed lists, hit by five hosts in each of 30
  // orgs -- the actors' hosts among them: it must merge nothing
  // (over-correlation: more users per org than max_hosts_per_org).
  for (const auto& o : orgs)
    for (const char* h : {"10.0.0.9", "10.0.0.10", "10.0.0.11", "10.0.0.12", "10.0.0.13"})
      findings.push_back(At(o.name, h, "intel", {"104.16.0.1"}, 0.7));
  IndicatorSet intel;
  CampaignResult r = BuildCampaigns(findings, orgs, nullptr, intel);
  ASSERT_EQ(r.campaigns.size(), 2u);
  for (const Campaign& c : r.campaigns) {
    EXPECT_EQ(c.orgs.size(), 2u);
    EXPECT_EQ(c.hosts.size(), 2u);
    for (const auto& [trait, hosts] : c.links) EXPECT_EQ(trait.find("104.16.0"), std::string::npos) << trait;
  }
  EXPECT_EQ(r.campaigns[0].orgs, (std::vector<std::string>{"org0", "org1"}));
  EXPECT_EQ(r.campaigns[1].orgs, (std::vector<std::string>{"org2", "org3"}));
  // The C2 was found by behaviour, not listed: a derived indicator with provenance.
  bool derived = false;
  for (const auto& d : r.campaigns[0].derived)
    if (d.trait.value == "203.0.113.7") {
      derived = true;
      EXPECT_NE(d.provenance.find("found by behaviour"), std::string::npos) << d.provenance;
    }
  EXPECT_TRUE(derived);
  // Members carry their campaign; the CDN-only hosts none.
  for (const Finding& f : findings) {
    if (f.detector == "beacon") {
      EXPECT_FALSE(f.campaign.empty());
    }
    if (f.host.ToString() == "10.0.0.10") {
      EXPECT_TRUE(f.campaign.empty());
    }
  }
}

// A time server three hosts of every org poll (here two hosts with a
// finding on it, each in its org) is fleet software: it links no orgs, even
// though its average of three hosts per org passes max_hosts_per_org. A C2
// one host per org uses still links.
TEST(Campaigns, FleetWideTraitsLinkNothing) {
  MemoryBudget budget(64 << 20);
  AggregateParams params;
  Aggregates a(params, budget);
  std::vector<OrgContext> orgs;
  for (uint32_t i = 0; i < 3; ++i) orgs.push_back(OrgContext{i, "org" + std::to_string(i), {}, {}, {}});
  for (const OrgContext& org : orgs) {
    std::string log =
        "#separator \\x09\n#path\tconn\n#fields\tts\tid.orig_h\tid.resp_h\tduration\torig_bytes\tresp_bytes\n"
        "#types\ttime\taddr\taddr\tinterval\tcount\tcount\n";
    for (int h = 1; h <= 10; ++h)  // ten hosts browsing, three of them syncing time
      for (const char* dest : {"198.51.100.80", h <= 3 ? "192.0.2.123" : "198.51.100.81"})
        log += "1714953600.0\t10.0.0." + std::to_string(h) + "\t" + dest + "\t0.1\t48\t48\n";
    if (org.index < 2) log += "1714953600.0\t10.0.0.9\t203.0.113.7\t0.1\t300\t900\n";
    Read(a, org, log);
  }
  a.Finish();
  std::vector<Finding> findings = {At("org0", "10.0.0.1", "beacon", {"192.0.2.123"}),
                                   At("org1", "10.0.0.2", "beacon", {"192.0.2.123"}),
                                   At("org0", "10.0.0.9", "beacon", {"203.0.113.7"}),
                                   At("org1", "10.0.0.9", "beacon", {"203.0.113.7"})};
  IndicatorSet intel;
  CampaignResult r = BuildCampaigns(findings, orgs, &a, intel);
  ASSERT_EQ(r.campaigns.size(), 1u);
  EXPECT_EQ(r.campaigns[0].hosts.size(), 2u);
  for (const CampaignHost& h : r.campaigns[0].hosts) EXPECT_EQ(h.host.ToString(), "10.0.0.9");
  for (const auto& [trait, n] : r.campaigns[0].links) EXPECT_EQ(trait.find("192.0.2"), std::string::npos) << trait;
  EXPECT_TRUE(findings[0].campaign.empty());
  // Without the fleet rule (a fleet needs more orgs than there are) the
  // time server links its two finders across orgs: a false campaign.
  CampaignParams p;
  p.fleet_min_orgs = 4;
  for (Finding& f : findings) f.campaign.clear();
  CampaignResult loose = BuildCampaigns(findings, orgs, &a, intel, p);
  ASSERT_EQ(loose.campaigns.size(), 2u);
  EXPECT_FALSE(findings[0].campaign.empty());
}

// A push client's TLS fingerprint sits on two hosts of most orgs (fleet
// software); an implant's on one host of each victim org. The push hosts,
// each flagged for its courier address, must not be linked by their shared
// JA3 nor by the service's domain, nor by the courier address two orgs share
// (the vendor's); the implants, each talking to its own C2 address, still
// are.
TEST(Campaigns, FleetSoftwareFingerprintsLinkNothing) {
  MemoryBudget budget(64 << 20);
  AggregateParams params;
  Aggregates a(params, budget);
  std::vector<OrgContext> orgs;
  for (uint32_t i = 0; i < 4; ++i) orgs.push_back(OrgContext{i, "org" + std::to_string(i), {}, {}, {}});
  const std::string push_ja3 = "c559f2ae0ea9eddf6caa7fe452212bca", implant_ja3 = "cadf7f00432bc820dacea4144a5a4c42";
  std::vector<Finding> findings;
  for (const OrgContext& org : orgs) {
    std::string conn =
        "#separator \\x09\n#path\tconn\n#fields\tts\tid.orig_h\tid.resp_h\tduration\torig_bytes\tresp_bytes\n"
        "#types\ttime\taddr\taddr\tinterval\tcount\tcount\n";
    for (int h = 1; h <= 20; ++h) conn += "1714953600.0\t10.0.0." + std::to_string(h) + "\t198.51.100.80\t0.1\t48\t48\n";
    Read(a, org, conn);
    std::string ssl =
        "#separator \\x09\n#path\tssl\n#fields\tts\tid.orig_h\tid.resp_h\tserver_name\tja3\n"
        "#types\ttime\taddr\taddr\tstring\tstring\n";
    std::string push = "17.57." + std::to_string(10 + std::max<uint32_t>(1, org.index)) + ".1", c2 = "203.0.113." + std::to_string(10 + org.index);
    int push_hosts = org.index < 3 ? 2 : 1;
    for (int h = 1; h <= push_hosts; ++h)
      ssl += "1714953600.0\t10.0.0." + std::to_string(h) + "\t" + push + "\t" + std::to_string(org.index) +
             "-courier.push.example.com\t" + push_ja3 + "\n";
    if (org.index < 3) ssl += "1714953600.0\t10.0.0.9\t" + c2 + "\tcdn-" + std::to_string(org.index) + ".example.net\t" + implant_ja3 + "\n";
    Read(a, org, ssl);
    findings.push_back(At(org.name, "10.0.0.1", "long_connection", {push}));
    // Its peer on the same courier address: linked to nothing either.
    if (org.index == 0) findings.push_back(At(org.name, "10.0.0.2", "long_connection", {push}));
    if (org.index < 3) findings.push_back(At(org.name, "10.0.0.9", "beacon", {c2}));
  }
  a.Finish();
  IndicatorSet intel;
  CampaignResult r = BuildCampaigns(findings, orgs, &a, intel);
  ASSERT_EQ(r.campaigns.size(), 1u);
  EXPECT_EQ(r.campaigns[0].orgs.size(), 3u);
  for (const CampaignHost& h : r.campaigns[0].hosts) EXPECT_EQ(h.host.ToString(), "10.0.0.9");
  for (const Finding& f : findings) {
    if (f.detector == "long_connection") {
      EXPECT_TRUE(f.campaign.empty()) << f.org;
    }
  }
  // Without the rule (no share of orgs is enough) the push fingerprint links
  // the four orgs' Macs: a false campaign.
  CampaignParams p;
  p.software.orgs_share = 2;
  for (Finding& f : findings) f.campaign.clear();
  CampaignResult loose = BuildCampaigns(findings, orgs, &a, intel, p);
  ASSERT_EQ(loose.campaigns.size(), 2u);
  EXPECT_FALSE(findings[0].campaign.empty());
}

// A value only one org's hosts used links them only through a listed
// finding or one that also holds a value other orgs used: an implant host's
// own VPN session does not pull its colleague on the same concentrator into
// the actor's campaign, while two hosts of one org on listed addresses of one
// network still make one.
TEST(Campaigns, OneOrgValuesLinkOnlyThroughTheActorsFindings) {
  std::vector<OrgContext> orgs = {OrgContext{0, "a", {}, {}, {}}, OrgContext{1, "b", {}, {}, {}},
                                  OrgContext{2, "c", {}, {}, {}}};
  std::vector<Finding> findings = {At("a", "10.0.0.9", "beacon", {"203.0.113.7"}),
                                   At("b", "10.0.0.9", "beacon", {"203.0.113.7"}),
                                   At("a", "10.0.0.9", "long_connection", {"100.24.1.1"}),
                                   At("a", "10.0.0.5", "long_connection", {"100.24.1.1"}),
                                   At("c", "10.0.0.1", "intel", {"192.0.2.60"}),
                                   At("c", "10.0.0.2", "intel", {"192.0.2.61"})};
  IndicatorSet intel;
  CampaignResult r = BuildCampaigns(findings, orgs, nullptr, intel);
  ASSERT_EQ(r.campaigns.size(), 2u);
  EXPECT_EQ(r.campaigns[0].orgs, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.campaigns[0].hosts.size(), 2u);
  for (const CampaignHost& h : r.campaigns[0].hosts) {
    EXPECT_EQ(h.host.ToString(), "10.0.0.9");
    for (const std::string& link : h.links) EXPECT_EQ(link.find("100.24.1"), std::string::npos) << link;
  }
  EXPECT_TRUE(findings[3].campaign.empty());
  EXPECT_EQ(r.campaigns[1].orgs, (std::vector<std::string>{"c"}));
  EXPECT_EQ(r.campaigns[1].hosts.size(), 2u);
}

TEST(Campaigns, WeakFindingsAndSingletonsMakeNoCampaign) {
  std::vector<OrgContext> orgs = {OrgContext{0, "a", {}, {}, {}}, OrgContext{1, "b", {}, {}, {}}};
  std::vector<Finding> findings = {At("a", "10.0.0.1", "beacon", {"203.0.113.7"}, 0.3),  // below the member score
                                   At("b", "10.0.0.1", "beacon", {"203.0.113.7"}),
                                   At("b", "10.0.0.2", "beacon", {"198.51.100.9"})};
  IndicatorSet intel;
  EXPECT_TRUE(BuildCampaigns(findings, orgs, nullptr, intel).campaigns.empty());
}

}  // namespace
}  // namespace dragnet
