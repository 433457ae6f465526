"""Writes a large WET file for the memory measurement (not committed): Common Crawl's layout,
one gzip member per record, a warcinfo record then conversion records whose texts are the
repository's fixture articles in turn.

    python tests/data/warc/make_big_wet.py /tmp/big.warc.wet.gz 1024   # size in MiB of WARC text
"""

import gzip
import sys
import uuid
from pathlib import Path

FIXTURES = Path(__file__).parent.parent.parent.parent / "fixtures"


def record(kind, url, body):
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\n"
        f"WARC-Date: 2025-02-19T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"Content-Type: text/plain\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + body + b"\r\n\r\n", compresslevel=1)


def main(path, mib):
    texts = [
        p.read_text("utf-8").encode()
        for p in sorted(FIXTURES.glob("*.expected.txt"))
        if p.stat().st_size > 500
    ]
    written = 0
    with open(path, "wb") as out:
        out.write(record("warcinfo", "", b"software: make_big_wet.py\r\n"))
        i = 0
        while written < mib << 20:
            body = texts[i % len(texts)]
            out.write(record("conversion", f"https://news.example/{i}", body))
            written += len(body)
            i += 1
    print(f"{path}: {i} records, {written >> 20} MiB of text")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
