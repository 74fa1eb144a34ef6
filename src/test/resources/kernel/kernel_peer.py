#!/usr/bin/env python3
"""The real kernel's side of the kernel-differential harness (see README.md next to this file).

Started once per test run by KernelStack (`python3 kernel_peer.py LOCAL_IP REMOTE_IP`; a scenario's
`start` may name other addresses, IPv6 ones included, and an MTU). For each
scenario it forks a child that moves into a network namespace of its own (unshare(CLONE_NEWNET)),
which the kernel removes when the child exits, so nothing is left behind whatever happens to the
test; forking instead of starting Python per scenario saves its start-up on a loaded machine.
The child brings up a TUN device (layer 3, no packet information header) with the lab's
addresses, sets the scenario's per-namespace sysctls, holds the sockets the scenario opens,
writes the scenario's inbound datagrams into the TUN and timestamps every IPv4/TCP or IPv6/TCP
datagram the kernel sends out of it (an IPv6 namespace also writes MLD reports and the like: those
are not TCP, and are dropped).

Protocol: one JSON object per line on stdin, one JSON reply per line on stdout. Times are
microseconds on CLOCK_MONOTONIC since the scenario's `start` request. Every socket is
non-blocking; the Java side decides what blocking means.
"""
import ctypes
import errno
import fcntl
import json
import select
import os
import socket
import struct
import subprocess
import sys
import time

TUNSETIFF = 0x400454CA  # _IOW('T', 202, int), include/uapi/linux/if_tun.h
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
IFNAME = "hl0"
CLONE_NEWNET = 0x40000000

# Socket options by the names packetdrill scripts use; values from include/uapi/linux/tcp.h and
# asm-generic/socket.h (the Python module lacks some of them on older builds).
OPTIONS = {
    "SO_REUSEADDR": (socket.SOL_SOCKET, socket.SO_REUSEADDR),
    "SO_REUSEPORT": (socket.SOL_SOCKET, 15),
    "SO_RCVBUF": (socket.SOL_SOCKET, socket.SO_RCVBUF),
    "TCP_NODELAY": (socket.IPPROTO_TCP, 1),
    "TCP_MAXSEG": (socket.IPPROTO_TCP, 2),
    "TCP_DEFER_ACCEPT": (socket.IPPROTO_TCP, 9),
    "TCP_WINDOW_CLAMP": (socket.IPPROTO_TCP, 10),
    "TCP_FASTOPEN": (socket.IPPROTO_TCP, 23),
}


class Capture:
    """Every IPv4/TCP and IPv6/TCP datagram read from the TUN, with the time it was read.

    One thread does everything: the TUN is read right after each injection or system call (an
    answer the kernel wrote during the call is stamped when the call returns) and while waiting,
    in select(). A reader thread would stamp late on a busy machine, because it would wait for the
    interpreter lock and a CPU."""

    def __init__(self, fd):
        self.fd = fd
        os.set_blocking(fd, False)
        self.packets = []
        self.t0 = time.monotonic_ns()

    def now(self):
        return (time.monotonic_ns() - self.t0) // 1000

    def drain(self):
        """Reads every datagram waiting in the TUN; returns how many were kept."""
        kept = 0
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return kept
            if is_tcp(data):
                self.packets.append({"t": self.now(), "hex": data.hex()})
                kept += 1

    def wait(self, first, until, quiet):
        """Packets from index `first` on, once there is one (or `until` passed); with `quiet`, also
        until no packet came for `quiet` microseconds, so that a reply caused by an injection is in."""
        self.drain()
        while len(self.packets) <= first and self.now() < until:
            select.select([self.fd], [], [], max(0.0, (until - self.now()) / 1e6))
            self.drain()
        if quiet:
            while self.now() < until:
                select.select([self.fd], [], [], min(quiet, max(0, until - self.now())) / 1e6)
                if self.drain() == 0:
                    break
        return self.packets[first:]


def is_tcp(data):
    """IPv4 with protocol 6, or IPv6 whose next header is 6: no extension headers, which the
    kernel does not put on TCP here. ICMPv6 (MLD reports, neighbour and router solicitations,
    next header 58) is left out, as is anything else."""
    version = data[0] >> 4 if data else 0
    if version == 4:
        return len(data) >= 20 and data[9] == 6
    if version == 6:
        return len(data) >= 40 and data[6] == 6
    return False


def sh(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def sysctl(name, value):
    with open("/proc/sys/" + name.replace(".", "/"), "w") as f:
        f.write(str(value))


def open_tun(local_ip, remote_ip, mtu):
    ipv6 = ":" in local_ip
    if ipv6:
        # set before the device exists, so that it starts with them: no duplicate address
        # detection (the address is usable at once, no tentative state), no router
        # solicitations, no router advertisements taken, no link-local address (addr_gen_mode 1)
        for conf in ("all", "default"):
            sysctl("net.ipv6.conf.%s.disable_ipv6" % conf, 0)
            sysctl("net.ipv6.conf.%s.accept_dad" % conf, 0)
            sysctl("net.ipv6.conf.%s.dad_transmits" % conf, 0)
            sysctl("net.ipv6.conf.%s.router_solicitations" % conf, 0)
            sysctl("net.ipv6.conf.%s.accept_ra" % conf, 0)
        sysctl("net.ipv6.conf.default.addr_gen_mode", 1)
    else:
        # IPv6 off before the device exists: no router solicitations or MLD reports on the wire
        sysctl("net.ipv6.conf.all.disable_ipv6", 1)
        sysctl("net.ipv6.conf.default.disable_ipv6", 1)
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", IFNAME.encode(), IFF_TUN | IFF_NO_PI))
    sh("ip", "link", "set", "lo", "up")
    sh("ip", "link", "set", IFNAME, "mtu", str(mtu))
    if ipv6:
        # the remote is reached through the TUN: a host route to it (a TUN has no neighbour
        # discovery, the kernel writes the datagram straight to the device)
        sh("ip", "-6", "addr", "add", local_ip + "/64", "dev", IFNAME, "nodad")
        sh("ip", "link", "set", IFNAME, "up")
        sh("ip", "-6", "route", "add", remote_ip + "/128", "dev", IFNAME)
        wait_for_ipv6_address(local_ip)
    else:
        sh("ip", "addr", "add", local_ip, "peer", remote_ip, "dev", IFNAME)
        sh("ip", "link", "set", IFNAME, "up")
    return fd


def wait_for_ipv6_address(local_ip):
    """Even without duplicate address detection the kernel finishes setting an IPv6 address up
    on a workqueue (addrconf_dad_work → addrconf_dad_completed), so for a moment after `ip addr
    add` a SYN to it may find no local route and be dropped. Wait until the address has its local
    route and can be bound, as a client's first SYN needs."""
    deadline = time.monotonic() + 3
    while True:
        route = subprocess.run(["ip", "-6", "route", "show", "table", "local", local_ip],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        flags = subprocess.run(["ip", "-6", "addr", "show", "dev", IFNAME],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        if route.strip() and b"tentative" not in flags:
            probe = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
            try:
                probe.bind((local_ip, 0))
                return
            except OSError:
                pass
            finally:
                probe.close()
        if time.monotonic() > deadline:
            raise RuntimeError("the IPv6 address %s did not become usable on %s" % (local_ip, IFNAME))
        time.sleep(0.005)


def checksum(data):
    """RFC 1071: the one's-complement sum of the 16-bit words, complemented."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def icmp_unreachable(src_ip, dst_ip, code, quoted):
    """A destination unreachable from src_ip quoting `quoted` (a datagram the kernel sent): ICMP
    type 3 over IPv4 (RFC 792: the IP header and the first 8 bytes after it are enough for
    tcp_v4_err), ICMPv6 type 1 over IPv6 (RFC 4443 §3.1: as much of the datagram as fits), whose
    checksum covers the IPv6 pseudo-header (next header 58)."""
    if ":" in src_ip:
        src = socket.inet_pton(socket.AF_INET6, src_ip)
        dst = socket.inet_pton(socket.AF_INET6, dst_ip)
        body = struct.pack("!BBHI", 1, code, 0, 0) + quoted
        pseudo = src + dst + struct.pack("!I", len(body)) + b"\0\0\0\x3a"
        body = body[:2] + struct.pack("!H", checksum(pseudo + body)) + body[4:]
        return struct.pack("!IHBB", 6 << 28, len(body), 58, 64) + src + dst + body
    src = socket.inet_aton(src_ip)
    dst = socket.inet_aton(dst_ip)
    ihl = (quoted[0] & 0x0F) * 4
    body = struct.pack("!BBHI", 3, code, 0, 0) + quoted[:ihl + 8]
    body = body[:2] + struct.pack("!H", checksum(body)) + body[4:]
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(body), 0, 0x4000, 64, 1, 0, src, dst)
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + body


def errno_name(e):
    return errno.errorcode.get(e, str(e))


def reply(obj, capture=None, began=None):
    """Writes one reply; within a scenario it carries `t0` (when the request began: the time of an
    injection or a system call, before the kernel could answer it) and `t` (when it ended)."""
    if capture is not None:
        obj["t0"] = began
        obj["t"] = capture.now()
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    local_ip, remote_ip = sys.argv[1], sys.argv[2]
    libc = ctypes.CDLL(None, use_errno=True)
    reply({"ready": True})
    # The Java side sends a request only after the previous reply, so stdin holds nothing beyond
    # the line just read when the child is forked.
    while True:
        line = sys.stdin.readline()
        if not line:
            return
        op = json.loads(line)["op"]
        if op == "exit":
            return
        if op != "scenario":
            reply({"error": "expected a scenario request, got " + op})
            continue
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                if libc.unshare(CLONE_NEWNET) != 0:
                    reply({"error": "unshare(CLONE_NEWNET): " + os.strerror(ctypes.get_errno())})
                else:
                    reply({"ok": True})
                    scenario(local_ip, remote_ip)
            except BaseException as e:  # noqa: B902 - the child must never return into the parent's loop
                sys.stderr.write("kernel_peer scenario: %r\n" % (e,))
                code = 1
            finally:
                sys.stdout.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        if status != 0:
            reply({"error": "the scenario's process ended with status %d" % status})


def scenario(local_ip, remote_ip):
    family = socket.AF_INET
    tun = None
    capture = None
    socks = {}
    next_id = [3]
    began = [0]
    try:
        # the scenario's timing is measured here, on a machine that may be busy: be served first
        os.nice(-10)
    except OSError:
        pass

    def answer(obj):
        if capture is not None:
            capture.drain()  # what the kernel wrote during the call or injection
        reply(obj, capture, began[0])

    def call(fn):
        try:
            return {"result": fn()}
        except OSError as e:
            return {"errno": errno_name(e.errno)}

    while True:
        line = sys.stdin.readline()
        if not line:
            return
        req = json.loads(line)
        op = req["op"]
        if capture is not None:
            capture.drain()  # what came while no request was running
            began[0] = capture.now()
        try:
            if op == "sysctl":
                sysctl(req["name"], req["value"])
                answer({"ok": True})
            elif op == "start":
                local_ip = req.get("local", local_ip)
                remote_ip = req.get("remote", remote_ip)
                family = socket.AF_INET6 if ":" in local_ip else socket.AF_INET
                tun = open_tun(local_ip, remote_ip, req.get("mtu", 1500))
                capture = Capture(tun)
                answer({})
            elif op == "inject":
                os.write(tun, bytes.fromhex(req["hex"]))
                answer({})
            elif op == "icmp":
                os.write(tun, icmp_unreachable(remote_ip, local_ip, req["code"], bytes.fromhex(req["hex"])))
                answer({})
            elif op == "wait":
                packets = capture.wait(req["first"], req["until"], req.get("quiet", 0))
                answer({"packets": packets})
            elif op == "socket":
                s = socket.socket(family, socket.SOCK_STREAM)
                s.setblocking(False)
                sid = next_id[0]
                next_id[0] += 1
                socks[sid] = s
                answer({"result": sid})
            elif op == "setsockopt":
                level, name = OPTIONS[req["name"]]
                answer(call(lambda: socks[req["fd"]].setsockopt(level, name, req["value"]) or 0))
            elif op == "bind":
                answer(call(lambda: socks[req["fd"]].bind((local_ip, req["port"])) or 0))
            elif op == "listen":
                answer(call(lambda: socks[req["fd"]].listen(req["backlog"]) or 0))
            elif op == "accept":
                def accept():
                    child, _ = socks[req["fd"]].accept()
                    child.setblocking(False)
                    sid = next_id[0]
                    next_id[0] += 1
                    socks[sid] = child
                    return sid
                answer(call(accept))
            elif op == "connect":
                s = socks[req["fd"]]
                s.bind((local_ip, req["local_port"]))
                code = s.connect_ex((remote_ip, req["port"]))
                answer({"result": 0} if code == 0 else {"errno": errno_name(code)})
            elif op == "so_error":
                code = socks[req["fd"]].getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                answer({"result": 0} if code == 0 else {"errno": errno_name(code)})
            elif op == "read":
                answer(call(lambda: len(socks[req["fd"]].recv(req["n"]))))
            elif op == "write":
                answer(call(lambda: socks[req["fd"]].send(b"\0" * req["n"])))
            elif op == "close":
                socks.pop(req["fd"]).close()
                answer({"result": 0})
            elif op == "quit":
                answer({"ok": True})
                return
            else:
                answer({"error": "unknown op " + op})
        except Exception as e:  # the Java side shows it with the scenario's name
            answer({"error": "%s: %s" % (type(e).__name__, e)})


if __name__ == "__main__":
    main()
