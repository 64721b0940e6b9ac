#!/usr/bin/env python3
"""Writes this golden case's smb_files.log (deterministic). One org, one hour:

  10.0.0.50  encrypts \\\\FS01\\Data: 40 documents of four kinds renamed to *.crypt,
             HOW_TO_DECRYPT.txt written into each of 4 folders       -> reported
  10.0.0.51  renames 12 holiday photos (the extension stays .jpg)    -> not
  10.0.0.52  converts 25 notes from .txt to .md (one kind of file)   -> not (0.42)
  10.0.0.21  the nightly backup reads 400 files through C$           -> not
  10.0.0.53  writes README.txt into two project folders              -> not
  10.0.0.54  writes an encrypted copy of 30 documents of three kinds
             (report.xlsx.enc7) and deletes each original            -> reported (write-then-delete)
  10.0.0.55  saves report.docx.bak copies of 25 documents, keeps them -> not (nothing deleted)
  10.0.0.56  deletes 30 old files                                     -> not
"""
import os

START = 1714953600
rows = []


def smb(ts, host, action, path, name, prev="-"):
    rows.append("%.6f\tC%05d\t%s\t49152\t10.0.0.20\t445\t%s\t%s\t%s\t1000\t%s" % (ts, len(rows), host, action, path, name, prev))


t = START + 600
kinds = ["docx", "xlsx", "pdf", "pptx"]
for i in range(40):
    folder = ["Finance", "HR", "Legal", "Sales"][i % 4]
    name = "%s\\doc_%02d.%s" % (folder, i, kinds[i % 4])
    smb(t, "10.0.0.50", "SMB::FILE_WRITE", "\\\\FS01\\Data", name)
    smb(t + 0.2, "10.0.0.50", "SMB::FILE_RENAME", "\\\\FS01\\Data", name + ".crypt", name)
    t += 0.8
for folder in ["Finance", "HR", "Legal", "Sales"]:
    smb(t, "10.0.0.50", "SMB::FILE_WRITE", "\\\\FS01\\Data", folder + "\\HOW_TO_DECRYPT.txt")
    t += 0.5
for i in range(12):
    smb(START + 900 + i, "10.0.0.51", "SMB::FILE_RENAME", "\\\\FS01\\Shared", "Photos\\holiday_%02d.jpg" % i,
        "Photos\\IMG_%04d.jpg" % (1000 + i))
for i in range(25):
    smb(START + 1200 + i, "10.0.0.52", "SMB::FILE_RENAME", "\\\\FS01\\Shared", "Notes\\note_%02d.md" % i,
        "Notes\\note_%02d.txt" % i)
for i in range(400):
    smb(START + 60 + i * 8, "10.0.0.21", "SMB::FILE_OPEN", "\\\\FS01\\C$", "Shares\\Data\\file_%03d.docx" % i)
for folder in ["ProjectA", "ProjectB"]:
    smb(START + 1500, "10.0.0.53", "SMB::FILE_WRITE", "\\\\FS01\\Shared", folder + "\\README.txt")

kinds3 = ["xlsx", "docx", "pdf"]
for i in range(30):
    name = "Projects\\plan_%02d.%s" % (i, kinds3[i % 3])
    smb(START + 2400 + i * 1.5, "10.0.0.54", "SMB::FILE_WRITE", "\\\\FS01\\Shared", name + ".enc7")
    smb(START + 2400 + i * 1.5 + 0.5, "10.0.0.54", "SMB::FILE_DELETE", "\\\\FS01\\Shared", name)
for i in range(25):
    smb(START + 2700 + i, "10.0.0.55", "SMB::FILE_WRITE", "\\\\FS01\\Shared",
        "Contracts\\contract_%02d.%s.bak" % (i, kinds3[i % 3]))
for i in range(30):
    smb(START + 3000 + i, "10.0.0.56", "SMB::FILE_DELETE", "\\\\FS01\\Shared", "Old\\draft_%02d.docx" % i)

rows.sort(key=lambda r: float(r.split("\t")[0]))
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "orgs", "acme", "smb_files.log"), "w") as f:
    f.write("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tsmb_files\n"
            "#open\t2024-05-06-00-00-00\n"
            "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\taction\tpath\tname\tsize\tprev_name\n"
            "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tstring\tcount\tstring\n")
    for r in rows:
        f.write(r + "\n")
    f.write("#close\t2024-05-06-01-00-00\n")
