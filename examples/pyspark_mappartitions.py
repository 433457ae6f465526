"""Clean a JSON Lines data set with the newsclean Python package inside Spark workers.

    pip install ./python pyspark
    python3 examples/pyspark_mappartitions.py articles.jsonl clean-out/

Each partition is cleaned in batches by `Cleaner.clean_many`, in the worker's Python
process: no subprocess and no binary to ship, only the package installed on the workers
(`examples/pyspark_clean.py` pipes records through the `newsclean` binary instead).
Spark already runs one task per core, so each batch is cleaned on one thread.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from typing import Iterable, Iterator

BATCH = 500


def clean_partition(lines: Iterable[str]) -> Iterator[str]:
    import newsclean  # imported on the worker

    cleaner = newsclean.Cleaner()
    lines = iter(lines)
    while batch := [json.loads(line) for line in itertools.islice(lines, BATCH)]:
        # Like `newsclean --jsonl --on-error skip`: a record without a string text passes.
        todo = [r for r in batch if isinstance(r.get("text"), str)]
        for record, text in zip(todo, cleaner.clean_many([r["text"] for r in todo], threads=1)):
            record["text"] = text.removesuffix("\n")  # the field has no final newline
        for record in batch:
            yield json.dumps(record, ensure_ascii=False)


def main(source: str, target: str) -> None:
    from pyspark.sql import SparkSession

    # Local mode: the workers run this interpreter, where the package is installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.master("local[2]").appName("newsclean").getOrCreate()
    records = spark.sparkContext.textFile(source)
    cleaned = records.mapPartitions(clean_partition)
    cleaned.saveAsTextFile(target)
    print(f"{records.count()} records in, {cleaned.count()} out -> {target}")
    spark.stop()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
