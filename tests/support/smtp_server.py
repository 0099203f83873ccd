#!/usr/bin/python3
"""A local SMTP server for salesync's tests, benchmark and demo, on Debian's python3-aiosmtpd.

Listens on 127.0.0.1 (port 0 = a free one) and prints the port as one line on stdout once it accepts
connections. Every message is stored in --dir as NNNNNN.eml (the raw bytes) and NNNNNN.json (envelope,
connection and parsed MIME structure), the .json written last by rename, so a reader that sees it sees
both. Recipients containing "reject" get a permanent "550" at RCPT; recipients containing "tempfail"
get "451" the first time and are accepted afterwards.

  --starttls        generate a throwaway certificate for localhost/127.0.0.1 into --dir (cert.pem,
                    key.pem) with openssl, offer STARTTLS and require it before MAIL
  --auth USER:PASS  require AUTH (PLAIN/LOGIN, only after STARTTLS) with these credentials
  --quiet-store     benchmarks: neither parse nor keep the message; the .json has only the envelope
Stops on SIGTERM or SIGINT.
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import signal
import ssl
import subprocess
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, directory, keep_raw):
        self.directory = directory
        self.keep_raw = keep_raw
        self.count = 0
        self.tempfailed = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "reject" in address:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown in local recipient table" % address
        if "tempfail" in address and address not in self.tempfailed:
            self.tempfailed.add(address)
            return "451 4.3.0 <%s>: Temporary lookup failure, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        n = self.count
        raw = envelope.original_content or envelope.content
        if not self.keep_raw:
            # Benchmarks: no parsing, so that the server's own cost stays small next to the client's.
            self.write(n, {"index": n, "peer_port": session.peer[1], "rcpt_tos": envelope.rcpt_tos, "size": len(raw)})
            return "250 2.0.0 Ok: queued as %06d" % n
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        parts = []
        for part in msg.walk():
            if part.is_multipart():
                continue
            parts.append({
                "content_type": part.get_content_type(),
                "charset": part.get_content_charset(),
                "transfer_encoding": part.get("Content-Transfer-Encoding"),
                "content": part.get_content(),
            })
        raw_headers = raw.split(b"\r\n\r\n", 1)[0].decode("ascii", "replace")
        login = None
        if getattr(session, "auth_data", None) is not None and isinstance(session.auth_data, LoginPassword):
            login = session.auth_data.login.decode()
        meta = {
            "index": n,
            "peer_port": session.peer[1],
            "tls": session.ssl is not None,
            "auth_login": login,
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "raw_headers": raw_headers,
            "subject": str(msg["subject"]),
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "date": msg["date"],
            "message_id": msg["message-id"],
            "mime_version": msg["mime-version"],
            "content_type": msg.get_content_type(),
            "parts": parts,
        }
        with open(os.path.join(self.directory, "%06d.eml" % n), "wb") as f:
            f.write(raw)
        self.write(n, meta)
        return "250 2.0.0 Ok: queued as %06d" % n

    def write(self, n, meta):
        base = os.path.join(self.directory, "%06d" % n)
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(meta, f, ensure_ascii=False)
        os.rename(base + ".json.tmp", base + ".json")


def make_certificate(directory):
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", key, "-out", cert],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def main():
    warnings.simplefilter("ignore")  # aiosmtpd's own deprecation notices are not ours to fix
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--starttls", action="store_true")
    parser.add_argument("--auth")
    parser.add_argument("--quiet-store", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    handler = Handler(args.dir, not args.quiet_store)
    options = {"hostname": "localhost", "ident": "salesync test SMTP"}
    if args.starttls:
        options.update(tls_context=make_certificate(args.dir), require_starttls=True)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
                  and auth_data.password.decode() == password)
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        options.update(authenticator=authenticate, auth_required=True, auth_require_tls=True)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(handler, **options), host="127.0.0.1", port=args.port))
    for signo in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signo, loop.stop)
    print(server.sockets[0].getsockname()[1], flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.run_until_complete(server.wait_closed())
    return 0


if __name__ == "__main__":
    sys.exit(main())
