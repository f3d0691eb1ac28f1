"""Checks the examples of rill's man pages (.nf blocks) and of the README
(```sh blocks): each rill command that names a field (-f, --id, --key,
--keep, -1, -2, -j, --sum) by name rather than by number also gives -H,
without which a name is a usage error (JSON Lines and WARC, whose fields are
keys, need none).  Prints each offending command;
exit status 1 if there is one."""
import re
import shlex
import sys

NAMED = {"-f", "--field", "--id", "--key", "--keep", "-1", "-2", "-j", "--sum",
         "--left-key", "--right-key"}
bad = 0
for page in sys.argv[1:]:
    text = open(page, encoding="utf-8").read()
    if page.endswith(".md"):
        blocks = [b.replace("\\\n", " ") for b in re.findall(r"^```sh\n(.*?)^```", text, re.S | re.M)]
    else:
        blocks = [b.replace("\\-", "-").replace("\\e\n", " ").replace("\\e", "\\")
                  for b in re.findall(r"^\.nf\n(.*?)^\.fi", text, re.S | re.M)]
    for block in blocks:
        # a line ending in | goes on on the next
        block = re.sub(r"\|\s*\n", "| ", block)
        for line in block.splitlines():
            for cmd in line.split("|"):
                try:
                    words = shlex.split(cmd)
                except ValueError:
                    words = cmd.split()
                if not words or not words[0].startswith("rill"):
                    continue
                has_h = "-H" in words or "--header" in words
                # JSON Lines and WARC name their fields by key, -H or not.
                keyed = any(w in ("jsonl", "warc") and words[i - 1] in ("-F", "--format")
                            for i, w in enumerate(words) if i) or \
                    any(w in ("--format=jsonl", "--format=warc") for w in words)
                has_h = has_h or keyed
                for i, w in enumerate(words):
                    opt, val = (w.split("=", 1) + [None])[:2] if w.startswith("--") else (w, None)
                    if opt not in NAMED:
                        continue
                    if val is None and i + 1 < len(words):
                        val = words[i + 1]
                    if val is None:
                        continue
                    if opt == "--keep" and words[0] == "rill-dedupe":
                        continue
                    names = [p for p in re.split(r"[,-]", val) if p]
                    if any(not p.isdigit() for p in names) and not has_h:
                        print("%s: %s names a field without -H: %s" % (page, opt, cmd.strip()))
                        bad = 1
sys.exit(bad)
