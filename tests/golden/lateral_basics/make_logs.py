#!/usr/bin/env python3
"""Writes this golden case's smb_mapping, smb_files, dce_rpc, rdp and conn logs
(deterministic). One org, acme; config.ini names 10.0.5.11 an administrator.

  10.0.1.50  PsExec to 4 workstations in 10 min, never administered before  -> source and 4 targets reported
  10.0.1.70  WMI/DCOM execution on 3 peers                                   -> source and targets reported
  10.0.1.60  RDP to 5 hosts it never touched, within 30 min (fan-out)        -> reported
  10.0.1.80  one scheduled task registered on one server, left to its
             schedule (schtasks /create /S: one admin job)                   -> not
  10.0.1.81  impacket atexec on one server: task registered, run and
             deleted within a second (a method tell)                         -> source and target reported
  10.0.5.10  the IT admin: RDP and PsExec to servers all day, a 3-server
             PsExec burst at 15:00 (routine, learned)                        -> not
  10.0.5.11  PsExec to 4 servers, but named in config.ini `admins`           -> not
  10.0.0.40  the credentialed scanner: IPC$/ADMIN$/C$, svcctl queries and
             winreg on 30 hosts at 02:00, no code run                        -> not
  10.0.0.21  the backup server reading \\\\FS01\\C$ at 01:00                  -> not
  10.0.1.90  WinRM with payload to 1 server                                  -> not (one admin job)
  10.0.6.10  deployment server: AgentSetup.exe pushed and run as a service
             on 12 workstations in 10 min (role learnt: routine)             -> not
  10.0.6.11  configuration management: WinRM to 14 machines in 7 min
             (role learnt: deployment)                                       -> not
  10.0.1.61  RDP to 6 new hosts (fan-out, not hostile: one finding, targets
             inside); 10.0.4.2 then adds an at job on 10.0.0.36              -> source, and 10.0.4.2 (moved on;
             the at job, a method tell, is also its own hostile source finding with 10.0.0.36 its target)
"""
import os

START = 1714953600  # 2024-05-06 00:00 UTC
mapping, files, rpc, rdp, conn = [], [], [], [], []
uid_n = [0]


def uid():
    uid_n[0] += 1
    return "C%05d" % uid_n[0]


def psexec(ts, src, dst, name, tool="PSEXESVC.exe"):
    u = uid()
    mapping.append((ts, "%s\t%s\t50000\t%s\t445\t\\\\%s\\ADMIN$\t-\tNTFS\tDISK" % (u, src, dst, name)))
    files.append((ts + 0.2, "%s\t%s\t50000\t%s\t445\tSMB::FILE_WRITE\t\\\\%s\\ADMIN$\t%s\t383320\t-" %
                  (u, src, dst, name, tool)))
    for i, op in enumerate(["OpenSCManagerW", "CreateServiceW", "StartServiceW"]):
        rpc.append((ts + 0.5 + i * 0.3, "%s\t%s\t50000\t%s\t445\t\\pipe\\svcctl\tsvcctl\t%s" % (u, src, dst, op)))


def rdp_session(ts, src, dst, cookie):
    rdp.append((ts, "%s\t%s\t50001\t%s\t3389\t%s\tSuccess" % (uid(), src, dst, cookie)))


# The attacker: PsExec to four workstations, 2-3 minutes apart.
for i, t in enumerate(["10.0.1.11", "10.0.1.12", "10.0.1.13", "10.0.1.14"]):
    psexec(START + 14 * 3600 + i * 150, "10.0.1.50", t, "WS-%d" % (11 + i))
# WMI / DCOM execution on three peers.
for i, t in enumerate(["10.0.0.31", "10.0.0.32", "10.0.0.35"]):
    u = uid()
    ts = START + 16 * 3600 + i * 300
    rpc.append((ts, "%s\t10.0.1.70\t50002\t%s\t135\t135\tIRemoteSCMActivator\tRemoteCreateInstance" % (u, t)))
    rpc.append((ts + 1, "%s\t10.0.1.70\t50003\t%s\t49155\t49155\tIWbemServices\tExecMethod" % (u, t)))
# RDP fan-out from a workstation.
for i in range(5):
    rdp_session(START + 18 * 3600 + i * 360, "10.0.1.60", "10.0.2.%d" % (20 + i), "user60")
# One scheduled task, registered to run on its schedule.
u = uid()
rpc.append((START + 11 * 3600, "%s\t10.0.1.80\t50004\t10.0.0.33\t445\t\\pipe\\atsvc\tITaskSchedulerService\tSchRpcRegisterTask" % u))
# impacket atexec: register, run, read the last run, delete.
u = uid()
for k, op in enumerate(("SchRpcRegisterTask", "SchRpcRun", "SchRpcGetLastRunInfo", "SchRpcDelete")):
    rpc.append((START + 12 * 3600 + k // 2, "%s\t10.0.1.81\t50010\t10.0.0.34\t445\t\\pipe\\atsvc\tITaskSchedulerService\t%s" % (u, op)))
# The IT admin's day: RDP to servers in nine hours, PsExec now and then, a burst at 15:00.
for h in range(8, 17):
    rdp_session(START + h * 3600 + 600, "10.0.5.10", "10.0.0.%d" % (10 + h % 6), "adm.it1")
for h, t in ((9, "10.0.0.12"), (11, "10.0.0.14")):
    psexec(START + h * 3600 + 1200, "10.0.5.10", t, "SRV")
for i, t in enumerate(["10.0.0.31", "10.0.0.32", "10.0.0.33"]):
    psexec(START + 15 * 3600 + i * 400, "10.0.5.10", t, "SRV")
# A configured administrator.
for i in range(4):
    psexec(START + 20 * 3600 + i * 100, "10.0.5.11", "10.0.0.%d" % (40 + i), "SRV")
# The credentialed scanner.
for i in range(30):
    ts = START + 2 * 3600 + i * 2
    u = uid()
    for share in ("IPC$", "ADMIN$", "C$"):
        mapping.append((ts, "%s\t10.0.0.40\t50005\t10.0.3.%d\t445\t\\\\10.0.3.%d\\%s\t-\t-\t%s" %
                        (u, i, i, share, "PIPE" if share == "IPC$" else "DISK")))
    for op in ("OpenSCManagerW", "EnumServicesStatusW"):
        rpc.append((ts + 0.1, "%s\t10.0.0.40\t50005\t10.0.3.%d\t445\t\\pipe\\svcctl\tsvcctl\t%s" % (u, i, op)))
    rpc.append((ts + 0.2, "%s\t10.0.0.40\t50005\t10.0.3.%d\t445\t\\pipe\\winreg\twinreg\tBaseRegOpenKey" % (u, i)))
# The backup server.
u = uid()
mapping.append((START + 3600, "%s\t10.0.0.21\t50006\t10.0.0.20\t445\t\\\\FS01\\C$\t-\tNTFS\tDISK" % u))
for i in range(50):
    files.append((START + 3600 + 1 + i * 5, "%s\t10.0.0.21\t50006\t10.0.0.20\t445\tSMB::FILE_OPEN\t\\\\FS01\\C$\t"
                  "Shares\\Finance\\report_%d.xlsx\t120000\t-" % (u, i)))
# WinRM to one server.
conn.append((START + 13 * 3600, "%s\t10.0.1.90\t50007\t10.0.0.34\t5985\ttcp\thttp\t30.0\t12000\t40000\tSF" % uid()))
# A deployment server pushing its agent to twelve workstations.
for i in range(12):
    psexec(START + 18 * 3600 + i * 50, "10.0.6.10", "10.0.7.%d" % (10 + i), "WS", "AgentSetup.exe")
# Configuration management over WinRM to fourteen machines.
for i in range(14):
    conn.append((START + 19 * 3600 + i * 30, "%s\t10.0.6.11\t50008\t10.0.8.%d\t5986\ttcp\tssl\t12.0\t9000\t30000\tSF" %
                 (uid(), 10 + i)))
# RDP to six new hosts; one of them then schedules a task on a server.
for i in range(6):
    rdp_session(START + 21 * 3600 + i * 120, "10.0.1.61", "10.0.4.%d" % (1 + i), "user61")
rpc.append((START + 22 * 3600, "%s\t10.0.4.2\t50009\t10.0.0.36\t445\t\\pipe\\atsvc\tatsvc\tNetrJobAdd" % uid()))

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "orgs", "acme")
HEAD = "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p"
HEAD_T = "time\tstring\taddr\tport\taddr\tport"
for path, rows, fields, types in (
        ("smb_mapping", mapping, HEAD + "\tpath\tservice\tnative_file_system\tshare_type",
         HEAD_T + "\tstring\tstring\tstring\tstring"),
        ("smb_files", files, HEAD + "\taction\tpath\tname\tsize\tprev_name",
         HEAD_T + "\tenum\tstring\tstring\tcount\tstring"),
        ("dce_rpc", rpc, HEAD + "\tnamed_pipe\tendpoint\toperation", HEAD_T + "\tstring\tstring\tstring"),
        ("rdp", rdp, HEAD + "\tcookie\tresult", HEAD_T + "\tstring\tstring"),
        ("conn", conn, HEAD + "\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state",
         HEAD_T + "\tenum\tstring\tinterval\tcount\tcount\tstring")):
    rows.sort()
    with open(os.path.join(here, path + ".log"), "w") as f:
        f.write("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t%s\n"
                "#open\t2024-05-06-00-00-00\n#fields\t%s\n#types\t%s\n" % (path, fields, types))
        for ts, rest in rows:
            f.write("%.6f\t%s\n" % (ts, rest))
        f.write("#close\t2024-05-07-00-00-00\n")
