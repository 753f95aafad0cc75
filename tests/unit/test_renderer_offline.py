"""The chart renderer's Chromium never tries to reach the network.

It is run in a private network namespace (`unshare -n -m`) whose only ways out are
recorders: the renderer's proxy port on the loopback (127.0.0.1:9) records every request
sent through it, a DNS server on 127.0.0.1:53 (the namespace's resolv.conf) every name
looked up, and a TUN device as the default route every packet sent anywhere else. A chart is
drawn, Chromium is left running for a while (its update and suggestion services start within
seconds), and nothing may have been recorded.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINGER_S = 10  # every service seen without the flags called within 8 s of the start

RECORDER = r'''
import fcntl, os, socket, struct, subprocess, sys, threading, time
log = open(sys.argv[1], "a", buffering=1)

def tcp():
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 9)); s.listen(50)
    while True:
        c, _ = s.accept(); c.settimeout(2)
        try:
            data = c.recv(4096)
        except OSError:
            data = b""
        log.write("proxy: " + data.split(b"\r\n")[0].decode("latin-1") + "\n"); c.close()

def dns():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 53))
    while True:
        data, _ = s.recvfrom(4096)
        i, labels = 12, []
        while i < len(data) and data[i]:
            labels.append(data[i + 1:i + 1 + data[i]].decode("latin-1")); i += 1 + data[i]
        log.write("dns: " + ".".join(labels) + "\n")

def tun():
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, 0x400454CA, struct.pack("16sH", b"rec0", 0x0001 | 0x1000))  # TUN, NO_PI
    for cmd in ("ip addr add 10.255.0.1/24 dev rec0", "ip link set rec0 up",
                "ip route add default dev rec0"):
        subprocess.run(cmd.split(), check=True)
    subprocess.run("ip -6 route add default dev rec0".split(), capture_output=True)
    ready.set()
    while True:
        packet = os.read(fd, 65536)
        if packet[0] >> 4 == 4:
            dst, proto = socket.inet_ntoa(packet[16:20]), packet[9]
            port = struct.unpack("!H", packet[(packet[0] & 15) * 4 + 2:][:2])[0]
        else:
            dst, proto = socket.inet_ntop(socket.AF_INET6, packet[24:40]), packet[6]
            port = struct.unpack("!H", packet[42:44])[0] if len(packet) >= 44 else 0
            if proto == 58 and dst.startswith("ff02:"):
                continue  # the kernel's own router solicitation on the new link
        log.write(f"packet: proto {proto} to {dst}:{port}\n")

ready = threading.Event()
for f in (tcp, dns, tun):
    threading.Thread(target=f, daemon=True).start()
ready.wait(10)
time.sleep(0.3)
open(sys.argv[2], "w").write("ready")
while True:
    time.sleep(1)
'''

DRAW = r'''
import sys, time
sys.path.insert(0, sys.argv[1])
import plotly.graph_objects as go
from analytics import images
png = images.figure_png(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])), 400, 300)
assert png.startswith(b"\x89PNG"), png[:20]
time.sleep(float(sys.argv[2]))
images.stop()
print("drawn", len(png))
'''

# Each recorder is shown to work before the chart is drawn: one attempt through each door.
PROBE = r'''
import socket, time
s = socket.socket(); s.settimeout(1); s.connect_ex(("192.0.2.1", 80)); s.close()
try:
    socket.getaddrinfo("probe.example", 80)
except OSError:
    pass
with socket.create_connection(("127.0.0.1", 9), timeout=2) as s:
    s.sendall(b"PROBE / HTTP/1.1\r\n\r\n")
time.sleep(1)
'''
PROBED = {"packet: proto 6 to 192.0.2.1:80", "dns: probe.example", "proxy: PROBE / HTTP/1.1"}

NAMESPACE = r'''
set -e
ip link set lo up
echo "nameserver 127.0.0.1" > "$W/resolv.conf"
mount --bind "$W/resolv.conf" /etc/resolv.conf
"$PY" "$W/recorder.py" "$W/recorded.log" "$W/ready" > "$W/recorder.out" 2>&1 &
RECORDER=$!
trap 'kill $RECORDER' EXIT
while [ ! -f "$W/ready" ]; do sleep 0.1; done
"$PY" "$W/probe.py"
HOME="$W/home" "$PY" "$W/draw.py" "$REPO" "$LINGER"
'''


def test_the_renderer_contacts_nothing(tmp_path: Path):
    (tmp_path / "recorder.py").write_text(RECORDER, encoding="utf-8")
    (tmp_path / "draw.py").write_text(DRAW, encoding="utf-8")
    (tmp_path / "probe.py").write_text(PROBE, encoding="utf-8")
    (tmp_path / "home").mkdir()
    env = {"W": str(tmp_path), "PY": sys.executable, "REPO": str(ROOT),
           "LINGER": str(LINGER_S), "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    run = subprocess.run(["unshare", "-n", "-m", "sh", "-c", NAMESPACE], env=env,
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0 and "drawn" in run.stdout, run.stderr[-3000:]
    recorded = (tmp_path / "recorded.log").read_text(encoding="utf-8").splitlines()
    assert PROBED <= set(recorded), f"a recorder did not record its probe: {recorded}"
    recorded = [line for line in recorded if line not in PROBED]
    assert not recorded, "the renderer's Chromium tried to reach:\n" + "\n".join(recorded)
