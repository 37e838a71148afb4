"""Tests for the NumPy functions of the data path chapter."""

import threading
import unittest

import numpy as np

import snakebridge


class BorrowTest(unittest.TestCase):
    def test_total_reads_any_stride(self) -> None:
        a = np.arange(10, dtype=np.float64)
        self.assertEqual(snakebridge.total(a), 45.0)
        # A strided view: as_array() follows the strides, nothing is copied.
        self.assertEqual(snakebridge.total(a[::2]), 20.0)

    # ANCHOR: strided
    def test_as_slice_needs_contiguous_memory(self) -> None:
        a = np.arange(10, dtype=np.float64)
        self.assertEqual(snakebridge.total_contiguous(a), 45.0)
        with self.assertRaisesRegex(TypeError, "not contiguous"):
            snakebridge.total_contiguous(a[::2])
        # The caller chooses to pay for the copy.
        self.assertEqual(snakebridge.total_contiguous(np.ascontiguousarray(a[::2])), 20.0)

    def test_dtype_must_match(self) -> None:
        ints = np.arange(4)  # int64
        with self.assertRaises(TypeError):
            snakebridge.total(ints)
        self.assertEqual(snakebridge.total(ints.astype(np.float64)), 6.0)
    # ANCHOR_END: strided

    def test_lists_are_not_arrays(self) -> None:
        with self.assertRaises(TypeError):
            snakebridge.total([1.0, 2.0])
        self.assertEqual(snakebridge.total_list([1.0, 2.0]), 3.0)

    def test_borrowed_array_is_not_modified(self) -> None:
        a = np.ones(3)
        snakebridge.total(a)
        self.assertTrue(a.flags.writeable)
        np.testing.assert_array_equal(a, np.ones(3))


class NewArrayTest(unittest.TestCase):
    # ANCHOR: scaled
    def test_scaled_returns_a_new_array_owned_by_numpy(self) -> None:
        a = np.array([1.0, 2.0, 3.0])
        b = snakebridge.scaled(a, 2.0)
        np.testing.assert_array_equal(b, [2.0, 4.0, 6.0])
        self.assertEqual(b.dtype, np.float64)
        self.assertFalse(np.shares_memory(a, b))
        # The buffer came from a Rust Vec: NumPy did not allocate it.
        self.assertFalse(b.flags.owndata)
        self.assertIsNotNone(b.base)
    # ANCHOR_END: scaled


class SoftplusTest(unittest.TestCase):
    def setUp(self) -> None:
        rng = np.random.default_rng(7)
        self.values = rng.normal(0.0, 20.0, 100_000)

    def test_matches_numpy(self) -> None:
        expected = float(np.logaddexp(0.0, self.values).sum())
        self.assertAlmostEqual(snakebridge.softplus_sum(self.values), expected, delta=1e-6 * expected)

    def test_parallel_matches_serial_up_to_rounding(self) -> None:
        serial = snakebridge.softplus_sum(self.values)
        parallel = snakebridge.softplus_sum_parallel(self.values)
        # Another order of additions: equal up to rounding, not bit for bit.
        self.assertAlmostEqual(parallel, serial, delta=1e-9 * serial)

    def test_extreme_values_do_not_overflow(self) -> None:
        a = np.array([-1000.0, 0.0, 1000.0])
        self.assertAlmostEqual(snakebridge.softplus_sum(a), 1000.0 + np.log(2.0))

    def test_python_threads_can_call_it_together(self) -> None:
        results: list[float] = []
        lock = threading.Lock()

        def work() -> None:
            r = snakebridge.softplus_sum_parallel(self.values)
            with lock:
                results.append(r)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(len(results), 4)
        for r in results:
            self.assertAlmostEqual(r, results[0], delta=1e-9 * r)


if __name__ == "__main__":
    unittest.main()
