"""The bare baseline of `bench/load.py`: Flask-SocketIO with nothing of Leersessie in it.

    python bench/bare.py PORT [--async-mode eventlet|gevent]

Phones connect to `/phone` (any code), `submit_answer` appends the payload to a list in memory,
emits it to the screen room (one emit per answer, no coalescing) and acks. The console's
`go_to_step {index, pad}` emits `step_changed` to every phone in one room emit, `pad` bytes
large (the bench passes the size of Leersessie's own step message). What Leersessie adds on top
(validation, rules, screening, a durable commit, coalesced updates) is the difference between
the two runs of one bench.
"""
from __future__ import annotations

import sys

if __name__ == "__main__":
    _MODE = sys.argv[sys.argv.index("--async-mode") + 1] if "--async-mode" in sys.argv else "eventlet"
    if _MODE == "eventlet":
        import warnings

        warnings.filterwarnings("ignore", message=r"(?s).*Eventlet is deprecated")
        import eventlet

        eventlet.monkey_patch()
    else:
        from gevent import monkey

        monkey.patch_all()

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(logger=False, engineio_logger=False)
answers: list = []


@app.get("/ping")
def ping():
    return "ok"


@socketio.on("connect", namespace="/phone")
def phone_connect(auth=None):
    join_room("room", namespace="/phone")


@socketio.on("connect", namespace="/screen")
def screen_connect(auth=None):
    join_room("room", namespace="/screen")


@socketio.on("submit_answer", namespace="/phone")
def submit_answer(data):
    answers.append(data)
    socketio.emit("answer_added", data, namespace="/screen", to="room")
    return {"ok": True, "answer_id": data.get("answer_id"), "status": "stored"}


@socketio.on("go_to_step", namespace="/console")
def go_to_step(data):
    socketio.emit("step_changed", {"index": data["index"], "pad": "x" * int(data.get("pad", 0))},
                  namespace="/phone", to="room")
    return {"ok": True}


def main() -> int:
    port = int(sys.argv[1])
    socketio.init_app(app, async_mode=_MODE, max_http_buffer_size=1024 * 1024)  # type: ignore[arg-type]
    if _MODE == "eventlet":
        import eventlet.wsgi

        eventlet.wsgi.server(eventlet.listen(("127.0.0.1", port), backlog=4096), app, log_output=False, max_size=20000)
    else:
        from gevent import pywsgi

        pywsgi.WSGIServer(("127.0.0.1", port), app, log=None).serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
