"""Admin: login with a hashed password from configuration, batch upload through ingest, withdraw/restore.

Every POST carries a Flask-WTF CSRF token (CSRFProtect is app-wide); every view here needs a login.
"""
from __future__ import annotations

import functools
import secrets
import tempfile
import threading
import time
from pathlib import Path

from flask import (Blueprint, current_app, redirect, render_template, request, session, url_for)
from werkzeug.security import check_password_hash, generate_password_hash
from werkzeug.utils import secure_filename

from index import IndexLockedError

from .backend import get_index
from .forms import LoginForm, RestoreForm, UploadForm, WithdrawForm
from .i18n import gettext

bp = Blueprint("admin", __name__, url_prefix="/admin")
SESSION_KEY = "admin_user"


@functools.cache
def _dummy_hash() -> str:
    """A hash checked when no admin is configured, so a refused login costs as much as a real one."""
    return generate_password_hash(secrets.token_hex(16))


def login_required(view):
    """Redirect to the login page unless an admin is logged in."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not session.get(SESSION_KEY):
            return redirect(url_for("admin.login"))
        return view(*args, **kwargs)

    return wrapped


class LoginThrottle:
    """Refuse logins from an address after too many recent failures (per process, in memory)."""

    def __init__(self, limit: int = 5, window: float = 900.0) -> None:
        self.limit, self.window = limit, window
        self.failures: dict[str, list[float]] = {}
        self.lock = threading.Lock()

    def _recent(self, address: str, now: float) -> list[float]:
        times = [t for t in self.failures.get(address, ()) if now - t < self.window]
        if times:
            self.failures[address] = times
        else:
            self.failures.pop(address, None)
        return times

    def blocked(self, address: str) -> bool:
        """True while the address has `limit` failures within the window."""
        with self.lock:
            return len(self._recent(address, time.monotonic())) >= self.limit

    def failed(self, address: str) -> None:
        """Record a failed attempt."""
        with self.lock:
            now = time.monotonic()
            self.failures[address] = self._recent(address, now) + [now]


throttle = LoginThrottle()


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Check the configured username and password hash; start an admin session."""
    form = LoginForm()
    configured = current_app.config.get("ADMIN_PASSWORD_HASH")
    failed = False
    address = request.remote_addr or ""
    if request.method == "POST" and throttle.blocked(address):
        return render_template("admin/login.html", form=form, failed=True, disabled=not configured,
                               throttled=True), 429
    if form.validate_on_submit():
        name_ok = secrets.compare_digest(form.username.data.encode(),
                                         str(current_app.config["ADMIN_USERNAME"]).encode())
        password_ok = check_password_hash(configured or _dummy_hash(), form.password.data)
        if configured and name_ok and password_ok:
            session.clear()
            session[SESSION_KEY] = form.username.data
            return redirect(url_for("admin.home"))
        failed = True
        throttle.failed(address)
    status = 401 if failed else 200
    return render_template("admin/login.html", form=form, failed=failed, disabled=not configured), status


@bp.post("/logout")
@login_required
def logout():
    """End the admin session."""
    session.clear()
    return redirect(url_for("search.index"))


def _home(messages: list[str] | None = None, status: int = 200, **extra):
    """The admin page with its forms, optional notices and an ingest report."""
    ix = get_index()
    return render_template(
        "admin/home.html", messages=messages or [], doc_count=ix.doc_count(),
        generation=ix.generation(), tombstones=ix.tombstones(),
        upload_form=extra.pop("upload_form", None) or UploadForm(formdata=None),
        withdraw_form=extra.pop("withdraw_form", None) or WithdrawForm(formdata=None),
        **extra), status


@bp.get("/")
@login_required
def home():
    """Index statistics, upload form, withdraw form and the list of tombstones."""
    return _home()


UPLOAD_LOCK_WAIT_S = 5.0


@bp.post("/upload")
@login_required
def upload():
    """Ingest an uploaded batch file with the same code path as the `ingest` CLI; show its report."""
    form = UploadForm()
    if not form.validate_on_submit():
        return _home(status=400, upload_form=form)
    try:
        from ingest import ingest_paths
    except ImportError as exc:
        return _home([gettext("admin.ingest_missing", error=str(exc))], status=503)
    instance = Path(current_app.instance_path)
    (instance / "uploads").mkdir(parents=True, exist_ok=True)
    name = upload_name(form.file.data.filename)
    with tempfile.TemporaryDirectory(dir=instance / "uploads") as folder:
        path = Path(folder) / name
        form.file.data.save(path)
        # A web request must not wait a minute for another writer: a short lock wait, and a
        # fatal error (busy index, full disk) is shown with the report instead of raised.
        report = ingest_paths([path], get_index(), dry_run=form.dry_run.data,
                              quarantine_dir=instance / "quarantine", lock_timeout=UPLOAD_LOCK_WAIT_S)
    if report.fatal:
        return _home([gettext("admin.ingest_failed", error=report.fatal)], status=409,
                     report=report.to_dict(), report_exit=report.exit_code)
    return _home(report=report.to_dict(), report_exit=report.exit_code)


def upload_name(filename: str | None, limit: int = 100) -> str:
    """A safe, short file name that keeps the suffixes (ingest picks a reader by extension)."""
    name = secure_filename(filename or "") or "upload"
    if len(name) <= limit:
        return name
    stem, dot, suffixes = name.partition(".")
    suffixes = (dot + suffixes)[-40:]
    return stem[: limit - len(suffixes)] + suffixes


@bp.post("/withdraw")
@login_required
def withdraw():
    """Withdraw an article with a public reason (its permalink then answers 410)."""
    form = WithdrawForm()
    if not form.validate_on_submit():
        return _home(status=400, withdraw_form=form)
    return _change(lambda ix, article_id: ix.withdraw(article_id, form.reason.data),
                   form.article_id.data.strip(), "admin.withdrawn", withdraw_form=form)


def _change(action, article_id: str, done: str, **forms):
    """Run a withdraw/restore action and show the outcome (404 unknown id, 409 index busy)."""
    try:
        action(get_index(), article_id)
    except KeyError:
        return _home([gettext("admin.unknown_id", id=article_id)], status=404, **forms)
    except IndexLockedError:
        return _home([gettext("admin.busy")], status=409, **forms)
    return _home([gettext(done, id=article_id)])


@bp.post("/restore")
@login_required
def restore():
    """Put a withdrawn article back."""
    form = RestoreForm()
    if not form.validate_on_submit():
        return _home(status=400)
    return _change(lambda ix, article_id: ix.restore(article_id), form.article_id.data.strip(),
                   "admin.restored")
