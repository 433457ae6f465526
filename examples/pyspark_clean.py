"""Clean a JSON Lines data set with newsclean as a Spark worker, in local mode.

    pip install pyspark
    cargo build --release
    python3 examples/pyspark_clean.py articles.jsonl clean-out/

Each partition's records are piped through `newsclean --jsonl`, which answers one output
line per input line, in order, so Spark's RDD.pipe lines the results up with the input.
On a cluster, ship the binary with `--files target/release/newsclean` and call it as
`./newsclean`.
"""

import os
import sys

from pyspark.sql import SparkSession

BINARY = os.environ.get("NEWSCLEAN", os.path.abspath("target/release/newsclean"))


def main(source: str, target: str) -> None:
    spark = SparkSession.builder.master("local[2]").appName("newsclean").getOrCreate()
    records = spark.sparkContext.textFile(source)
    cleaned = records.pipe(f"{BINARY} --jsonl --field text --on-error skip")
    cleaned.saveAsTextFile(target)
    print(f"{records.count()} records in, {cleaned.count()} out -> {target}")
    spark.stop()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
