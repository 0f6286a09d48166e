"""The one lock over moto's backends, shared by request handling and the Lambda model.

moto's backends are not thread-safe. Request handling (moto_corrections.
serve_one_request_at_a_time), the Invoke front and the stream poller
(lambda_runtime.py, stream_poller.py) all touch backends under this lock, and none of
them holds it while a function runs: a handler that calls back into the emulator must
find the lock free. Re-entrant, so a helper may take it inside a caller that holds it.
"""

import threading

BACKEND_LOCK = threading.RLock()
