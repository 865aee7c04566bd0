"""The watchdog thread behind per-test deadlines: real-time timers handed to their loop."""

from __future__ import annotations

import asyncio
import threading

from asyncproof._watchdog import WATCHDOG, now


def test_a_due_timer_runs_its_callback_in_the_loop_thread() -> None:
    loop = asyncio.new_event_loop()
    try:
        ran_in: list[threading.Thread] = []
        done = loop.create_future()

        def callback() -> None:
            ran_in.append(threading.current_thread())
            done.set_result(now())

        start = now()
        WATCHDOG.call_later(0.02, loop, callback)
        fired_at = loop.run_until_complete(asyncio.wait_for(done, 5))
        assert ran_in == [threading.current_thread()]
        assert fired_at - start >= 0.02
    finally:
        loop.close()


def test_a_cancelled_timer_never_fires_and_keeps_nothing_alive() -> None:
    loop = asyncio.new_event_loop()
    try:
        called: list[int] = []
        timer = WATCHDOG.call_later(0.01, loop, lambda: called.append(1))
        timer.cancel()
        assert timer.loop is None
        assert timer.callback is None
        loop.run_until_complete(asyncio.sleep(0.05))
        assert called == []
    finally:
        loop.close()


def test_a_timer_for_a_closed_loop_is_dropped_quietly() -> None:
    loop = asyncio.new_event_loop()
    loop.close()
    WATCHDOG.call_later(0.0, loop, lambda: None)
    # The watchdog survives the closed loop's RuntimeError and serves the next timer.
    live = asyncio.new_event_loop()
    try:
        done = live.create_future()
        WATCHDOG.call_later(0.01, live, lambda: done.set_result(True))
        assert live.run_until_complete(asyncio.wait_for(done, 5)) is True
    finally:
        live.close()


def test_call_in_thread_runs_in_the_watchdog_thread_unless_cancelled() -> None:
    ran_in: list[str] = []
    done = threading.Event()

    def callback() -> None:
        ran_in.append(threading.current_thread().name)
        done.set()

    WATCHDOG.call_in_thread(0.01, lambda: ran_in.append("cancelled one ran")).cancel()
    WATCHDOG.call_in_thread(0.02, callback)
    assert done.wait(5)
    assert ran_in == ["asyncproof-watchdog"]
