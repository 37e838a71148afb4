"""Tests for the production chapter: object lifetimes, threads, panics,
logging, subinterpreters and type stubs."""

import ast
import gc
import logging
import pathlib
import threading
import unittest
import weakref

import snakebridge
import snakebridge._native as native
from snakebridge import Hub


class HubTest(unittest.TestCase):
    def test_publish_calls_every_subscriber(self) -> None:
        hub = Hub()
        seen: list[tuple[str, object]] = []
        hub.subscribe(lambda m: seen.append(("a", m)))
        hub.subscribe(lambda m: seen.append(("b", m)))
        self.assertEqual(hub.publish(42), 2)
        self.assertEqual(seen, [("a", 42), ("b", 42)])
        self.assertEqual(len(hub), 2)

    def test_a_callback_may_subscribe_while_publishing(self) -> None:
        hub = Hub()
        hub.subscribe(lambda m: hub.subscribe(print))
        self.assertEqual(hub.publish("x"), 1)  # no deadlock, no borrow error
        self.assertEqual(len(hub), 2)

    def test_callback_errors_reach_the_caller(self) -> None:
        hub = Hub()
        hub.subscribe(lambda m: 1 / 0)
        with self.assertRaises(ZeroDivisionError):
            hub.publish(None)

    # ANCHOR: gc
    def test_traverse_shows_the_stored_callables_to_the_collector(self) -> None:
        hub = Hub()
        callback = print
        hub.subscribe(callback)
        self.assertIn(callback, gc.get_referents(hub))

    def test_a_reference_cycle_through_the_hub_is_collected(self) -> None:
        class Listener:
            def __init__(self, hub: Hub) -> None:
                self.hub = hub  # listener -> hub
                hub.subscribe(self.on_message)  # hub -> bound method -> listener

            def on_message(self, message: object) -> None:
                pass

        listener = Listener(Hub())
        alive = weakref.ref(listener)
        del listener
        gc.collect()
        self.assertIsNone(alive())
    # ANCHOR_END: gc

    # ANCHOR: threads
    def test_threads_share_one_frozen_hub(self) -> None:
        hub = Hub()
        counts: list[int] = []
        lock = threading.Lock()

        def count(message: object) -> None:
            with lock:
                counts.append(1)

        def worker() -> None:
            for _ in range(200):
                hub.subscribe(count)
                hub.publish("tick")

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(len(hub), 800)
        # Each publish calls every callback subscribed so far.
        self.assertGreaterEqual(len(counts), 800)
    # ANCHOR_END: threads


class PanicTest(unittest.TestCase):
    # ANCHOR: panic
    def test_a_panic_becomes_panic_exception(self) -> None:
        with self.assertRaises(snakebridge.PanicException) as ctx:
            snakebridge.explode("on purpose")
        self.assertIn("explode() was asked to fail: on purpose", str(ctx.exception))
        # Its home module is pyo3_runtime, which cannot be imported.
        self.assertEqual(type(ctx.exception).__module__, "pyo3_runtime")

    def test_except_exception_does_not_catch_it(self) -> None:
        self.assertFalse(issubclass(snakebridge.PanicException, Exception))
        self.assertTrue(issubclass(snakebridge.PanicException, BaseException))
        with self.assertRaises(BaseException):
            try:
                snakebridge.explode("again")
            except Exception:
                self.fail("a panic is not an ordinary Exception")
    # ANCHOR_END: panic

    def test_the_interpreter_keeps_working_after_a_panic(self) -> None:
        with self.assertRaises(snakebridge.PanicException):
            snakebridge.explode("once more")
        self.assertEqual(snakebridge.mean([1.0, 3.0]), 2.0)


class LoggingTest(unittest.TestCase):
    # ANCHOR: logging
    def test_rust_log_records_reach_python_logging(self) -> None:
        with self.assertLogs("snakebridge", level="INFO") as logs:
            value = snakebridge.checksum(b"hello")
        self.assertEqual(value, 0xA430D84680AABD0B)
        self.assertEqual(logs.records[0].name, "snakebridge")
        self.assertEqual(logs.records[0].levelno, logging.INFO)
        self.assertIn("checksum of 5 bytes: a430d84680aabd0b", logs.output[0])
    # ANCHOR_END: logging


# ANCHOR: subinterpreter
def error_in_new_interpreter(code: str) -> str | None:
    """Run `code` in a new isolated interpreter; return the error text or None.

    Raises unittest.SkipTest on Pythons without a subinterpreter API.
    """
    try:
        from concurrent import interpreters  # Python 3.14 and later
    except ImportError:
        raise unittest.SkipTest("needs Python 3.14's concurrent.interpreters")
    interp = interpreters.create()
    try:
        interp.exec(code)
        return None
    except interpreters.ExecutionFailed as err:
        return str(err)
    finally:
        interp.close()


class SubinterpreterTest(unittest.TestCase):
    def test_an_isolated_interpreter_refuses_the_module(self) -> None:
        error = error_in_new_interpreter("import snakebridge")
        self.assertIsNotNone(error)
        self.assertIn("does not support loading in subinterpreters", error)
# ANCHOR_END: subinterpreter


# ANCHOR: stubs
STUB = pathlib.Path(snakebridge.__file__).with_name("_native.pyi")


def stub_names() -> tuple[set[str], dict[str, set[str]]]:
    """Top-level names of the stub, and the public members of each class."""
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    names: set[str] = set()
    members: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names.add(node.name)
            members[node.name] = {
                item.name
                for item in node.body
                if isinstance(item, ast.FunctionDef) and not item.name.startswith("_")
            }
    return names, members


class StubTest(unittest.TestCase):
    def test_stub_lists_exactly_the_module_names(self) -> None:
        names, _ = stub_names()
        public = {n for n in dir(native) if not n.startswith("_")}
        self.assertEqual(names, public)

    def test_stub_lists_exactly_each_class_members(self) -> None:
        _, members = stub_names()
        for cls_name, stubbed in members.items():
            cls = getattr(native, cls_name)
            own = {n for n in vars(cls) if not n.startswith("_")}
            self.assertEqual(stubbed, own, cls_name)

    def test_package_exports_what_the_stub_declares(self) -> None:
        names, _ = stub_names()
        self.assertEqual(set(snakebridge.__all__), names)
# ANCHOR_END: stubs


if __name__ == "__main__":
    unittest.main()
