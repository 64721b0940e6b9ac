#!/usr/bin/env python3
"""Writes this golden case's kerberos.log and ntlm.log (deterministic):

  10.0.0.60  RC4 tickets for 12 distinct SPNs in 30 s (Kerberoasting)   -> reported
  10.0.0.61  RC4 tickets for 3 legacy services over the day              -> not
  10.0.0.62  AES tickets for 20 services at logon (normal)               -> not
  10.0.0.63  NTLM failures for 15 accounts in 2 minutes (spraying)       -> reported
  10.0.0.64  a user mistyping a password 3 times                         -> not
  10.0.0.65  RC4 AS replies for 6 accounts in a minute (AS-REP roasting) -> reported
  10.0.0.66  its own user's AS exchange with RC4 (a legacy client)       -> not
  10.0.0.67  DRSGetNCChanges to DC1 from a workstation (DCSync)          -> reported
  10.0.0.11  DC2 replicating from DC1 and back (it answers replication)  -> not
"""
import os

START = 1714953600
krb, ntlm = [], []


def k(ts, host, typ, client, service, ok, cipher, err="-"):
    krb.append((ts, "%s\t88\t10.0.0.10\t88\t%s\t%s\t%s\t%s\t%s\t%s" % (host, typ, client, service,
                                                                     "T" if ok else "F", err, cipher if ok else "-")))


def n(ts, host, user, ok):
    ntlm.append((ts, "%s\t445\t10.0.0.20\t445\t%s\tWS\tACME\t%s" % (host, user, "T" if ok else "F")))


for i in range(12):
    k(START + 3600 + i * 2.5, "10.0.0.60", "TGS", "eve/ACME.LOCAL", "MSSQLSvc/sql%02d.ACME.LOCAL" % i, True, "rc4-hmac")
for i, svc in enumerate(["HTTP/legacy.ACME.LOCAL", "MSSQLSvc/old.ACME.LOCAL", "HOST/nas.ACME.LOCAL"]):
    k(START + 3600 * (2 + 3 * i), "10.0.0.61", "TGS", "bob/ACME.LOCAL", svc, True, "rc4-hmac")
for i in range(20):
    k(START + 1800 + i * 0.2, "10.0.0.62", "TGS", "amy/ACME.LOCAL", "cifs/srv%02d.ACME.LOCAL" % i, True,
      "aes256-cts-hmac-sha1-96")
for i in range(15):
    n(START + 7200 + i * 8, "10.0.0.63", "user%02d" % i, False)
for i in range(3):
    n(START + 9000 + i * 20, "10.0.0.64", "carol", False)
n(START + 9070, "10.0.0.64", "carol", True)

for i in range(6):
    k(START + 5400 + i * 7, "10.0.0.65", "AS", "svc_old%d/ACME.LOCAL" % i, "krbtgt/ACME.LOCAL", True, "rc4-hmac")
k(START + 5500, "10.0.0.66", "AS", "dave/ACME.LOCAL", "krbtgt/ACME.LOCAL", True, "rc4-hmac")
rpc = []
for h in range(3):
    rpc.append((START + h * 3600 + 900, "10.0.0.11\t49700\t10.0.0.10\t49667\t49667\tdrsuapi\tDRSGetNCChanges"))
    rpc.append((START + h * 3600 + 2100, "10.0.0.10\t49701\t10.0.0.11\t49667\t49667\tdrsuapi\tDRSGetNCChanges"))
rpc.append((START + 6000, "10.0.0.67\t49702\t10.0.0.10\t49667\t49667\tdrsuapi\tDRSBind"))
rpc.append((START + 6001, "10.0.0.67\t49702\t10.0.0.10\t49667\t49667\tdrsuapi\tDRSGetNCChanges"))

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "orgs", "acme")
for path, rows, fields, types in (
        ("kerberos", krb, "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\trequest_type\tclient\tservice\tsuccess\terror_msg\tcipher",
         "time\tstring\taddr\tport\taddr\tport\tstring\tstring\tstring\tbool\tstring\tstring"),
        ("ntlm", ntlm, "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tusername\thostname\tdomainname\tsuccess",
         "time\tstring\taddr\tport\taddr\tport\tstring\tstring\tstring\tbool"),
        ("dce_rpc", rpc, "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tnamed_pipe\tendpoint\toperation",
         "time\tstring\taddr\tport\taddr\tport\tstring\tstring\tstring")):
    rows.sort()
    with open(os.path.join(here, path + ".log"), "w") as f:
        f.write("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t%s\n"
                "#open\t2024-05-06-00-00-00\n#fields\t%s\n#types\t%s\n" % (path, fields, types))
        for i, (ts, rest) in enumerate(rows):
            f.write("%.6f\tK%04d\t%s\n" % (ts, i, rest))
        f.write("#close\t2024-05-07-00-00-00\n")
