#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for Paperboy's e-mail tests and the digest benchmark.

Listens on a free loopback port and prints "PORT <n>" once ready. Every accepted message is
written to OUT/<n>.eml (the bytes as received) and OUT/<n>.json (envelope, the connection it came
on, and the message as Python's own e-mail parser reads it: decoded headers, text and HTML parts),
each file complete before it appears (written under a temporary name, then renamed).

Behaviours for the failure paths (--mode):
  accept          accept everything (default)
  tempfail-first  answer the first DATA of each Message-ID with 451, accept the next
  reject          answer every RCPT with 550
  count-only      accept without writing files (the benchmark), count in OUT/count on exit
"""
import argparse, asyncio, email, email.policy, json, os, signal, ssl, sys
from aiosmtpd.smtp import SMTP, AuthResult

def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--mode", default="accept", choices=["accept", "tempfail-first", "reject", "count-only"])
    p.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--implicit-tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--auth", metavar="USER:PASSWORD")
    p.add_argument("--auth-exclude", nargs="*", default=[], help="AUTH mechanisms not to offer, e.g. PLAIN")
    p.add_argument("--no-pipelining", action="store_true")
    p.add_argument("--size", type=int, default=33554432)
    p.add_argument("--delay", type=float, default=0, help="seconds before answering each DATA (a slow server)")
    return p.parse_args()

def tls_context(cert, key):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context

def parsed(content):
    message = email.message_from_bytes(content, policy=email.policy.default)
    result = {"headers": {k: str(v) for k, v in message.items()}, "content_type": message.get_content_type()}
    for kind in ("plain", "html"):
        part = message.get_body(preferencelist=(kind,))
        if part is not None and part.get_content_type() == "text/" + kind:
            result[kind] = part.get_content()
            result[kind + "_encoding"] = part.get("Content-Transfer-Encoding", "")
    return result

class Handler:
    def __init__(self, args):
        self.args, self.count, self.tempfailed = args, 0, set()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if not self.args.no_pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.args.mode == "reject":
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.args.delay:
            await asyncio.sleep(self.args.delay)
        content = envelope.original_content or envelope.content
        if self.args.mode == "count-only":
            self.count += 1
            return "250 OK"
        message_id = email.message_from_bytes(content, policy=email.policy.default).get("Message-ID", "")
        if self.args.mode == "tempfail-first" and message_id not in self.tempfailed:
            self.tempfailed.add(message_id)
            return "451 4.3.0 Try again later"
        self.count += 1
        name = os.path.join(self.args.out, "%06d" % self.count)
        record = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "peer": "%s:%s" % tuple(session.peer[:2]),
                  "tls": server.transport.get_extra_info("ssl_object") is not None, "authenticated": session.authenticated, "size": len(content)}
        record.update(parsed(content))
        for suffix, data in ((".eml", content), (".json", json.dumps(record).encode())):
            with open(name + suffix + ".tmp", "wb") as f:
                f.write(data)
            os.rename(name + suffix + ".tmp", name + suffix)
        return "250 OK queued as %d" % self.count

def authenticator(expected):
    def check(server, session, envelope, mechanism, auth_data):
        user = auth_data.login.decode() if isinstance(auth_data.login, bytes) else auth_data.login
        password = auth_data.password.decode() if isinstance(auth_data.password, bytes) else auth_data.password
        # handled=False: the server answers a failure with its own 535.
        return AuthResult(success=(user + ":" + password) == expected, handled=False)
    return check

async def main():
    args = parse_args()
    # A parent that blocks signals in its threads passes the mask on: take SIGTERM and SIGINT back.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    os.makedirs(args.out, exist_ok=True)
    handler = Handler(args)
    kwargs = {"data_size_limit": args.size, "hostname": "sink.paperboy.test"}
    if args.starttls:
        kwargs.update(tls_context=tls_context(*args.starttls), require_starttls=True)
    if args.auth:
        kwargs.update(authenticator=authenticator(args.auth), auth_required=True, auth_exclude_mechanism=args.auth_exclude)
    implicit = tls_context(*args.implicit_tls) if args.implicit_tls else None
    if implicit is not None:
        kwargs["auth_require_tls"] = False  # the whole connection is TLS already
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, **kwargs), "127.0.0.1", 0, ssl=implicit)
    print("PORT %d" % server.sockets[0].getsockname()[1], flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    parent = os.getppid()

    async def watch_parent():
        # A test process that dies without stopping its server must not leave it running.
        while os.getppid() == parent:
            await asyncio.sleep(1)
        stop.set()
    watcher = asyncio.create_task(watch_parent())
    await stop.wait()
    with open(os.path.join(args.out, "count"), "w") as f:
        f.write(str(handler.count))
    os._exit(0)  # open client connections must not hold up the exit

if __name__ == "__main__":
    asyncio.run(main())
