"""Leersessie: app factory and entry point (`python run.py [serve|…]`; installed: `leersessie`).

All eventlet- and gevent-specific code lives here. Monkey patching happens first thing, only
when this file is the entry point of `serve`, never on import (tests import `create_app`). The
installed `leersessie` command runs this file as __main__ too (`facilitator.commandline.cli.launch`); the
subcommands and flags are defined in `facilitator/commandline/cli.py`.
"""
from __future__ import annotations

import sys


def _requested_async_mode(argv: list[str]) -> str | None:
    """The async mode `serve` will use, read from raw argv before anything is imported."""
    command = argv[0] if argv and not argv[0].startswith("-") else "serve"  # as `main` reads it
    if command != "serve" or "-h" in argv or "--help" in argv:
        return None
    for index, arg in enumerate(argv):
        if arg.startswith("--async-mode="):
            return arg.split("=", 1)[1]
        if arg == "--async-mode" and index + 1 < len(argv):
            return argv[index + 1]
    return "eventlet"


if __name__ == "__main__":
    _MODE = _requested_async_mode(sys.argv[1:])
    if _MODE == "eventlet":
        import warnings

        # Deprecated upstream, still the default server here: keep the start-up output clean.
        warnings.filterwarnings("ignore", message=r"(?s).*Eventlet is deprecated")
        import eventlet

        eventlet.monkey_patch()
    elif _MODE == "gevent":
        from gevent import monkey

        monkey.patch_all()

import argparse  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

from web.paths import default_data_dir  # noqa: E402

if TYPE_CHECKING:
    from flask import Flask
# Flask, Socket.IO and the rest load in `create_app`, not here: the commands besides `serve`
# (`set-password`, `list-facilitators`, …) start in a third of the time without them.


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; `test_config` overrides settings (DATA_DIR, SESSIONS_DIR, ASYNC_MODE, …)."""
    from flask import Flask

    from sessions.files.loader import LIBRARY_DIR
    from sessions.store.database import Store
    from web.extensions import Services, socketio

    # Static files and templates sit beside this file, in a clone and in an installed copy alike.
    app = Flask(__name__, root_path=str(Path(__file__).resolve().parent), static_folder="static",
                template_folder="facilitator/templates/shared", instance_path=str(default_data_dir()))
    app.config.from_mapping(
        DATA_DIR=str(default_data_dir()),
        # The user's own sessions live with their data (never inside the program); the shipped ones beside them.
        SESSIONS_DIR=os.environ.get("LEERSESSIE_SESSIONS_DIR") or None,
        SHIPPED_SESSIONS_DIR=str(LIBRARY_DIR),
        PUBLIC_URL=os.environ.get("LEERSESSIE_PUBLIC_URL") or None,
        ASYNC_MODE=None,
        BEHIND_PROXY=False,
        # Screening answers for personal details (a worker process); LEERSESSIE_SCREENING=off or --no-screening.
        SCREENING=os.environ.get("LEERSESSIE_SCREENING", "on").lower() not in ("off", "0", "false", "no"),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="leersessie_facilitator",
        MAX_CONTENT_LENGTH=256 * 1024,
        JSON_AS_ASCII=False,
    )
    if test_config:
        app.config.update(test_config)
    store = Store(Path(app.config["DATA_DIR"]) / "leersessie.db")
    app.config["SESSIONS_DIR"] = app.config["SESSIONS_DIR"] or str(Path(app.config["DATA_DIR"]) / "sessions")
    app.extensions["leersessie"] = Services(store, app.config["SESSIONS_DIR"], app.config["PUBLIC_URL"],
                                            app.config["SHIPPED_SESSIONS_DIR"])
    _cluster(app)

    # `curation` adds the opbrengst routes to the facilitator blueprint: imported for that alone.
    # review_views and settings_views add their routes to bp.
    from facilitator import (  # noqa: F401
        curation,
        editor,
        review_events,
        review_views,
        settings_views,
        talkback_events,
        theme_events,
    )
    from facilitator import events as facilitator_events
    from facilitator import views as facilitator_views
    from facilitator.access import auth
    from participant import events as participant_events
    from participant import views as participant_views
    from web import hyphenation, proxy, responses
    from web.live import broadcast, screening, themes

    auth.init_app(app)
    participant_views.init_app(app)
    hyphenation.init_app(app)
    app.register_blueprint(facilitator_views.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(participant_views.bp)
    socketio.init_app(app, async_mode=app.config["ASYNC_MODE"], logger=False, engineio_logger=False,
                      message_queue=app.config.get("MESSAGE_QUEUE"), channel=f"leersessie-{cluster_prefix(app)}",
                      max_http_buffer_size=1024 * 1024, cors_allowed_origins=_allowed_origins(app),
                      ping_interval=20, ping_timeout=20)
    proxy.init_app(app)  # after socketio.init_app: the proxy fix must see Socket.IO requests too
    screening.init_app(app)
    broadcast.init_app(app)
    themes.init_app(app)  # after the broadcaster: it listens to it
    responses.init_app(app)  # after socketio: its transport responses get the headers too
    facilitator_events.init_app(app)
    review_events.init_app(app)
    talkback_events.init_app(app)
    theme_events.init_app(app)
    participant_events.init_app(app)

    return app


def cluster_prefix(app: Flask) -> str:
    """The Redis name of this data dir: the processes of one data dir meet, other data dirs' do not."""
    from web.live.cluster import prefix_of

    return prefix_of(app.config["DATA_DIR"])


def _cluster(app: Flask) -> None:
    """Several processes (MESSAGE_QUEUE): what they share in Redis (web/live/cluster.py); else one process alone."""
    from web import network
    from web.live.cluster import LocalCluster, RedisCluster

    url = app.config.get("MESSAGE_QUEUE")
    if url:
        cluster = RedisCluster(url, app.config["DATA_DIR"])
        network.use_salt(cluster.shared_salt())  # a rate limit must know a client on every process
        app.extensions["leersessie.cluster"] = cluster
    else:
        app.extensions["leersessie.cluster"] = LocalCluster()


def _allowed_origins(app: Flask):
    """Same origin always; with --public-url also the proxy's public origin."""
    public = (app.config.get("PUBLIC_URL") or "").rstrip("/")

    def allowed(origin, environ) -> bool:
        # Behind a trusted proxy, ProxyFix has already put the forwarded scheme and host here.
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
        return origin is None or origin == own or (bool(public) and origin == public)
    return allowed


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the exit status."""
    from facilitator.commandline import cli

    args = cli.parse_args(argv)
    if args.command == "serve":
        return serve(args)
    return cli.run_command(args)


def _thread_pool_runner(async_mode: str):
    """Run CPU-heavy work (the password hash) in a real OS thread, so the event loop keeps serving."""
    if async_mode == "eventlet":
        from eventlet import tpool

        return tpool.execute
    import gevent

    return lambda function, *args: gevent.get_hub().threadpool.apply(function, args)


def serve(args: argparse.Namespace) -> int:
    """Start the server: eventlet (default) or gevent, no access log, no IPs logged."""
    from facilitator.commandline.commands import announce
    from sessions.store.lock import DataDirInUse, DataDirLock
    from web.listening import StartRefused, open_listener

    config = {"ASYNC_MODE": args.async_mode, "BEHIND_PROXY": args.behind_proxy, "BIND_HOST": args.host,
              "MESSAGE_QUEUE": args.message_queue}
    if args.no_screening:
        config["SCREENING"] = False
    for key, value in (("DATA_DIR", args.data_dir), ("SESSIONS_DIR", args.sessions_dir),
                       ("PUBLIC_URL", args.public_url)):
        if value:
            config[key] = value
    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    try:
        # Two servers on one data dir would split a live session between them: refuse the second,
        # unless every one of them shares a message queue (then they hold the lock together).
        lock = DataDirLock(data_dir).acquire(shared=bool(args.message_queue))
        listener = open_listener(args.host, args.port)
    except DataDirInUse:
        print(f"fout: de datamap {data_dir} is al in gebruik door een andere Leersessie-server. Stop die "
              "eerst, of kies een andere map met --data-dir (meerdere processen op één datamap: start ze "
              "allemaal met --message-queue).", file=sys.stderr)
        return 1
    except StartRefused as refused:
        print(f"fout: {refused}", file=sys.stderr)
        return 1
    try:
        app = create_app(config)
    except OSError as error:  # redis' ConnectionError is an OSError too
        print(f"fout: de berichtenwachtrij {args.message_queue} is niet bereikbaar ({error}).", file=sys.stderr)
        return 1
    app.extensions["leersessie.run_blocking"] = _thread_pool_runner(args.async_mode)
    app.extensions["leersessie.data_dir_lock"] = lock  # held while the server runs
    from facilitator.commandline.screening_commands import start_screening

    start_screening(app)  # the worker loads while the room walks in
    announce(app, args.host, args.port)  # last: the console address and the password are what is read
    if args.message_queue:
        app.extensions["leersessie.broadcaster"].ensure_started()  # competes for leading from the start
    _stop_worker_on_sigterm(app)
    from web import collector
    from web.extensions import socketio

    socketio.start_background_task(collector.pace, socketio.sleep)  # a full room: no long GC pauses
    try:
        _serve_forever(app, listener, args.async_mode)
    finally:
        app.extensions["leersessie.screening"].stop()  # Ctrl+C too: the worker never outlives us
    return 0


def _stop_worker_on_sigterm(app: Flask) -> None:
    """SIGTERM (systemd, kill) and Ctrl+C: stop the screening worker, then end the process at once."""
    def stop(signum, frame) -> None:
        app.extensions["leersessie.screening"].stop()
        # Not SystemExit: the handler runs in whichever green thread holds the main thread, where
        # engine.io catches it and the server serves on; and raised in the server loop, eventlet
        # waits for every open connection first. Every acknowledged answer is committed already,
        # and the operating system drops the data dir's lock.
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def _serve_forever(app: Flask, listener, async_mode: str) -> None:
    from web.logs import LogStream, server_logger

    if async_mode == "eventlet":
        import eventlet.wsgi

        # max_size: eventlet's default of 1024 concurrent connections would refuse part of a
        # room full of phones; the listener has a large backlog for the same reason.
        # Request lines up to 32 KiB reach the app, which answers anything over 8 KiB with a Dutch 414.
        eventlet.wsgi.server(listener, app, log_output=False, max_size=20000, url_length_limit=32 * 1024,
                             log=server_logger())
    else:
        import gevent
        from gevent import pywsgi

        # gevent prints failed requests with their WSGI environ (address, user agent) to this stream.
        gevent.get_hub().exception_stream = LogStream(server_logger())  # type: ignore[assignment]  # file-like
        pywsgi.WSGIServer(listener, app, log=None, error_log=server_logger()).serve_forever()


if __name__ == "__main__":
    sys.exit(main())
