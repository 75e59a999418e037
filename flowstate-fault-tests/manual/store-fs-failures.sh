#!/bin/bash
# Manual check (needs root: mount, loop devices): a recovery store whose file system fills up, and one the kernel
# turns read-only in the middle of a run. Each run must end with one line naming the failure and the file (no JVM
# crash, no hs_err file), and the rerun on a healthy file system must end with the crash-free counts.
# Usage: flowstate-fault-tests/manual/store-fs-failures.sh   (after mvn -o -q package -DskipTests)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FS=$ROOT/bin/flowstate
W=$(mktemp -d /tmp/flowstate-fs-failures-XXXX)
python3 - "$W/words.txt" <<'PY'
import random, sys
random.seed(7)
def w(n):
    out = ''
    for _ in range(5):
        out += chr(97 + n % 26); n //= 26
    return out
with open(sys.argv[1], 'w') as f:
    for i in range(400000):
        f.write(w(i) + ' ' + w(random.randrange(400000)) + '\n')
PY
run() { JAVA_OPTS=-Xmx512m "$FS" run dev.flowstate.examples.WordCount -w 2 -s 200ms -r "$1" -- --input "$W/words.txt" --output "$2"; }
mkdir -p "$W/mnt" "$W/ext"

echo "== crash-free reference"
"$FS" recovery init "$W/ref" --partitions 2 && run "$W/ref" "$W/ref.tsv"

echo "== disk full (2 MiB tmpfs)"
mount -t tmpfs -o size=2m tmpfs "$W/mnt"
"$FS" recovery init "$W/mnt/state" --partitions 2
run "$W/mnt/state" "$W/full.tsv"; echo "exit $?"
umount "$W/mnt"

echo "== read-only mid-run (ext4 errors=remount-ro, error triggered once epochs are committed)"
dd if=/dev/zero of="$W/img" bs=1M count=128 status=none && mkfs.ext4 -q -F "$W/img"
mount -o loop,errors=remount-ro "$W/img" "$W/ext"
dev=$(basename "$(findmnt -n -o SOURCE "$W/ext")")
"$FS" recovery init "$W/ext/state" --partitions 2
(cd "$W" && run "$W/ext/state" "$W/ro.tsv"; echo "exit $?" > "$W/ro-exit") &
for _ in $(seq 1 600); do
  r=$("$FS" recovery inspect "$W/ext/state" 2>/dev/null | sed -n 's/^resume epoch: //p')
  if [ -n "$r" ] && [ "$r" -gt 2 ]; then break; fi
  sleep 0.5
done
echo 1 > "/sys/fs/ext4/$dev/trigger_fs_error"
wait
cat "$W/ro-exit"; ls "$W"/hs_err* 2>/dev/null && echo "JVM CRASHED"
umount "$W/ext"; e2fsck -fy "$W/img" > /dev/null 2>&1; mount -o loop "$W/img" "$W/ext"
echo "== rerun on the repaired file system"
run "$W/ext/state" "$W/ro.tsv"; echo "exit $?"
cmp <(sort "$W/ro.tsv") <(sort "$W/ref.tsv") && echo "exact: same counts as the crash-free run"
umount "$W/ext"
rm -rf "$W"
