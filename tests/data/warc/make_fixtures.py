"""Writes the WARC and WET test fixtures beside this script with warcio (pip install warcio).

The articles are the repository's own fixtures, so each record's expected clean text is the
matching fixtures/NAME.expected.txt. Run from the repository root:

    python tests/data/warc/make_fixtures.py
"""

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).parent
FIXTURES = HERE.parent.parent.parent / "fixtures"
DATE = "2025-02-19T10:00:00Z"


def article(name):
    return (FIXTURES / f"{name}.txt").read_bytes()


def wet(path):
    """A warcinfo record and three conversion records, as Common Crawl's WET files have."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.0")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "warcio fixture"}))
        for i, name in enumerate(["article-clean-utf8", "boilerplate-comments-cut", "french-accents-survive"]):
            record = writer.create_warc_record(
                f"https://news.example/{i + 1}/{name}",
                "conversion",
                payload=BytesIO(article(name)),
                warc_content_type="text/plain",
                warc_headers_dict={"WARC-Date": DATE},
            )
            writer.write_record(record)


def http_response(writer, url, content_type, body):
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    return writer.create_warc_record(
        url, "response", payload=BytesIO(body), http_headers=headers,
        warc_headers_dict={"WARC-Date": DATE},
    )


def warc(path):
    """Request, response and metadata records, with charsets the detector would not guess."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "warcio fixture"}))
        request = StatusAndHeaders("GET /old HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(
            "https://news.example/old", "request", payload=BytesIO(b""), http_headers=request))
        writer.write_record(http_response(
            writer, "https://news.example/old", "text/plain; charset=windows-1252",
            article("article-windows-1252")))
        # 0xA4 is the euro sign in ISO-8859-15 but a currency sign in Windows-1252.
        writer.write_record(http_response(
            writer, "https://news.example/price", "text/plain; charset=ISO-8859-15",
            "The ticket now costs 12 € after the rise.\n".encode("iso-8859-15")))
        # A whole page, for the HTML front-end and the metadata it finds; its canonical URL
        # differs from the record's.
        writer.write_record(http_response(
            writer, "https://news.example/page", "text/html; charset=utf-8",
            (FIXTURES / "html-chrome-kinds.html").read_bytes()))
        # A fragment no sniffing would call HTML: its Content-Type says it is.
        writer.write_record(http_response(
            writer, "https://news.example/fragment", "text/html",
            b"<p>The council approved the new library budget on Tuesday evening, "
            b"after a long debate about opening hours.</p>\n"))
        writer.write_record(http_response(
            writer, "https://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"))
        writer.write_record(writer.create_warc_record(
            "https://news.example/old", "metadata", payload=BytesIO(b"fetchTimeMs: 12\r\n"),
            warc_content_type="application/warc-fields"))


if __name__ == "__main__":
    wet(HERE / "three-articles.warc.wet.gz")
    warc(HERE / "responses.warc.gz")
