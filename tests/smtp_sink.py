#!/usr/bin/python3
"""smtp_sink.py - the SMTP server ambit's mail tests and benchmark talk to.

A real SMTP server (Debian's python3-aiosmtpd) on 127.0.0.1 that keeps
every message it accepts as DIR/NNNNN.eml and appends a line
"N<TAB>PEER-PORT<TAB>MAIL-FROM<TAB>RCPT" to DIR/log, so a test can tell
how many connections carried the messages.  Recipients whose local part
starts with "refuse" get "550 5.1.1", with "tempfail" "451 4.3.0".

    smtp_sink.py DIR [--port N] [--count-only] [--auth USER:PASS]
                 [--starttls CERT KEY [--require-tls]] [--smtps CERT KEY]

It listens on 127.0.0.1:N (0, the default, picks a free port), writes the
port to DIR/port once it is ready and serves until SIGTERM or SIGINT.
--count-only keeps just DIR/count (the benchmark).
"""
import argparse
import asyncio
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    def __init__(self, directory, count_only):
        self.dir = directory
        self.count_only = count_only
        self.n = 0
        self.log = None if count_only else open(
            os.path.join(directory, "log"), "a", buffering=1)

    async def handle_RCPT(self, server, session, envelope, address, options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("refuse"):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        if local.startswith("tempfail"):
            return "451 4.3.0 <%s>: try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        if self.count_only:
            if self.n % 500 == 0:
                self.write_count()
            return "250 OK: queued as %d" % self.n
        name = os.path.join(self.dir, "%05d.eml" % self.n)
        with open(name + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(name + ".tmp", name)
        self.log.write("%d\t%d\t%s\t%s\n" % (
            self.n, session.peer[1], envelope.mail_from,
            ",".join(envelope.rcpt_tos)))
        return "250 OK: queued as %d" % self.n

    def write_count(self):
        path = os.path.join(self.dir, "count")
        with open(path + ".tmp", "w") as f:
            f.write("%d\n" % self.n)
        os.rename(path + ".tmp", path)


def tls_context(cert, key):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    return ctx


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--count-only", action="store_true")
    ap.add_argument("--auth")
    ap.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--require-tls", action="store_true")
    ap.add_argument("--smtps", nargs=2, metavar=("CERT", "KEY"))
    a = ap.parse_args()

    sink = Sink(a.dir, a.count_only)
    kw = {"hostname": "sink.test", "data_size_limit": 1 << 20}
    if a.starttls:
        kw["tls_context"] = tls_context(*a.starttls)
        kw["require_starttls"] = a.require_tls
    if a.auth:
        user, password = a.auth.split(":", 1)

        def check(server, session, envelope, mechanism, data):
            ok = (isinstance(data, LoginPassword)
                  and data.login.decode() == user
                  and data.password.decode() == password)
            return AuthResult(success=ok, handled=False)
        kw["authenticator"] = check
        kw["auth_required"] = True
        kw["auth_require_tls"] = bool(a.starttls or a.smtps)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(sink, loop=loop, **kw), "127.0.0.1", a.port,
        ssl=tls_context(*a.smtps) if a.smtps else None))
    port = server.sockets[0].getsockname()[1]
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(0))
    path = os.path.join(a.dir, "port")
    with open(path + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(path + ".tmp", path)
    loop.run_until_complete(stop)
    server.close()
    loop.run_until_complete(server.wait_closed())
    if a.count_only:
        sink.write_count()
    return 0


if __name__ == "__main__":
    sys.exit(main())
