"""Tests for the snakebridge extension. Run with:
python -m unittest discover -s snippets/pyo3/tests -v
"""

import os
import tempfile
import threading
import unittest

import snakebridge
from snakebridge import CsvFormatError, RunningStats


def write_csv(directory: str, name: str, text: str) -> str:
    path = os.path.join(directory, name)
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write(text)
    return path


class CountRowsTest(unittest.TestCase):
    def setUp(self) -> None:
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = self._tmp.name

    def tearDown(self) -> None:
        self._tmp.cleanup()

    def test_counts_data_rows_not_header(self) -> None:
        path = write_csv(self.dir, "a.csv", "id,name\n1,ada\n2,grace\n")
        self.assertEqual(snakebridge.count_rows(path), 2)

    def test_quoted_newlines_are_one_row(self) -> None:
        text = 'id,note\n1,"two\nlines"\n2,"a ""quoted"" word, and a comma"\n'
        path = write_csv(self.dir, "q.csv", text)
        self.assertEqual(snakebridge.count_rows(path), 2)

    def test_agrees_with_python_csv_module(self) -> None:
        import csv

        text = 'a,b,c\r\n1,"x\r\ny",3\r\n\r\n4,5,""\r\n"7",8,9'
        path = write_csv(self.dir, "crlf.csv", text)
        with open(path, newline="", encoding="utf-8") as f:
            rows = [row for row in csv.reader(f, strict=True) if row]
        self.assertEqual(snakebridge.count_rows(path), len(rows) - 1)

    def test_accepts_pathlike(self) -> None:
        import pathlib

        path = write_csv(self.dir, "p.csv", "x\n1\n")
        self.assertEqual(snakebridge.count_rows(pathlib.Path(path)), 1)

    def test_missing_file_raises_file_not_found(self) -> None:
        with self.assertRaises(FileNotFoundError):
            snakebridge.count_rows(os.path.join(self.dir, "missing.csv"))

    def test_ragged_row_raises_custom_exception(self) -> None:
        path = write_csv(self.dir, "r.csv", "a,b\n1,2\n3\n")
        with self.assertRaises(CsvFormatError) as ctx:
            snakebridge.count_rows(path)
        self.assertIn("row 2 has 1 fields", str(ctx.exception))

    def test_custom_exception_is_a_value_error(self) -> None:
        self.assertTrue(issubclass(CsvFormatError, ValueError))
        path = write_csv(self.dir, "b.csv", 'a\n"open\n')
        with self.assertRaises(ValueError):
            snakebridge.count_rows(path)

    def test_runs_in_threads(self) -> None:
        body = "".join(f"{i},{i * i}\n" for i in range(20_000))
        path = write_csv(self.dir, "big.csv", "n,square\n" + body)
        results: list[int] = []
        lock = threading.Lock()

        def work() -> None:
            n = snakebridge.count_rows(path)
            with lock:
                results.append(n)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results, [20_000] * 4)


class MeanTest(unittest.TestCase):
    def test_mean(self) -> None:
        self.assertEqual(snakebridge.mean([1.0, 2.0, 6.0]), 3.0)

    def test_ints_are_converted(self) -> None:
        self.assertEqual(snakebridge.mean([1, 2]), 1.5)

    def test_empty_raises_value_error(self) -> None:
        with self.assertRaises(ValueError):
            snakebridge.mean([])

    def test_wrong_type_raises_type_error(self) -> None:
        with self.assertRaises(TypeError):
            snakebridge.mean(["one"])


class RunningStatsTest(unittest.TestCase):
    def test_empty(self) -> None:
        stats = RunningStats()
        self.assertEqual(stats.count, 0)
        self.assertIsNone(stats.mean)
        self.assertEqual(len(stats), 0)
        self.assertEqual(repr(stats), "RunningStats(count=0)")

    def test_push_and_properties(self) -> None:
        stats = RunningStats([2.0, 4.0])
        stats.push(9.0)
        self.assertEqual(stats.count, 3)
        self.assertEqual(stats.mean, 5.0)
        self.assertAlmostEqual(stats.variance, 13.0)
        self.assertEqual(repr(stats), "RunningStats(count=3, mean=5.0)")

    def test_matches_statistics_module(self) -> None:
        import statistics

        values = [float(v % 7) * 1.5 for v in range(1000)]
        stats = RunningStats()
        stats.extend(values)
        self.assertAlmostEqual(stats.mean, statistics.fmean(values))
        self.assertAlmostEqual(stats.variance, statistics.variance(values))

    def test_variance_needs_two_values(self) -> None:
        with self.assertRaises(ValueError):
            RunningStats([1.0]).variance

    def test_count_is_read_only(self) -> None:
        stats = RunningStats()
        with self.assertRaises(AttributeError):
            stats.count = 5  # type: ignore[misc]


class ToJsonTest(unittest.TestCase):
    def test_sorted_keys(self) -> None:
        self.assertEqual(snakebridge.to_json({"b": 1, "a": [True, None]}), '{"a": [true, null], "b": 1}')

    def test_python_errors_propagate(self) -> None:
        with self.assertRaises(TypeError):
            snakebridge.to_json({1, 2})


if __name__ == "__main__":
    unittest.main()
