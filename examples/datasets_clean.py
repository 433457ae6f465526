"""Clean the text column of a Hugging Face dataset with newsclean, a batch at a time.

    pip install ./python datasets
    python3 examples/datasets_clean.py articles.jsonl clean.jsonl

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


def main(source: str, target: str) -> None:
    from datasets import load_dataset

    records = load_dataset("json", data_files=source, split="train")
    cleaned = records.map(clean_batch, batched=True, batch_size=1000)
    # A page that was all boilerplate keeps its record with an empty text: drop it here.
    cleaned = cleaned.filter(lambda record: record["text"] != "")
    cleaned.to_json(target, force_ascii=False)
    print(f"{len(records)} records in, {len(cleaned)} with text out -> {target}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
