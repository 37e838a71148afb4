"""Count the data rows of a CSV file with the standard library's csv module."""

import csv
import os
import tempfile


# ANCHOR: count
def count_rows(path: str) -> int:
    """Return the number of data rows; the header row is not counted.

    Quoted fields may contain commas and line breaks. Blank lines are
    skipped. A row whose width differs from the header's raises ValueError.
    """
    # newline="" hands line endings to the csv module, which is what lets it
    # keep a line break inside a quoted field.
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f, strict=True)
        header = next((row for row in reader if row), None)
        if header is None:
            return 0
        count = 0
        for row in reader:
            if not row:
                continue
            if len(row) != len(header):
                raise ValueError(
                    f"row {count + 1} has {len(row)} fields, "
                    f"the header has {len(header)}"
                )
            count += 1
        return count
# ANCHOR_END: count


# ANCHOR: naive
def count_rows_in_memory(path: str) -> int:
    """Shorter, but holds every row in memory, and counts the header."""
    with open(path, newline="", encoding="utf-8") as f:
        return len(list(csv.reader(f)))
# ANCHOR_END: naive


# ANCHOR: demo
if __name__ == "__main__":
    SAMPLE = (
        "id,name,comment\r\n"
        '1,Ada,"likes commas, clearly"\r\n'
        '2,Grace,"wrote ""hello""\r\non two lines"\r\n'
        "\r\n"
        "3,Linus,\r\n"
    )

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "people.csv")
        with open(path, "w", newline="", encoding="utf-8") as f:
            f.write(SAMPLE)
        print("lines in the file:", SAMPLE.count("\n"))
        print("count_rows:", count_rows(path))
        print("count_rows_in_memory:", count_rows_in_memory(path))

        with open(path, "a", newline="", encoding="utf-8") as f:
            f.write("4,Guido\r\n")
        try:
            count_rows(path)
        except ValueError as err:
            print("error:", err)
# ANCHOR_END: demo
