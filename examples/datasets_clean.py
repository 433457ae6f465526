"""Clean the text column of a Hugging Face dataset with newsclean, a batch at a time.

    pip install ./python datasets
    python3 examples/datasets_clean.py articles.jsonl clean.jsonl

Records with an `html` column instead (whole pages, as a crawl stores them) get the
article's clean text from `Cleaner.clean_html_many` (what `newsclean --input html` writes),
and the page's `title`, `author`, `date` and `url` as columns (None where the page has none).

`Dataset.map(batched=True)` hands each batch of records to `clean_batch`, which cleans
the whole batch in one call: `Cleaner.clean_many` runs in Rust over all cores with the GIL
released. With `num_proc=N`, datasets runs N processes instead: pass `threads=1` there
(a `Cleaner` pickles as its options, so each process builds its own).
"""

from __future__ import annotations

import sys

import newsclean

CLEANER = newsclean.Cleaner()


def clean_batch(batch: dict[str, list]) -> dict[str, list]:
    return {"text": CLEANER.clean_many(batch["text"])}


def clean_html_batch(batch: dict[str, list]) -> dict[str, list]:
    pages = CLEANER.clean_html_many(batch["html"], urls=batch.get("url"))
    return {
        "text": [p.text for p in pages],
        "title": [p.title for p in pages],
        "author": [p.author for p in pages],
        "date": [p.date for p in pages],
        "url": [p.url for p in pages],
    }


def main(source: str, target: str) -> None:
    from datasets import load_dataset

    records = load_dataset("json", data_files=source, split="train")
    if "html" in records.column_names:
        cleaned = records.map(
            clean_html_batch, batched=True, batch_size=1000, remove_columns=["html"]
        )
    else:
        cleaned = records.map(clean_batch, batched=True, batch_size=1000)
    # A page that was all boilerplate keeps its record with an empty text: drop it here.
    cleaned = cleaned.filter(lambda record: record["text"] != "")
    cleaned.to_json(target, force_ascii=False)
    print(f"{len(records)} records in, {len(cleaned)} with text out -> {target}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
